"""What the team-lead commands share: the filter options, reading them, and one-line errors."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from callmate.cli.common import fail, friendly_errors, say, typed_text
from callmate.language.i18n import N_
from callmate.models import OUTCOMES

if TYPE_CHECKING:
    from callmate.store.db import ReadOnly


#: The filter options, each a field of ``review.pages.Typed`` (the names are derived: a test
#: holds them together).
# fmt: off
_FILTERS = [
    click.option("--since", metavar="WHEN", callback=typed_text,
                 help='From this time: "7d", "monday", 2026-11-01.'),
    click.option("--until", metavar="WHEN", callback=typed_text,
                 help="Before this time; a plain date includes that whole day."),
    click.option("--during", metavar="PERIOD", callback=typed_text,
                 help='A whole period: "last week", "this month", "yesterday", 2026-11.'),
    click.option("--agent", metavar="A", callback=typed_text,
                 help="Only this agent's calls (any case)."),
    click.option("--outcome", metavar="O", callback=typed_text,
                 help=f"{', '.join(OUTCOMES[:-1])} or {OUTCOMES[-1]} (a prefix will do)."),
    click.option("--search", metavar="TEXT", callback=typed_text,
                 help="Words in the notes (all must match; 3+ letters match as a prefix; in "
                 "Turkish and Estonian a case ending is read past)."),
    click.option("--escalated", metavar="E", callback=typed_text,
                 help="yes: escalated at some point (taken back too; not the outcome Escalated), "
                 "returned: escalated and returned, no: never escalated."),
    click.option("--warned", metavar="W", callback=typed_text,
                 help="yes, no, or a number of warnings: 2, 2+ (at least), 1-2."),
    click.option("--difficulty", metavar="D", callback=typed_text,
                 help="As the agent rated the call: 4, 4-5 or 4+ (1 to 5)."),
    click.option("--checklist", metavar="ID", callback=typed_text,
                 help="The checklist the calls ran with (its id; a start of it will do)."),
    click.option("--view", metavar="NAME", callback=typed_text,
                 help="A view saved in the review (v): its filters; options given here win."),
]
# fmt: on


def filter_options(command: Callable) -> Callable:
    """The filter options on a command, handed to it as one ``typed`` (a
    ``review.pages.Typed``: the view named by ``--view``, if any, with the options given in its
    place)."""

    @functools.wraps(command)
    def with_typed(*args: Any, **options: Any) -> Any:
        from callmate.review.pages import FIELDS, Typed

        typed = Typed(**{name: options.pop(name) or "" for name in FIELDS})
        view = options.pop("view")
        if view is not None:
            with review_errors():
                typed = _with_view(view, typed)
        return command(*args, typed=typed, **options)

    for option in reversed(_FILTERS):
        with_typed = option(with_typed)
    return with_typed


def _with_view(name: str, typed):
    from callmate import config
    from callmate.review import views

    return views.overlaid(views.find(config.load(), name), typed)


@contextlib.contextmanager
def review_errors() -> Iterator[None]:
    """One clear line and a non-zero exit for anything a person got wrong; never a traceback."""
    from callmate.review.filters import FilterError

    with friendly_errors():
        try:
            yield
        except FilterError as exc:
            fail(str(exc))


def open_log(db_path: Path | None) -> ReadOnly:
    """The call log to read: ``--db``, ``$CALLMATE_DB`` or the default; it must exist, and it is
    opened for reading only (brought up to date or repaired first only when it must be, and
    then said so on stderr)."""
    from callmate.paths import resolve_db
    from callmate.store.db import open_for_reading

    return open_for_reading(resolve_db(db_path), say=say)


@contextlib.contextmanager
def reading(db_path: Path | None) -> Iterator[ReadOnly]:
    """:func:`open_log`, closed at the end: SQLite then removes the side files it made."""
    db = open_log(db_path)
    try:
        yield db
    finally:
        db.close()


def build_filter(db, typed):
    """The filter for the typed options (dates read in local time, words in the language
    spoken)."""
    from callmate.language.i18n import language
    from callmate.review.pages import resolve

    return resolve(db, typed, language=language())


def filter_json(filt, typed) -> dict[str, Any]:
    """The filter as ``stats --format json`` tells it: stored times and codes (the agent as
    typed), ``null`` where there is no condition."""
    # fmt: off
    return {
        "since": filt.since, "until": filt.until, "agent": typed.agent.strip() or None,
        "outcome": filt.outcome, "search": filt.search or None, "escalated": filt.escalated,
        "warnings": list(filt.warnings) if filt.warnings else None,
        "difficulty": list(filt.difficulty) if filt.difficulty else None,
        "checklists": list(filt.checklists) if filt.checklists is not None else None,
    }
    # fmt: on


#: How each filter is told in a title, by field (English msgids).
DESCRIBED = {
    "since": N_("since {value}"),
    "until": N_("until {value}"),
    "during": N_("during {value}"),
    "agent": N_("agent {value}"),
    "outcome": N_("outcome {value}"),
    "search": N_("search {value}"),
    "escalated": N_("escalated {value}"),
    "warned": N_("warned {value}"),
    "difficulty": N_("difficulty {value}"),
    "checklist": N_("checklist {value}"),
}


def describe(typed, *, redact: bool = False) -> str:
    """The filter as typed, for titles: ``since 7d, agent Ann``. Redacted, the search words
    (which may be a customer's name) are left out: ``search (redacted)``."""
    from callmate.language.i18n import _

    parts = []
    for name, words in DESCRIBED.items():
        value = getattr(typed, name).strip()
        if value:
            shown = _("(redacted)") if redact and name == "search" else value
            parts.append(_(words).format(value=shown))
    return ", ".join(parts) or _("all calls")
