"""Words people read for the codes callmate stores, in one place (keyed by code).

The report and the UI both show these; stored values (``outcome``, ``status``, event kinds) stay
language-neutral codes.
"""

from __future__ import annotations

from callmate.models import OUTCOMES

OUTCOME_LABELS = {
    "resolved": "Resolved",
    "escalated": "Escalated",
    "callback": "Callback",
    "hung_up": "Customer hung up",
    "abuse": "Ended for abuse",
}
#: Shorter forms for narrow columns.
OUTCOME_SHORT = {**OUTCOME_LABELS, "hung_up": "Hung up", "abuse": "Abuse"}
#: A call without an outcome: left open, not wrapped up, or closed as abandoned.
UNFINISHED_LABEL = "Unfinished"
#: The key of unfinished calls among the outcome counts of the statistics.
UNFINISHED_KEY = "unfinished"

#: The rates behind the adherence score.
ADHERENCE_RATE_LABELS = {
    "in_order": "in order",
    "apology": "apology when at fault",
    "thanks": "thanks",
    "on_time": "on time",
}

assert set(OUTCOME_LABELS) == set(OUTCOMES)


def outcome_label(outcome: str | None, *, short: bool = False) -> str:
    """An outcome in words; a call without one is ``Unfinished``."""
    if not outcome:
        return UNFINISHED_LABEL
    return (OUTCOME_SHORT if short else OUTCOME_LABELS).get(outcome, outcome)
