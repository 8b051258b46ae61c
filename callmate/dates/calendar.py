"""Calendar days, months and years as typed: "01.12.2026", "1 Aralık", "1. detsember 2026",
"2026-11", "kasım 2026", "2026"; and what is left to python-dateutil (English, ISO with offsets).

Numeric dates with dots are day first in every language ("1.12.2026", as Turkish, Estonian and
British writers use dots); with slashes and dashes they are day first in Turkish and Estonian, and
English keeps python-dateutil's month first. A date without a year is the nearest one in the
direction asked: back for a filter, ahead for a follow-up.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from callmate.dates.words import Lexicon, fold

DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"

_NUMERIC = re.compile(
    r"^(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d{2}))?\.?$"
)
_ISO_DAY = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
ISO_START = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
_YEAR = re.compile(r"^\d{4}$")
_YEAR_MONTH = re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})$")
_MONTH_YEAR = re.compile(r"^(?P<m>\d{1,2})[/.](?P<y>\d{4})$")
_DAY_NUMBER = re.compile(r"^\d{1,2}\.?$")  # "1" or Estonian "1."


class Unreadable(ValueError):
    """Why a text is no date: ``reason`` a key of ``dates.text.Texts.reasons``, ``part`` what."""

    def __init__(self, reason: str = "", part: str = ""):
        super().__init__(reason)
        self.reason, self.part = reason, part


@dataclass(frozen=True)
class Reading:
    """A typed date as read: the moment, and the period (DAY, WEEK, MONTH, YEAR) a plain date or
    a period's name ("last week") names."""

    moment: datetime
    period: str | None = None


@dataclass(frozen=True)
class Ask:
    """What one reading is asked: against which now (in ``tz``), which way, in which words."""

    now: datetime
    tz: tzinfo
    future: bool
    words: Lexicon
    language: str

    @property
    def today(self) -> datetime:
        """Local midnight today."""
        return self.now.replace(hour=0, minute=0, second=0, microsecond=0)


def period_end(reading: Reading) -> datetime:
    """Where the day, month or year a plain date names ends; an instant ends where it is."""
    start = reading.moment
    if reading.period == DAY:
        return start + timedelta(days=1)
    if reading.period == WEEK:
        return start + timedelta(days=7)
    if reading.period == MONTH:
        return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
    if reading.period == YEAR:
        return start.replace(year=start.year + 1)
    return start


# -- a whole month or year: "2026-11", "kasım 2026", "Nov", "2026" ---------------------------------


def period(folded: str, tokens: list[str], ask: Ask) -> Reading | None:
    """A whole month or year: "2026-11", "kasım 2026", "Nov", "2026"; None for anything else."""
    tokens = drop_fillers(tokens, ask.words)
    months = ask.words.months
    if len(tokens) == 1:
        token = tokens[0]
        if _YEAR.match(token):
            return Reading(ask.today.replace(year=int(token), month=1, day=1), YEAR)
        match = _YEAR_MONTH.match(token) or _MONTH_YEAR.match(token)
        if match:
            return _month(ask, int(match["m"]), int(match["y"]))
        if token in months:
            return _month(ask, months[token] + 1, None)
    if len(tokens) == 2:
        first, second = tokens
        if first in months and _YEAR.match(second):
            return _month(ask, months[first] + 1, int(second))
        if second in months and _YEAR.match(first):
            return _month(ask, months[second] + 1, int(first))
    return None


def _month(ask: Ask, month: int, year: int | None) -> Reading:
    """The month's first moment; without a year, the latest one begun (filters) or the next one
    (follow-ups); the month we are in counts either way, as today does for a day."""
    if not 1 <= month <= 12:
        raise Unreadable("no_date")
    if year is None:
        year = ask.now.year
        if not ask.future and month > ask.now.month:
            year -= 1
        elif ask.future and month < ask.now.month:
            year += 1
    return Reading(ask.today.replace(year=year, month=month, day=1), MONTH)


def calendar_day(tokens: list[str], ask: Ask) -> datetime | None:
    """A dated day ("01.12.2026", "1 Aralık", "1. detsember 2026"), maybe with its weekday,
    which must then agree ("1 Aralık 2026 Salı")."""
    named = [(i, ask.words.weekday(t)) for i, t in enumerate(tokens)]
    named = [(i, index) for i, index in named if index is not None]
    if len(named) > 1 or len(named) == len(tokens):
        return None
    rest = [t for i, t in enumerate(tokens) if not named or i != named[0][0]]
    day = _numeric_day(rest[0], ask) if len(rest) == 1 else _worded_day(rest, ask)
    if day is not None and named and named[0][1] != day.weekday():
        raise Unreadable("weekday")
    return day


