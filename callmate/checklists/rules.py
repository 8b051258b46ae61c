"""What a checklist's words must agree with, beyond its format: ``checklists validate`` runs these
after the file has loaded (:func:`callmate.checklists.load.validate_file`).

- No line the agent says (a phrase, a warning, a hand-over line, a word's replacement) uses one of
  the checklist's own words to avoid: whole words, compared as the language folds case (Turkish
  ``İ``/``ı``).
- No hard target on a step whose tips tell the agent to let the caller talk ("Don't interrupt",
  "Sözünü kesmeyin", "Ära katkesta"): a red timer there invites the interruption they forbid.
- ``{name}`` and ``{agent}`` only where they are filled in: elsewhere the card shows them as typed.

Loading a file does not apply them, so a call stored with an older checklist still resumes.
Each finding names the step, the field and the line of the file it was found on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from callmate.checklists.model import PLACEHOLDERS, Checklist, Step
from callmate.language.i18n import _

#: Languages whose dotted and dotless i are two letters: I/ı and İ/i.
DOTLESS_I = ("tr", "az")

# What a tip says when it tells the agent to let the caller talk, folded (lower case,
# straight apostrophes). Phrases in every language the built-ins speak: a file in another
# language still matches its English ones.
# fmt: off
LET_THEM_TALK = tuple(re.compile(p) for p in (
    # English: "Don't interrupt", "without interruption", "let them vent", "hear them out"
    r"\b(don't|do not|never) interrupt", r"\bwithout interrupti", r"\buninterrupted\b",
    r"\blet (them|the (customer|caller)) (vent|talk|speak|finish|say|tell)\b",
    r"\bhear (them|the (customer|caller)) out\b",
    # Turkish: "sözünü kesmeyin", "sözü kesilmeden", "içini dökmesine", "konuşmasına izin"
    r"sözünü kesme", r"sözü kesilme", r"içini dök", r"konuşmasına izin", r"bitirmesini bekle",
    # Estonian: "ära katkesta", "katkestamata", "välja rääkida", "lõpuni rääkida"
    r"\bära katkesta", r"\bkatkestamata\b", r"välja rääki", r"lõpuni rääki",
))
# fmt: on

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\"-]+?)\s*\]\]?\s*(#.*)?$")
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
_GAP = re.compile(r"…|\.\.\.")
_CIRCUMFLEX = str.maketrans("âîû", "aiu")


@dataclass(frozen=True)
class Finding:
    """One rule a loaded checklist breaks, and where."""

    message: str
    step: str = ""
    field: str = ""
    line: int | None = None


def fold(text: str, language: str) -> str:
    """``text`` as compared: lower case the language's way (Turkish ``I`` is ``ı``, ``İ`` is
    ``i``, and â î û are a i u), composed, with typographic apostrophes made straight."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("‘", "'")
    if language.split("-")[0].lower() in DOTLESS_I:
        # The circumflex is often left out in typing: "imkansız" is "imkânsız".
        text = text.replace("İ", "i").replace("I", "ı").lower()
        return text.translate(_CIRCUMFLEX)
    return text.casefold()


def word_pattern(word: str, language: str) -> re.Pattern[str] | None:
    """A pattern finding ``word`` (one word or several) as whole words in folded text. A gap
    (``…``) inside it stands for up to three words ("neden … yaptınız" finds "neden bunu
    yaptınız"); one at either end is left out. None for a word with no letters."""
    pieces = [fold(piece, language).split() for piece in _GAP.split(word)]
    pieces = [piece for piece in pieces if piece]
    if not pieces:
        return None
    gap = r"\s+(?:\S+\s+){0,3}"
    body = gap.join(r"\s+".join(re.escape(w) for w in piece) for piece in pieces)
    return re.compile(r"(?<!\w)" + body + r"(?!\w)")


def check(checklist: Checklist) -> list[Finding]:
    """Every rule ``checklist`` breaks, in the order of the file."""
    lines = _Lines(checklist.text)
    found = [
        *_avoided_words(checklist, lines),
        *_hard_targets_on_listening(checklist, lines),
        *_placeholders_shown_raw(checklist, lines),
    ]
    return sorted(found, key=lambda f: f.line or 0)


# -- the rules --------------------------------------------------------------------------------


def _avoided_words(checklist: Checklist, lines: _Lines) -> Iterator[Finding]:
    language = checklist.language
    words = [(w.word, word_pattern(w.word, language)) for w in checklist.avoid_words]
    for where, text in _said(checklist):
        folded = fold(text, language)
        for word, pattern in words:
            if pattern is not None and pattern.search(folded):
                yield where.finding(
                    _("says {word}, one of this checklist's words to avoid: {text}").format(
                        word=repr(word), text=repr(_short(text))
                    ),
                    lines,
                    text,
                )


