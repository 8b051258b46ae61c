"""Reading typed dates: one grammar for English, Turkish and Estonian, fed by dates.words' tables.

``read`` gives a ``Reading``: the moment, and for a plain day, month or year the period it names
(a filter's ``until`` ends where that period ends). Day words, weekdays, amounts and times of day
are read here; calendar dates, months and years in dates.calendar.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo

from callmate.dates.calendar import (
    DAY,
    ISO_START,
    MONTH,
    WEEK,
    YEAR,
    Ask,
    Reading,
    Unreadable,
    calendar_day,
    dateutil_reading,
    drop_fillers,
    period,
    period_end,
)

__all__ = ["Reading", "Unreadable", "period_end", "read"]
from callmate.dates.words import (
    AFTERNOON,
    EVENING,
    LAST,
    LAST_WEEK,
    LATE_AFTERNOON,
    MORNING,
    NEXT,
    NEXT_WEEK,
    NIGHT,
    NOON,
    THIS,
    fold,
    lexicon,
)
from callmate.language.registry import language_code

#: Each part of the day: the time it means said alone, and the hours a number said with it may
#: name, as (the hour said, the hour meant): "öğleden sonra 3" is 15:00, "gece 11" 23:00,
#: "gece 2" 02:00, "sabah 8" 08:00; an hour outside them ("sabah 15") is no time of that part.
# fmt: off
DAYPARTS: dict[str, tuple[tuple[int, int], dict[int, int]]] = {
    MORNING: ((9, 0), {h: h for h in range(0, 13)}),
    NOON: ((12, 0), {11: 11, 12: 12, **{h: h + 12 for h in range(1, 6)}, 13: 13, 14: 14}),
    AFTERNOON: ((14, 0), {12: 12, **{h: h + 12 for h in range(1, 12)},
                          **{h: h for h in range(13, 24)}}),
    LATE_AFTERNOON: ((17, 0), {**{h: h + 12 for h in range(3, 9)},
                               **{h: h for h in range(15, 21)}}),
    EVENING: ((19, 0), {**{h: h + 12 for h in range(5, 12)}, **{h: h for h in range(17, 24)}}),
    NIGHT: ((22, 0), {**{h: h + 12 for h in range(8, 12)}, **{h: h for h in range(20, 24)},
                      **{h: h for h in range(0, 6)}, 12: 0}),
}
# fmt: on

_AMOUNT = re.compile(
    r"^(?:(?P<pre>[a-z]+)\s+)?(?P<sign>[+-])?\s*(?P<n>\d+)\s*(?P<unit>[a-z]+)(?:\s+(?P<post>[a-z]+))?$"
)
# 10, 10:30, 10.30, 10:30:15, 9am, and Turkish "10da" / "14.30ta" (from "10'da": at 10).
_CLOCK = re.compile(
    r"^(?P<h>\d{1,2})(?:(?P<sep>[:.])(?P<m>\d{2})(?:(?P=sep)(?P<s>\d{2}))?)?"
    r"(?P<ampm>am|pm)?(?:da|de|ta|te)?$"
)


def read(text: str, *, now: datetime, tz: tzinfo, future: bool, language: str) -> Reading | None:
    """The reading of ``text`` (``now`` already in ``tz``), or None when it is no date at all.

    Raises Unreadable when the text is shaped like a date or time but is not one ("25:00")."""
    code = language_code(language)
    ask = Ask(now, tz, future, lexicon(code), code)
    folded = fold(text)
    tokens = ask.words.tokens(folded)
    if not tokens:
        raise Unreadable("empty")
    if len(tokens) == 1 and tokens[0] in ask.words.now:
        return Reading(now)
    for rule in (_relative, period, _said_period, _in_part_of_day, _spoken):
        reading = rule(folded, tokens, ask)
        if reading is not None:
            return reading
    plain = " ".join(text.strip().lower().split())
    if code == "en" or ISO_START.match(plain):
        return dateutil_reading(plain, ask)
    return None


# -- "3 gün önce", "2 päeva pärast", "in 3 days", "+2d" ------------------------------------------


def _relative(folded: str, tokens: list[str], ask: Ask) -> Reading | None:
    from dateutil.relativedelta import relativedelta

    match = _AMOUNT.match(folded)
    if not match or match["unit"] not in ask.words.units:
        return None
    forward = _direction(match, ask)
    if forward is None:
        return None
    unit = ask.words.units[match["unit"]]
    delta = relativedelta(**{unit: int(match["n"])})
    if unit in ("hours", "minutes"):
        # Elapsed time, not clock time: "3h" across a clock change is still three hours.
        base = ask.now.astimezone(UTC)
        return Reading((base + delta if forward else base - delta).astimezone(ask.now.tzinfo))
    return Reading(ask.now + delta if forward else ask.now - delta)


def _direction(match: re.Match[str], ask: Ask) -> bool | None:
    """Forward (True), back (False), or None when the words do not make a direction."""
    pre, sign, post, words = match["pre"], match["sign"], match["post"], ask.words
    if pre is not None and (pre not in words.ahead or sign or post):
        return None
    if post is not None and post not in words.ago | words.later:
        return None
    if sign and post and (sign == "+") != (post in words.later):
        return None  # "+3 gün önce" says both
    if pre or sign == "+" or post in words.later:
        return True
    if sign == "-" or post in words.ago:
        return False
    return ask.future  # a bare amount: back for a filter, ahead for a follow-up


# -- a period said: "last week", "bu ay", "sel kuul", "järgmisel nädalal" ------------------------


def _said_period(folded: str, tokens: list[str], ask: Ask) -> Reading | None:
    """The whole week, month or year the words name, from its first moment."""
    if len(tokens) != 1 or tokens[0] not in ask.words.periods:
        return None
    unit, offset = ask.words.periods[tokens[0]]
    today = ask.today
    if unit == WEEK:
        monday = today - timedelta(days=today.weekday())
        return Reading(monday + timedelta(days=7 * offset), WEEK)
    if unit == MONTH:
        months = today.year * 12 + today.month - 1 + offset
        return Reading(today.replace(year=months // 12, month=months % 12 + 1, day=1), MONTH)
    return Reading(today.replace(year=today.year + offset, month=1, day=1), YEAR)


# -- a part of the day: "öğleden sonra 3", "yarın öğlen", "homme lõunal", "eile õhtul kell 8" ----


def _in_part_of_day(folded: str, tokens: list[str], ask: Ask) -> Reading | None:
    """A time by its part of the day, maybe with an hour and a day: the part's own time, or the
    hour said as that part means it; Unreadable for an hour that part has not ("sabah 15")."""
    found = [i for i, token in enumerate(tokens) if token in ask.words.dayparts]
    if len(found) != 1:
        return None
    (index,) = found
    default, hours = DAYPARTS[ask.words.dayparts[tokens[index]]]
    rest = tokens[:index] + tokens[index + 1 :]
    hour, minute, second = (*default, 0)
    split = _split_clock(rest, ask) if rest else None
    if split is not None and _CLOCK.match(split[1]):
        rest, clock = split
        said, minute, second = _clock(clock)
        if said not in hours:
            raise Unreadable("not_time", clock)
        hour = hours[said]
    while rest and rest[-1] in ask.words.at:  # "tomorrow at noon"
        rest = rest[:-1]
    if not rest:
        moment = ask.today.replace(hour=hour, minute=minute, second=second)
        if ask.future and moment < ask.now:
            moment += timedelta(days=1)  # "akşamüstü" when it is past: tomorrow's
        return Reading(moment)
    day = _date_part(rest, ask)
    if day is None:
        return None
    return Reading(day.replace(hour=hour, minute=minute, second=second))


# -- a day, with or without a time: "yarın saat 10", "reedel", "01.12.2026 14:00", "10.00" -------


def _spoken(folded: str, tokens: list[str], ask: Ask) -> Reading | None:
    """A day on its own, a day and a time of day, or a time of day on its own."""
    day = _date_part(tokens, ask)
    if day is not None:
        return Reading(day, DAY)
    split = _split_clock(tokens, ask)
    if split is None:
        return None
    rest, clock = split
    hour, minute, second = _clock(clock)
    if not rest:
        moment = ask.today.replace(hour=hour, minute=minute, second=second)
        if ask.future and moment < ask.now:
            moment += timedelta(days=1)  # a follow-up at 10:00 when it is past 10:00: tomorrow
        return Reading(moment)
    day = _date_part(rest, ask)
    if day is None:
        return None
    return Reading(day.replace(hour=hour, minute=minute, second=second))


def _split_clock(tokens: list[str], ask: Ask) -> tuple[list[str], str] | None:
    """(the date's words, the time's word), when the text has a time of day at its end or start."""
    at = ask.words.at
    if len(tokens) >= 2 and tokens[-2] in at:
        return tokens[:-2], tokens[-1]
    if len(tokens) >= 2 and tokens[0] in at:
        return tokens[2:], tokens[1]
    if _CLOCK.match(tokens[-1]):
        return tokens[:-1], tokens[-1]
    if len(tokens) >= 2 and (match := _CLOCK.match(tokens[0])) and (match["sep"] or match["ampm"]):
        return tokens[1:], tokens[0]  # "10:00 yarın"
    return None


def _clock(token: str) -> tuple[int, int, int]:
    """Hour, minute and second of a time of day; Unreadable when it is no time ("25:00")."""
    match = _CLOCK.match(token)
    if not match:
        raise Unreadable("not_time", token)
    hour, minute, second = int(match["h"]), int(match["m"] or 0), int(match["s"] or 0)
    if match["ampm"] == "pm" and hour < 12:
        hour += 12
    elif match["ampm"] == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        raise Unreadable("not_time", token)
    return hour, minute, second


def _date_part(tokens: list[str], ask: Ask) -> datetime | None:
    """Local midnight of the day the words name, or None if they name no day."""
    tokens = drop_fillers(tokens, ask.words)
    if len(tokens) == 1:
        word = tokens[0]
        if word in ask.words.days:
            return ask.today + timedelta(days=ask.words.days[word])
        index = ask.words.weekday(word)
        if index is not None:
            return _on_weekday(index, None, ask)
    if len(tokens) == 2 and tokens[0] in ask.words.modifiers:
        return _modified_day(ask.words.modifiers[tokens[0]], tokens[1], ask)
    return calendar_day(tokens, ask) if tokens else None


def _modified_day(how: str, word: str, ask: Ask) -> datetime | None:
    """ "geçen cuma", "järgmisel reedel", "haftaya salı"; "haftaya bugün" is a week from today."""
    index = ask.words.weekday(word)
    if index is not None:
        return _on_weekday(index, how, ask)
    if word in ask.words.days and how in (NEXT_WEEK, LAST_WEEK):
        week = 7 if how == NEXT_WEEK else -7
        return ask.today + timedelta(days=ask.words.days[word] + week)
    return None


def _on_weekday(index: int, how: str | None, ask: Ask) -> datetime:
    """Weekday ``index`` (Monday 0) as the modifier ``how`` says, or else the direction asked."""
    today = ask.today
    monday = today - timedelta(days=today.weekday())
    if how == THIS:
        return monday + timedelta(days=index)
    if how in (NEXT_WEEK, LAST_WEEK):
        return monday + timedelta(days=index + (7 if how == NEXT_WEEK else -7))
    if how == NEXT or (how is None and ask.future):
        return today + timedelta(days=(index - today.weekday() - 1) % 7 + 1)  # never today
    if how == LAST:
        return today - timedelta(days=(today.weekday() - index - 1) % 7 + 1)  # never today
    return today - timedelta(days=(today.weekday() - index) % 7)  # today counts
