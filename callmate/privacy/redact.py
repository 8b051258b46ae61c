"""Masking card numbers before they are stored, and redacting personal data from exports.

:func:`redact_text` removes, in this order, e-mail addresses (``[email]``), phone numbers
(``[phone]``) and a customer's name (``[name]``); the rules for each are with their code below.
Redaction errs towards removing too much: an order number of seven digits or an ordinary word
that is also the customer's name goes too, while a part of a name or a number must never stay.

Names are found by :mod:`callmate.privacy.names`. Only the standard library; patterns are compiled
on first use, since the live call imports this module for :func:`mask_cards`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from callmate.privacy.names import name_parts, name_spans

__all__ = ["luhn_ok", "mask_cards", "name_parts", "redact_text"]

# 13 to 19 digits, optionally grouped by single spaces or dashes, not glued to other digits.
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")


def luhn_ok(digits: str) -> bool:
    """Whether a string of digits passes the Luhn check that card numbers carry."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def mask_cards(text: str) -> tuple[str, int]:
    """Replace card numbers (13-19 digits passing Luhn) with their last four; return the count."""
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        digits = re.sub(r"\D", "", match.group())
        if not 13 <= len(digits) <= 19 or not luhn_ok(digits):
            return match.group()
        count += 1
        return f"[card ••••{digits[-4:]}]"

    return _CARD.sub(replace, text), count


def redact_text(text: str, names: Iterable[str] = ()) -> str:
    """``text`` without e-mail addresses, phone numbers and any part of the given names.

    Works on any free text: notes, summaries, event data, an export's title ("Calls: search
    Özkan" → "Calls: search [name]"). ``names`` are full names as typed ("Işıl Özkan-Şahin").
    """
    if not text:
        return text
    text = _email_pattern().sub("[email]", text)
    text = _phone_pattern().sub(_phone_or_kept, text)
    if isinstance(names, str):  # one name given bare: not a sequence of one-letter names
        names = (names,)
    spans = name_spans(text, tuple(n for n in names if n))
    pieces, last = [], 0
    for start, end in spans:
        pieces += [text[last:start], "[name]"]
        last = end
    return "".join(pieces) + text[last:] if pieces else text


# -- e-mail ----------------------------------------------------------------------------------------


@cache
def _email_pattern() -> re.Pattern[str]:
    # A local part of letters (any script), digits and the symbols RFC 5322 allows, not starting
    # with a dot; "@"; a domain of two labels or more. A dot ending a sentence stays outside. An
    # apostrophe may start an address, so one quoting it ('ayse@example.com') loses its quote.
    atom = r"\w!#$%&'*+/=?^`{|}~-"
    # Tried only where a run of such characters starts, and never backing off: linear time.
    return re.compile(rf"(?<![.{atom}])[{atom}][.{atom}]*+@\w[\w-]*(?:\.[\w-]+)+")


# -- phone numbers ---------------------------------------------------------------------------------
#
# A phone number is a run of digit groups joined by one space, ".", "-" or "/", or by brackets
# ("(0532) 123-4567", "0 (532) 123 45 67", "+44 (0)20 7946 0958"), with an optional leading "+",
# holding 7 digits or more (Estonian numbers have 7 or 8, Turkish and British 10 or 11 with the
# trunk 0, American 10, international ones up to 15). The whole run is replaced, never a part of
# it ("0532/[phone]" was a leak). Runs longer than a phone number (two numbers written one after
# the other) go whole too. Not numbers: a run glued to a word ("SKU12345678"), going on from
# another number ("14:00:00.123456"), or continuing a code after a letter and a dash
# ("ORD-2026-000123456").
#
# Dates, times, year ranges and amounts with thousands dots have as many digits, so they are
# matched first and kept ("01.12.2026", "2026-11-23 14:00", "14.30-15.00", "2020-2026",
# "1.250.000"), and a phone number stops before a space followed by one of them.

_KEEP = r"""(?:
    (?:19|20)\d\d-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])             # 2026-11-23
  | (?:0?[1-9]|[12]\d|3[01])[./-](?:0?[1-9]|[12]\d|3[01])[./-](?:(?:19|20)\d\d|\d\d)
                                                                         # 1.12.2026, 12/31/26
  | (?:19|20)\d\d[ ]?[-–/][ ]?(?:19|20)\d\d                              # 2020-2026
  | (?:[01]?\d|2[0-3])[.:][0-5]\d(?:[.:][0-5]\d(?:[.,]\d{1,9})?)?          # 14.30, 10:00:05.123
  | \d{1,3}(?:\.\d{3}){2,}(?:,\d{1,2})?                                  # 1.250.000,50
)(?![\d.:/]?\d)"""
_GROUP = r"(?:\(\d{1,5}\)|\d+)"
_JOIN = rf"(?:[./-]|[ \u00a0](?!{_KEEP})|(?<=\))|(?=\())"
_PHONE = rf"""
    (?<![\w+•])                        # not glued to a word, a "+" or a card mask,
    (?<!\d[./:-])(?<![^\W\d_]-)        # nor going on from a number or a code ("ORD-2026-…")
    \+?{_GROUP}(?:{_JOIN}{_GROUP})*+  # possessive: a shorter run is never tried (and no
    (?!\d)(?!{_JOIN}\d)               # backtracking): the whole number or nothing
"""
_MIN_PHONE_DIGITS = 7


@cache
def _phone_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<!\d)(?P<keep>{_KEEP})|(?P<phone>{_PHONE})", re.VERBOSE)


def _phone_or_kept(match: re.Match[str]) -> str:
    found = match.group()
    if match.group("keep") is not None:
        return found
    digits = sum(ch.isdigit() for ch in found)
    return "[phone]" if digits >= _MIN_PHONE_DIGITS else found
