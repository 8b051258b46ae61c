"""Reading the call log for review: pages of calls, counts, one call in full, agent names.

Pages use keyset paging (``started_at, id`` of the last row seen), so page 5,000 costs what page 1
does; nothing here ever loads every call.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callmate.language.i18n import _
from callmate.models import CallRow, EventRow, NoteRow, StepRow, parse_data, record, shown
from callmate.review import search
from callmate.review.filters import Filter
from callmate.store import call_search
from callmate.store.call_search import Connected
from callmate.store.errors import StoreError

if TYPE_CHECKING:
    from callmate.store.db import ReadOnly

PAGE_SIZE = 100
#: The columns of a call that scripts are shown (``calls list``), from its declaration.
LIST_COLUMNS = tuple(name for name, *_ in shown(CallRow))
_SELECT = ", ".join(f"c.{name}" for name in LIST_COLUMNS)

Key = search.Key  # (started_at, id) of a row: where a page starts or ends


class CallNotFound(StoreError):
    """No call, or more than one, answers to the id (or id prefix) given."""


def open_for_reading(path: Path | str) -> ReadOnly:
    """Open an existing call log for review: a missing file is an error, not a new empty log.

    A current log is read as it is, with plain sqlite3; an older one is brought up to date first
    when it can be written (``store.db.open_for_reading``).
    """
    from callmate.store.db import open_for_reading

    return open_for_reading(path)


def open_reader(path: Path | str) -> ReadOnly:
    """A connection for one worker thread: it reads only (``query_only``) and never migrates."""
    from callmate.store.db import open_reader

    return open_reader(path)


def _rows(db: Connected, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    cursor = db.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def page(
    db: Connected,
    filt: Filter,
    *,
    after: Key | None = None,
    before: Key | None = None,
    limit: int = PAGE_SIZE,
) -> list[dict[str, Any]]:
    """Up to ``limit`` calls, newest first: the first page, or the one after / before a key."""
    documents = call_search.present(db)
    if filt.fts and documents:
        return search.page(db, filt, _SELECT, after=after, before=before, limit=limit)
    conditions, params = filt.conditions("c", documents=documents)
    order = "DESC"
    if after is not None:
        conditions.append("(c.started_at, c.id) < (?, ?)")
        params.extend(after)
    elif before is not None:
        conditions.append("(c.started_at, c.id) > (?, ?)")
        params.extend(before)
        order = "ASC"
    where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
    rows = _rows(
        db,
        f"SELECT {_SELECT} FROM calls c {where} "
        f"ORDER BY c.started_at {order}, c.id {order} LIMIT ?",
        [*params, limit],
    )
    return rows[::-1] if order == "ASC" else rows


def count(db: Connected, filt: Filter) -> int:
    """How many calls match the filter."""
    documents = call_search.present(db)
    if filt.fts and documents:
        return search.count(db, filt)
    where, params = filt.where("c", documents=documents)
    return int(db.conn.execute(f"SELECT count(*) FROM calls c {where}", params).fetchone()[0])


def agents(db: Connected) -> list[str]:
    """Every agent name in the log, sorted (from the rollup when there is one: no table scan)."""
    return _distinct(db, "agent")


def checklists(db: Connected) -> list[str]:
    """Every checklist id the log's calls ran with, sorted (from the rollup when there is one)."""
    return _distinct(db, "checklist_id")


def _distinct(db: Connected, column: str) -> list[str]:
    """The values of a column the rollups key calls by, sorted, none empty."""
    from callmate.store import rollup

    if rollup.usable(db):
        sql = (
            f"SELECT DISTINCT {column} FROM rollup_calls WHERE period = 'all' AND calls > 0 "
            f"ORDER BY {column}"
        )
    else:
        sql = f"SELECT DISTINCT {column} FROM calls WHERE {column} IS NOT NULL ORDER BY {column}"
    return [str(row[0]) for row in db.conn.execute(sql) if row[0]]


def find_call_id(db: Connected, text: str) -> str:
    """The id of the one call whose id is ``text`` or starts with it."""
    wanted = text.strip().lower()
    if not wanted:
        raise CallNotFound("no call id given")
    if db.conn.execute("SELECT 1 FROM calls WHERE id = ?", [wanted]).fetchone():
        return wanted
    upper = wanted[:-1] + chr(ord(wanted[-1]) + 1)
    found = [
        row[0]
        for row in db.conn.execute(
            "SELECT id FROM calls WHERE id >= ? AND id < ? ORDER BY id LIMIT 2", [wanted, upper]
        )
    ]
    if not found:
        raise CallNotFound(not_found(text, db))
    if len(found) > 1:
        raise CallNotFound(
            _("more than one call has an id starting “{typed}”; give more of it").format(
                typed=text.strip()
            )
        )
    return str(found[0])


