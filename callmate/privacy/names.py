"""Where a customer's name is in a text: every part of it, in English, Turkish and Estonian.

Used by :func:`callmate.privacy.redact.redact_text`; a leaf module (``re`` and ``unicodedata``
only).

Text and names are compared after :func:`fold`: lower case with Turkish rules (İ and I, i and ı
are all "i"), without diacritics ("Şahin", "ŞAHİN", "sahin" and "Sahin" are one word; an agent
without a Turkish keyboard types the latter), and without combining marks (decomposed text). A
name is found as a whole run: the titles in front of it, every part of it in any order joined by
spaces, hyphens or an apostrophe, a Turkish form of address after it ("Mrs Smith-Jones", "Işıl
Hanım", "härra Tamm" are each one run, redacted as one "[name]").

Parts are matched as whole words (runs of letters): "Ann" leaves "announcement" alone, and "Can"
(a Turkish name) removes the word "can" too — the price of never leaking a name; only the "n't"
of English ("can't", "don't") is never taken for a name. Parts of one letter are skipped.
Turkish and Estonian glue case endings to names ("Şahinle", "Tammele", "Jürit"): a part of four
letters or more also matches with one of the endings below glued on; a part of three letters
only with an ending of two letters or more, since "Tim"+"e", "Don"+"e" and "Sam"+"e" are
everyday words. An ending after an apostrophe ("Özkan'ın", "Smith's") is left in place: it is
grammar, not the name.

Words are looked up in sets rather than compiled into a pattern per name: an export meets a new
customer in every call, and compiling a pattern with every ending costs tens of milliseconds.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from itertools import chain

__all__ = ["TITLES_AFTER", "TITLES_BEFORE", "fold", "name_parts", "name_spans"]

#: Titles before a name, folded, each optionally followed by a dot.
TITLES_BEFORE = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "sir",
        "madam",  # English
        "sayin",
        "sn",
        "bay",
        "bayan",  # Turkish: Sayın, Sn., Bay, Bayan
        "harra",
        "hr",
        "proua",
        "pr",
        "preili",
        "prl",  # Estonian: härra, proua, preili
    }
)
#: Turkish forms of address after a name ("Ayşe Hanım", "Mehmet Bey"), folded.
TITLES_AFTER = frozenset({"hanim", "hanimefendi", "bey", "beyefendi"})

# Case endings, folded (ı → i, ü → u, ö → o). Estonian ones follow the stem vowel of a name that
# ends in a consonant (Tamm → Tamme-le) and come straight after a vowel (Jüri-le).
_ESTONIAN = ("s", "st", "sse", "l", "le", "lt", "ks", "ni", "na", "ta", "ga")
_AFTER_CONSONANT = frozenset(
    {
        "a",
        "e",
        "i",
        "u",
        "in",
        "un",
        "da",
        "de",
        "ta",
        "te",
        "dan",
        "den",
        "tan",
        "ten",
        "la",
        "le",
        "lar",
        "ler",  # Turkish: Özkana, Özkanın, Özkanda, Özkandan, Şahinle, Özkanlar
        *(vowel + ending for vowel in "aeiu" for ending in _ESTONIAN),  # Tammele, Tammega, Tammest
    }
)
_AFTER_VOWEL = frozenset(
    {
        "ya",
        "ye",
        "yi",
        "yu",
        "nin",
        "nun",
        "da",
        "de",
        "dan",
        "den",
        "yla",
        "yle",
        "la",
        "le",
        "lar",
        "ler",  # Turkish: Ayşeye, Ayşenin, Ayşede, Ayşeyle
        "t",
        *_ESTONIAN,  # Estonian: Jürit, Jürile, Jüriga
    }
)
_VOWELS = frozenset("aeiou")

_SPACE = "[ \u00a0]"
_MARK = "[\u0300-\u036f]"  # a combining mark, in text written decomposed (NFD)


_AFTER_TITLE_ENDINGS = _AFTER_CONSONANT | {""}


class _Patterns:
    """The patterns names are found with, compiled on first use."""

    def __init__(self) -> None:
        self.word = re.compile(rf"(?:[^\W\d_]{_MARK}*)+")  # letters: "anna_smith2" holds a name
        self.joiner = re.compile(rf"{_SPACE}+|{_SPACE}*[-‐‑–]{_SPACE}*|['’]")  # Smith-Jones
        self.title_gap = re.compile(rf"\.{_SPACE}*|{_SPACE}+")  # "Dr.Smith", "Mrs Smith"
        self.spaces = re.compile(rf"{_SPACE}+")  # before a form of address
        self.apostrophe = re.compile("['’]")  # O'Brien
        self.marks = re.compile(_MARK)


@cache
def _patterns() -> _Patterns:
    return _Patterns()


@cache
def _fold_table() -> dict[int, str]:
    """Latin letters with diacritics to their base letter, and the few that fold one way only."""
    table = {ord(k): v for k, v in {"ı": "i", "ς": "σ", "ø": "o", "ł": "l", "đ": "d"}.items()}
    for code in chain(range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base.isascii() and base != chr(code):
            table[code] = base.lower()
    return table


def fold(text: str) -> str:
    """``text`` lower-cased with Turkish İ/I rules and without diacritics, keeping its length.

    Every character folds to exactly one character, so positions in the folded text are positions
    in the original (``str.lower`` only lengthens İ, which is replaced first).
    """
    return text.replace("İ", "i").lower().translate(_fold_table())


def _key(word: str) -> str:
    """A folded word as looked up: without the combining marks of decomposed text."""
    return word if word.isascii() else _patterns().marks.sub("", word)


def name_parts(name: str) -> list[str]:
    """The parts of a name that are redacted: its words and their hyphen and apostrophe parts.

    ``"Anna Smith-Jones"`` → ``["Anna", "Smith", "Jones"]``; ``"Seán O'Brien"`` → ``["Seán",
    "Brien"]``. Titles and parts of one letter (initials) are left out.
    """
    parts = []
    for part in _patterns().word.findall(name):
        key = _key(fold(part))
        if len(key) >= 2 and key not in TITLES_BEFORE | TITLES_AFTER and part not in parts:
            parts.append(part)
    return parts


class _Parts:
    """The folded parts of some names, with what may follow each: how a word is recognised."""

    def __init__(self, names: tuple[str, ...]):
        self.exact = frozenset(_key(fold(p)) for name in names for p in name_parts(name))
        self.stems = tuple((p, _endings(p)) for p in sorted(self.exact, key=len) if _endings(p))

    def is_name(self, word: str) -> bool:
        if word in self.exact:
            return True
        return any(word.startswith(p) and word[len(p) :] in ends for p, ends in self.stems)


def _endings(part: str) -> frozenset[str]:
    if len(part) < 3 or not part.isalpha():
        return frozenset()
    endings = _AFTER_VOWEL if part[-1] in _VOWELS else _AFTER_CONSONANT
    return endings if len(part) >= 4 else frozenset(e for e in endings if len(e) >= 2)


@lru_cache(maxsize=64)
def _parts(names: tuple[str, ...]) -> _Parts:
    return _Parts(names)


def _is_after_title(word: str) -> bool:
    """A form of address after a name, with any ending ("Hanım", "Hanıma", "Beyle")."""
    return any(word.startswith(t) and word[len(t) :] in _AFTER_TITLE_ENDINGS for t in TITLES_AFTER)


def name_spans(text: str, names: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the names' runs are in ``text``, titles included, as (start, end) pairs."""
    parts = _parts(names)
    folded = fold(text)  # same length as text: a position in it is a position in text
    found = _patterns()
    if not parts.exact or (
        not any(p in folded for p in parts.exact) and not found.marks.search(folded)
    ):
        return []  # the common case, decided by substring search alone
    words = [(m.start(), m.end(), _key(m.group())) for m in found.word.finditer(folded)]

    def name_at(i: int) -> bool:
        _, end, word = words[i]
        if not parts.is_name(word):
            return False
        # "can't", "don't": English "n't", never a name with a suffix
        follows = words[i + 1] if i + 1 < len(words) else None
        return not (follows and follows[2] == "t" and follows[0] == end + 1 and folded[end] in "'’")

    def gap(i: int, pattern: re.Pattern[str]) -> bool:  # between word i and word i + 1
        return pattern.fullmatch(folded, words[i][1], words[i + 1][0]) is not None

    spans, i = [], 0
    while i < len(words):
        if not name_at(i):
            i += 1
            continue
        first = last = i
        while last + 1 < len(words) and gap(last, found.joiner) and name_at(last + 1):
            last += 1
        after = last + 1 < len(words) and _is_after_title(words[last + 1][2])
        if after and gap(last, found.spaces):
            last += 1
        if first > 0 and len(words[first - 1][2]) == 1 and gap(first - 1, found.apostrophe):
            first -= 1  # the O' of O'Brien, the D' of D'Angelo
        if first > 0 and words[first - 1][2] in TITLES_BEFORE and gap(first - 1, found.title_gap):
            first -= 1
        spans.append((words[first][0], words[last][1]))
        i = last + 1
    return spans
