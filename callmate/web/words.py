"""Every word the browser review's pages show, marked for the catalogs in one place.

The templates hold no text of their own: they are handed :func:`words`, these in the language
spoken (Babel extracts messages from the Python sources only, so a word in a template would
never reach the catalogs). Words the rest of callmate already shows (``Agent``, ``Steps``,
``Outcomes``) are the same messages, translated once.
"""

from __future__ import annotations

from callmate.language.i18n import N_, _
from callmate.report.text import flags_legend

# fmt: off
WORDS = {
    "title": N_("Call review"),
    "calls": N_("Calls"),
    "statistics": N_("Statistics"),
    "sign_in": N_("Sign in"),
    "sign_out": N_("Sign out"),
    "name": N_("Name"),
    "password": N_("Password"),
    "wrong_password": N_("Wrong name or password."),
    "signed_in_as": N_("Signed in as {name}"),
    "names_hidden": N_(
        "Customers' names, e-mail addresses and phone numbers are hidden, as in a redacted "
        "export."
    ),
    "since": N_("Since"),
    "until": N_("Until"),
    "agent": N_("Agent"),
    "outcome": N_("Outcome"),
    "search": N_("Search"),
    "search_hint": N_("Words in the notes (every word must match)"),
    "checklist": N_("Checklist"),
    "language": N_("Language"),
    "day": N_("Day (UTC)"),
    "filter": N_("Filter"),
    "clear_filters": N_("Clear the filters"),
    "remove": N_("remove"),
    "newer": N_("Newer calls"),
    "older": N_("Older calls"),
    "no_calls": N_("No calls match."),
    "facts": N_("The call"),
    "timeline": N_("Steps against their targets"),
    "notes": N_("Notes"),
    "no_notes": N_("No notes."),
    "phrases": N_("Phrases used"),
    "warnings": N_("Warnings"),
    "hold": N_("Hold"),
    "events": N_("Events"),
    "none": N_("none"),
    "back_to_list": N_("Back to the list"),
    "back_to_call": N_("Back to the call"),
    "evaluations": N_("Evaluations"),
    "no_evaluations": N_("Not scored yet."),
    "score_call": N_("Score this call"),
    "change_evaluation": N_("Change the evaluation"),
    "score_hint": N_(
        "The answers the call's record gives are filled in: confirm them, or choose otherwise "
        "where you judge otherwise (your answer wins, and says so)."
    ),
    "comment": N_("Comment"),
    "comment_on_call": N_("A comment on the call, for the agent"),
    "save": N_("Save"),
    "saved": N_("Evaluation saved."),
    "read_only_log": N_("This log is read-only here: evaluations cannot be saved."),
    "save_failed": N_(
        "The evaluation could not be saved (the server's log says why); your answers are still "
        "here: save again."
    ),
    "calls_per_day": N_("Calls per day"),
    "handle_time_per_day": N_("Average handle time per day"),
    "rates_per_day": N_("Escalation and resolution rate per day"),
    "escalation_rate": N_("escalated at some point"),
    "resolution_rate": N_("resolved"),
    "steps_against_target": N_("Time per step against target"),
    "adherence_by_agent": N_("Adherence by agent"),
    "outcomes": N_("Outcomes"),
    "most_skipped": N_("Most skipped steps"),
    "per_agent": N_("Per agent"),
    "utc_days": N_("Days are UTC days, as the statistics count them."),
    "not_found": N_("Nothing here."),
    "error": N_("Something went wrong; the server's log says what."),
    "refused": N_("This page is for administrators."),
}
# fmt: on


def words() -> dict[str, str]:
    """Every word of the pages, in the language spoken now."""
    return {key: _(text) for key, text in WORDS.items()} | {"flags_help": flags_legend()}
