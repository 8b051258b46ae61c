"""Stored times as the reader reads them: the one way a report shows a moment."""

from __future__ import annotations

from typing import Any

from callmate.dates import show_date
from callmate.language.i18n import language
from callmate.safe import visible


def when(stored: Any, style: str = "numeric") -> str:
    """A stored time in local time, as the language spoken writes it (``dates.STYLES``:
    ``2026-12-01 14:00``, ``01.12.2026 14:00``); anything that is not a time is shown as the
    text it is."""
    try:
        return show_date(stored, language(), style)
    except (ValueError, TypeError, OverflowError, AttributeError):
        return visible(str(stored))
