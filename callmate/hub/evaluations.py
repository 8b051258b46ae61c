"""Evaluations through the team hub (since schema 4): a lead's go up, each agent's come down.

The hub's ``callmate.evaluations`` mirrors the local table (``models.EvaluationRow``), keyed by
the evaluation's id. Row-level security, on the login of the session (``session_user``: ``SET
ROLE`` changes nothing):

- a lead (``callmate_lead``) reads, adds and changes evaluations of the calls of the agents of
  the teams they lead (``callmate.led_agents()``, as for the calls), and adds or changes only
  evaluations under their own login (``lead`` = the login); nobody deletes one;
- an agent (``callmate_agent``) reads the evaluations of their own calls, and writes none;
- the auditor reads none: an evaluation is coaching between a lead and an agent, and its
  comments may quote the customer.

Both ways are incremental: the hub's ids and ``updated_at`` are read first, and only the rows
that are new or changed later than the other side's copy travel (a later ``updated_at`` wins; the
same evaluation twice writes nothing). What comes from the hub is checked again here before it is
written (a score out of 0–100, answers that are not a JSON object, a call this file has not).
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import psycopg

from callmate.hub import pgsql, schema
from callmate.hub.evaluation_table import CALLS as _CALLS, TABLE
from callmate.hub.roles import LEAD_ROLE
from callmate.models import EvaluationRow, columns

STAGE = pgsql.stage(EvaluationRow)
_NAMES = columns(EvaluationRow)
_LEAD = _NAMES.index("lead")
_UPDATED = _NAMES.index("updated_at")
_CALL = _NAMES.index("call_id")
_SCORE = _NAMES.index("score")
_ANSWERS = _NAMES.index("answers")


@dataclass
class Sent:
    """What a lead's push of evaluations did."""

    sent: int = 0
    #: Not sent: their calls are not on the hub for this lead (another team's, or never pushed).
    not_theirs: int = 0
    #: Refused by the hub (another lead's evaluation under the same id, a value it will not
    #: hold): (id, why).
    refused: list[tuple[str, str]] = field(default_factory=list)


def _supported(hub: psycopg.Connection) -> bool:
    return schema.info(hub).version >= schema.EVALUATIONS_SINCE


def _is_lead(hub: psycopg.Connection) -> bool:
    row = hub.execute("SELECT pg_has_role(session_user, %s, 'MEMBER')", [LEAD_ROLE]).fetchone()
    return bool(row and row[0])


def _hub_stamps(hub: psycopg.Connection) -> dict[str, str]:
    return {str(r[0]): str(r[1]) for r in hub.execute(f"SELECT id, updated_at FROM {TABLE}")}


def _local_present(local: sqlite3.Connection) -> bool:
    from callmate.store import evaluations

    return evaluations.present(local)


def send(local: sqlite3.Connection, hub: psycopg.Connection, names: Iterable[str] = ()) -> Sent:
    """A lead's evaluations (those of this file under their login or one of ``names``) that the
    hub lacks or holds older, written to the hub under the lead's login, in one transaction.
    Nothing when the login is no lead or the hub has no evaluations yet."""
    done = Sent()
    if not _local_present(local) or not _supported(hub) or not _is_lead(hub):
        return done
    login = str(hub.execute("SELECT session_user::text").fetchone()[0])  # type: ignore[index]
    mine = {login, *(n for n in names if n)}
    have = _hub_stamps(hub)
    rows = [
        r
        for r in local.execute(
            f"SELECT {pgsql.sqlite_select(EvaluationRow)} FROM evaluations ORDER BY id"
        )
        if r[_LEAD] in mine and (r[0] not in have or str(r[_UPDATED]) > have[r[0]])
    ]
    if not rows:
        return done
    rows = [(*r[:_LEAD], login, *r[_LEAD + 1 :]) for r in rows]
    try:
        done.sent, done.not_theirs = _write(hub, rows)
    except (psycopg.DataError, psycopg.IntegrityError, psycopg.errors.InsufficientPrivilege):
        for row in rows:  # one by one: the others still go
            try:
                sent, skipped = _write(hub, [row])
            except (
                psycopg.DataError,
                psycopg.IntegrityError,
                psycopg.errors.InsufficientPrivilege,
            ) as exc:
                why = exc.diag.message_primary or type(exc).__name__
                done.refused.append((row[0], why))
                continue
            done.sent += sent
            done.not_theirs += skipped
    return done


