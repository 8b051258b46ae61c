"""Which calls a team lead is looking at: a time range, agents, an outcome, words in the notes
and summaries, whether a call was escalated at some point or warned, its difficulty, its checklist.

The same filter serves the review screen, ``calls list``, ``stats``, ``export`` and ``report``.
Text typed by a person is read here and in ``review.filter_values`` (dates through
``callmate.dates``, outcomes by code, label or prefix) and turned into SQL with parameters only:
search words are quoted for FTS5, so ``refund"``, ``AND`` or ``foo-bar`` are words to look for,
never query syntax.

The rollups key the calls by time, agent and outcome (``store.rollup``); what else a filter asks
(:meth:`Filter.call_conditions`) only the calls themselves can answer, so a filter that asks it is
never read off the rollups (:attr:`Filter.in_rollups`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from callmate.dates import parse_when, to_iso
from callmate.language.i18n import _
from callmate.language.labels import OUTCOME_WORDS, UNFINISHED_KEY, UNFINISHED_LABEL, outcome_label
from callmate.language.registry import BY_CODE
from callmate.models import OUTCOMES
from callmate.store.call_search import fold, second_sql
from callmate.store.rollup_defs import CALL_MEASURES, read

#: Words at least this long also match longer words that begin with them (refund: refunds).
PREFIX_MIN = 3
_ESCALATED, _RETURNED = CALL_MEASURES["escalated"], CALL_MEASURES["withdrawn"]
#: What "escalated" asks of a call ``c``, by code: escalated at some point (an escalation taken
#: back too: ``calls.escalated``, as the statistics count it), escalated and returned (the
#: escalation taken back: ``escalation_withdrawn``), never escalated. Not the outcome Escalated.
ESCALATED = {
    "yes": _ESCALATED,
    "returned": f"{_ESCALATED} AND {_RETURNED}",
    "no": f"NOT coalesce(({_ESCALATED}), 0)",
}
_WARNINGS = f"coalesce({CALL_MEASURES['warnings']}, 0)"


class FilterError(ValueError):
    """A filter value that cannot be used; the message is one sentence for a person."""


@dataclass(frozen=True)
class Filter:
    """Calls started in ``[since, until)`` (stored UTC ISO text), by ``agents``, with ``outcome``,
    whose notes and summary hold every word of ``search``; ``escalated`` (a code of
    :data:`ESCALATED`), with at least ``warnings[0]`` warnings and at most ``warnings[1]``
    (``None``: no most), rated ``difficulty[0]`` to ``difficulty[1]``, run with one of
    ``checklists`` (ids). ``None`` or empty means no condition; a search with nothing to look for
    in it (only punctuation or emoji) is a :class:`FilterError`, never a silent "all calls"."""

    since: str | None = None
    until: str | None = None
    agents: tuple[str, ...] | None = None
    outcome: str | None = None
    search: str = ""
    escalated: str | None = None
    warnings: tuple[int, int | None] | None = None
    difficulty: tuple[int, int] | None = None
    checklists: tuple[str, ...] | None = None
    #: The language whose case endings the search reads past (its code; "": none).
    words_of: str = ""

    def __post_init__(self) -> None:
        if self.search.strip() and not fts_groups(self.search):
            raise FilterError(
                _("nothing searchable was typed in the search {typed}").format(
                    typed=repr(self.search.strip())
                )
            )
        if self.escalated is not None and self.escalated not in ESCALATED:
            raise ValueError(f"unknown escalated filter {self.escalated!r}")

    @property
    def in_rollups(self) -> bool:
        """Whether the rollups can answer this filter: they key calls by time, agent and
        outcome only (no search, nothing of :meth:`call_conditions`)."""
        return not self.fts and not self.call_conditions()[0]

    @property
    def reads(self) -> tuple[str, ...]:
        """The columns of ``calls`` that :meth:`call_conditions` read."""
        return read("c", *self.call_conditions("c")[0])

    def call_conditions(self, alias: str = "c") -> tuple[list[str], list[Any]]:
        """What the filter asks of a call beyond its time, agent, outcome and words (escalated,
        warnings, difficulty, checklist), over ``alias`` (``calls``, or a table with the same
        columns), and the parameters."""
        conditions: list[str] = []
        params: list[Any] = []
        if self.escalated is not None:
            conditions.append(f"({ESCALATED[self.escalated]})")
        if self.warnings is not None:
            low, high = self.warnings
            conditions.append(f"{_WARNINGS} >= ?")
            params.append(low)
            if high is not None:
                conditions.append(f"{_WARNINGS} <= ?")
                params.append(high)
        if self.difficulty is not None:
            conditions.append("c.difficulty BETWEEN ? AND ?")
            params.extend(self.difficulty)
        if self.checklists is not None:
            conditions.append(f"c.checklist_id IN ({', '.join('?' for _ in self.checklists)})")
            params.extend(self.checklists)
        if alias != "c":
            conditions = [re.sub(r"\bc\.", f"{alias}.", c) for c in conditions]
        return conditions, params

    @property
    def fts(self) -> str | None:
        """The search as a query of the calls' search documents (``None``: no search), reading
        past the case endings of :attr:`words_of`."""
        endings = BY_CODE[self.words_of].search_endings if self.words_of in BY_CODE else ()
        return fts_query(self.search, folded=True, endings=endings)

    def where(self, alias: str = "c", *, documents: bool = True) -> tuple[str, list[Any]]:
        """``WHERE ...`` over ``calls AS alias`` (or ``""``), and its parameters."""
        conditions, params = self.conditions(alias, documents=documents)
        return ("WHERE " + " AND ".join(conditions) if conditions else ""), params

    def conditions(
        self, alias: str = "c", *, search: bool = True, documents: bool = True
    ) -> tuple[list[str], list[Any]]:
        """The conditions over ``calls AS alias``, and their parameters. The search looks in the
        calls' search documents, or, in a file from before them (``documents=False``), for each
        word in the notes."""
        conditions: list[str] = []
        params: list[Any] = []
        if self.since:
            conditions.append(f"{alias}.started_at >= ?")
            params.append(self.since)
        if self.until:
            conditions.append(f"{alias}.started_at < ?")
            params.append(self.until)
        if self.agents is not None:
            conditions.append(f"{alias}.agent IN ({', '.join('?' for _ in self.agents)})")
            params.extend(self.agents)
        if self.outcome == UNFINISHED_KEY:
            conditions.append(f"{alias}.outcome IS NULL")
        elif self.outcome:
            conditions.append(f"{alias}.outcome = ?")
            params.append(self.outcome)
        more, values = self.call_conditions(alias)
        conditions += more
        params += values
        if search and self.fts and documents:
            bounds, values = self.key_bounds("f.rowid")
            conditions.append(
                f"{alias}.id IN (SELECT s.call_id FROM calls_fts f JOIN call_search s "
                f"ON s.key = f.rowid WHERE calls_fts MATCH ?{''.join(' AND ' + b for b in bounds)})"
            )
            params += [document_query(self.search), *values]
        elif search and self.fts:
            for group in fts_groups(self.search):  # the notes' own index: ı as written
                conditions.append(
                    f"{alias}.id IN (SELECT n.call_id FROM notes n WHERE n.id IN "
                    "(SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?))"
                )
                params.append(group)
        return conditions, params

    def key_bounds(self, column: str) -> tuple[list[str], list[Any]]:
        """The time range as bounds on a search document's key (``store.call_search``)."""
        bounds, params = [], []
        if self.since:
            bounds.append(f"{column} >= {second_sql('?')}")
            params.append(self.since)
        if self.until:
            bounds.append(f"{column} < {second_sql('?')}")
            params.append(self.until)
        return bounds, params


