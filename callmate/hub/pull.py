"""Pulling the hub into a local SQLite file for review, incrementally and idempotently.

Every write to a call on the hub stamps it with the writing transaction (``hub_xid``). A pull
reads, in one snapshot, the calls stamped at or after the oldest transaction still running at the
previous pull (its watermark, kept in ``team_pulls`` per hub and filter), so nothing committed
late is missed, and a call read twice is simply found unchanged. Rows are written with the same
upserts as the live path (``store.sql``), so the rollup triggers keep the statistics right; a
call the file already has is updated only when the hub's copy is newer (``updated_at``).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import psycopg

from callmate.hub import pgsql, schema
from callmate.hub.connect import HubError
from callmate.hub.push import now
from callmate.models import CallRow, ChecklistRow, EventRow, NoteRow, StepRow, columns
from callmate.store import rollup
from callmate.store.sql import insert_sql, upsert_sql

CHUNK = 2000
#: From this many incoming calls (and at least half as many as the file holds), a bulk load.
BULK = 1000
_UPDATED = columns(CallRow).index("updated_at")
_KEY = columns(CallRow).index("checklist_key")
#: The same statements as ``store.live.apply``: calls and steps upserted, notes and events added.
# fmt: off
_WRITE = {CallRow: upsert_sql(CallRow), StepRow: upsert_sql(StepRow),
          NoteRow: insert_sql(NoteRow), EventRow: insert_sql(EventRow),
          ChecklistRow: insert_sql(ChecklistRow)}
# fmt: on
_CHILDREN = (StepRow, NoteRow, EventRow)


@dataclass
class PullReport:
    """What one pull did."""

    hub: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0

    def line(self) -> str:
        if not (self.added or self.updated or self.unchanged):
            return f"{self.hub}: no call changed since the last pull"
        return (
            f"{self.hub}: added {self.added:,} call{'s' if self.added != 1 else ''}, "
            f"updated {self.updated:,}; {self.unchanged:,} already up to date"
        )


@dataclass(frozen=True)
class PullFilter:
    """Which calls to pull: started at or after ``since`` (stored time), of ``agent`` (any case)."""

    since: str | None = None
    agent: str | None = None

    def key(self) -> str:
        return json.dumps({"since": self.since, "agent": self.agent}, ensure_ascii=False)

    def sql(self, hub: psycopg.Connection) -> tuple[str, list[Any]]:
        where, params = "", list[Any]()
        if self.since:
            where += " AND t.started_at >= %s"
            params.append(self.since)
        if self.agent:
            # Any case, as the review matches agents (Turkish and Estonian letters too).
            wanted = self.agent.strip().casefold()
            names = [
                r[0]
                for r in hub.execute(f"SELECT DISTINCT agent FROM {pgsql.table(CallRow)}")
                if r[0].strip().casefold() == wanted
            ]
            where += " AND t.agent = ANY(%s)"
            params.append(names)
        return where, params


def pull(
    hub: psycopg.Connection,
    local: sqlite3.Connection,
    report: PullReport,
    wanted: PullFilter = PullFilter(),
    *,
    known: int | None = None,
    chunk: int = CHUNK,
    progress: Callable[[PullReport], None] = lambda report: None,
) -> PullReport:
    """Bring the calls of the hub that changed since the last pull (with the same filter) into
    ``local``, committing a chunk at a time; the watermark moves only once all are in."""
    info = schema.check(hub, known)
    mark = _watermark(local, info.hub_id, wanted)
    where, params = wanted.sql(hub)
    try:
        with hub.transaction():
            hub.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            row = hub.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text").fetchone()
            new_mark = str(row[0]) if row else mark
            changed = f"FROM {pgsql.table(CallRow)} t WHERE t.{pgsql.XID_COLUMN} >= %s::xid8{where}"
            count = hub.execute(f"SELECT count(*) {changed}", [mark, *params]).fetchone()
            with _bulk(local, count[0] if count else 0), hub.cursor(name="pull") as calls:
                calls.execute(
                    f"SELECT {pgsql.select(CallRow)} {changed} ORDER BY t.id", [mark, *params]
                )
                while found := calls.fetchmany(chunk):
                    _write(hub, local, found, report)
                    progress(report)
    except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
        raise HubError(
            f"the team hub went away during the pull ({exc}); what came is kept, "
            "pull again for the rest",
            code="offline",
        ) from None
    with local:
        local.execute(
            "INSERT INTO team_pulls (hub_id, filter, watermark, pulled_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(hub_id, filter) DO UPDATE SET watermark = excluded.watermark, "
            "pulled_at = excluded.pulled_at",
            [info.hub_id, wanted.key(), new_mark, now()],
        )
    return report


@contextlib.contextmanager
def _bulk(local: sqlite3.Connection, incoming: int) -> Iterator[None]:
    """Many calls into few: the store's bulk load (derived tables rebuilt once at the end,
    cheaper than keeping them row by row); else the triggers keep them, as on the live path."""
    have = local.execute("SELECT count(*) FROM calls").fetchone()[0]
    if incoming < BULK or incoming * 2 < have:
        yield
        return
    from sqlite_utils import Database

    with rollup.suspended(Database(local)):
        yield


def _watermark(local: sqlite3.Connection, hub_id: str, wanted: PullFilter) -> str:
    row = local.execute(
        "SELECT watermark FROM team_pulls WHERE hub_id = ? AND filter = ?", [hub_id, wanted.key()]
    ).fetchone()
    return str(row[0]) if row else "0"


def _write(
    hub: psycopg.Connection,
    local: sqlite3.Connection,
    calls: list[tuple[Any, ...]],
    report: PullReport,
) -> None:
    marks = ", ".join("?" for _ in calls)
    have = dict(
        local.execute(
            f"SELECT id, updated_at FROM calls WHERE id IN ({marks})", [c[0] for c in calls]
        ).fetchall()
    )
    fresh = []
    for call in calls:
        mine, theirs = have.get(call[0]), call[_UPDATED]
        if call[0] not in have:
            report.added += 1
        elif theirs is not None and (mine is None or theirs > mine):
            report.updated += 1
        else:
            report.unchanged += 1
            continue
        fresh.append(call)
    if not fresh:
        return
    ids = [c[0] for c in fresh]
    keys = sorted({c[_KEY] for c in fresh if c[_KEY]})
    rows: dict[type, list[tuple[Any, ...]]] = {
        ChecklistRow: _read(hub, ChecklistRow, "key", keys),
        CallRow: fresh,
    }
    for model in _CHILDREN:
        rows[model] = _read(hub, model, "call_id", ids)
    with local:  # the checklists, then each call before its rows: as the live path writes them
        for table in (ChecklistRow, CallRow, *_CHILDREN):
            local.executemany(_WRITE[table], rows[table])
            report.rows += len(rows[table])


def _read(
    hub: psycopg.Connection, model: type, link: str, keys: list[Any]
) -> list[tuple[Any, ...]]:
    if not keys:
        return []
    order = ", ".join(pgsql.key(model))
    return hub.execute(
        f"SELECT {pgsql.select(model)} FROM {pgsql.table(model)} t "
        f"WHERE t.{link} = ANY(%s) ORDER BY {order}",
        [keys],
    ).fetchall()
