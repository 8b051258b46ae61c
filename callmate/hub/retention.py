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


def statements(before: str) -> list[str]:
    """The statements that delete them: what is kept of each call first, then the calls."""
    ids = f"SELECT id FROM {CALLS} WHERE {_picked(before)}"
    kept = [EVALUATIONS, *(pgsql.table(m) for m in (EventRow, StepRow, NoteRow))]
    return [
        *(f"DELETE FROM {table} WHERE call_id IN ({ids})" for table in kept),
        f"DELETE FROM {CALLS} WHERE {_picked(before)}",
    ]


def count(conn: psycopg.Connection, before: str) -> tuple[int, str | None, str | None]:
    """How many calls the statements delete, the oldest's and the newest's start."""
    found = conn.execute(
        f"SELECT count(*), min(started_at), max(started_at) FROM {CALLS} WHERE {_picked(before)}"
    ).fetchone()
    assert found is not None
    return int(found[0]), found[1], found[2]
