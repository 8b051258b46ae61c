"""A lead's evaluations of calls (table ``evaluations``): saved, read by call or by agent, and
merged from another file keyed by their id (a later ``updated_at`` wins; twice adds nothing)."""

from __future__ import annotations

import sqlite3
from typing import Any

from callmate.models import EvaluationRow, columns, from_row, parse_data, values
from callmate.store.call_search import Connected

_COLUMNS = columns(EvaluationRow)


def present(conn: sqlite3.Connection) -> bool:
    """Whether this file has the table (a log from before evaluations has none)."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [EvaluationRow.TABLE]
    ).fetchone()
    return found is not None


def save(db: Connected, row: EvaluationRow) -> None:
    """Write one evaluation in one short transaction (a new one, or the same id again)."""
    names = ", ".join(_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS if c not in ("id", "created_at"))
    with db.conn:
        db.conn.execute(
            f"INSERT INTO evaluations ({names}) VALUES ({', '.join('?' for _ in _COLUMNS)}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates}",
            values(row),
        )


def _model(row: sqlite3.Row | tuple[Any, ...]) -> EvaluationRow:
    found = dict(zip(_COLUMNS, row, strict=True))
    found["answers"] = parse_data(found["answers"])
    model: EvaluationRow = from_row(EvaluationRow, found)
    return model


def for_agent(db: Connected, agent: str, limit: int = 50) -> list[tuple[EvaluationRow, str]]:
    """The agent's calls' evaluations, newest first, each with its call's start time."""
    if not present(db.conn):
        return []
    names = ", ".join(f"e.{c}" for c in _COLUMNS)
    cursor = db.conn.execute(
        f"SELECT {names}, c.started_at FROM evaluations e JOIN calls c ON c.id = e.call_id "
        "WHERE c.agent = ? ORDER BY e.updated_at DESC, e.id DESC LIMIT ?",
        [agent, limit],
    )
    return [(_model(r[:-1]), str(r[-1])) for r in cursor]


def newer_for_agent(db: Connected, agent: str, seen: str = "") -> int:
    """How many evaluations of the agent's calls were made (or changed) after ``seen``."""
    if not present(db.conn):
        return 0
    found = db.conn.execute(
        "SELECT count(*) FROM evaluations e JOIN calls c ON c.id = e.call_id "
        "WHERE c.agent = ? AND e.updated_at > ?",
        [agent, seen],
    ).fetchone()
    return int(found[0])


def merge(src: sqlite3.Connection, dst: sqlite3.Connection) -> int:
    """Copy the source's evaluations of calls the target holds: new ids added, those changed
    later than the target's copy replaced. How many rows were written."""
    if not present(src) or not present(dst):
        return 0
    have = {r[1] for r in src.execute("PRAGMA table_info(evaluations)")}
    names = [c for c in _COLUMNS if c in have]
    rows = src.execute(f"SELECT {', '.join(names)} FROM evaluations ORDER BY id").fetchall()
    if not rows:
        return 0
    updates = ", ".join(f"{c} = excluded.{c}" for c in names if c != "id")
    before = dst.total_changes
    with dst:
        dst.executemany(
            f"INSERT INTO evaluations ({', '.join(names)}) "
            f"SELECT {', '.join('?' for _ in names)} "
            "WHERE EXISTS (SELECT 1 FROM calls WHERE id = ?) "
            f"ON CONFLICT(id) DO UPDATE SET {updates} "
            "WHERE excluded.updated_at > evaluations.updated_at",
            [(*r, r[names.index("call_id")]) for r in rows],
        )
    return dst.total_changes - before
