"""Dates typed as text ("yesterday", "7d", "Nov 1", "yarın 10:00", "3 päeva tagasi"), dates shown
in the reader's language, and how times are stored.

Stored times are UTC ISO-8601 with an offset; people see local time. Reading is in dates.read
(its word tables in dates.words), what is said back in dates.text and written by cldr.
python-dateutil is imported only when a date is read: neither start-up nor a shown date loads it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from datetime import UTC, datetime, time, tzinfo
from typing import TYPE_CHECKING, cast

from callmate.dates.text import EXAMPLES_BY_LANGUAGE, FOLLOW_UP_EXAMPLES, STYLES, TEXTS
from callmate.language.cldr import format_datetime
from callmate.language.registry import LANGUAGES, language_code

if TYPE_CHECKING:
    from callmate.dates.calendar import Reading

# fmt: off
__all__ = [
    "EXAMPLES", "EXAMPLES_BY_LANGUAGE", "FOLLOW_UP_EXAMPLES", "LANGUAGES", "STYLES", "TEXTS",
    "WORKDAY_START", "DateError", "describe", "format_duration", "from_iso",
    "local_tz", "looks_ambiguous", "parse_follow_up", "parse_when", "show_date", "show_local",
    "to_iso", "utc_now",
]
# fmt: on

EXAMPLES = EXAMPLES_BY_LANGUAGE["en"]

#: A follow-up typed as a day alone ("tomorrow", "2026-12-09", "yarın", "homme", "friday") is due
#: when the working day starts there (local time), not at midnight.
WORKDAY_START = time(9, 0)


class DateError(ValueError):
    """Typed text that is not a date or time we can read. The message is one sentence in the
    agent's language, quoting the text and giving examples that work in that language."""

    def __init__(
        self,
        text: str,
        why: str = "",
        *,
        language: str = "en",
        examples: dict[str, str] = EXAMPLES_BY_LANGUAGE,
    ):
        self.text = text
        self.language = language_code(language)
        super().__init__(
            TEXTS[self.language].unreadable.format(
                text=repr(text),
                reason=f" ({why})" if why else "",
                examples=examples[self.language],
            )
        )


def local_tz() -> tzinfo:
    """The zone of this machine's clock (``TZ`` or the system's), with its daylight-saving rules:
    for reading dates. Showing one needs no zone object: ``moment.astimezone()``.

    The tz database's zone of that name when it goes by one (``TZ=Europe/Tallinn``, or
    ``/etc/localtime`` linked to it: no python-dateutil to load), else the C library's own
    reckoning through python-dateutil (a ``TZ`` such as ``EST5EDT``, a copied file)."""
    name = _zone_name()
    if name:
        from zoneinfo import ZoneInfo

        try:
            return ZoneInfo(name)
        except (KeyError, ValueError, OSError):  # no such zone here, or not a zone's name
            pass
    from dateutil.tz import tzlocal

    return cast(tzinfo, tzlocal())  # dateutil is untyped here


def _zone_name() -> str | None:
    """The tz database name of this machine's zone, if it goes by one."""
    if "TZ" in os.environ:
        name = os.environ["TZ"].removeprefix(":")
        return name if "/" in name or name == "UTC" else None
    try:
        target = os.readlink("/etc/localtime")
    except OSError:
        return None
    _, found, name = target.partition("zoneinfo/")
    return name if found and name else None


def utc_now() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)


def to_iso(moment: datetime) -> str:
    """The stored form: UTC, ISO-8601 with offset, to the second (so text order is time order)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are not stored")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_iso(text: str) -> datetime:
    """A stored time back as an aware datetime."""
    return datetime.fromisoformat(text)


def show_local(text_or_moment: str | datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored time as the person reading it sees their clock (strftime ``fmt``, so English
    names: use ``show_date`` for the reader's language)."""
    if not text_or_moment:
        return ""
    moment = from_iso(text_or_moment) if isinstance(text_or_moment, str) else text_or_moment
    return moment.astimezone().strftime(fmt)


def parse_when(
    text: str,
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    future: bool = False,
    end_of_day: bool = False,
    language: str = "en",
) -> datetime:
    """Read a typed date or time as an aware datetime, in the words of ``language`` ("en", "tr",
    "et"; English words and ISO dates are understood in every language).

    ``future`` resolves bare weekdays, undated days and months forward (a follow-up time);
    otherwise they resolve backward (a filter). ``end_of_day`` turns a plain date into the start of
    the next day, and a month or year into the start of the next one, so ``--until yesterday`` or
    ``--until 2026-11`` includes all of it. Raises DateError (a ValueError) for anything else.
    """
    from callmate.dates.read import period_end

    def moment(reading: Reading) -> datetime:
        return period_end(reading) if end_of_day else reading.moment

    return _read(text, moment, now=now, tz=tz, future=future, language=language)


