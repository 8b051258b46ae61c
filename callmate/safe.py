"""Text from the data made safe for people: for a terminal, for a table, for a spreadsheet.

Stored text (notes, names, summaries, events, merged or crafted logs) is the data's, not ours;
shown raw, it could drive the terminal (OSC 52 clipboard writes, window titles, screen clears,
hyperlinks), hide or reorder what is on screen (backspace, carriage return, right-to-left
overrides), or run as a formula when a CSV export is opened in a spreadsheet. The building
blocks against that:

- :func:`visible` shows every control and invisible formatting character as a harmless symbol;
- :func:`cell_width`, :func:`fit` and :func:`pad` measure, cut and pad text by terminal cells;
- :func:`csv_cell` neutralises a CSV cell a spreadsheet would run as a formula.

The order for anything shown in a table is ``pad(visible(text), width)`` — visible first, so that
the width is measured on what will actually be printed and a cut never lands inside a symbol.

Only the standard library, imported lazily where it costs: this module sits on the start-up path.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import cache

# fmt: off
__all__ = [
    "ELLIPSIS", "FORMAT_RANGES", "FORMULA_TRIGGERS", "TAB",
    "cell_width", "csv_cell", "fit", "pad", "replace_hidden", "symbol", "visible",
]
# fmt: on

# -- visible ---------------------------------------------------------------------------------------

#: Format characters (Unicode category Cf, as of Unicode 15.1) that :func:`visible` shows. They
#: are invisible and can reorder (bidi controls), hide or split text (zero-width space, word
#: joiner, tags, interlinear annotations) or change its width unpredictably (soft hyphen).
#: U+200C ZERO WIDTH NON-JOINER and U+200D ZERO WIDTH JOINER are left out on purpose: emoji
#: sequences (👩‍💻) and several scripts need them, and they join, they do not hide or reorder.
#: ``tests/test_safe.py`` checks this table against the running Python's own Unicode data.
FORMAT_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD),  # soft hyphen
    (0x0600, 0x0605),  # Arabic number signs
    (0x061C, 0x061C),  # Arabic letter mark (bidi)
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),  # Mongolian vowel separator
    (0x200B, 0x200B),  # zero-width space
    (0x200E, 0x200F),  # left-to-right / right-to-left marks
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x206F),  # word joiner, invisible operators, bidi isolates, deprecated formats
    (0xFEFF, 0xFEFF),  # zero-width no-break space (byte order mark)
    (0xFFF9, 0xFFFB),  # interlinear annotations
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),  # Egyptian hieroglyph format controls
    (0x1BCA0, 0x1BCA3),  # shorthand format controls
    (0x1D173, 0x1D17A),  # musical format controls
    (0xE0001, 0xE0001),  # language tag
    (0xE0020, 0xE007F),  # tag characters: invisible copies of ASCII ("ASCII smuggling")
)

#: What a tab becomes. A tab is layout, not content, and terminals expand it to a width no table
#: can know, so it is shown as one plain space.
TAB = " "

# Characters visible() replaces besides the C0 controls: DEL, the C1 controls, the line and
# paragraph separators U+2028/U+2029 (they break lines where no newline is), lone surrogates
# (non-UTF-8 input decoded with surrogateescape; they cannot even be encoded), and the format
# characters above.
_HIDDEN = "\x7f-\x9f\u2028\u2029\ud800-\udfff" + "".join(
    chr(first) if first == last else f"{chr(first)}-{chr(last)}" for first, last in FORMAT_RANGES
)


@cache
def _hidden_beyond_ascii() -> re.Pattern[str]:
    return re.compile(f"[{_HIDDEN}]")


def replace_hidden(text: str, replace: Callable[[str], str]) -> str:
    """``text`` with each hidden character other than the C0 controls (the ones :func:`visible`
    shows besides them: DEL, C1, format characters, U+2028/U+2029, lone surrogates) replaced by
    ``replace(ch)``. For output that must stay exact but harmless, such as JSON, where
    ``replace`` writes an escape (``\\u009b``) instead of a symbol."""
    pattern = _hidden_beyond_ascii()
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda match: replace(match.group()), text)


@cache
def _hidden_pattern(newlines: bool) -> re.Pattern[str]:
    if not newlines:
        return re.compile(f"[\x00-\x1f{_HIDDEN}]")
    # Keep "\n", and read a Windows line end "\r\n" as one "\n": pasted text often has them.
    return re.compile(f"\r\n|[\x00-\x09\x0b-\x1f{_HIDDEN}]")


def symbol(ch: str) -> str:
    """The visible stand-in for one hidden character.

    C0 controls become their Unicode Control Picture (ESC → ``␛``, NUL → ``␀``, CR → ``␍``),
    DEL becomes ``␡``, a byte that was not UTF-8 (a surrogate U+DC80–U+DCFF from surrogateescape)
    becomes ``⟨0xFF⟩``, anything else ``⟨U+202E⟩`` (upper-case hex, at least four digits).
    """
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if 0xDC80 <= code <= 0xDCFF:
        return f"⟨0x{code - 0xDC00:02X}⟩"
    return f"⟨U+{code:04X}⟩"


def _replace(match: re.Match[str]) -> str:
    found = match.group()
    if found == "\t":
        return TAB
    if found == "\r\n":
        return "\n"
    return symbol(found)


def visible(text: str | bytes, *, newlines: bool = False) -> str:
    """``text`` with every character that could act on a terminal or hide text shown as a symbol.

    Replaced: C0 controls (``\\x1b`` → ``␛``), DEL (``␡``), C1 controls U+0080–U+009F, format
    characters (bidi marks, embeddings, overrides and isolates, zero-width space, word joiner,
    byte order mark, tags — see ``FORMAT_RANGES``), U+2028/U+2029 and lone surrogates; see
    :func:`symbol` for the forms. A tab becomes a space. With ``newlines=True``, ``\\n`` is kept
    (and ``\\r\\n`` becomes ``\\n``) for multi-line text such as a note shown on its own.

    Everything else passes unchanged: letters of every script (İ ı ş ğ õ ä ö ü, CJK), emoji and
    their joiners, combining marks, private-use characters. The result is always encodable as
    UTF-8, and ``visible`` is idempotent: the symbols are themselves ordinary characters.
    Bytes (what a hand-made log may hold where text belongs) are read as UTF-8, and a byte that
    is not shown as ``⟨0xFF⟩``.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", "surrogateescape")
    pattern = _hidden_pattern(newlines)
    if pattern.search(text) is None:  # the common case: nothing to do, no copy
        return text
    return pattern.sub(_replace, text)


