"""What the review screens ask of the call log, as plain functions (no Textual here).

The screens run these on worker threads, each with its own read-only connection
(:func:`callmate.review.queries.open_reader`); the filter arrives as the text typed in its fields.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from callmate.review import queries
from callmate.review.filter_values import (
    match_checklists,
    parse_difficulty,
    parse_escalated,
    parse_warnings,
)
from callmate.review.filters import Filter, match_agents, parse_outcome, parse_range
from callmate.store.call_search import Connected

PAGE_SIZE = queries.PAGE_SIZE


@dataclass(frozen=True)
class Typed:
    """The filter fields as typed: since, until, during (a period: both at once), agent,
    outcome, search; escalated (at some point), warned, difficulty, checklist."""

    since: str = ""
    until: str = ""
    during: str = ""
    agent: str = ""
    outcome: str = ""
    search: str = ""
    escalated: str = ""
    warned: str = ""
    difficulty: str = ""
    checklist: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f.name).strip() for f in fields(self))


#: The names of the typed fields, in the order they are shown.
FIELDS = tuple(f.name for f in fields(Typed))


def resolve(
    db: Connected, typed: Typed, now: datetime | None = None, *, language: str = "en"
) -> Filter:
    """The filter for what was typed, dates read in the words of ``language``; a bad date,
    outcome, search or other value raises ``DateError``/``FilterError``."""
    since, until = parse_range(
        typed.since, typed.until, now=now, language=language, during=typed.during
    )
    agents = match_agents(queries.agents(db), typed.agent) if typed.agent.strip() else None
    checklists = (
        match_checklists(queries.checklists(db), typed.checklist)
        if typed.checklist.strip()
        else None
    )
    return Filter(
        since,
        until,
        agents,
        parse_outcome(typed.outcome),
        typed.search.strip(),
        escalated=parse_escalated(typed.escalated),
        warnings=parse_warnings(typed.warned),
        difficulty=parse_difficulty(typed.difficulty),
        checklists=checklists,
        words_of=language,
    )


@dataclass
class Page:
    """One page of calls, newest first, and whether more follow it."""

    rows: list[dict[str, Any]]
    more: bool
    index: int

    @property
    def first_key(self) -> queries.Key | None:
        return (self.rows[0]["started_at"], self.rows[0]["id"]) if self.rows else None

    @property
    def last_key(self) -> queries.Key | None:
        return (self.rows[-1]["started_at"], self.rows[-1]["id"]) if self.rows else None


def last_page(db: Connected, filt: Filter, total: int, *, size: int = PAGE_SIZE) -> Page:
    """The last page of ``total`` matching calls: the oldest, as many as paging forward would
    leave there (250 calls: the last 50, numbered 201–250), so the pages before it line up."""
    index = max(0, total - 1) // size
    if index == 0:
        return read_page(db, filt, 0, size=size)
    rows = queries.page(db, filt, before=("", ""), limit=total - index * size)
    return Page(rows, False, index)


def read_page(
    db: Connected,
    filt: Filter,
    index: int = 0,
    *,
    after: queries.Key | None = None,
    before: queries.Key | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    """The first page, or the page after / before a key (``index`` is its number, from 0)."""
    if before is not None:
        rows = queries.page(db, filt, before=before, limit=size)
        if index <= 0 or len(rows) < size:
            # Back at the top (or newer calls arrived meanwhile): start from the first page.
            return read_page(db, filt, 0, size=size)
        return Page(rows, True, index)
    rows = queries.page(db, filt, after=after, limit=size + 1)
    return Page(rows[:size], len(rows) > size, index)
