"""Exports of the calls a filter selects, as CSV, JSON or Markdown, optionally redacted.

Calls are read a batch at a time and written as they come, so an export of every call of a large
log runs in little memory. Redaction removes each call's customer name (every part of it, with its
titles), e-mail addresses and phone numbers from every text field, note and event.

CSV is for spreadsheets: every cell is quoted, shown through ``safe.visible`` (a tab becomes a
space, control characters visible symbols) and neutralised against formulas (``safe.csv_cell``:
a cell starting with ``= + - @``, a tab, CR, NUL, ``|`` or their fullwidth forms gets a ``'`` in
front). A call's notes share one cell, one note per line; a line break inside a note is shown as
``␊``, so the lines of the cell are the notes, exactly. JSON stays exact (``report.jsontext``).

``--excel`` writes the CSV a spreadsheet in the reader's country opens as it should: a byte-order
mark (so "Şule" and "Märt" are not garbled), the language's separator and decimal mark (Turkish
and Estonian spreadsheets split on ``;`` and write ``695,5``), and local date-times without the
offset (``2026-11-30 19:19:18``), which a spreadsheet takes as dates. Plain CSV, for programs,
stays as it is.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from callmate.dates import from_iso
from callmate.language.cldr import NUMBER_SYMBOLS
from callmate.language.registry import language_code
from callmate.privacy.redact import redact_text
from callmate.report import jsontext
from callmate.report.text import call_markdown
from callmate.review import queries
from callmate.review.filters import Filter
from callmate.safe import csv_cell, visible
from callmate.store.call_search import Connected

#: The columns of ``export --format csv`` (and, without ``notes``, of ``calls list``).
CSV_COLUMNS = tuple("checklist" if c == "checklist_id" else c for c in queries.LIST_COLUMNS)
#: The columns that hold a moment (stored UTC ISO text).
TIME_COLUMNS = frozenset({"started_at", "ended_at", "follow_up_at"})


@dataclass(frozen=True)
class Spreadsheet:
    """How a spreadsheet of one language reads a CSV file."""

    separator: str
    decimal: str


def spreadsheet(language: str) -> Spreadsheet:
    """How a spreadsheet in ``language`` reads CSV, from the language's decimal symbol (CLDR):
    where the decimal is a comma (Turkish, Estonian), fields are split on semicolons; else on
    commas (English). A new language brings no entry here."""
    decimal = NUMBER_SYMBOLS.get(language_code(language), NUMBER_SYMBOLS["en"])["decimal"]
    return Spreadsheet(";" if decimal == "," else ",", decimal)


BOM = "\ufeff"
_TEXT_FIELDS = ("customer", "reference", "summary")


class Sink(Protocol):
    """Where an export is written: anything with ``write(text)`` (``report.files.ByteSink``)."""

    def write(self, text: str, /) -> int: ...


def redact_record(record: dict[str, Any]) -> dict[str, Any]:
    """A copy of a call with its customer's name, e-mail addresses and phone numbers removed."""
    names = [_text(record.get("customer"))]
    out = dict(record)
    for field in _TEXT_FIELDS:
        if out.get(field):
            out[field] = redact_text(_text(out[field]), names)
    if record.get("customer"):
        out["customer"] = "[name]"
    if "notes" in record:
        out["notes"] = [
            {**n, "text": redact_text(_text(n["text"]), names)} for n in record["notes"]
        ]
    if "events" in record:
        out["events"] = [{**e, "data": _redact_value(e["data"], names)} for e in record["events"]]
    if record.get("evaluations"):  # a lead's comments may quote the customer
        out["evaluations"] = [_redact_evaluation(e, names) for e in record["evaluations"]]
    return out


