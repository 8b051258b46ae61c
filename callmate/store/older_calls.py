"""Calls an older callmate saved, read again as this one saves them (schema 10, fair figures).

Before it, a step the call never reached was saved as ``skipped`` (the agent's own skip), the
step an escalation jumped away from as ``done``, and a call whose escalation was taken back as
not escalated at all. What was stored tells each case apart:

- the agent's skip is logged (``step_skipped``, on the step), so a step skipped without one, or
  never visited, was never reached: the end of the call marked it so (a solve step visited
  only by an escalation taken back, a step gone back from);
- the step an ``escalated`` event was logged on, ``done`` without a ``step_done`` event for it
  and not the step the call ended on (``call_ended``, ``abandoned``), was done by the jump only:
  not reached (still to do, ``pending``, while the call is open);
- a call not escalated at its end, with an ``escalated`` event, had its escalation taken back:
  escalated and returned (``escalation_withdrawn``, which an older callmate did not keep);
- a draft kept in the row was typed at the latest when the row was last saved.

The time a step was on hold cannot be told apart from the events alone: it stays in the step's
seconds for calls saved before. Used by the migration (every call) and by ``merge`` (the calls
it brings from an older file).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

#: The steps of the calls in scope (``{calls}``: a condition on ``call_id``).
_NOT_REACHED = (
    "UPDATE call_steps SET status = 'not_reached' WHERE status = 'skipped' "
    "AND kind IS NOT 'break'{calls} AND (NOT coalesce(visits, 0) OR NOT EXISTS (SELECT 1 "
    "FROM events e WHERE e.call_id = call_steps.call_id AND e.step_id = call_steps.step_id "
    "AND e.kind = 'step_skipped'))"
)
_ESCALATED_FROM = (
    "UPDATE call_steps SET status = CASE WHEN (SELECT c.status FROM calls c "
    "WHERE c.id = call_steps.call_id) = 'open' THEN 'pending' ELSE 'not_reached' END "
    "WHERE status = 'done' AND kind IS NOT 'break' "
    "AND call_id IN (SELECT call_id FROM events WHERE kind = 'escalated'{calls}) "
    "AND EXISTS (SELECT 1 FROM events e WHERE e.call_id = call_steps.call_id "
    "AND e.step_id = call_steps.step_id AND e.kind = 'escalated') "
    "AND NOT EXISTS (SELECT 1 FROM events e WHERE e.call_id = call_steps.call_id "
    "AND e.step_id = call_steps.step_id AND e.kind IN ('step_done', 'call_ended', 'abandoned'))"
)
#: An older callmate kept no ``escalation_withdrawn``: it is the events' to say.
_ESCALATED_ONCE = "id IN (SELECT call_id FROM events WHERE kind = 'escalated'{calls})"
_RETURNED = (
    f"UPDATE calls SET escalation_withdrawn = NOT coalesce(escalated, 0) AND {_ESCALATED_ONCE}, "
    f"escalated = coalesce(escalated, 0) OR {_ESCALATED_ONCE} WHERE true{{ids}}"
)
_DRAFT_AT = (
    "UPDATE calls SET draft_at = updated_at WHERE coalesce(draft, '') != '' "
    "AND draft_at IS NULL{ids}"
)


def read_again(conn: sqlite3.Connection, ids: Sequence[str] | None = None) -> None:
    """Bring the calls ``ids`` (every call: ``None``), as an older callmate saved them, to what
    this callmate stores, in the caller's transaction."""
    params: list[str] = []
    calls = ids_ = ""
    if ids is not None:
        if not ids:
            return
        marks = ", ".join("?" for _ in ids)
        calls, ids_ = f" AND call_id IN ({marks})", f" AND id IN ({marks})"
        params = list(ids)
    conn.execute(_NOT_REACHED.format(calls=calls), params)
    conn.execute(_ESCALATED_FROM.format(calls=calls), params)
    conn.execute(_RETURNED.format(calls=calls, ids=ids_), params * 3)
    conn.execute(_DRAFT_AT.format(ids=ids_), params)
