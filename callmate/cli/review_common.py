"""What the team-lead commands share: the filter options, reading them, and one-line errors."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from callmate.cli.common import fail, friendly_errors, say, typed_text

if TYPE_CHECKING:
    from callmate.store.db import ReadOnly


def filter_options(command: Callable) -> Callable:
    """``--since --until --agent --outcome --search`` on a command."""
    # fmt: off
    options = [
        click.option("--since", metavar="WHEN", callback=typed_text,
                     help='From this time: "7d", "monday", 2026-11-01.'),
        click.option("--until", metavar="WHEN", callback=typed_text,
                     help="Before this time; a plain date includes that whole day."),
        click.option("--agent", metavar="A", callback=typed_text,
                     help="Only this agent's calls (any case)."),
        click.option("--outcome", metavar="O", callback=typed_text,
                     help="resolved, escalated, callback, hung_up or abuse (a prefix will do)."),
        click.option("--search", metavar="TEXT", callback=typed_text,
                     help="Words in the notes (all must match; 3+ letters match as a prefix)."),
    ]
    # fmt: on
    for option in reversed(options):
        command = option(command)
    return command


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


def build_filter(db, since=None, until=None, agent=None, outcome=None, search=None):
    """The filter for the typed options (dates read in local time)."""
    from callmate.i18n import language
    from callmate.review import queries
    from callmate.review.filters import Filter, match_agents, parse_outcome, parse_range

    start, end = parse_range(since, until, language=language())
    agents = match_agents(queries.agents(db), agent) if agent and agent.strip() else None
    return Filter(start, end, agents, parse_outcome(outcome), (search or "").strip())


def describe(
    since=None, until=None, agent=None, outcome=None, search=None, *, redact: bool = False
) -> str:
    """The filter as typed, for titles: ``since 7d, agent Ann``. Redacted, the search words
    (which may be a customer's name) are left out: ``search (redacted)``."""
    from callmate.i18n import _

    if redact and search and search.strip():
        search = _("(redacted)")
    # fmt: off
    typed = (
        (_("since {value}"), since), (_("until {value}"), until), (_("agent {value}"), agent),
        (_("outcome {value}"), outcome), (_("search {value}"), search),
    )
    # fmt: on
    parts = [words.format(value=value.strip()) for words, value in typed if value and value.strip()]
    return ", ".join(parts) or _("all calls")
