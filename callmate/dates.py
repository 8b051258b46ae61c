"""Dates typed as text ("yesterday", "7d", "Nov 1", "tomorrow 10:00"), and how times are stored.

Stored times are UTC ISO-8601 with an offset; people see local time.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo

EXAMPLES = '2026-11-01, "Nov 1", today, yesterday, 7d, 2w, monday, "tomorrow 10:00", +2d'
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_UNITS = {
    "m": "minutes", "min": "minutes", "mins": "minutes", "minute": "minutes", "minutes": "minutes",
    "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours",
    "d": "days", "day": "days", "days": "days",
    "w": "weeks", "wk": "weeks", "week": "weeks", "weeks": "weeks",
    "mo": "months", "month": "months", "months": "months",
    "y": "years", "year": "years", "years": "years",
}  # fmt: skip
_RELATIVE = re.compile(
    r"^(?P<sign>[+-])?\s*(?P<n>\d+)\s*(?P<unit>[a-z]+)(?:\s+(?P<ago>ago))?$"
    r"|^in\s+(?P<n2>\d+)\s*(?P<unit2>[a-z]+)$"
)
_TIME = re.compile(r"^(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ampm>am|pm)?$")


class DateError(ValueError):
    """Typed text that is not a date or time we can read."""

    def __init__(self, text: str, why: str = ""):
        self.text = text
        reason = f" ({why})" if why else ""
        super().__init__(f"cannot read {text!r} as a date or time{reason}; try {EXAMPLES}")


def local_tz() -> tzinfo:
    from dateutil.tz import tzlocal

    return tzlocal()


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_iso(moment: datetime) -> str:
    """The stored form: UTC, ISO-8601 with offset, to the second (so text order is time order)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are not stored")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def show_local(text_or_moment: str | datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored time as the person reading it sees their clock."""
    if not text_or_moment:
        return ""
    moment = from_iso(text_or_moment) if isinstance(text_or_moment, str) else text_or_moment
    return moment.astimezone(local_tz()).strftime(fmt)


def parse_when(
    text: str,
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    future: bool = False,
    end_of_day: bool = False,
) -> datetime:
    """Read a typed date or time as an aware datetime.

    ``future`` resolves bare weekdays and undated days forward (a follow-up time); otherwise they
    resolve backward (a filter). ``end_of_day`` turns a plain date into the start of the next day,
    so ``--until yesterday`` includes all of yesterday.
    """
    tz = tz or local_tz()
    now = (now or utc_now()).astimezone(tz)
    raw = text
    text = " ".join(text.strip().lower().split())
    if not text:
        raise DateError(raw, "it is empty")
    try:
        moment, dated_only = _parse(text, now, tz, future)
    except DateError:
        raise
    except (ValueError, OverflowError) as exc:
        raise DateError(raw) from exc
    if moment is None:
        raise DateError(raw)
    if dated_only and end_of_day:
        moment = moment + timedelta(days=1)
    return moment


def _midnight(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _parse(text: str, now: datetime, tz: tzinfo, future: bool) -> tuple[datetime | None, bool]:
    if text == "now":
        return now, False
    relative = _RELATIVE.match(text)
    if relative and (relative.group("unit") or relative.group("unit2")) in _UNITS:
        return _relative(relative, now, future), False
    if _TIME.match(text):
        moment = _at_time(_midnight(now), text, text)
        return (moment + timedelta(days=1) if future and moment < now else moment), False
    day_word, _, rest = text.partition(" ")
    day = _day(day_word, now, future)
    if day is not None:
        if not rest:
            return day, True
        return _at_time(day, rest, text), False
    return _dateutil(text, now, tz, future)


def _relative(match: re.Match, now: datetime, future: bool) -> datetime:
    from dateutil.relativedelta import relativedelta

    n = int(match.group("n") or match.group("n2"))
    unit = _UNITS[match.group("unit") or match.group("unit2")]
    forward = match.group("n2") is not None or match.group("sign") == "+"
    if match.group("sign") is None and match.group("n2") is None and not match.group("ago"):
        forward = future
    delta = relativedelta(**{unit: n})
    if unit in ("hours", "minutes"):
        # Elapsed time, not clock time: "3h" across a clock change is still three hours.
        base = now.astimezone(UTC)
        return (base + delta if forward else base - delta).astimezone(now.tzinfo)
    return now + delta if forward else now - delta


def _day(word: str, now: datetime, future: bool) -> datetime | None:
    today = _midnight(now)
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    if word == "tomorrow":
        return today + timedelta(days=1)
    for index, name in enumerate(_WEEKDAYS):
        if len(word) >= 3 and name.startswith(word):
            if future:
                return today + timedelta(days=(index - today.weekday() - 1) % 7 + 1)
            return today - timedelta(days=(today.weekday() - index) % 7)
    return None


def _at_time(day: datetime, text: str, whole: str) -> datetime:
    match = _TIME.match(text.removeprefix("at ").strip())
    if not match:
        raise DateError(whole, f"{text!r} is not a time of day")
    hour, minute = int(match.group("h")), int(match.group("m") or 0)
    if match.group("ampm") == "pm" and hour < 12:
        hour += 12
    elif match.group("ampm") == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise DateError(whole, f"{text!r} is not a time of day")
    return day.replace(hour=hour, minute=minute)


def _dateutil(text: str, now: datetime, tz: tzinfo, future: bool) -> tuple[datetime, bool]:
    from dateutil import parser

    midnight = _midnight(now).replace(tzinfo=None)
    probe = midnight.replace(hour=13, minute=37, second=29)
    first = parser.parse(text, default=midnight)
    dated_only = parser.parse(text, default=probe).time() == probe.time()
    if first.tzinfo is None:
        first = first.replace(tzinfo=tz)
    has_year = bool(re.search(r"\d{4}", text))
    if not has_year and first.date() != now.date():
        # "Nov 1": the nearest one in the direction asked for.
        if not future and first > now:
            first = first.replace(year=first.year - 1)
        elif future and first < now:
            first = first.replace(year=first.year + 1)
    return first, dated_only


def format_duration(seconds: float | None, *, calm: bool = False) -> str:
    """``4:05`` or ``1:02:03``; in calm mode whole minutes only (``4 min``), no ticking seconds."""
    if seconds is None:
        return "–"
    seconds = max(0, int(seconds))
    if calm:
        minutes = seconds // 60
        return "<1 min" if minutes == 0 else f"{minutes} min"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