# -- cell widths -----------------------------------------------------------------------------------

#: What :func:`fit` puts where it cut: one cell.
ELLIPSIS = "…"
_VS16 = "\ufe0f"  # variation selector 16: "show the character before as an emoji"
_ZWJ = "\u200d"
_ZERO_WIDTH_CATEGORIES = frozenset({"Mn", "Me", "Cf", "Cc"})


@cache
def _token_pattern() -> re.Pattern[str]:
    # The symbols visible() makes, cut as one unit; any other character is its own token.
    return re.compile(r"⟨(?:U\+[0-9A-F]{4,6}|0x[0-9A-F]{2})⟩|.", re.DOTALL)


def _char_width(ch: str) -> int:
    if unicodedata.category(ch) in _ZERO_WIDTH_CATEGORIES or "\u1160" <= ch <= "\u11ff":
        return 0  # combining marks, joiners, controls; Hangul medial vowels and final consonants
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _clusters(text: str) -> Iterator[tuple[str, int]]:
    """``text`` as the units a cut must not split, each with its width in cells.

    A unit is a symbol from :func:`visible`, or a character with the zero-width characters after
    it (combining marks, variation selectors, joiners) and, after a zero-width joiner, the
    character it joins. Widths add up per character, like Rich's ``cell_len``; a narrow character
    followed by VS16 (``❤️``) counts two cells, as terminals draw it as an emoji.
    """
    chars, width = "", 0
    joined = False  # the previous character was a zero-width joiner
    last = 0  # the width of the unit's last character that takes room
    for match in _token_pattern().finditer(text):
        token = match.group()
        extra = _char_width(token) if len(token) == 1 else len(token)
        if chars and (joined or extra == 0):
            if token == _VS16 and last == 1:  # the character before it becomes an emoji
                extra, last = 1, 2
            elif extra:
                last = extra
            chars += token
            width += extra
        else:
            if chars:
                yield chars, width
            chars, width, last = token, extra, extra
        joined = token == _ZWJ
    if chars:
        yield chars, width


