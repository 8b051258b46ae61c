"""Pulling the hub into a local SQLite file for review, incrementally and idempotently.

Every write to a call on the hub stamps it with the writing transaction (``hub_xid``). A pull
reads, in one snapshot, the calls stamped at or after the oldest transaction still running at the
previous pull (its watermark, kept in ``team_pulls`` per hub and filter), so nothing committed
late is missed, and a call read twice is simply found unchanged. Rows are written with the same
upserts as the live path (``store.sql``), so the rollup triggers keep the statistics right; a
call the file already has is updated only when the hub's copy is newer (``updated_at``), its old
steps, notes and events going first.

Nothing from the hub is taken on faith. Each call is checked whole as every boundary checks it
(``callmate.validate``, and no call under a group role's name): one that may not be stored is set
aside and named with its agent and the reason, and the others come. A checklist whose key is not
the hash of its text is refused; a call that ran with it keeps the genuine text when the file or
callmate's built-in checklists have it, and is set aside otherwise.

The hub vouches for whose a call is (row-level security: only its agent wrote it), a file does
not. A call whose copy here is the hub's is recorded in ``team_outbox`` with the ``updated_at``
the hub holds (as a pushed call is): ``merge`` of a file never replaces it. A copy here of
another agent's call that did not come from the hub (a team-mate's file) and differs from the
hub's is replaced by the hub's, and the lead is told.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import psycopg

from callmate import validate
from callmate.hub import outbox, pgsql, roles, schema
from callmate.hub.connect import HubError, waits_on
from callmate.hub.push import now
from callmate.language.i18n import _, ngettext, number
from callmate.models import (
    CallRow,
    ChecklistRow,
    EventRow,
    NoteRow,
    StepRow,
    columns,
    from_row,
    parse_data,
)
from callmate.safe import visible
from callmate.store import genuine, rollup
from callmate.store.sql import insert_sql, upsert_sql

CHUNK = 2000
#: From this many incoming calls (and at least half as many as the file holds), a bulk load.
BULK = 1000
_UPDATED = columns(CallRow).index("updated_at")
_KEY = columns(CallRow).index("checklist_key")
_AGENT = columns(CallRow).index("agent")
_NAMES = {model: columns(model) for model in pgsql.MODELS}
#: The most call ids named on one line of the report.
SHOWN_IDS = 20
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
    #: Calls set aside: (id, agent, why).
    refused: list[tuple[str, str, str]] = field(default_factory=list)
    #: Checklists refused: (key, why).
    checklists: list[tuple[str, str]] = field(default_factory=list)
    #: Calls whose copy here (from a file) differed from the hub's, replaced by it: (id, agent).
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    #: The login is a lead of no team: the hub shows them no call (schema 3 and later).
    no_team: bool = False
    no_team_login: str = ""

    def line(self) -> str:
        if not (self.added or self.updated or self.unchanged or self.refused):
            return _("{hub}: no call changed since the last pull").format(hub=self.hub)
        return ngettext(
            "{hub}: added {added} call, updated {updated}; {unchanged} already up to date",
            "{hub}: added {added} calls, updated {updated}; {unchanged} already up to date",
            self.added,
        ).format(
            hub=self.hub,
            added=number(self.added),
            updated=number(self.updated),
            unchanged=number(self.unchanged),
        )

    def told(self) -> list[str]:
        """What the lead is told besides: the calls set aside (by agent and reason, with their
        ids), the checklists refused, and the copies from files the hub's replaced."""
        return [
            *refused_lines(self.refused),
            *(
                _("  checklist {key} refused: {why}").format(key=visible(k), why=visible(why))
                for k, why in self.checklists
            ),
            *(
                _(
                    "  {agent}'s call {id}: the copy here did not come from the hub and differed "
                    "from the one {agent} sent; the hub's copy is kept"
                ).format(agent=visible(agent), id=visible(i))
                for i, agent in self.conflicts
            ),
            *(
                [
                    _(
                        "  you lead no team on this hub, so it shows you no call: ask its "
                        "administrator to add you (callmate team add TEAM {login} --lead)"
                    ).format(login=visible(self.no_team_login))
                ]
                if self.no_team
                else []
            ),
        ]