def _redact_evaluation(evaluation: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """An evaluation with every text of its answers redacted (each answer's comment and
    anything else a row from elsewhere may hold there) and its comment on the call."""
    out = {**evaluation, "comment": redact_text(_text(evaluation.get("comment")), names)}
    if "answers" in evaluation:
        out["answers"] = _redact_value(evaluation["answers"], names)
    return out


def _text(value: Any) -> str:
    """A stored value as text to redact: what a hand-made row holds may be bytes or a number."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "backslashreplace")
    return "" if value is None else str(value)


def _redact_value(value: Any, names: list[str]) -> Any:
    if isinstance(value, (str, bytes)):
        return redact_text(_text(value), names)
    if isinstance(value, dict):
        return {_redact_value(k, names): _redact_value(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_value(v, names) for v in value]
    return value


def notes_cell(notes: Iterable[dict[str, Any]]) -> str:
    """A call's notes as one CSV cell: one note per line, a line break within a note as ``␊``."""
    return "\n".join(visible(str(n.get("text") or "")) for n in notes)


def csv_row(
    record: dict[str, Any], with_notes: bool = True, sheet: Spreadsheet | None = None
) -> list[Any]:
    """A call as one CSV row (``CSV_COLUMNS``, then its notes), every cell made safe; with
    ``sheet``, numbers and moments written as that spreadsheet reads them."""
    row = [_csv_value(record.get(c), sheet, c in TIME_COLUMNS) for c in CSV_COLUMNS]
    if with_notes:
        row.append(csv_cell(notes_cell(record.get("notes", []))))
    return row


def _csv_value(value: Any, sheet: Spreadsheet | None = None, moment: bool = False) -> Any:
    if isinstance(value, bool):
        return int(value)
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        if sheet is not None and isinstance(value, float):
            return repr(value).replace(".", sheet.decimal)
        return value
    if sheet is not None and moment and isinstance(value, str):
        try:
            return from_iso(value).astimezone().strftime("%Y-%m-%d %H:%M:%S")
        except (ValueError, OverflowError):
            pass  # not a moment after all: written as the text it is
    return csv_cell(visible(str(value)))


def write_csv(
    records: Iterable[dict[str, Any]],
    out: Sink,
    with_notes: bool = True,
    sheet: Spreadsheet | None = None,
) -> int:
    """A header and one row per call; return how many calls. ``sheet``: for a spreadsheet
    (a byte-order mark first, its separator and decimal mark, local moments)."""
    if sheet is not None:
        out.write(BOM)
    delimiter = sheet.separator if sheet is not None else ","
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, delimiter=delimiter)
    writer.writerow([*CSV_COLUMNS, *(["notes"] if with_notes else [])])
    count = 0
    for record in records:
        writer.writerow(csv_row(record, with_notes, sheet))
        count += 1
    return count


def write_json(records: Iterable[dict[str, Any]], out: Sink) -> int:
    """A JSON list, written one call at a time."""
    count = 0
    out.write("[")
    for record in records:
        out.write(",\n" if count else "\n")
        out.write(jsontext.dumps(record))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def write_markdown(records: Iterable[dict[str, Any]], out: Sink, title: str) -> int:
    """A title and a section per call; return how many calls."""
    out.write(f"# {visible(title)}\n\n")
    count = 0
    for record in records:
        out.write("\n" if count else "")
        out.write(call_markdown(record, level=2))
        count += 1
    if not count:
        out.write("No calls match.\n")
    return count


def export(
    db: Connected,
    filt: Filter,
    fmt: str,
    out: Sink,
    *,
    redact: bool = False,
    title: str = "Calls",
    sheet: Spreadsheet | None = None,
) -> int:
    """Write every call the filter selects, in full, newest first; return how many.

    With ``redact``, ``title`` must already leave out what could name a customer (the command
    line leaves the search words out of it).
    """
    records: Iterator[dict[str, Any]] = queries.records(db, filt)
    if redact:
        records = (redact_record(r) for r in records)
    if fmt == "csv":
        return write_csv(records, out, sheet=sheet)
    if fmt == "json":
        return write_json(records, out)
    if fmt == "markdown":
        return write_markdown(records, out, title)
    raise ValueError(f"unknown export format {fmt!r}")
