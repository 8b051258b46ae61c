"""``callmate merge``: bring the calls of other callmate files into one team database.

A call is added when its id is not in the target yet, with its steps, notes, events and the
checklist snapshot it ran with; a call the target already has is left alone, so merging twice adds
nothing. Sources are opened read-only and checked first (a file from a newer callmate is refused);
each source is merged in one transaction, so a failure leaves the target as it was.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from callmate.store.db import StoreError, check_file

CHUNK = 500
TABLES = ("calls", "call_steps", "notes", "events")


@dataclass
class MergeReport:
    """What merging one source did."""

    source: Path
    added: int = 0
    present: int = 0
    steps: int = 0
    notes: int = 0
    events: int = 0
    checklists: int = 0

    def line(self) -> str:
        return (
            f"{self.source}: added {self.added:,} call{'s' if self.added != 1 else ''} "
            f"({self.steps:,} steps, {self.notes:,} notes, {self.events:,} events); "
            f"{self.present:,} already there"
        )


def _columns(conn, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _open_source(source: Path) -> sqlite3.Connection:
    if not source.is_file():
        raise StoreError(f"{source}: no such database file")
    check_file(source)  # a newer schema or a foreign file is refused here, untouched
    try:
        conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=3)
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{source} cannot be read ({exc})") from None
    if not {*TABLES, "checklists"} <= names:
        conn.close()
        raise StoreError(f"{source} is not a callmate call log (no calls table); left untouched")
    return conn


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def merge_file(db, source: Path, target: Path | None = None) -> MergeReport:
    """Add the calls of ``source`` that ``db`` does not have; return what was added."""
    source = Path(source)
    if target is not None and _same_file(source, target):
        raise StoreError(f"{source} is the target database itself")
    src = _open_source(source)
    report = MergeReport(source)
    try:
        shared = {t: [c for c in _columns(db.conn, t) if c in set(_columns(src, t))]
                  for t in (*TABLES, "checklists")}  # fmt: skip
        ids = [r[0] for r in src.execute("SELECT id FROM calls ORDER BY started_at, id")]
        with db.atomic():
            for first in range(0, len(ids), CHUNK):
                chunk = ids[first : first + CHUNK]
                marks = ", ".join("?" for _ in chunk)
                have = {r[0] for r in db.conn.execute(
                    f"SELECT id FROM calls WHERE id IN ({marks})", chunk)}  # fmt: skip
                new = [i for i in chunk if i not in have]
                report.present += len(have)
                if new:
                    _copy(src, db.conn, new, shared, report)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"merging {source} failed, nothing was added from it ({exc})") from None
    finally:
        src.close()
    return report


def _copy(src, dst, ids: list[str], shared: dict[str, list[str]], report: MergeReport) -> None:
    marks = ", ".join("?" for _ in ids)

    def copy(table: str, where: str, params: list, skip: tuple[str, ...] = (),
             conflict: str = "") -> int:  # fmt: skip
        columns = [c for c in shared[table] if c not in skip]
        rows = src.execute(
            f"SELECT {', '.join(columns)} FROM {table} WHERE {where}", params
        ).fetchall()
        if rows:
            dst.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' for _ in columns)}){conflict}",
                rows,
            )
        return len(rows)

    keys = [r[0] for r in src.execute(
        f"SELECT DISTINCT checklist_key FROM calls WHERE id IN ({marks}) "
        "AND checklist_key IS NOT NULL", ids)]  # fmt: skip
    if keys:
        before = dst.total_changes
        copy("checklists", f"key IN ({', '.join('?' for _ in keys)})", keys,
             conflict=" ON CONFLICT(key) DO NOTHING")  # fmt: skip
        report.checklists += dst.total_changes - before
    # The call first, then its rows: the rollup triggers count each step under its call.
    report.added += copy("calls", f"id IN ({marks})", ids)
    report.steps += copy("call_steps", f"call_id IN ({marks})", ids)
    # Notes and events get new row ids here; (call_id, seq) is what identifies them.
    report.notes += copy("notes", f"call_id IN ({marks}) ORDER BY call_id, seq", ids, ("id",))
    report.events += copy("events", f"call_id IN ({marks}) ORDER BY call_id, seq", ids, ("id",))
