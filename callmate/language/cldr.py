"""Dates and numbers written as the Unicode locale data (CLDR) writes them in callmate's
languages, the same text Babel gives, without loading Babel (about 20 ms a process).

Only what callmate shows is here: the date pattern fields of ``dates.text`` (each language's
``Texts.styles`` and ``Texts.describe``) and the default decimal format. The names and symbols
are CLDR's, in ``cldr_names``, which ``python -m callmate.language.cldr_build`` writes from
Babel for every language of the registry; tests/test_cldr.py compares that module and many
outputs with Babel, so a Babel update that changes one fails there, and the fix is to run the
builder again.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from callmate.language.cldr_names import DAYS, MONTHS, NUMBER_SYMBOLS

# fmt: off
__all__ = [
    "DAYS", "FRACTION_DIGITS", "GROUP_SIZE", "MINUS", "MONTHS", "NUMBER_SYMBOLS",
    "format_datetime", "format_decimal", "format_fixed",
]
# fmt: on

# Every language's decimal format is "#,##0.###": groups of three digits, at most three decimals,
# rounded half to even. As Babel writes it, a negative number takes an ASCII hyphen-minus in every
# language (not CLDR's minus sign, "−" in Estonian), and four digits are grouped in every language
# ("1 234": Babel does not apply CLDR's minimumGroupingDigits).
GROUP_SIZE = 3
FRACTION_DIGITS = 3
MINUS = "-"

# Integers the decimal module's default context (28 digits) holds exactly with their three
# decimals; longer ones take its path, where it rounds or refuses them as it does for Babel.
_EXACT_INTEGERS = 10 ** (28 - FRACTION_DIGITS)

#: What each supported date field letter may be repeated: y any number of times, as in Babel.
# fmt: off
_FIELD_LENGTHS: dict[str, tuple[int, ...] | None] = {
    "y": None, "M": (1, 2, 3, 4), "d": (1, 2), "E": (1, 2, 3, 4), "H": (1, 2), "m": (1, 2),
    "s": (1, 2),
}
# fmt: on
_NUMERIC = {"M": "month", "d": "day", "H": "hour", "m": "minute", "s": "second"}
_WIDTHS = {1: "abbreviated", 2: "abbreviated", 3: "abbreviated", 4: "wide"}


def format_datetime(moment: datetime, pattern: str, code: str) -> str:
    """``moment``, in its own wall time, as the CLDR ``pattern`` writes it in language ``code``
    ("en", "tr", "et"): ``format_datetime(moment, "d MMM HH:mm", "tr")`` is ``"1 Ara 14:00"``.

    Fields: ``d dd``, ``M MM MMM MMMM``, ``y yy yyyy``, ``H HH``, ``m mm``, ``s ss``,
    ``E EE EEE EEEE``; text in single quotes (``'kell'``, ``''`` for a quote) and anything that
    is not a letter is written as it is. Any other field raises ValueError.
    """
    return "".join(
        token if isinstance(token, str) else _field(moment, *token, code)
        for token in _tokens(pattern)
    )


def _field(moment: datetime, letter: str, length: int, code: str) -> str:
    if letter == "y":
        year = f"{moment.year:0{length}d}"
        return year[-2:] if length == 2 else year
    if letter == "E":
        return DAYS[code][_WIDTHS[length]][moment.weekday()]
    if letter == "M" and length >= 3:
        return MONTHS[code][_WIDTHS[length]][moment.month - 1]
    return f"{getattr(moment, _NUMERIC[letter]):0{length}d}"


@cache
def _tokens(pattern: str) -> tuple[str | tuple[str, int], ...]:
    """A pattern as literal text and (field letter, length) pairs."""
    tokens: list[str | tuple[str, int]] = []
    text: list[str] = []
    quoted = False
    at = 0
    while at < len(pattern):
        char = pattern[at]
        if char == "'":
            if pattern.startswith("''", at):  # a quote, inside quoted text or outside it
                text.append("'")
                at += 2
            else:
                quoted = not quoted
                at += 1
            continue
        if quoted or not char.isascii() or not char.isalpha():
            text.append(char)
            at += 1
            continue
        length = 1
        while pattern.startswith(char, at + length):
            length += 1
        allowed = _FIELD_LENGTHS.get(char, ())
        if allowed is not None and length not in allowed:
            raise ValueError(f"unsupported date field {char * length!r} in {pattern!r}")
        if text:
            tokens.append("".join(text))
            text = []
        tokens.append((char, length))
        at += length
    if quoted:
        raise ValueError(f"unclosed quote in date pattern {pattern!r}")
    if text:
        tokens.append("".join(text))
    return tuple(tokens)


def format_decimal(value: int | float, code: str) -> str:
    """``value`` in language ``code``'s decimal format, as ``babel.numbers.format_decimal(value,
    locale=code)`` writes it: ``1,234.568`` in English, ``1.234,568`` in Turkish,
    ``1 234,568`` in Estonian (a no-break space). A float is read from its ``str`` and rounded
    half to even to three decimals; ``-0.0`` and a negative that rounds to zero are ``-0``."""
    symbols = NUMBER_SYMBOLS[code]
    if type(value) is int and abs(value) < _EXACT_INTEGERS:  # a count: no decimal module
        return (MINUS if value < 0 else "") + _grouped(str(abs(value)), symbols["group"])
    from decimal import Decimal  # only for a figure with decimals

    number = Decimal(str(value))
    sign = MINUS if number.is_signed() else ""
    number = abs(number).normalize()
    if number.is_infinite():
        return sign + symbols["infinity"]
    rounded = number.quantize(Decimal(1).scaleb(-FRACTION_DIGITS))
    whole, _, fraction = f"{rounded:f}".partition(".")
    fraction = fraction.rstrip("0")
    return (
        sign
        + _grouped(whole, symbols["group"])
        + (symbols["decimal"] + fraction if fraction else "")
    )


def format_fixed(value: float, places: int, code: str) -> str:
    """``value`` with exactly ``places`` decimals, grouped and pointed as language ``code`` writes
    a number: ``1,234.5`` in English, ``1.234,5`` in Turkish, ``1 234,5`` in Estonian (rounded as
    Python's ``format`` rounds, so it agrees with the figure's ``f"{value:.1f}"``)."""
    symbols = NUMBER_SYMBOLS[code]
    text = f"{abs(value):.{places}f}"
    whole, _, fraction = text.partition(".")
    sign = MINUS if value < 0 and text.strip("0.") else ""
    point = symbols["decimal"] + fraction if places else ""
    return sign + _grouped(whole, symbols["group"]) + point


def _grouped(digits: str, separator: str) -> str:
    first = len(digits) % GROUP_SIZE or GROUP_SIZE
    groups = [digits[:first]]
    groups += [digits[at : at + GROUP_SIZE] for at in range(first, len(digits), GROUP_SIZE)]
    return separator.join(groups)