def searchable(word: str) -> bool:
    """Whether a typed word holds something the index has words of: a letter or a digit (the
    tokenizer splits on punctuation and symbols, and an emoji is nothing a person searches by)."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in word)


#: The fewest letters a word keeps when a search reads past its case ending.
STEM_MIN = 4


def stem(word: str, endings: Sequence[str]) -> str:
    """``word`` without the longest of ``endings`` it ends in (case and dotless ı aside), if
    :data:`STEM_MIN` letters or more are left: ``kargoyu`` is ``kargo``, ``suyu`` stays."""
    plain = fold(word.lower())
    for ending in sorted(endings, key=len, reverse=True):
        if plain.endswith(fold(ending)) and len(word) - len(ending) >= STEM_MIN:
            return word[: len(word) - len(ending)]
    return word


def fts_groups(text: str | None, *, folded: bool = False, endings: Sequence[str] = ()) -> list[str]:
    """Each searchable typed word as an FTS5 expression of its own: quoted, so operators
    (``AND``, ``NEAR``), quotes, dashes and brackets are plain text; words of ``PREFIX_MIN``
    letters or more also match as a prefix.

    ``folded``: for the calls' search documents, which hold the Turkish dotless ı as i
    (``store.call_search.fold``): each word is folded the same way, so ``kirik``, ``kırık`` and
    ``KIRIK`` are one word, ``"kirik"*``. Otherwise (the notes' own index, text as written) the
    index folds I to i but never to ı, so a word with I or ı also looks for its other spelling
    (ISPANAK finds ıspanak, ılık finds ILIK): ``("ılık"* OR "ilik"*)``.

    ``endings``: the case endings of the searcher's language (``registry.Language``): a word
    typed with one is looked for by its stem, as a prefix, so ``kargoyu`` finds ``kargo`` and
    ``kargoya``, and still the word as typed."""
    groups = []
    # Control characters separate words for the tokenizer; a NUL would end the query early.
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text or "")
    for word in text.split():
        if not searchable(word):
            continue  # only punctuation: the tokenizer would see nothing to look for
        if endings and stem(word, endings) != word:
            word = stem(word, endings)
        star = "*" if sum(searchable(ch) for ch in word) >= PREFIX_MIN else ""
        if folded:
            spellings = {fold(word): None}
        else:
            spellings = dict.fromkeys([word, word.replace("I", "ı"), word.replace("ı", "i")])
        quoted = ['"' + w.replace('"', '""') + '"' + star for w in spellings]
        groups.append(quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")")
    return groups


def fts_query(text: str | None, *, folded: bool = False, endings: Sequence[str] = ()) -> str | None:
    """Every searchable typed word (:func:`fts_groups`), all of which must match, or ``None``
    for no search. ``AND`` is written out: FTS5 refuses an implicit AND next to a group."""
    return " AND ".join(fts_groups(text, folded=folded, endings=endings)) or None


#: The columns of a call's search document that hold what people wrote (not its tags).
WRITTEN = "{notes summary}"


def document_query(text: str | None) -> str | None:
    """:func:`fts_query` over the written columns of the calls' search documents."""
    query = fts_query(text, folded=True)
    return f"{WRITTEN} : ({query})" if query else None


def parse_outcome(text: str | None) -> str | None:
    """An outcome typed by code, label (English or the interface language's) or unique prefix
    (``esc``, ``hung up``, ``aktar``), or ``None``; ``unfinished`` stands for calls without one,
    as the statistics show them."""
    wanted = " ".join((text or "").strip().lower().replace("_", " ").replace("-", " ").split())
    if not wanted:
        return None

    def spellings(code: str | None, *english: str) -> set[str]:
        # The word a screen shows (in a wide column or a narrow one) is a word the filter takes.
        shown = (outcome_label(code), outcome_label(code, short=True))
        return {w.lower() for w in english} | {fold_word(w) for w in shown}

    names = {
        code: spellings(code, code.replace("_", " "), OUTCOME_WORDS[code].label)
        for code in OUTCOMES
    }
    names[UNFINISHED_KEY] = spellings(None, UNFINISHED_KEY, UNFINISHED_LABEL)
    wanted = fold_word(wanted)
    exact = [code for code, spellings in names.items() if wanted in spellings]
    if exact:
        return exact[0]
    starts = [
        code for code, spellings in names.items() if any(s.startswith(wanted) for s in spellings)
    ]
    if len(starts) == 1:
        return starts[0]
    typed = (text or "").strip()
    if starts:
        which = _(" or ").join(outcome_label(c if c != UNFINISHED_KEY else None) for c in starts)
        raise FilterError(
            _("ambiguous outcome “{typed}”: {which}; type more of it").format(
                typed=typed, which=which
            )
        )
    known = ", ".join(outcome_label(code) for code in [*OUTCOMES, None])
    raise FilterError(
        _("unknown outcome “{typed}” (known: {known})").format(typed=typed, known=known)
    )


def fold_word(word: str) -> str:
    """A word as the filter compares it: lower case, with Turkish ı and i (I and İ) as one
    letter, as people type them on any keyboard ("aktarildi", "AKTARILDI")."""
    return word.replace("İ", "i").replace("I", "i").lower().replace("ı", "i").replace("i̇", "i")


def parse_range(
    since: str | None,
    until: str | None,
    *,
    now: datetime | None = None,
    language: str = "en",
    during: str | None = None,
) -> tuple[str | None, str | None]:
    """Typed ``since``, ``until`` and ``during`` as stored times, read in the words of
    ``language``. A day, week, month or year is the whole of it: as ``since`` its first moment, as
    ``until`` the first moment after it (``--until 2026-11`` includes 30 November), as ``during``
    both (``--during "last month"``; with ``since`` or ``until`` as well, the time they share)."""
    start = end = None
    if since and since.strip():
        start = to_iso(parse_when(since, now=now, language=language))
    if until and until.strip():
        end = to_iso(parse_when(until, now=now, end_of_day=True, language=language))
    if during and during.strip():
        low = to_iso(parse_when(during, now=now, language=language))
        high = to_iso(parse_when(during, now=now, end_of_day=True, language=language))
        if high == low:
            raise FilterError(
                _(
                    "“{typed}” is a moment, not a period: try “last week”, “this month”, "
                    "“yesterday” or “2026-11”"
                ).format(typed=during.strip())
            )
        start = max(start, low) if start else low
        end = min(end, high) if end else high
    if start and end and end <= start:
        if during and during.strip():
            raise FilterError(
                _("the times typed share no moment with “{during}”").format(during=during.strip())
            )
        raise FilterError(
            _("until “{until}” is not after since “{since}”").format(
                until=(until or "").strip(), since=(since or "").strip()
            )
        )
    return start, end


def match_agents(known: list[str], typed: str | None) -> tuple[str, ...] | None:
    """The stored agent names equal to ``typed`` ignoring case, or to any of the names it lists
    with commas ("ann, ben": side by side in the statistics); ``None``: any agent."""
    wanted = (typed or "").strip().casefold()
    if not wanted:
        return None
    whole = tuple(name for name in known if name.strip().casefold() == wanted)
    if whole or "," not in wanted:
        return whole
    names = [part.strip() for part in wanted.split(",") if part.strip()]
    return tuple(
        dict.fromkeys(k for n in names for k in known if k.strip().casefold() == n)
    )  # in the order typed, each once
