"""Pushing the outbox: the waiting calls' rows go to the hub, a batch per transaction.

Rows are copied into temporary tables and written with one ``INSERT … ON CONFLICT`` per table
(``hub.pgsql``): new rows are added, changed ones updated, equal ones left alone, so a push that
is repeated (a lost answer, a crash between the hub's commit and ours) adds nothing. Only after
the hub has committed a batch does the outbox record it. The local database is never held while
the hub is being talked to: a batch is read, sent, then recorded in one short local write.

Each call is checked first as every boundary checks it (``callmate.validate``): one that may not
be stored is set aside with the reason and never sent. After the checklists are written, the
hub's text under each key sent is compared with ours: another text there (forged, or damaged) is
reported, never taken for ours.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import psycopg

from callmate import validate
from callmate.hub import outbox, pgsql, roles, schema
from callmate.hub.connect import HubError, waits_on
from callmate.language.i18n import _
from callmate.models import CallRow, ChecklistRow, columns

BATCH = 500
#: Errors that belong to the rows sent, not to the connection: the call is refused, not retried.
REFUSALS = (psycopg.DataError, psycopg.IntegrityError, psycopg.errors.InsufficientPrivilege)


@dataclass
class PushReport:
    """What one push did."""

    calls: int = 0
    #: Rows the hub actually wrote (new or changed), by table.
    written: dict[str, int] = field(default_factory=dict)
    refused: list[tuple[str, str]] = field(default_factory=list)
    waiting: int = 0
    #: Calls recorded as gone to the hub, in all.
    gone: int = 0
    #: Checklists the hub holds another text for under the key of ours (key, checklist id).
    forged: list[tuple[str, str]] = field(default_factory=list)

    def line(self, hub: str) -> str:
        if not self.calls and not self.refused:
            return f"Nothing waited for {hub}: {self.gone:,} calls have gone there."
        rows = ", ".join(f"{n:,} {t}" for t, n in self.written.items() if t != "checklists")
        text = (
            f"Sent {self.calls:,} call{'s' if self.calls != 1 else ''} to {hub}"
            f" (rows written: {rows or 'none'})"
        )
        if self.refused:
            text += f"; {len(self.refused):,} refused"
        text += f"; {self.waiting:,} still waiting" if self.waiting else "; none waiting"
        for key, name in self.forged:
            text += (
                f"\nThe hub holds another text under the key of checklist {name} ({key}): "
                "it is not ours; ask the hub's administrator to run `callmate team init`, "
                "which removes it"
            )
        return text


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_login(hub: psycopg.Connection, agent: str | None) -> None:
    """Refuse early, and clearly, a login that the hub would not let write ``agent``'s calls."""
    # session_user: the login, whatever role was set since (the hub's rule, hub.schema).
    row = hub.execute(
        "SELECT session_user::text, rolsuper OR rolbypassrls, "
        "pg_has_role(session_user, %s, 'MEMBER') FROM pg_roles WHERE rolname = session_user",
        [roles.AGENT_ROLE],
    ).fetchone()
    if row is None or row[1]:
        return
    login, _superuser, member = row
    if not member:
        raise HubError(
            _(
                "the hub login {login} is not a callmate agent: IT makes it a member of {group}"
            ).format(login=repr(login), group=roles.AGENT_ROLE),
            lasting=True,
            code="login",
        )
    if agent is not None and login != agent:
        raise HubError(
            _(
                "the hub login is {login} but your calls are saved under {agent}: the hub takes "
                "only calls under your own login name (start callmate with --agent {name}, or "
                "ask for a login named {agent})"
            ).format(login=repr(login), agent=repr(agent), name=login),
            lasting=True,
            code="login",
        )


def prepare(hub: psycopg.Connection) -> None:
    for model in pgsql.MODELS:
        hub.execute(pgsql.create_stage(model))


#: The checklists staged whose key the hub holds with another text.
_OTHER_TEXT = (
    f"SELECT s.key, s.id FROM {pgsql.stage(ChecklistRow)} s JOIN {pgsql.table(ChecklistRow)} t "
    "ON t.key = s.key WHERE t.toml IS DISTINCT FROM s.toml ORDER BY s.key"
)


