"""Finding English and raw ids where Turkish or Estonian should be: the detection behind
tests/test_i18n_no_english.py.

Two nets, because a string can miss the catalogs in two ways:

- **Fallbacks**: :func:`marking` puts a wrapper round the language's catalog that answers every
  message as the catalog would, and records each msgid the catalog lacks (gettext would quietly
  fall back to the English msgid).
- **Bypasses**: text that never goes through ``_()`` at all. :func:`english_words` is the words
  of callmate's own msgids (its English) that no Turkish or Estonian translation also uses;
  :func:`misses` finds them, and raw ids (step ids, outcome codes, event kinds, JSON keys), in
  the text people are shown.
"""

from __future__ import annotations

import contextlib
import gettext as _gettext
import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from callmate import call
from callmate.language import i18n
from callmate.models import OUTCOMES, STEP_STATUSES

LOCALE = Path(i18n.__file__).parent / "locale"

# A word: letters (any script) with inner apostrophes or hyphens; ids with underscores are
# caught separately.
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
RAW_ID = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
#: A run of letters and digits mixed (``f365470336be4adb``, ``ORD-73126``): an id, not words.
MIXED = re.compile(r"\b(?=[\w-]*\d)[\w-]+\b")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|\[/?[a-z0-9 $.#-]*\]|%\(?\w*\)?[sd]")
#: What is typed on the command line, quoted in a message: options and commands (``--calls``,
#: ```callmate team push```), the same in every language.
COMMAND = re.compile(r"`[^`]*`|(?<!\w)--[\w-]+|\bcallmate [a-z-]+(?: [a-z-]+)?")

#: English that is also the vocabulary of these terminals and formats: keys, file formats,
#: protocol names. A word here is never a miss.
ALLOWED = {
    "ctrl", "shift", "esc", "tab", "enter", "alt", "backspace", "pageup", "pagedown",
    "csv", "json", "markdown", "md", "html", "sqlite", "utc", "postgresql", "toml", "id",
    "callmate", "datasette", "wal", "osc", "xclip", "xsel", "ok",
}  # fmt: skip


def _words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(PLACEHOLDER.sub(" ", text))}


@cache
def _catalog(code: str):
    with (LOCALE / code / "LC_MESSAGES" / "callmate.po").open("rb") as handle:
        return read_po(handle)


@cache
def english_words() -> frozenset[str]:
    """Words of callmate's English msgids that neither the Turkish nor the Estonian catalog uses
    in any translation (Estonian "on", "see", Turkish "not" are words of their own)."""
    english: set[str] = set()
    native: set[str] = set()
    for code in ("tr", "et"):
        for message in _catalog(code):
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in ids:
                english |= _words(text)
            for text in strings:
                native |= _words(text or "")
    return frozenset(w for w in english - native - ALLOWED if len(w) > 1)


@cache
def event_kinds() -> frozenset[str]:
    """Every event kind the call logs, read from the call model's source (where they are made)."""
    source = "".join(p.read_text() for p in (Path(call.__file__).parent).glob("*.py"))
    made = re.findall(r'_event\(\s*"([a-z_]+)"', source) + re.findall(r'"(step_[a-z]+)"', source)
    return frozenset(made)


def raw_ids(checklist_ids: Iterable[str] = ()) -> frozenset[str]:
    """Codes that are stored, never shown: outcomes, step statuses, event kinds, step ids."""
    return frozenset({*OUTCOMES, *STEP_STATUSES, *event_kinds(), *checklist_ids})


def misses(text: str, *, allowed: Iterable[str] = (), ids: Iterable[str] = ()) -> set[str]:
    """The English words of callmate's msgids and the raw ids in ``text``; ``allowed``: words
    that belong there (what was typed, the checklist's own words, a name)."""
    ok = {w.lower() for a in allowed for w in WORD.findall(a)} | {a.lower() for a in allowed}
    text = COMMAND.sub(" ", text)
    text = MIXED.sub(" ", text)  # a call's id, an order number: no words in them
    found = {w for w in _words(text) if w in english_words() and w not in ok}
    found |= {w for w in RAW_ID.findall(text) if w not in ok}
    codes = raw_ids(ids)
    found |= {w for w in re.findall(r"[a-z_]+", text) if w in codes and w not in ok}
    return found


def shown_fallbacks(fell_back: Iterable[str], texts: Iterable[str]) -> set[str]:
    """The messages that fell back to English and are shown in ``texts`` (a key's display, "?"
    or "1-9", is no word; Textual's own bindings that no screen shows are asked for, not shown)."""
    whole = "\n".join(texts)
    return {m for m in fell_back if re.search(r"[^\W\d_]{2}", m) and m.split("|")[-1] in whole}


class Marking(_gettext.NullTranslations):
    """A language's catalog that records every msgid it has no translation for."""

    def __init__(self, real: _gettext.GNUTranslations, fell_back: set[str]) -> None:
        super().__init__()
        self.real = real
        self.fell_back = fell_back
        self.table: dict = real._catalog  # type: ignore[attr-defined]

    def gettext(self, message: str) -> str:
        if message and message not in self.table:
            self.fell_back.add(message)
        return self.real.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if (singular, 0) not in self.table:
            self.fell_back.add(singular)
        return self.real.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        if f"{context}\x04{message}" not in self.table:
            self.fell_back.add(f"{context}|{message}")
        return self.real.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        if (f"{context}\x04{singular}", 0) not in self.table:
            self.fell_back.add(f"{context}|{singular}")
        return self.real.npgettext(context, singular, plural, n)


@contextlib.contextmanager
def marking(code: str) -> Iterator[set[str]]:
    """Speak ``code`` through a catalog that records its misses; yields the set of msgids that
    fell back to English. English again afterwards."""
    fell_back: set[str] = set()
    real = _gettext.translation(i18n.DOMAIN, localedir=str(LOCALE), languages=[code])
    assert isinstance(real, _gettext.GNUTranslations)
    saved = i18n._loaded.get(code)
    i18n._loaded[code] = Marking(real, fell_back)
    try:
        i18n.set_language(code)
        yield fell_back
    finally:
        if saved is None:
            i18n._loaded.pop(code, None)
        else:
            i18n._loaded[code] = saved
        i18n.set_language("en")