def cell_width(text: str) -> int:
    """How many terminal cells ``text`` takes on one line.

    East Asian Wide and Fullwidth characters (CJK, most emoji) take two cells; combining marks,
    zero-width and control characters none; everything else one, East Asian Ambiguous ones
    included (``…``), as in Western terminals. A narrow character with VS16 takes two. Emoji
    sequences joined by U+200D count as the sum of their parts, which terminals that draw them
    as one picture overestimate — safe for padding. An approximation of wcwidth, without it.
    """
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(width for _, width in _clusters(text))


def fit(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells, ending in ``…`` when it was cut.

    Never cuts a character from its combining marks or joiners, nor inside a symbol made by
    :func:`visible`. Give it one line that has passed :func:`visible`. Reads no further into
    ``text`` than the width needs, so a long note costs no more than a short one.
    """
    if width <= 0:
        return ""
    if text.isascii() and text.isprintable():
        return text if len(text) <= width else text[: width - 1] + ELLIPSIS
    kept: list[str] = []
    used = 0
    room = 0  # how many units of kept fit with the ellipsis after them
    for chars, cells in _clusters(text):
        used += cells
        if used > width:
            return "".join(kept[:room]) + ELLIPSIS
        kept.append(chars)
        if used < width:
            room = len(kept)
    return text


def pad(text: str, width: int, align: str = "left") -> str:
    """``text`` fitted to ``width`` cells, then padded with spaces to exactly ``width`` cells.

    ``align`` is ``"left"`` (spaces after) or ``"right"`` (spaces before, for numbers).
    """
    if align not in ("left", "right"):
        raise ValueError(f"align must be 'left' or 'right', not {align!r}")
    shown = fit(text, width)
    gap = " " * (max(width, 0) - cell_width(shown))
    return shown + gap if align == "left" else gap + shown


# -- CSV -------------------------------------------------------------------------------------------

#: First characters that make a spreadsheet read a cell as a formula: OWASP's = + - @ tab and
#: carriage return; NUL (OWASP ASVS); "|" (DDE payloads); and the fullwidth ＝ ＋ － ＠ that some
#: spreadsheets take for their ASCII forms.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\x00|＝＋－＠")


def csv_cell(value: object) -> str | int | float | None:
    """A value made safe to write as one CSV cell that a spreadsheet will open.

    The rule (after OWASP's "CSV Injection"): a text whose first character — after any leading
    whitespace, which spreadsheets may skip — is ``=``, ``+``, ``-``, ``@``, a tab, a carriage
    return, NUL, ``|`` or a fullwidth ``＝ ＋ － ＠`` gets a single quote ``'`` in front, so the
    spreadsheet shows it as text and runs nothing. Text is always treated as text: the string
    ``"-5"`` becomes ``"'-5"`` too. Numbers (``int``, ``float``, ``bool``) and ``None`` are
    returned unchanged — a number is never a formula. Any other value is written as its ``str``.

    The quote is in the data: programs reading the CSV see it (the JSON export stays exact).
    A separator or quote inside a cell is the CSV writer's job: quote every cell
    (``csv.QUOTE_ALL``), since spreadsheets in Turkish and Estonian locales split on ``;``.
    """
    if value is None or isinstance(value, (int, float)):
        return value
    text = value if isinstance(value, str) else str(value)
    risky = text[:1] in FORMULA_TRIGGERS or text.lstrip()[:1] in FORMULA_TRIGGERS
    return "'" + text if risky else text