def _hard_targets_on_listening(checklist: Checklist, lines: _Lines) -> Iterator[Finding]:
    for index, step in enumerate(checklist.steps, 1):
        if step.kind == "break" or not step.target_seconds or step.soft_target:
            continue
        cue = lets_the_caller_talk(step, checklist.language)
        if cue:
            where = _Where(_label(index, step), "target_seconds", ("steps", index))
            yield where.finding(
                _(
                    "a hard target ({seconds} s) on a step that tells the agent to let the "
                    "caller talk ({cue}): make it soft (soft_target = true) or 0, so the timer "
                    "never turns red while the caller is talking"
                ).format(seconds=step.target_seconds, cue=repr(cue)),
                lines,
                "target_seconds",
            )


def _placeholders_shown_raw(checklist: Checklist, lines: _Lines) -> Iterator[Finding]:
    for where, text in _shown(checklist):
        found = _PLACEHOLDER.search(text)
        if found:
            yield where.finding(
                _(
                    "{placeholder} is shown as written here, never filled in (only phrases, "
                    "warnings and hand-over lines are): {text}"
                ).format(placeholder=found.group(0), text=repr(_short(text))),
                lines,
                text,
            )


def lets_the_caller_talk(step: Step, language: str) -> str:
    """The words of the step's tips that tell the agent to let the caller talk ("" if none)."""
    for text in step.tips:
        folded = fold(text, language)
        for pattern in LET_THEM_TALK:
            found = pattern.search(folded)
            if found:
                return found.group(0)
    return ""


# -- where each text is -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Where:
    step: str
    field: str
    #: The file's table the text is in: ("steps", 2) is the second [[steps]].
    table: tuple[str, int]

    def finding(self, message: str, lines: _Lines, text: str) -> Finding:
        return Finding(message, self.step, self.field, lines.find(self.table, text))


def _label(index: int, step: Step) -> str:
    return f"#{index} ({step.id})"


def _said(checklist: Checklist) -> Iterator[tuple[_Where, str]]:
    """Every line the agent says, and where it is."""
    for index, step in enumerate(checklist.steps, 1):
        for field in ("phrases", "phrases_not_at_fault", "phrases_escalate"):
            for text in getattr(step, field):
                yield _Where(_label(index, step), field, ("steps", index)), text
    for field in ("warning", "manager"):
        for text in getattr(checklist, field):
            yield _Where("", f"extras.{field}", ("extras", 1)), text
    for index, word in enumerate(checklist.avoid_words, 1):
        yield _Where("", f"avoid_words[{index}].instead", ("avoid_words", index)), word.instead


def _shown(checklist: Checklist) -> Iterator[tuple[_Where, str]]:
    """Every line shown to the agent as written (no placeholder filled in), and where it is."""
    for field in ("name", "description"):
        yield _Where("", field, ("", 1)), getattr(checklist, field)
    for index, word in enumerate(checklist.avoid_words, 1):
        for field in ("word", "instead"):
            where = _Where("", f"avoid_words[{index}].{field}", ("avoid_words", index))
            yield where, getattr(word, field)
    for index, step in enumerate(checklist.steps, 1):
        for field in ("title", "goal"):
            yield _Where(_label(index, step), field, ("steps", index)), getattr(step, field)
        for field in ("tips", "avoid"):
            for text in getattr(step, field):
                yield _Where(_label(index, step), field, ("steps", index)), text


def _short(text: str, most: int = 60) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


class _Lines:
    """Finds the line a value was written on, within its table of the file."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        #: (table name, its place among tables of that name) -> (first line, line after it);
        #: the top of the file, before any table, is ("", 1).
        self.tables: dict[tuple[str, int], tuple[int, int]] = {}
        seen: dict[str, int] = {}
        name, start = "", 0
        for number, line in enumerate(self.lines):
            header = _HEADER.match(line)
            if header:
                self._close(name, seen, start, number)
                name, start = header.group(2).strip('"'), number
        self._close(name, seen, start, len(self.lines))

    def _close(self, name: str, seen: dict[str, int], start: int, end: int) -> None:
        seen[name] = seen.get(name, 0) + 1
        self.tables.setdefault((name, seen[name]), (start, end))

    def find(self, table: tuple[str, int], text: str) -> int | None:
        """The 1-based line of ``text`` in ``table`` (its first line, as TOML writes it), else
        the table's header line; None when the table is not in the file as a header."""
        span = self.tables.get(table)
        if span is None:
            return None
        first = text.splitlines()[0] if text.strip() else text
        needles = [first, first.replace("\\", "\\\\").replace('"', '\\"')]
        start, end = span
        for number in range(start, end):
            if any(n and n in self.lines[number] for n in needles):
                return number + 1
        return start + 1 if table[0] else None