def send(
    hub: psycopg.Connection,
    rows: dict[type, list[tuple[Any, ...]]],
    forged: list[tuple[str, str]] | None = None,
) -> dict[str, int]:
    """Write the rows in one transaction; return the rows written per table. Checklists the hub
    holds under our keys with another text are added to ``forged``."""
    written = {}
    with hub.transaction(), hub.cursor() as cur:
        for model in pgsql.MODELS:
            if not rows[model]:
                continue
            with cur.copy(pgsql.copy_in(model)) as copy:
                for row in rows[model]:
                    copy.write_row(row)
        for model in pgsql.MODELS:
            if rows[model]:
                with waits_on(model.TABLE):  # type: ignore[attr-defined]
                    cur.execute(pgsql.upsert_from_stage(model))
                    written[model.TABLE] = max(cur.rowcount, 0)  # type: ignore[attr-defined]
                if model is ChecklistRow and forged is not None:
                    found = cur.execute(_OTHER_TEXT).fetchall()
                    forged += [(k, i) for k, i in found if (k, i) not in forged]
    return written


def push(
    local: sqlite3.Connection,
    hub: psycopg.Connection,
    agent: str | None,
    *,
    batch: int = BATCH,
    known: int | None = None,
    stop: Callable[[], bool] = lambda: False,
    on_batch: Callable[[PushReport], None] = lambda report: None,
) -> PushReport:
    """Push every call of ``agent`` that waits (``None``: every agent's, for an administrator).

    Raises :class:`HubError` when the hub cannot take them now (unreachable, newer, refused
    login); what went before that is recorded, the rest keeps waiting.
    """
    try:
        schema.check(hub, known)
        check_login(hub, agent)
        prepare(hub)
        report = PushReport()
        ids = outbox.waiting(local, agent)
        for first in range(0, len(ids), batch):
            if stop():
                break
            _push_batch(local, hub, ids[first : first + batch], report)
            on_batch(report)
    except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
        raise HubError(
            _("the team hub went away ({why}); calls keep waiting").format(why=_first_line(exc)),
            code="offline",
        ) from None
    left = outbox.counts(local, agent)
    report.waiting, report.gone = left.waiting, left.gone
    return report


_NAMES = {model: columns(model) for model in pgsql.MODELS}
#: The column naming the call a row belongs to.
_LINK = {
    model: columns(model).index("id" if model is CallRow else "call_id")
    for model in pgsql.MODELS
    if model is not ChecklistRow
}


def _set_aside(
    local: sqlite3.Connection, rows: dict[type, list[tuple[Any, ...]]], report: PushReport
) -> dict[type, list[tuple[Any, ...]]]:
    """The rows of the calls that may be stored; the others are recorded as refused, with the
    first reason (``validate``), and wait again only once they change."""
    bad, checklists = validate.refusals(rows, _NAMES)
    for call in rows[CallRow]:
        key = call[outbox.CHECKLIST_KEY]
        if call[0] not in bad and key in checklists:
            bad[call[0]] = f"its checklist {key}: {checklists[key]}"
    if not bad:
        return rows
    refused = [c for c in rows[CallRow] if c[0] in bad]
    for call in refused:
        outbox.record(local, [call], now(), problem=bad[call[0]])
        report.refused.append((call[0], bad[call[0]]))
    kept = {m: [r for r in rows[m] if r[i] not in bad] for m, i in _LINK.items()}
    kept[ChecklistRow] = [r for r in rows[ChecklistRow] if r[0] not in checklists]
    return kept


def _push_batch(
    local: sqlite3.Connection, hub: psycopg.Connection, ids: Sequence[str], report: PushReport
) -> None:
    rows = _set_aside(local, outbox.read(local, ids), report)
    if not rows[CallRow]:
        return
    try:
        _count(report, send(hub, rows, report.forged))
    except REFUSALS:
        for call in rows[CallRow]:  # a NUL the hub cannot hold, or a call it will not take
            _push_one(local, hub, call[0], report)
        return
    outbox.record(local, rows[CallRow], now())
    report.calls += len(rows[CallRow])


def _push_one(
    local: sqlite3.Connection, hub: psycopg.Connection, call_id: str, report: PushReport
) -> None:
    rows = _set_aside(local, outbox.read(local, [call_id], cleaned=True), report)
    if not rows[CallRow]:
        return
    try:
        _count(report, send(hub, rows, report.forged))
    except REFUSALS as exc:
        why = _first_line(exc)
        outbox.record(local, rows[CallRow], now(), problem=why)
        report.refused.append((call_id, why))
        return
    outbox.record(local, rows[CallRow], now())
    report.calls += 1


def _count(report: PushReport, written: dict[str, int]) -> None:
    for table, n in written.items():
        report.written[table] = report.written.get(table, 0) + n


def _first_line(exc: BaseException) -> str:
    diag = getattr(exc, "diag", None)
    text = (diag.message_primary if diag is not None else None) or str(exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
