"""Which calls a team lead is looking at: a time range, agents, an outcome, words in the notes.

The same filter serves the review screen, ``calls list``, ``stats`` and ``export``. Text typed by a
person is read here (dates through ``callmate.dates``, outcomes by code, label or prefix) and turned
into SQL with parameters only: search words are quoted for FTS5, so ``refund"``, ``AND`` or
``foo-bar`` are words to look for, never query syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from callmate.dates import parse_when, to_iso
from callmate.labels import OUTCOME_LABELS
from callmate.models import OUTCOMES

#: Words at least this long also match longer words that begin with them (refund: refunds).
PREFIX_MIN = 3


class FilterError(ValueError):
    """A filter value that cannot be used; the message is one sentence for a person."""


@dataclass(frozen=True)
class Filter:
    """Calls started in ``[since, until)`` (stored UTC ISO text), by ``agents``, with ``outcome``,
    whose notes contain every word of ``search``. ``None`` or empty means no condition."""

    since: str | None = None
    until: str | None = None
    agents: tuple[str, ...] | None = None
    outcome: str | None = None
    search: str = ""

    @property
    def fts(self) -> str | None:
        return fts_query(self.search)

    def where(self, alias: str = "c") -> tuple[str, list]:
        """``WHERE ...`` over ``calls AS alias`` (or ``""``), and its parameters."""
        conditions, params = self.conditions(alias)
        return ("WHERE " + " AND ".join(conditions) if conditions else ""), params

    def conditions(self, alias: str = "c", *, search: bool = True) -> tuple[list[str], list]:
        conditions: list[str] = []
        params: list = []
        if self.since:
            conditions.append(f"{alias}.started_at >= ?")
            params.append(self.since)
        if self.until:
            conditions.append(f"{alias}.started_at < ?")
            params.append(self.until)
        if self.agents is not None:
            conditions.append(f"{alias}.agent IN ({', '.join('?' for _ in self.agents)})")
            params.extend(self.agents)
        if self.outcome:
            conditions.append(f"{alias}.outcome = ?")
            params.append(self.outcome)
        query = self.fts if search else None
        if query:
            conditions.append(
                f"{alias}.id IN (SELECT n.call_id FROM notes n WHERE n.id IN "
                "(SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?))"
            )
            params.append(query)
        return conditions, params


def fts_query(text: str | None) -> str | None:
    """Every typed word as a quoted FTS5 string (all must match), or ``None`` for no search.

    Quoting makes operators (``AND``, ``NEAR``), quotes, dashes and brackets plain text; words of
    ``PREFIX_MIN`` letters or more also match as a prefix. The index folds I to i but never to
    the Turkish dotless ı, so a word with I or ı also looks for its other spelling (ISPANAK finds
    ıspanak, ılık finds ILIK).
    """
    parts = []
    for word in (text or "").split():
        if not re.search(r"\w", word):
            continue  # only punctuation: the tokenizer would see nothing to look for
        star = "*" if len(re.sub(r"\W", "", word)) >= PREFIX_MIN else ""
        spellings = dict.fromkeys([word, word.replace("I", "ı"), word.replace("ı", "i")])
        quoted = ['"' + w.replace('"', '""') + '"' + star for w in spellings]
        parts.append(quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")")
    return " ".join(parts) or None


def parse_outcome(text: str | None) -> str | None:
    """An outcome typed by code, label or unique prefix (``esc``, ``hung up``), or ``None``."""
    wanted = " ".join((text or "").strip().lower().replace("_", " ").replace("-", " ").split())
    if not wanted:
        return None
    names = {code: {code.replace("_", " "), OUTCOME_LABELS[code].lower()} for code in OUTCOMES}
    exact = [code for code, spellings in names.items() if wanted in spellings]
    if exact:
        return exact[0]
    starts = [
        code for code, spellings in names.items() if any(s.startswith(wanted) for s in spellings)
    ]
    if len(starts) == 1:
        return starts[0]
    raise FilterError(f"unknown outcome {text.strip()!r} (known: {', '.join(OUTCOMES)})")


def parse_range(
    since: str | None, until: str | None, *, now: datetime | None = None
) -> tuple[str | None, str | None]:
    """Typed ``since`` and ``until`` as stored times; ``until`` a plain date includes that day."""
    start = to_iso(parse_when(since, now=now)) if since and since.strip() else None
    end = to_iso(parse_when(until, now=now, end_of_day=True)) if until and until.strip() else None
    if start and end and end <= start:
        raise FilterError(f"until {until.strip()!r} is not after since {since.strip()!r}")
    return start, end


def match_agents(known: list[str], typed: str | None) -> tuple[str, ...] | None:
    """The stored agent names equal to ``typed`` ignoring case (``None``: any agent)."""
    wanted = (typed or "").strip().casefold()
    if not wanted:
        return None
    return tuple(name for name in known if name.strip().casefold() == wanted)