def _write(hub: psycopg.Connection, rows: list[tuple[Any, ...]]) -> tuple[int, int]:
    """Stage the rows and write those of calls the lead reads; (written, left out)."""
    names = ", ".join(_NAMES)
    sets = ", ".join(f"{c} = excluded.{c}" for c in _NAMES if c not in ("id", "created_at"))
    with hub.transaction(), hub.cursor() as cur:
        cur.execute(pgsql.create_stage(EvaluationRow))
        with cur.copy(pgsql.copy_in(EvaluationRow)) as copy:
            for row in rows:
                copy.write_row(row)
        cur.execute(
            f"INSERT INTO {TABLE} ({names}) SELECT {names} FROM {STAGE} s "
            f"WHERE EXISTS (SELECT 1 FROM {_CALLS} c WHERE c.id = s.call_id) "
            f"ON CONFLICT (id) DO UPDATE SET {sets} "
            f"WHERE excluded.updated_at > {TABLE}.updated_at"
        )
        written = max(cur.rowcount, 0)
        found = cur.execute(
            f"SELECT count(*) FROM {STAGE} s "
            f"WHERE NOT EXISTS (SELECT 1 FROM {_CALLS} c WHERE c.id = s.call_id)"
        ).fetchone()
    return written, int(found[0]) if found else 0


@dataclass
class Received:
    """What a pull of evaluations did."""

    written: int = 0
    #: Set aside: (id, why).
    refused: list[tuple[str, str]] = field(default_factory=list)


def _why_not(row: tuple[Any, ...], calls: set[str]) -> str:
    score = row[_SCORE]
    if score is not None and (
        not isinstance(score, int | float) or not math.isfinite(score) or not 0 <= score <= 100
    ):
        return "score not between 0 and 100"
    try:
        answers = json.loads(row[_ANSWERS])
    except (TypeError, ValueError):
        return "answers not JSON"
    if not isinstance(answers, dict):
        return "answers not a JSON object"
    if row[_CALL] not in calls:
        return "its call is not in this file"
    return ""


def receive(hub: psycopg.Connection, local: sqlite3.Connection) -> Received:
    """The evaluations the login may read on the hub (an agent: those of their own calls) that
    this file lacks or holds older, written here; nothing when the hub has none yet."""
    done = Received()
    if not _local_present(local) or not _supported(hub):
        return done
    mine = {str(r[0]): str(r[1]) for r in local.execute("SELECT id, updated_at FROM evaluations")}
    wanted = [i for i, at in _hub_stamps(hub).items() if i not in mine or at > mine[i]]
    if not wanted:
        return done
    rows = hub.execute(
        f"SELECT {pgsql.select(EvaluationRow)} FROM {TABLE} t WHERE t.id = ANY(%s) ORDER BY t.id",
        [wanted],
    ).fetchall()
    marks = ", ".join("?" for _ in rows)
    calls = {
        str(r[0])
        for r in local.execute(
            f"SELECT id FROM calls WHERE id IN ({marks})", [r[_CALL] for r in rows]
        )
    }
    kept = []
    for row in rows:
        why = _why_not(row, calls)
        if why:
            done.refused.append((str(row[0]), why))
        else:
            kept.append(row)
    names = ", ".join(_NAMES)
    sets = ", ".join(f"{c} = excluded.{c}" for c in _NAMES if c != "id")
    before = local.total_changes
    with local:
        local.executemany(
            f"INSERT INTO evaluations ({names}) VALUES ({', '.join('?' for _ in _NAMES)}) "
            f"ON CONFLICT(id) DO UPDATE SET {sets} "
            "WHERE excluded.updated_at > evaluations.updated_at",
            kept,
        )
    done.written = local.total_changes - before
    return done
