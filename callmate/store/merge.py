"""``callmate merge``: bring the calls of other callmate files into one team database.

A call the target lacks is added, with its steps, notes, events and the checklist snapshot it ran
with. A call the target has is brought up to date when the source's copy changed since (a later
``updated_at``: merged while open, closed later with more notes): its row, steps, notes and events
become the source's. Otherwise it is current and left alone, so merging twice changes nothing.

Sources are opened read-only and checked first (a file from a newer callmate is refused); the
calls of a file from an older one are read again as this one stores them (``store.older_calls``).
The target is written in short transactions of whole calls (:data:`BATCH_SECONDS`) with a pause
between them, so an agent writing to it meanwhile waits a fraction of a second at most; a
failure keeps the calls merged so far, each whole, and merging again finishes the job.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from callmate.store import older_calls
from callmate.store.call_search import Connected
from callmate.store.db import StoreError, check_file
from callmate.store.schema import FAIR_FIGURES

CHUNK = 50  # calls looked up and copied at a time
BATCH_SECONDS = 0.4  # the longest a transaction on the target goes on adding chunks
#: The pause between transactions: a writer kept waiting meanwhile retries within it (SQLite's
#: busy handler sleeps 100 ms at most between tries), so it never waits on batch after batch.
PAUSE_SECONDS = 0.12
TABLES = ("calls", "call_steps", "notes", "events")
#: Progress: calls of the source gone through, and how many it has.
Progress = Callable[[int, int], None]


@dataclass
class MergeReport:
    """What merging one source did."""

    source: Path
    added: int = 0
    updated: int = 0
    current: int = 0
    steps: int = 0
    notes: int = 0
    events: int = 0
    checklists: int = 0

    def line(self) -> str:
        return (
            f"{self.source}: added {self.added:,} call{'s' if self.added != 1 else ''} "
            f"({self.steps:,} steps, {self.notes:,} notes, {self.events:,} events written), "
            f"updated {self.updated:,}, {self.current:,} already current"
        )


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
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


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken at once (``IMMEDIATE``): it waits for a writer already at
    work rather than fail on a snapshot that went stale under it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def merge_file(
    db: Connected, source: Path, target: Path | None = None, *, progress: Progress | None = None
) -> MergeReport:
    """Add the calls of ``source`` that ``db`` lacks and update those that changed since."""
    source = Path(source)
    if target is not None and _same_file(source, target):
        raise StoreError(f"{source} is the target database itself")
    src = _open_source(source)
    report = MergeReport(source)
    try:
        shared = {
            t: [c for c in _columns(db.conn, t) if c in set(_columns(src, t))]
            for t in (*TABLES, "checklists")
        }
        older = int(src.execute("PRAGMA user_version").fetchone()[0]) < FAIR_FIGURES
        total = int(src.execute("SELECT count(*) FROM calls").fetchone()[0])
        calls = src.execute("SELECT id, updated_at FROM calls ORDER BY started_at, id")
        done, chunk = 0, [None]
        while chunk:
            with _transaction(db.conn):
                started = time.monotonic()
                while time.monotonic() - started < BATCH_SECONDS:
                    chunk = calls.fetchmany(CHUNK)
                    if not chunk:
                        break
                    _merge_chunk(src, db.conn, chunk, shared, report, older)
                    done += len(chunk)
            if progress is not None:
                progress(done, total)
            if chunk:
                time.sleep(PAUSE_SECONDS)
    except sqlite3.DatabaseError as exc:
        merged = report.added + report.updated
        raise StoreError(
            f"merging {source} stopped after {merged:,} calls, each whole ({exc}); "
            "merge it again to finish"
        ) from None
    finally:
        src.close()
    return report


def _newer(theirs: str | None, ours: str | None) -> bool:
    """Whether the source's copy of a call (its ``updated_at``) changed after the target's."""
    return theirs is not None and (ours is None or theirs > ours)


def _merge_chunk(
    src: sqlite3.Connection,
    dst: sqlite3.Connection,
    chunk: list[Any],
    shared: dict[str, list[str]],
    report: MergeReport,
    older: bool = False,
) -> None:
    ids = [row[0] for row in chunk]
    marks = ", ".join("?" for _ in ids)
    have = dict(dst.execute(f"SELECT id, updated_at FROM calls WHERE id IN ({marks})", ids))
    new = [i for i, _ in chunk if i not in have]
    changed = [i for i, updated in chunk if i in have and _newer(updated, have[i])]
    report.current += len(chunk) - len(new) - len(changed)
    if new or changed:
        _copy(src, dst, new, changed, shared, report)
        if older:
            older_calls.read_again(dst, [*new, *changed])
        report.added += len(new)
        report.updated += len(changed)


def _copy(
    src: sqlite3.Connection,
    dst: sqlite3.Connection,
    new: list[str],
    changed: list[str],
    shared: dict[str, list[str]],
    report: MergeReport,
) -> None:
    ids = [*new, *changed]
    marks = ", ".join("?" for _ in ids)

    def copy(
        table: str, where: str, params: list[Any], skip: tuple[str, ...] = (), conflict: str = ""
    ) -> int:
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

    keys = [
        r[0]
        for r in src.execute(
            f"SELECT DISTINCT checklist_key FROM calls WHERE id IN ({marks}) "
            "AND checklist_key IS NOT NULL",
            ids,
        )
    ]
    if keys:
        before = dst.total_changes
        copy(
            "checklists",
            f"key IN ({', '.join('?' for _ in keys)})",
            keys,
            conflict=" ON CONFLICT(key) DO NOTHING",
        )
        report.checklists += dst.total_changes - before
    if changed:
        # The old rows go first, counted out of the rollups under the call as it stood.
        old = ", ".join("?" for _ in changed)
        for table in ("call_steps", "notes", "events"):
            dst.execute(f"DELETE FROM {table} WHERE call_id IN ({old})", changed)
    # The call first, then its rows: the rollup triggers count each step under its call.
    updates = ", ".join(f"{c} = excluded.{c}" for c in shared["calls"] if c != "id")
    copy("calls", f"id IN ({marks})", ids, conflict=f" ON CONFLICT(id) DO UPDATE SET {updates}")
    report.steps += copy("call_steps", f"call_id IN ({marks})", ids)
    # Notes and events get new row ids here; (call_id, seq) is what identifies them.
    report.notes += copy("notes", f"call_id IN ({marks}) ORDER BY call_id, seq", ids, ("id",))
    report.events += copy("events", f"call_id IN ({marks}) ORDER BY call_id, seq", ids, ("id",))
