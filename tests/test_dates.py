"""Dates typed as text, read against a fixed "now" in a fixed zone; how times are stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from dateutil import tz

from callmate.dates import DateError, parse_when, show_local, to_iso

IST = tz.gettz("Europe/Istanbul")  # +03:00 all year
TAL = tz.gettz("Europe/Tallinn")  # +02:00 / +03:00 in summer; in 2026 DST ends 25 Oct 04:00
# Wednesday 25 November 2026, 14:30 in Istanbul.
NOW = datetime(2026, 11, 25, 14, 30, tzinfo=IST)
MONDAY = datetime(2026, 11, 23, 9, 15, tzinfo=IST)


def when(text: str, **kwargs) -> datetime:
    kwargs.setdefault("now", NOW)
    kwargs.setdefault("tz", IST)
    return parse_when(text, **kwargs)


def at(y, mo, d, h=0, mi=0, zone=IST) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=zone)


# -- absolute forms -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-11-01", at(2026, 11, 1)),
        ("2026-11-01 10:15", at(2026, 11, 1, 10, 15)),
        ("2026-11-01T10:15", at(2026, 11, 1, 10, 15)),
        ("2026-12-01 14:00", at(2026, 12, 1, 14)),
        ("Nov 1", at(2026, 11, 1)),
        ("1 Nov", at(2026, 11, 1)),
        ("nov 1", at(2026, 11, 1)),
        ("  Nov   1 ", at(2026, 11, 1)),
    ],
)
def test_absolute_dates_and_times_are_read_in_the_given_zone(text, expected):
    result = when(text)
    assert result == expected
    assert result.utcoffset() == timedelta(hours=3)


def test_an_iso_time_with_an_offset_keeps_that_instant():
    result = when("2026-11-01T10:15:00+05:00")
    assert to_iso(result) == "2026-11-01T05:15:00+00:00"
    assert to_iso(when("2026-11-01T10:15:00Z")) == "2026-11-01T10:15:00+00:00"


def test_a_month_and_day_without_a_year_is_the_nearest_in_the_direction_asked():
    # Looking back (a filter) from 25 Nov 2026: Dec 3 was last year; looking forward, this year.
    assert when("Dec 3") == at(2025, 12, 3)
    assert when("Dec 3", future=True) == at(2026, 12, 3)
    assert when("Nov 1", future=True) == at(2027, 11, 1)
    # Today's own date stays today either way.
    assert when("Nov 25") == when("Nov 25", future=True) == at(2026, 11, 25)


# -- words ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("today", at(2026, 11, 25)),
        ("yesterday", at(2026, 11, 24)),
        ("tomorrow", at(2026, 11, 26)),
        ("Today", at(2026, 11, 25)),
        ("tomorrow 10:00", at(2026, 11, 26, 10)),
        ("yesterday 17:45", at(2026, 11, 24, 17, 45)),
        ("today at 9am", at(2026, 11, 25, 9)),
        ("now", NOW),
    ],
)
def test_day_words_are_local_midnights_or_times_on_that_day(text, expected):
    assert when(text) == expected


def test_a_weekday_looking_back_is_the_most_recent_one():
    assert when("monday") == at(2026, 11, 23)
    assert when("tuesday") == at(2026, 11, 24)
    assert when("thursday") == at(2026, 11, 19)
    assert when("mon") == at(2026, 11, 23)


def test_a_weekday_looking_back_on_that_weekday_is_today():
    assert when("monday", now=MONDAY) == at(2026, 11, 23)


def test_a_weekday_looking_forward_is_the_next_one_never_today():
    assert when("monday", future=True) == at(2026, 11, 30)
    assert when("thursday", future=True) == at(2026, 11, 26)
    assert when("monday", now=MONDAY, future=True) == at(2026, 11, 30)


def test_a_weekday_with_a_time():
    assert when("friday 9am") == at(2026, 11, 20, 9)
    assert when("friday 9am", future=True) == at(2026, 11, 27, 9)
    assert when("friday 9pm", future=True) == at(2026, 11, 27, 21)
    assert when("friday 12am", future=True) == at(2026, 11, 27, 0)


# -- relative amounts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("7d", NOW - timedelta(days=7)),
        ("2w", NOW - timedelta(weeks=2)),
        ("3h", NOW - timedelta(hours=3)),
        ("45m", NOW - timedelta(minutes=45)),
        ("7 days ago", NOW - timedelta(days=7)),
        ("2 weeks ago", NOW - timedelta(weeks=2)),
        ("-1d", NOW - timedelta(days=1)),
        ("+2d", NOW + timedelta(days=2)),
        ("+3h", NOW + timedelta(hours=3)),
        ("in 3 days", NOW + timedelta(days=3)),
        ("in 2 hours", NOW + timedelta(hours=2)),
    ],
)
def test_relative_amounts_count_from_now(text, expected):
    assert when(text) == expected


def test_a_bare_amount_looks_back_for_a_filter():
    assert when("7d") < NOW
    assert when("7d", future=False) == NOW - timedelta(days=7)


def test_explicit_direction_wins_over_future():
    assert when("+2d", future=False) == NOW + timedelta(days=2)
    assert when("7 days ago", future=True) == NOW - timedelta(days=7)
    assert when("in 3 days", future=False) == NOW + timedelta(days=3)


# -- times of day ---------------------------------------------------------------------------------


def test_a_bare_time_is_today():
    assert when("10:30") == at(2026, 11, 25, 10, 30)
    assert when("16:00") == at(2026, 11, 25, 16)


def test_a_bare_time_already_past_rolls_to_tomorrow_for_a_follow_up():
    assert when("10:30", future=True) == at(2026, 11, 26, 10, 30)
    # Still ahead today: stays today.
    assert when("16:00", future=True) == at(2026, 11, 25, 16)


# -- end of day -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("yesterday", at(2026, 11, 25)),
        ("today", at(2026, 11, 26)),
        ("2026-11-01", at(2026, 11, 2)),
        ("Nov 1", at(2026, 11, 2)),
        ("monday", at(2026, 11, 24)),
    ],
)
def test_end_of_day_turns_a_date_into_the_next_midnight(text, expected):
    assert when(text, end_of_day=True) == expected


@pytest.mark.parametrize(
    "text", ["2026-11-01 10:15", "tomorrow 10:00", "7d", "3h", "10:30", "friday 9am"]
)
def test_end_of_day_leaves_date_times_alone(text):
    assert when(text, end_of_day=True) == when(text)


# -- a zone with daylight saving time -------------------------------------------------------------


def test_day_words_across_the_autumn_clock_change_are_local_midnights():
    # Monday 26 Oct 2026, 12:00 in Tallinn (+02:00); the clocks went back on Sunday at 04:00.
    now = datetime(2026, 10, 26, 12, 0, tzinfo=TAL)
    yesterday = parse_when("yesterday", now=now, tz=TAL)
    assert yesterday == datetime(2026, 10, 25, 0, 0, tzinfo=TAL)
    assert to_iso(yesterday) == "2026-10-24T21:00:00+00:00"  # still summer time at midnight
    assert to_iso(parse_when("today", now=now, tz=TAL)) == "2026-10-25T22:00:00+00:00"
    start = parse_when("sunday", now=now, tz=TAL).astimezone(UTC)
    until = parse_when("sunday", now=now, tz=TAL, end_of_day=True).astimezone(UTC)
    assert until - start == timedelta(hours=25)  # Sunday 25 Oct was 25 hours long


def test_tomorrow_at_a_time_across_the_spring_clock_change_uses_the_new_offset():
    now = datetime(2026, 3, 28, 12, 0, tzinfo=TAL)  # Saturday, winter time
    result = parse_when("tomorrow 10:00", now=now, tz=TAL)
    assert result.utcoffset() == timedelta(hours=3)
    assert to_iso(result) == "2026-03-29T07:00:00+00:00"


def test_hours_ago_across_the_clock_change_are_real_elapsed_hours():
    now = datetime(2026, 10, 25, 3, 0, tzinfo=UTC)  # 05:00 in Tallinn, an hour after the change
    # Compared in UTC: times in the repeated hour never compare equal across zones (PEP 495).
    assert to_iso(parse_when("3h", now=now, tz=TAL)) == "2026-10-25T00:00:00+00:00"
    assert to_iso(parse_when("90m", now=now, tz=TAL)) == "2026-10-25T01:30:00+00:00"
    assert to_iso(parse_when("+2h", now=now - timedelta(hours=2), tz=TAL)) == to_iso(now)
    assert parse_when("3h", now=now, tz=TAL).utcoffset() == timedelta(hours=3)


def test_now_given_in_another_zone_is_read_in_the_zone_asked_for():
    now_utc = datetime(2026, 11, 25, 22, 30, tzinfo=UTC)  # already the 26th in Istanbul
    assert parse_when("today", now=now_utc, tz=IST) == at(2026, 11, 26)
    assert parse_when("today", now=now_utc, tz=TAL) == at(2026, 11, 26, zone=TAL)


# -- nonsense -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["blah", "", "   ", "31 Feb", "tomorrow 25:00", "7x", "today 10:75", "in 3 blorps"]
)
def test_nonsense_raises_a_date_error_quoting_the_text(text):
    with pytest.raises(DateError) as caught:
        when(text)
    assert repr(text) in str(caught.value)
    assert caught.value.text == text
    assert isinstance(caught.value, ValueError)


def test_the_date_error_suggests_forms_that_work():
    with pytest.raises(DateError) as caught:
        when("someday")
    message = str(caught.value)
    assert "yesterday" in message and "7d" in message
    for example in ("2026-11-01", "today", "yesterday", "7d", "2w", "monday", "+2d"):
        when(example)  # every suggestion must itself be readable


# -- storing and showing --------------------------------------------------------------------------


def test_to_iso_stores_utc_with_an_offset_to_the_second():
    moment = datetime(2026, 11, 25, 14, 30, 5, 987654, tzinfo=IST)
    assert to_iso(moment) == "2026-11-25T11:30:05+00:00"
    assert to_iso(datetime(2026, 7, 1, 12, 0, tzinfo=TAL)) == "2026-07-01T09:00:00+00:00"


def test_to_iso_refuses_naive_datetimes():
    with pytest.raises(ValueError):
        to_iso(datetime(2026, 11, 25, 14, 30))


def test_stored_text_sorts_in_time_order():
    moments = [NOW + timedelta(minutes=m) for m in (-600, -1, 0, 59, 24 * 60)]
    stored = [to_iso(m.astimezone(TAL)) for m in moments]
    assert sorted(stored) == stored


def test_show_local_converts_a_stored_time_back_to_the_local_clock(local_zone):
    local_zone("Europe/Istanbul")
    assert show_local("2026-11-25T11:30:00+00:00") == "2026-11-25 14:30"
    assert show_local(to_iso(NOW), "%H:%M") == "14:30"
    assert show_local(datetime(2026, 11, 25, 21, 5, tzinfo=UTC)) == "2026-11-26 00:05"
    assert show_local(None) == "" and show_local("") == ""


@pytest.fixture
def tz_env_tallinn(local_zone):
    local_zone("Europe/Tallinn")


def test_show_local_follows_the_system_time_zone(tz_env_tallinn):
    assert show_local("2026-07-01T09:00:00+00:00") == "2026-07-01 12:00"  # summer +03:00
    assert show_local("2026-12-01T09:00:00+00:00") == "2026-12-01 11:00"  # winter +02:00


def test_parse_then_store_then_show_gives_back_what_was_typed(tz_env_tallinn):
    typed = parse_when("2026-11-01 10:15")
    assert show_local(to_iso(typed)) == "2026-11-01 10:15"