def refused_lines(refused: list[tuple[str, str, str]]) -> list[str]:
    """``2 calls of alice refused: duration_seconds not finite (id, id)``, a line per agent and
    reason, each safe to print."""
    groups: dict[tuple[str, str], list[str]] = {}
    for call_id, agent, why in refused:
        groups.setdefault((agent, why), []).append(call_id)
    lines = []
    for (agent, why), ids in groups.items():
        shown = ", ".join(visible(i) for i in ids[:SHOWN_IDS])
        left = len(ids) - SHOWN_IDS
        more = _(" and {n} more").format(n=number(left)) if left > 0 else ""
        lines.append(
            ngettext(
                "  {n} call of {agent} refused: {why} ({ids})",
                "  {n} calls of {agent} refused: {why} ({ids})",
                len(ids),
            ).format(n=number(len(ids)), agent=visible(agent), why=visible(why), ids=shown + more)
        )
    return lines


@dataclass(frozen=True)
class PullFilter:
    """Which calls to pull: started at or after ``since`` (stored time), of ``agent`` (any case)."""

    since: str | None = None
    agent: str | None = None

    def key(self, reader: str = "") -> str:
        """The filter as ``team_pulls`` keeps it; ``reader``: what the login reads (a lead's
        teams), so that a pull after the lead's teams changed starts again from the first call."""
        kept = {"since": self.since, "agent": self.agent, **({"reader": reader} if reader else {})}
        return json.dumps(kept, ensure_ascii=False)

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
    # A lead's policies look up each row's call: the planner's cost for that sets JIT compiling
    # (about 0.1 s a query) on queries that take milliseconds.
    hub.execute("SELECT set_config('jit', 'off', false)")
    login = str(hub.execute("SELECT session_user::text").fetchone()[0])  # type: ignore[index]
    key = wanted.key(_reader(hub, info, login))
    report.no_team = _leads_no_team(hub, info)
    report.no_team_login = login
    mark = _watermark(local, info.hub_id, key)
    with waits_on(CallRow.TABLE):
        where, params = wanted.sql(hub)
    pulling = _Pulling(hub, local, report, login)
    try:
        with hub.transaction():
            hub.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            row = hub.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text").fetchone()
            new_mark = str(row[0]) if row else mark
            changed = f"FROM {pgsql.table(CallRow)} t WHERE t.{pgsql.XID_COLUMN} >= %s::xid8{where}"
            with waits_on(CallRow.TABLE):
                count = hub.execute(f"SELECT count(*) {changed}", [mark, *params]).fetchone()
            with _bulk(local, count[0] if count else 0), hub.cursor(name="pull") as calls:
                with waits_on(CallRow.TABLE):
                    calls.execute(
                        f"SELECT {pgsql.select(CallRow)} {changed} ORDER BY t.id", [mark, *params]
                    )
                while found := calls.fetchmany(chunk):
                    pulling.write(found)
                    progress(report)
    except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
        raise HubError(
            _(
                "the team hub went away during the pull ({why}); what came is kept, pull again "
                "for the rest"
            ).format(why=exc),
            code="offline",
        ) from None
    with local:
        local.execute(
            "INSERT INTO team_pulls (hub_id, filter, watermark, pulled_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(hub_id, filter) DO UPDATE SET watermark = excluded.watermark, "
            "pulled_at = excluded.pulled_at",
            [info.hub_id, key, new_mark, now()],
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


def _reader(hub: psycopg.Connection, info: schema.HubInfo, login: str) -> str:
    """Who reads, and for a lead the agents of their teams (empty before teams, schema 3)."""
    if info.version < schema.TEAMS_SINCE:
        return ""
    from callmate.hub.teams import LED

    may = hub.execute("SELECT has_function_privilege(%s, 'EXECUTE')", [f"{LED}()"]).fetchone()
    led = (
        [r[0] for r in hub.execute(f"SELECT a FROM {LED}() a ORDER BY a")] if may and may[0] else []
    )
    return json.dumps([login, led], ensure_ascii=False)


def _leads_no_team(hub: psycopg.Connection, info: schema.HubInfo) -> bool:
    """Whether the login is a lead (only leads may ask who they lead) of no team."""
    if info.version < schema.TEAMS_SINCE:
        return False
    from callmate.hub.roles import LEAD_ROLE
    from callmate.hub.teams import LED

    lead = hub.execute("SELECT pg_has_role(session_user, %s, 'MEMBER')", [LEAD_ROLE]).fetchone()
    if not (lead and lead[0]):
        return False
    return hub.execute(f"SELECT count(*) FROM {LED}()").fetchone() == (0,)


def _watermark(local: sqlite3.Connection, hub_id: str, key: str) -> str:
    row = local.execute(
        "SELECT watermark FROM team_pulls WHERE hub_id = ? AND filter = ?", [hub_id, key]
    ).fetchone()
    return str(row[0]) if row else "0"


class _Pulling:
    """Writes the calls a pull reads, a chunk at a time, each chunk one local transaction."""

    def __init__(
        self, hub: psycopg.Connection, local: sqlite3.Connection, report: PullReport, login: str
    ):
        self.hub, self.local, self.report, self.login = hub, local, report, login

    def write(self, calls: list[tuple[Any, ...]]) -> None:
        report, local = self.report, self.local
        marks = ", ".join("?" for _ in calls)
        have = {
            r[0]: r[1:]
            for r in local.execute(
                f"SELECT c.id, c.updated_at, c.agent, o.updated_at IS c.updated_at "
                f"FROM calls c LEFT JOIN {outbox.TABLE} o ON o.call_id = c.id "
                f"WHERE c.id IN ({marks})",
                [c[0] for c in calls],
            )
        }
        added, newer, contested = [], [], []
        for call in calls:
            if call[0] not in have:
                added.append(call)
                continue
            mine, agent, vouched = have[call[0]]
            if not vouched and agent != self.login:
                contested.append(call)  # another agent's call that came from a file
            elif call[_UPDATED] is not None and (mine is None or call[_UPDATED] > mine):
                newer.append(call)
            else:
                report.unchanged += 1
        fresh = [*added, *newer, *contested]
        if not fresh:
            return
        rows = self._read(fresh)
        refused = self._refuse(rows)
        same = self._same(rows, {c[0] for c in contested} - refused)
        if same:
            report.unchanged += len(same)
        replaced = {c[0] for c in (*newer, *contested)} - refused - same
        for call in contested:
            if call[0] in replaced:
                report.conflicts.append((call[0], call[_AGENT]))
        report.added += sum(1 for c in added if c[0] not in refused)
        report.updated += sum(1 for c in newer if c[0] not in refused)
        report.updated += sum(1 for c in contested if c[0] in replaced)
        written = [c for c in rows[CallRow] if c[0] not in same]
        with local:  # the checklists, then each call before its rows: as the live path writes them
            if replaced:
                # The old rows go first, counted out of the rollups under the call as it stood.
                old = ", ".join("?" for _ in replaced)
                for model in _CHILDREN:
                    local.execute(
                        f"DELETE FROM {model.TABLE} WHERE call_id IN ({old})",
                        sorted(replaced),
                    )
            local.executemany(_WRITE[ChecklistRow], rows[ChecklistRow])
            local.executemany(_WRITE[CallRow], written)
            for model in _CHILDREN:
                children = [r for r in rows[model] if r[0] not in same]
                local.executemany(_WRITE[model], children)
                report.rows += len(children)
            report.rows += len(rows[ChecklistRow]) + len(written)
            # This file's copy of these calls is now the hub's (merge of a file leaves it).
            outbox.record(local, rows[CallRow], now())

    def _read(self, calls: list[tuple[Any, ...]]) -> dict[type, list[tuple[Any, ...]]]:
        ids = [c[0] for c in calls]
        keys = sorted({c[_KEY] for c in calls if c[_KEY]})
        rows: dict[type, list[tuple[Any, ...]]] = {
            ChecklistRow: _read(self.hub, ChecklistRow, "key", keys),
            CallRow: list(calls),
        }
        for model in _CHILDREN:
            rows[model] = _read(self.hub, model, "call_id", ids)
        return rows

    def _refuse(self, rows: dict[type, list[tuple[Any, ...]]]) -> set[str]:
        """Set aside the calls that may not be stored (their rows leave ``rows``); their ids."""
        bad, checklists = validate.refusals(rows, _NAMES)
        for key, why in checklists.items():
            if (key, why) not in self.report.checklists:
                self.report.checklists.append((key, why))
        delivered = {r[0] for r in rows[ChecklistRow] if r[0] not in checklists}
        lacking = sorted({c[_KEY] for c in rows[CallRow] if c[_KEY]} - delivered)
        found = genuine.rows(self.local, lacking)
        rows[ChecklistRow] = [r for r in rows[ChecklistRow] if r[0] in delivered]
        rows[ChecklistRow] += [row for k in lacking if (row := found.get(k)) is not None]
        for call in rows[CallRow]:
            if call[0] in bad:
                continue
            if call[_AGENT] in roles.GROUPS:
                bad[call[0]] = "agent is a group role"
            elif call[_KEY] and call[_KEY] in lacking and call[_KEY] not in found:
                why = "refused" if call[_KEY] in checklists else "not on the hub"
                bad[call[0]] = f"its checklist {call[_KEY]} is {why}"
        if bad:
            for call in rows[CallRow]:
                if call[0] in bad:
                    self.report.refused.append((call[0], call[_AGENT], bad[call[0]]))
            for model in (CallRow, *_CHILDREN):
                rows[model] = [r for r in rows[model] if r[0] not in bad]
        return set(bad)

    def _same(self, rows: dict[type, list[tuple[Any, ...]]], ids: set[str]) -> set[str]:
        """Of the calls ``ids`` (copies here that did not come from the hub), those whose copy
        here is the hub's, row for row."""
        if not ids:
            return set()
        theirs = _stored(rows, ids)
        marks = ", ".join("?" for _ in ids)
        mine_rows: dict[type, list[tuple[Any, ...]]] = {}
        for model in (CallRow, *_CHILDREN):
            link = "id" if model is CallRow else "call_id"
            mine_rows[model] = self.local.execute(
                f"SELECT {', '.join(columns(model))} FROM {model.TABLE} WHERE {link} IN ({marks})",
                sorted(ids),
            ).fetchall()
        mine = _stored(mine_rows, ids)
        return {i for i in ids if mine.get(i) == theirs.get(i)}


def _stored(rows: dict[type, list[tuple[Any, ...]]], ids: set[str]) -> dict[str, Any]:
    """The calls ``ids`` of ``rows`` as models, comparable wherever they were read from: in key
    order, a missing value as its default, an event's data parsed (the hub writes JSON its own
    way)."""
    out: dict[str, list[Any]] = {i: [] for i in ids}
    for model in (CallRow, *_CHILDREN):
        names, key = columns(model), pgsql.key(model)
        made = []
        for row in rows[model]:
            if row[0] in ids:
                found = dict(zip(names, row, strict=True))
                if "data" in found:
                    found["data"] = parse_data(found["data"])
                made.append(from_row(model, found))
        made.sort(key=lambda m: tuple(getattr(m, k) for k in key))
        for m in made:
            out[m.id if model is CallRow else m.call_id].append(m)
    return {i: tuple(found) for i, found in out.items()}


def _read(
    hub: psycopg.Connection, model: type, link: str, keys: list[Any]
) -> list[tuple[Any, ...]]:
    if not keys:
        return []
    order = ", ".join(pgsql.key(model))
    with waits_on(model.TABLE):  # type: ignore[attr-defined]
        return hub.execute(
            f"SELECT {pgsql.select(model)} FROM {pgsql.table(model)} t "
            f"WHERE t.{link} = ANY(%s) ORDER BY {order}",
            [keys],
        ).fetchall()
