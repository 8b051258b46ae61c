"""Deleting the calls a centre no longer keeps from the team hub, for its administrator: the
ended calls started before a moment, with their steps, notes, events and evaluations, in one
transaction; a call still open or in wrap-up stays, and nothing else is touched.

Every statement is built here as text, as the team commands' are (``hub.teams``), so that what
``callmate team prune`` prints is exactly what runs, and IT may run it themselves. The hub keeps
no rollups of its own yet, so nothing else needs correcting; the copies in agents' and leads'
files are theirs (``callmate prune`` on each).
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from callmate.hub import pgsql
from callmate.hub.evaluation_table import TABLE as EVALUATIONS
from callmate.models import CallRow, EventRow, NoteRow, StepRow
from callmate.store.prune import ENDED

CALLS = pgsql.table(CallRow)


def _picked(before: str) -> str:
    """The ended calls started before ``before`` (a stored time), as SQL over the hub's calls."""
    ended = ", ".join(sql.Literal(s).as_string(None) for s in ENDED)
    return f"started_at < {sql.Literal(before).as_string(None)} AND status IN ({ended})"


#: The calls one prune deletes, fixed once in its transaction (and dropped with it).
GONE = "callmate_prune_gone"


def statements(before: str) -> list[str]:
    """The statements that delete them, to run in one transaction: the calls chosen once and
    locked (a push that would change one, or add a row to it, waits for the end), what is kept
    of each, then the calls."""
    kept = [EVALUATIONS, *(pgsql.table(m) for m in (EventRow, StepRow, NoteRow))]
    gone = f"(SELECT id FROM {GONE})"
    return [
        f"CREATE TEMP TABLE {GONE} (id text PRIMARY KEY) ON COMMIT DROP",
        f"INSERT INTO {GONE} SELECT id FROM {CALLS} WHERE {_picked(before)} FOR UPDATE",
        *(f"DELETE FROM {table} WHERE call_id IN {gone}" for table in kept),
        f"DELETE FROM {CALLS} WHERE id IN {gone}",
    ]


def may_delete(conn: psycopg.Connection) -> bool:
    """Whether the login may delete the hub's calls (its administrator)."""
    found = conn.execute(
        "SELECT has_table_privilege(current_user, %s, 'DELETE')", [CALLS]
    ).fetchone()
    return bool(found and found[0])


def count(conn: psycopg.Connection, before: str) -> tuple[int, str | None, str | None]:
    """How many calls the statements delete, the oldest's and the newest's start."""
    found = conn.execute(
        f"SELECT count(*), min(started_at), max(started_at) FROM {CALLS} WHERE {_picked(before)}"
    ).fetchone()
    assert found is not None
    return int(found[0]), found[1], found[2]
