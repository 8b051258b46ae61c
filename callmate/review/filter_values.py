"""Reading what a lead types for the filters beyond time, agent, outcome and words: escalated at
some point, warnings, difficulty and checklist.

Words are read as the outcomes are (``filters.parse_outcome``): the English word, the code, or the
word of the language spoken, in any case, with Turkish ı and i as one letter, or a unique start of
one. Each returns the value :class:`~callmate.review.filters.Filter` keeps, or ``None`` for
nothing typed, and raises :class:`~callmate.review.filters.FilterError` with one sentence in the
reader's language for anything else.
"""

from __future__ import annotations

import re

from callmate.language.i18n import N_, NP_, _, pgettext
from callmate.review.filters import ESCALATED, FilterError, fold_word

#: The words of each "escalated" code (English msgids; "returned" has a context of its own).
ESCALATED_WORDS = {"yes": N_("yes"), "returned": NP_("escalated", "returned"), "no": N_("no")}
assert set(ESCALATED_WORDS) == set(ESCALATED)
#: Difficulty as the wrap-up rates it.
DIFFICULTY = (1, 5)
_RANGE = re.compile(r"^\s*(\d{1,3})\s*(?:(\+)|(?:-|–|—|\.\.)\s*(\d{1,3}))?\s*$")


def escalated_word(code: str) -> str:
    """An "escalated" code in the words of the language spoken (``returned``: "geri alındı")."""
    word = ESCALATED_WORDS[code]
    return pgettext("escalated", word) if code == "returned" else _(word)


def _pick(typed: str, names: dict[str, set[str]]) -> list[str]:
    """The codes ``typed`` names: the one it spells, else those it is the start of."""
    wanted = fold_word(" ".join(typed.strip().lower().replace("_", " ").split()))
    exact = [code for code, words in names.items() if wanted in words]
    if exact:
        return exact[:1]
    return [code for code, words in names.items() if any(w.startswith(wanted) for w in words)]


def _words(code: str, english: str) -> set[str]:
    shown = pgettext("escalated", english) if code == "returned" else _(english)
    return {fold_word(w) for w in (code, english, shown)}


def parse_escalated(text: str | None) -> str | None:
    """``yes`` (escalated at some point), ``returned`` (escalated and returned) or ``no``, from
    the words of either language (``evet``, ``geri alındı``, ``jah``, ``tagasi``...)."""
    if not (text or "").strip():
        return None
    names = {code: _words(code, english) for code, english in ESCALATED_WORDS.items()}
    found = _pick(str(text), names)
    if len(found) == 1:
        return found[0]
    known = ", ".join(escalated_word(code) for code in ESCALATED_WORDS)
    raise FilterError(
        _("unknown escalated filter “{typed}” (known: {known})").format(
            typed=str(text).strip(), known=known
        )
    )


def _number_range(text: str, lowest: int, highest: int | None) -> tuple[int, int | None] | None:
    """``4`` (4 to 4), ``4-5`` (4 to 5), ``4+`` (4 and more) within the bounds, else ``None``."""
    found = _RANGE.match(text)
    if not found:
        return None
    low = int(found.group(1))
    high: int | None = low
    if found.group(2):
        high = highest
    elif found.group(3):
        high = int(found.group(3))
    if low < lowest or (highest is not None and (high is None or high > highest)):
        return None
    if high is not None and high < low:
        return None
    return low, high


def parse_warnings(text: str | None) -> tuple[int, int | None] | None:
    """Calls warned (``yes``: one warning or more), never warned (``no``), or with a number of
    warnings: ``2``, ``2+`` (two or more), ``1-2``."""
    typed = (text or "").strip()
    if not typed:
        return None
    found = _number_range(typed, 0, None)
    if found is not None:
        return found
    words = {"yes": _words("yes", "yes"), "no": _words("no", "no")}
    picked = _pick(typed, words)
    if picked == ["yes"]:
        return 1, None
    if picked == ["no"]:
        return 0, 0
    raise FilterError(
        _("cannot read “{typed}” as warnings (try {yes}, {no}, 2, 2+ or 1-2)").format(
            typed=typed, yes=_("yes"), no=_("no")
        )
    )


def parse_difficulty(text: str | None) -> tuple[int, int] | None:
    """The agent's rating of the call: ``4``, ``4-5`` or ``4+`` (from 1 to 5)."""
    typed = (text or "").strip()
    if not typed:
        return None
    found = _number_range(typed, *DIFFICULTY)
    if found is None or found[1] is None:
        raise FilterError(
            _("cannot read “{typed}” as a difficulty (try 4, 4-5 or 4+; from 1 to 5)").format(
                typed=typed
            )
        )
    return found[0], found[1]


def match_checklists(known: list[str], text: str | None) -> tuple[str, ...] | None:
    """The checklist id ``text`` names among those the log's calls ran with: the id in any case,
    or a unique start of one (``feel``: feel-felt-found)."""
    typed = (text or "").strip()
    if not typed:
        return None
    wanted = typed.casefold()
    exact = tuple(c for c in known if c.casefold() == wanted)
    if exact:
        return exact
    starts = tuple(c for c in known if c.casefold().startswith(wanted))
    if len(starts) == 1:
        return starts
    if starts:
        raise FilterError(
            _("more than one checklist starts with “{typed}”: {which}; type more of it").format(
                typed=typed, which=", ".join(starts)
            )
        )
    raise FilterError(
        _("no checklist “{typed}” among this log's calls (checklists: {known})").format(
            typed=typed, known=", ".join(known) or _("none")
        )
    )
