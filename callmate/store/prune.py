"""Deleting the calls a centre no longer keeps: every call started before a moment, with all
that is kept of it (steps, notes, events, evaluations, its place in the team hub's outbox, its
search document and index entries, its kept figures), the rollups corrected; nothing else
touched. A call still on someone's screen (open, or in wrap-up) is never deleted.

Done oldest first in batches, each sized to last about :data:`BATCH_SECONDS` with a pause after
it (as ``merge`` writes), so a writer elsewhere (a live call on the same file) never waits long,
and each batch is whole or not at all: stopped half way, the file holds the newer calls and
correct rollups. Within a batch the per-row triggers
that would only redo work for rows about to go (the rollups subtracted step by step, each
call's figures made again for every step and event deleted, its search document rewritten for
each note) are dropped and put back in the same transaction, so no other connection ever sees
the file without them; the rollups are corrected once a batch by subtracting what the batch's
calls add up to (``rollup.select`` over them, as a rebuild would count them), and rows left at
nothing are removed.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass

from callmate.store import call_figures, call_search, rollup
from callmate.store.call_search import Connected

# How long one transaction goes on, and the pause after it in which a writer kept waiting gets
# its turn: as long as a merge's.
from callmate.store.merge import BATCH_SECONDS, PAUSE_SECONDS
from callmate.store.rollup_defs import ROLLUPS, TRIGGERS as ROLLUP_TRIGGERS, Rollup

#: The calls the first transaction deletes, and the fewest and most one may.
FIRST, FEWEST, MOST = 200, 20, 5000
#: The statuses of a call nobody works on any more.
ENDED = ("closed", "abandoned")
#: What is kept of a call besides its own row, each table by its ``call_id``.
BY_CALL = ("evaluations", "team_outbox", "events", "call_steps", "notes")
#: Rows a migration could not key, kept beside the tables (schema 14), when a file has them.
UNKEPT = ("events_unkept", "call_steps_unkept")
_GONE = "temp.prune_gone"


@dataclass
class Count:
    """What a prune deletes (or deleted): calls and what was kept of them."""

    calls: int = 0
    steps: int = 0
    notes: int = 0
    events: int = 0
    evaluations: int = 0
    waiting: int = 0  # calls still waiting in the outbox for the team hub
    oldest: str | None = None
    newest: str | None = None

    def add(self, other: Count) -> None:
        for name in ("calls", "steps", "notes", "events", "evaluations", "waiting"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.oldest = min(filter(None, (self.oldest, other.oldest)), default=None)
        self.newest = max(filter(None, (self.newest, other.newest)), default=None)


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


#: The calls to delete. (``+status``: read in the order of their start, not looked up by their
#: status, a million of which would be sorted for each batch.)
_WHERE = f"started_at < ? AND +status IN ({', '.join(repr(s) for s in ENDED)})"


def count(db: Connected, before: str) -> Count:
    """What :func:`prune` would delete: the ended calls started before ``before`` (a stored
    time), and what is kept of them."""
    return _count(db.conn, f"SELECT id FROM calls WHERE {_WHERE}", [before])


def _count(conn: sqlite3.Connection, picked: str, params: list[str]) -> Count:
    """The calls whose ids ``picked`` selects, and what is kept of them."""
    calls, oldest, newest = conn.execute(
        f"SELECT count(*), min(started_at), max(started_at) FROM calls WHERE id IN ({picked})",
        params,
    ).fetchone()
    found = Count(calls=calls, oldest=oldest, newest=newest)
    have = _tables(conn) if calls else set()
    for name, table in _KEPT:
        if table in have:
            waiting = " AND pushed_at IS NULL" if table == "team_outbox" else ""
            (n,) = conn.execute(
                f"SELECT count(*) FROM {table} WHERE call_id IN ({picked}){waiting}", params
            ).fetchone()
            setattr(found, name, n)
    return found


#: What a count names, and the table it counts.
_KEPT = (
    ("steps", "call_steps"),
    ("notes", "notes"),
    ("events", "events"),
    ("evaluations", "evaluations"),
    ("waiting", "team_outbox"),
)


def prune(
    db: Connected,
    before: str,
    *,
    batch: int | None = None,
    progress: Callable[[Count], None] | None = None,
) -> Count:
    """Delete the ended calls started before ``before`` (a stored time) and all that is kept of
    them, oldest first, ``batch`` calls a transaction (None: as many as take about
    :data:`BATCH_SECONDS`), with a pause after each; ``progress`` hears the total after each.
    What was deleted."""
    done = Count()
    size = batch or FIRST
    while True:
        started = time.monotonic()
        part = _batch(db, before, size)
        if not part.calls:
            return done
        done.add(part)
        if progress is not None:
            progress(done)
        if part.calls < size:  # fewer than asked for: none left
            return done
        if batch is None:  # the next one sized to the time this one took
            took = max(time.monotonic() - started, 1e-3)
            size = max(FEWEST, min(MOST, int(size * BATCH_SECONDS / took)))
        time.sleep(PAUSE_SECONDS)


def _batch(db: Connected, before: str, size: int) -> Count:
    """One transaction: the ``size`` oldest of the calls to delete, gone."""
    conn = db.conn
    with conn:
        # Writing from the start: a read that became a write later would be refused at once,
        # without waiting, by a write committed elsewhere in between (WAL's busy snapshot).
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(f"DROP TABLE IF EXISTS {_GONE}")
        conn.execute(f"CREATE TABLE {_GONE} (id TEXT PRIMARY KEY, key INTEGER) WITHOUT ROWID")
        have = _tables(conn)
        documents = call_search.TABLE in have
        key = (
            f"(SELECT s.key FROM {call_search.TABLE} s WHERE s.call_id = c.id)"
            if documents
            else "NULL"
        )
        conn.execute(
            f"INSERT INTO {_GONE} (id, key) SELECT c.id, {key} FROM calls c WHERE c.id IN "
            f"(SELECT id FROM calls WHERE {_WHERE} ORDER BY started_at, id LIMIT ?)",
            [before, size],
        )
        part = _count(conn, f"SELECT id FROM {_GONE}", [])
        if not part.calls:
            conn.execute(f"DROP TABLE {_GONE}")
            return part
        kept = rollup.usable(db)
        if kept:
            for r in ROLLUPS:
                _subtract(conn, r)
                _drop_empty(conn, r)
        dropped = _drop_triggers(conn, kept, documents)
        for table in (*BY_CALL, *UNKEPT):
            if table in have:
                conn.execute(f"DELETE FROM {table} WHERE call_id IN (SELECT id FROM {_GONE})")
        if call_figures.CALLS_TABLE in have:
            for table in (call_figures.STEPS_TABLE, call_figures.CALLS_TABLE):
                conn.execute(f"DELETE FROM {table} WHERE key IN (SELECT key FROM {_GONE})")
        if documents:  # its index follows (call_search_ad, kept)
            conn.execute(
                f"DELETE FROM {call_search.TABLE} WHERE call_id IN (SELECT id FROM {_GONE})"
            )
        conn.execute(f"DELETE FROM calls WHERE id IN (SELECT id FROM {_GONE})")
        for sql in dropped:
            conn.execute(sql)
        conn.execute(f"DROP TABLE {_GONE}")
    return part


def _subtract(conn: sqlite3.Connection, r: Rollup) -> None:
    """Take what the calls to delete add up to off the rollup ``r``."""
    names = [*r.key, *r.attrs, *r.measures]
    values = [*r.key, *r.attrs, *(f"-{m}" for m in r.measures)]
    counted = rollup.select(r, f"WHERE c.id IN (SELECT id FROM {_GONE})")
    conn.execute(
        f"INSERT INTO {r.table} ({', '.join(names)}) SELECT {', '.join(values)} "
        f"FROM ({counted}) WHERE true ON CONFLICT({', '.join(r.key)}) DO UPDATE SET "
        + ", ".join(f"{m} = {m} + excluded.{m}" for m in r.measures)
    )


def _drop_empty(conn: sqlite3.Connection, r: Rollup) -> None:
    """The rows of ``r`` the calls to delete counted in that count nothing any more (every
    count at zero), once their part is taken off."""
    counts = " AND ".join(f"{m} = 0" for m in r.measures if "seconds" not in m)
    keys = ", ".join(r.key)
    counted = rollup.select(r, f"WHERE c.id IN (SELECT id FROM {_GONE})")
    conn.execute(
        f"DELETE FROM {r.table} WHERE {counts} AND ({keys}) IN (SELECT {keys} FROM ({counted}))"
    )


def _drop_triggers(conn: sqlite3.Connection, rollups: bool, documents: bool) -> list[str]:
    """Drop the triggers that would redo work for rows about to go; the statements that put
    each back as it was."""
    names: list[str] = []
    if rollups:
        names += ROLLUP_TRIGGERS
    if documents:
        names += call_search.DOCUMENT_TRIGGERS
    if call_figures.CALLS_TABLE in _tables(conn):
        names += call_figures.TRIGGERS
    marks = ", ".join("?" for _ in names)
    found = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
        names,
    ).fetchall()
    for name, _sql in found:
        conn.execute(f"DROP TRIGGER {name}")
    return [sql for _name, sql in found]