def _numeric_day(token: str, ask: Ask) -> datetime | None:
    """ "01.12.2026", "1.12", "24/11", "2026-12-01"; None for "10.00" (a time) and English
    slashes (left to python-dateutil)."""
    if match := _ISO_DAY.match(token):
        return _on_date(ask, int(match["y"]), int(match["m"]), int(match["d"]))
    match = _NUMERIC.match(token)
    if not match:
        return None
    day, month, year = int(match["a"]), int(match["b"]), match["y"]
    if match["sep"] != "." and ask.language == "en":
        return None  # English slashes: month first, as python-dateutil reads them
    if match["sep"] == "." and year is None and not 1 <= month <= 12:
        return None  # "10.00", "14.30": a time of day
    if year is None:
        return _nearest(ask, month, day)
    return _on_date(ask, int(year) + (2000 if len(year) == 2 else 0), month, day)


def _worded_day(tokens: list[str], ask: Ask) -> datetime | None:
    """ "1 Aralık", "Nov 1", "1. detsember 2026", "December 3 2026"."""
    months = ask.words.months
    year = None
    if len(tokens) == 3 and _YEAR.match(tokens[2]):
        year, tokens = int(tokens[2]), tokens[:2]
    if len(tokens) != 2:
        return None
    first, second = tokens
    if first in months and _DAY_NUMBER.match(second):
        month, day = months[first] + 1, int(second.rstrip("."))
    elif second in months and _DAY_NUMBER.match(first):
        month, day = months[second] + 1, int(first.rstrip("."))
    else:
        return None
    return _nearest(ask, month, day) if year is None else _on_date(ask, year, month, day)


def _on_date(ask: Ask, year: int, month: int, day: int) -> datetime:
    """Local midnight of that date; Unreadable when there is no such date ("31.04.2026")."""
    try:
        return ask.today.replace(year=year, month=month, day=day)
    except ValueError:
        raise Unreadable("no_date") from None


def _nearest(ask: Ask, month: int, day: int) -> datetime:
    """A day and month without a year: the nearest one in the direction asked (today stays)."""
    today, step = ask.today, 1 if ask.future else -1
    first = today.year
    if (month, day) != (today.month, today.day):
        later_this_year = (month, day) > (today.month, today.day)
        first += int(ask.future and not later_this_year) - int(not ask.future and later_this_year)
    for year in range(first, first + 9 * step, step):  # 29 February waits for a leap year
        with suppress(ValueError):
            return today.replace(year=year, month=month, day=day)
    raise Unreadable("no_date")


def drop_fillers(tokens: list[str], words: Lexicon) -> list[str]:
    """Without words that add nothing after a weekday or month ("cuma günü", "kasım ayı"), or
    first ("alates 1. novembrist": the since field's own word)."""
    kept: list[str] = []
    if len(tokens) > 1 and tokens[0] in words.leading:
        tokens = tokens[1:]
    for token in tokens:
        after_name = kept and (kept[-1] in words.months or words.weekday(kept[-1]) is not None)
        if not (token in words.fillers and after_name):
            kept.append(token)
    return kept


# -- everything else English, and ISO with offsets: python-dateutil ------------------------------


def dateutil_reading(text: str, ask: Ask) -> Reading:
    """What python-dateutil reads (month first for slashes), the way English always read dates."""
    from dateutil import parser

    midnight = ask.today.replace(tzinfo=None)
    probe = midnight.replace(hour=13, minute=37, second=29)
    first = parser.parse(text, default=midnight)
    dated_only = parser.parse(text, default=probe).time() == probe.time()
    if first.tzinfo is None:
        first = first.replace(tzinfo=ask.tz)
    if not re.search(r"\d{4}", text) and first.date() != ask.now.date():
        # "Nov 1": the nearest one in the direction asked for.
        if not ask.future and first > ask.now:
            first = first.replace(year=first.year - 1)
        elif ask.future and first < ask.now:
            first = first.replace(year=first.year + 1)
    return Reading(first, DAY if dated_only else None)


def looks_ambiguous(text: str) -> bool:
    """Whether typed text holds a numeric date a reader could take two ways: "05.12" (5 December or
    May 12), "1/2", "10.05" (10 May or 10:05), or a two-digit year ("01.12.26")."""
    for token in fold(text).split():
        match = _NUMERIC.match(token)
        if not match:
            continue
        a, b, year = int(match["a"]), int(match["b"]), match["y"]
        if a == 0 or not 1 <= b <= 12:
            continue  # "10.00", "14.30": a time of day, nothing else
        if a != b and a <= 12:
            return True
        if year is not None and len(year) == 2:
            return True
        if match["sep"] == "." and year is None and len(match["b"]) == 2 and a <= 23:
            return True
    return False