def parse_follow_up(
    text: str, *, now: datetime | None = None, tz: tzinfo | None = None, language: str = "en"
) -> datetime:
    """A follow-up time as typed in the wrap-up: read forward (``parse_when(future=True)``), and a
    day, month or year alone is due at WORKDAY_START on its first day, local time ("tomorrow":
    tomorrow 09:00). Raises DateError with the follow-up's own examples, all of them ahead."""

    def moment(reading: Reading) -> datetime:
        if reading.period is None:
            return reading.moment
        return reading.moment.replace(hour=WORKDAY_START.hour, minute=WORKDAY_START.minute)

    return _read(
        text, moment, now=now, tz=tz, future=True, language=language, examples=FOLLOW_UP_EXAMPLES
    )


def _read(
    text: str,
    moment: Callable[[Reading], datetime],
    *,
    now: datetime | None,
    tz: tzinfo | None,
    future: bool,
    language: str,
    examples: dict[str, str] = EXAMPLES_BY_LANGUAGE,
) -> datetime:
    """``moment`` of the reading of ``text``, storable; DateError (with ``examples``) if none."""
    from callmate.dates.read import Unreadable

    tz = tz or local_tz()
    now = (now or utc_now()).astimezone(tz)
    code = language_code(language)
    try:
        reading = _reading(text, now=now, tz=tz, future=future, language=code)
        found = moment(reading)
        found.astimezone(UTC)  # storable: 0001-01-01 west of UTC is before the calendar's start
        return found
    except Unreadable as exc:
        why = TEXTS[code].reasons.get(exc.reason, "").format(part=repr(exc.part))
        raise DateError(text, why, language=code, examples=examples) from None
    except OverflowError as exc:  # "9999999999 gün önce"
        why = TEXTS[code].reasons["too_far"]
        raise DateError(text, why, language=code, examples=examples) from exc
    except ValueError as exc:  # python-dateutil's ParserError, fields out of range
        raise DateError(text, language=code, examples=examples) from exc


def _reading(text: str, *, now: datetime, tz: tzinfo, future: bool, language: str) -> Reading:
    """The reading of ``text`` in the words of ``language``, else in another language's (a
    Turkish or Estonian phrase is read whatever the reader's language: "öğleden sonra 3" with
    English spoken); what the reader's own words refuse stays refused ("25:00")."""
    from callmate.dates.read import Unreadable, read

    refused: ValueError | None = None
    try:
        reading = read(text, now=now, tz=tz, future=future, language=language)
    except Unreadable:
        raise
    except ValueError as exc:  # python-dateutil's, for English: perhaps another language's words
        reading, refused = None, exc
    for other in LANGUAGES:
        if reading is None and other not in (language, "en"):  # English words are in every one
            with contextlib.suppress(Unreadable):
                reading = read(text, now=now, tz=tz, future=future, language=other)
    if reading is not None:
        return reading
    raise refused or Unreadable()


def looks_ambiguous(text: str) -> bool:
    """Whether ``text`` holds a numeric date a reader could take two ways ("05.12": 5 December or
    May 12; "1/2"; "10.05": 10 May or 10:05; a two-digit year): worth showing back in words."""
    from callmate.dates.calendar import looks_ambiguous as ambiguous

    return ambiguous(text)


# -- shown dates ----------------------------------------------------------------------------------


def describe(
    moment: datetime, language: str = "en", *, tz: tzinfo | None = None, with_time: bool = True
) -> str:
    """A moment in words, as the language writes a full date, 24-hour clock, local time (or
    ``tz``): "Tuesday 1 December 2026, 14:00", "1 Aralık 2026 Salı, 14:00",
    "teisipäev, 1. detsember 2026, kell 14:00". Show it beside a typed date so a misread one is
    seen before it is saved."""
    code = language_code(language)
    return _formatted(moment, TEXTS[code].describe[1 if with_time else 0], code, tz)


def show_date(
    text_or_moment: str | datetime | None,
    language: str = "en",
    style: str = "day_time",
    *,
    tz: tzinfo | None = None,
) -> str:
    """A stored time in the reader's language and local time, in one of STYLES: "day_time"
    ("1 Ara 14:00", "1. dets 14:00", "1 Dec 14:00"), "weekday_time", "date", "numeric",
    "numeric_short", "time", "time_seconds". Empty for no time."""
    if not text_or_moment:
        return ""
    moment = from_iso(text_or_moment) if isinstance(text_or_moment, str) else text_or_moment
    code = language_code(language)
    return _formatted(moment, TEXTS[code].styles[style], code, tz)


def _formatted(moment: datetime, pattern: str, code: str, tz: tzinfo | None) -> str:
    # No tz: the machine's zone, as the C library tells it (TZ honoured), without dateutil.
    return format_datetime(moment.astimezone(tz), pattern, code)


def format_duration(seconds: float | None, *, calm: bool = False, language: str = "en") -> str:
    """``4:05`` or ``1:02:03``; in calm mode whole minutes only (``4 min``, Turkish ``4 dk``),
    no ticking seconds."""
    if seconds is None:
        return "–"
    seconds = max(0, int(seconds))
    if calm:
        minutes, unit = seconds // 60, TEXTS[language_code(language)].minutes
        return f"<1 {unit}" if minutes == 0 else f"{minutes} {unit}"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
