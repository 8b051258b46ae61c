"""Masking card numbers before they are stored, and redacting personal data from exports."""

from __future__ import annotations

import re

# 13 to 19 digits, optionally grouped by single spaces or dashes, not glued to other digits.
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Phone numbers: an optional +country code, then at least 7 digits with common separators;
# not a date (2026-11-01, 01.11.2026), which has as many digits.
_PHONE = re.compile(
    r"(?<![\w+])(?!\d{4}-\d\d?-\d\d?(?!\d)|\d\d?[./-]\d\d?[./-]\d{4}(?!\d))"
    r"(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d(?:[ .-]?\d){6,13}(?!\w)"
)


def luhn_ok(digits: str) -> bool:
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

    def replace(match: re.Match) -> str:
        nonlocal count
        digits = re.sub(r"\D", "", match.group())
        if not 13 <= len(digits) <= 19 or not luhn_ok(digits):
            return match.group()
        count += 1
        return f"[card ••••{digits[-4:]}]"

    return _CARD.sub(replace, text), count


def redact_text(text: str, names: list[str] | tuple[str, ...] = ()) -> str:
    """Remove e-mail addresses, phone numbers and the given names (whole words, any case)."""
    if not text:
        return text
    text = _EMAIL.sub("[email]", text)
    text = _PHONE.sub("[phone]", text)
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        for part in (name, *name.split()):  # the whole name first, then its parts
            if len(part) < 2:
                continue
            text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", "[name]", text, flags=re.IGNORECASE)
    return text