def not_found(typed: str, db: Connected) -> str:
    """The message for an id no call has, in the language spoken."""
    return _("no call with id '{typed}' in {path}").format(typed=typed.strip(), path=db_file(db))


def db_file(db: Connected) -> str:
    """The file behind a connection, for messages."""
    row = db.conn.execute("PRAGMA database_list").fetchone()
    return str(row[2]) if row and row[2] else "the database"


# -- records in the shape of the command-line contract (PRODUCT.md) -------------------------------


def list_record(row: dict[str, Any]) -> dict[str, Any]:
    """A call as ``calls list --format json`` prints it (no nested lists)."""
    return record(CallRow, row)


def call_record(db: Connected, call_id: str) -> dict[str, Any]:
    """One call in full, as ``calls show --format json`` prints it."""
    found = _rows(db, "SELECT * FROM calls WHERE id = ?", [call_id])
    if not found:
        raise CallNotFound(not_found(call_id, db))
    return {
        **record(CallRow, found[0]),
        **_details(db, [call_id])[call_id],
        "adherence": call_adherence(db, call_id),
    }


def call_adherence(db: Connected, call_id: str) -> dict[str, float | None]:
    """The adherence score of one call (its steps, the break excepted), with its rates."""
    from callmate.measures.adherence import as_json
    from callmate.store.rollup_defs import ADHERENCE_PARTS, STEP_MEASURES

    sums = ", ".join(f"sum(coalesce(({STEP_MEASURES[p]}), 0))" for p in ADHERENCE_PARTS)
    found = db.conn.execute(
        f"SELECT {sums} FROM call_steps s JOIN calls c ON c.id = s.call_id "
        "WHERE c.id = ? AND s.kind IS NOT 'break'",
        [call_id],
    ).fetchone()
    return as_json(dict(zip(ADHERENCE_PARTS, (v or 0 for v in found), strict=True)))


def records(db: Connected, filt: Filter) -> Iterator[dict[str, Any]]:
    """Every matching call in full, newest first, read a page at a time (for exports)."""
    for rows in pages(db, filt):
        details = _details(db, [r["id"] for r in rows])
        for row in rows:
            yield {**list_record(row), **details[row["id"]]}


def pages(
    db: Connected, filt: Filter, *, size: int = PAGE_SIZE, limit: int = 0
) -> Iterator[list[dict[str, Any]]]:
    """Every matching call, newest first, a page of ``size`` rows at a time (at most ``limit``
    calls in all; 0: every one). The one way the command line walks through results."""
    after: Key | None = None
    left = limit or None
    while left is None or left > 0:
        want = size if left is None else min(left, size)
        rows = page(db, filt, after=after, limit=want)
        if rows:
            yield rows
        if len(rows) < want:
            return
        if left is not None:
            left -= len(rows)
        after = (rows[-1]["started_at"], rows[-1]["id"])


_NESTED = {"steps": StepRow, "notes": NoteRow, "events": EventRow}
_ORDER = {"steps": "position", "notes": "seq", "events": "seq"}


def _details(db: Connected, ids: list[str]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """The steps, notes and events of the calls ``ids``, in the shape of ``calls show``."""
    marks = ", ".join("?" for _ in ids)
    found: dict[str, dict[str, list[dict[str, Any]]]] = {i: {k: [] for k in _NESTED} for i in ids}
    for key, model in _NESTED.items():
        names = [name for name, *_ in shown(model)]
        cursor = db.conn.execute(
            f"SELECT call_id, {', '.join(names)} FROM {model.TABLE} "  # type: ignore[attr-defined]
            f"WHERE call_id IN ({marks}) ORDER BY call_id, {_ORDER[key]}",
            ids,
        )
        for call_id, *cells in cursor:
            row = dict(zip(names, cells, strict=True))
            if "data" in row:
                row["data"] = parse_data(row["data"])
            found[call_id][key].append(record(model, row))
    _evaluations(db, ids, found)
    return found


def _evaluations(db: Connected, ids: list[str], found: dict[str, dict[str, Any]]) -> None:
    """The calls' evaluations (``store.evaluations``), oldest first, where there are any."""
    from callmate.models import EvaluationRow
    from callmate.store import evaluations

    if not evaluations.present(db.conn):
        return
    names = [name for name, *_ in shown(EvaluationRow)]
    marks = ", ".join("?" for _ in ids)
    cursor = db.conn.execute(
        f"SELECT {', '.join(names)} FROM evaluations WHERE call_id IN ({marks}) "
        "ORDER BY call_id, updated_at, id",
        ids,
    )
    for cells in cursor:
        row = dict(zip(names, cells, strict=True))
        row["answers"] = parse_data(row["answers"])
        found[row["call_id"]].setdefault("evaluations", []).append(record(EvaluationRow, row))
