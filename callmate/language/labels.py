"""Words people read for the codes callmate stores, in one place (keyed by code).

The report and the UI both show these; stored values (``outcome``, ``status``, event kinds) stay
language-neutral codes. The dicts hold the English words, which are also the catalogs' msgids
(marked with ``N_``, since they exist before the language is chosen); the functions give them in
the language spoken, at the time they are called.
"""

from __future__ import annotations

from callmate.language.i18n import N_, NP_, _, pgettext
from callmate.models import OUTCOME_KINDS, STEP_KINDS

#: Each outcome's words, keyed by its code (declared once, in ``models.OUTCOME_KINDS``).
OUTCOME_WORDS = {outcome.code: outcome for outcome in OUTCOME_KINDS}
SHORT = "short"
#: A call without an outcome: left open, not wrapped up, or closed as abandoned.
UNFINISHED_LABEL = N_("Unfinished")
UNFINISHED_SHORT = NP_("short", "Unfinished")
#: The key of unfinished calls among the outcome counts of the statistics.
UNFINISHED_KEY = "unfinished"

#: The rates behind the adherence score.
ADHERENCE_RATE_LABELS = {
    "in_order": N_("in order"),
    "apology": N_("apology when at fault"),
    "thanks": N_("thanks"),
    "on_time": N_("on time"),
}

#: A step's status as stored (``done`` and ``skipped`` after a visit; ``pending``: not reached
#: yet; ``not_reached``: the call ended first; ``current``: where the call was when it ended).
STEP_STATUS_LABELS = {
    "pending": N_("not reached"),
    "not_reached": N_("not reached"),
    "current": N_("current"),
    "done": N_("done"),
    "skipped": N_("skipped"),
}

#: A step's kind (``models.STEP_KINDS``), in words: how the step behaves on the call screen.
STEP_KIND_LABELS = {
    "speak": N_("said to the customer"),
    "inner": N_("for you alone"),
    "apology": N_("apology"),
    "resolve": N_("solve or escalate"),
    "break": N_("break"),
}

assert set(STEP_KIND_LABELS) == set(STEP_KINDS)


def step_kind_label(kind: str) -> str:
    """A step's kind in words, in the language spoken (an unknown kind as it is)."""
    return _(STEP_KIND_LABELS[kind]) if kind in STEP_KIND_LABELS else kind


def outcome_label(outcome: str | None, *, short: bool = False) -> str:
    """An outcome in words, in the language spoken (``short``: for a narrow column); a call
    without one is ``Unfinished``."""
    if not outcome:
        return pgettext(SHORT, UNFINISHED_SHORT) if short else _(UNFINISHED_LABEL)
    words = OUTCOME_WORDS.get(outcome)
    if words is None:
        return outcome
    return pgettext(SHORT, words.short) if short else _(words.label)


def adherence_rate_label(key: str) -> str:
    """One of the rates behind the adherence score, in words, in the language spoken."""
    label = ADHERENCE_RATE_LABELS.get(key)
    return _(label) if label else key


def step_status_label(status: str) -> str:
    """A step's stored status in words, in the language spoken (an unknown code as it is)."""
    label = STEP_STATUS_LABELS.get(status)
    return _(label) if label else status
