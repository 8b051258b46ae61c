"""Exports of the calls a filter selects, as CSV, JSON or Markdown, optionally redacted.

Calls are read a batch at a time and written as they come, so an export of every call of a large
log runs in little memory. Redaction removes each call's customer name (every part of it, with its
titles), e-mail addresses and phone numbers from every text field, note and event.

CSV is for spreadsheets: every cell is quoted, shown through ``safe.visible`` (a tab becomes a
space, control characters visible symbols) and neutralised against formulas (``safe.csv_cell``:
a cell starting with ``= + - @``, a tab, CR, NUL, ``|`` or their fullwidth forms gets a ``'`` in
front). A call's notes share one cell, one note per line; a line break inside a note is shown as
``␊``, so the lines of the cell are the notes, exactly. JSON stays exact (``report.jsontext``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from callmate.redact import redact_text
from callmate.report import jsontext
from callmate.report.text import call_markdown
from callmate.review import queries
from callmate.review.filters import Filter
from callmate.safe import csv_cell, visible
from callmate.store.db import Connected

#: The columns of ``export --format csv`` (and, without ``notes``, of ``calls list``).
CSV_COLUMNS = tuple("checklist" if c == "checklist_id" else c for c in queries.LIST_COLUMNS)
_TEXT_FIELDS = ("customer", "reference", "summary")


class Sink(Protocol):
    """Where an export is written: anything with ``write(text)`` (``report.files.ByteSink``)."""

    def write(self, text: str, /) -> int: ...


def redact_record(record: dict[str, Any]) -> dict[str, Any]:
    """A copy of a call with its customer's name, e-mail addresses and phone numbers removed."""
    names = [record.get("customer") or ""]
    out = dict(record)
    for field in _TEXT_FIELDS:
        if out.get(field):
            out[field] = redact_text(out[field], names)
    if record.get("customer"):
        out["customer"] = "[name]"
    if "notes" in record:
        out["notes"] = [{**n, "text": redact_text(n["text"] or "", names)} for n in record["notes"]]
    if "events" in record:
        out["events"] = [{**e, "data": _redact_value(e["data"], names)} for e in record["events"]]
    return out


def _redact_value(value: Any, names: list[str]) -> Any:
    if isinstance(value, str):
        return redact_text(value, names)
    if isinstance(value, dict):
        return {_redact_value(k, names): _redact_value(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_value(v, names) for v in value]
    return value


def notes_cell(notes: Iterable[dict[str, Any]]) -> str:
    """A call's notes as one CSV cell: one note per line, a line break within a note as ``␊``."""
    return "\n".join(visible(str(n.get("text") or "")) for n in notes)


def csv_row(record: dict[str, Any], with_notes: bool = True) -> list[Any]:
    """A call as one CSV row (``CSV_COLUMNS``, then its notes), every cell made safe."""
    row = [_csv_value(record.get(c)) for c in CSV_COLUMNS]
    if with_notes:
        row.append(csv_cell(notes_cell(record.get("notes", []))))
    return row


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return value
    return csv_cell(visible(str(value)))


def write_csv(records: Iterable[dict[str, Any]], out: Sink, with_notes: bool = True) -> int:
    """A header and one row per call; return how many calls."""
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow([*CSV_COLUMNS, *(["notes"] if with_notes else [])])
    count = 0
    for record in records:
        writer.writerow(csv_row(record, with_notes))
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
    db: Connected, filt: Filter, fmt: str, out: Sink, *, redact: bool = False, title: str = "Calls"
) -> int:
    """Write every call the filter selects, in full, newest first; return how many.

    With ``redact``, ``title`` must already leave out what could name a customer (the command
    line leaves the search words out of it).
    """
    records: Iterator[dict[str, Any]] = queries.records(db, filt)
    if redact:
        records = (redact_record(r) for r in records)
    if fmt == "csv":
        return write_csv(records, out)
    if fmt == "json":
        return write_json(records, out)
    if fmt == "markdown":
        return write_markdown(records, out, title)
    raise ValueError(f"unknown export format {fmt!r}")
