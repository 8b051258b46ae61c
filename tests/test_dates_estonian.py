"""Dates typed in Estonian, read against a fixed clock: Monday 23 November 2026, 09:00 in Tallinn.

Each row gives what a filter (looking back) and a follow-up (looking ahead) make of the text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from dateutil import tz

from callmate.dates import DateError, parse_when, to_iso

TAL = tz.gettz("Europe/Tallinn")  # +02:00 in winter, +03:00 in summer
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=TAL)  # a Monday


def at(y, mo, d, h=0, mi=0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=TAL)


def when(text: str, **kwargs) -> datetime:
    kwargs.setdefault("now", NOW)
    return parse_when(text, tz=TAL, language="et", **kwargs)


def both_ways(text: str) -> tuple[datetime, datetime]:
    return when(text), when(text, future=True)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("täna", at(2026, 11, 23)),
        ("homme", at(2026, 11, 24)),
        ("eile", at(2026, 11, 22)),
        ("ülehomme", at(2026, 11, 25)),
        ("üleeile", at(2026, 11, 21)),
        ("TÄNA", at(2026, 11, 23)),
        ("Täna", at(2026, 11, 23)),
        ("tana", at(2026, 11, 23)),
        ("HOMME", at(2026, 11, 24)),
        ("ulehomme", at(2026, 11, 25)),
        ("yesterday", at(2026, 11, 22)),
        ("2026-12-01", at(2026, 12, 1)),
    ],
)
def test_day_words_are_that_day_either_way(text, expected):
    assert both_ways(text) == (expected, expected)


def test_now():
    assert when("nüüd") == when("nuud") == when("praegu") == when("now") == NOW


@pytest.mark.parametrize(
    "text, back, ahead",
    [
        ("esmaspäev", at(2026, 11, 23), at(2026, 11, 30)),
        ("teisipäev", at(2026, 11, 17), at(2026, 11, 24)),
        ("kolmapäev", at(2026, 11, 18), at(2026, 11, 25)),
        ("neljapäev", at(2026, 11, 19), at(2026, 11, 26)),
        ("reede", at(2026, 11, 20), at(2026, 11, 27)),
        ("laupäev", at(2026, 11, 21), at(2026, 11, 28)),
        ("pühapäev", at(2026, 11, 22), at(2026, 11, 29)),
        ("esmaspäeval", at(2026, 11, 23), at(2026, 11, 30)),
        ("teisipäeval", at(2026, 11, 17), at(2026, 11, 24)),
        ("reedel", at(2026, 11, 20), at(2026, 11, 27)),
        ("Reedel", at(2026, 11, 20), at(2026, 11, 27)),
        ("reedeks", at(2026, 11, 20), at(2026, 11, 27)),
        ("laupaeval", at(2026, 11, 21), at(2026, 11, 28)),
        ("puhapaev", at(2026, 11, 22), at(2026, 11, 29)),
        ("PÜHAPÄEVAL", at(2026, 11, 22), at(2026, 11, 29)),
        # The letters of the calendar, E T K N R L P, on their own.
        ("E", at(2026, 11, 23), at(2026, 11, 30)),
        ("T", at(2026, 11, 17), at(2026, 11, 24)),
        ("K", at(2026, 11, 18), at(2026, 11, 25)),
        ("N", at(2026, 11, 19), at(2026, 11, 26)),
        ("R", at(2026, 11, 20), at(2026, 11, 27)),
        ("L", at(2026, 11, 21), at(2026, 11, 28)),
        ("P", at(2026, 11, 22), at(2026, 11, 29)),
        ("friday", at(2026, 11, 20), at(2026, 11, 27)),
    ],
)
def test_a_weekday_is_the_latest_looking_back_and_the_next_looking_ahead(text, back, ahead):
    assert both_ways(text) == (back, ahead)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("järgmisel reedel", at(2026, 11, 27)),
        ("jargmisel reedel", at(2026, 11, 27)),
        ("järgmine esmaspäev", at(2026, 11, 30)),  # never today
        ("järgmisel esmaspäeval", at(2026, 11, 30)),
        ("eelmisel reedel", at(2026, 11, 20)),
        ("eelmine esmaspäev", at(2026, 11, 16)),  # never today
        ("möödunud neljapäeval", at(2026, 11, 19)),
        ("järgmise nädala reedel", at(2026, 12, 4)),
        ("järgmisel nädalal teisipäeval", at(2026, 12, 1)),
        ("eelmise nädala kolmapäeval", at(2026, 11, 18)),
        ("sel reedel", at(2026, 11, 27)),
    ],
)
def test_a_weekday_with_a_word_before_it_is_the_same_either_way(text, expected):
    assert both_ways(text) == (expected, expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2 päeva pärast", NOW + timedelta(days=2)),
        ("2 paeva parast", NOW + timedelta(days=2)),
        ("3 päeva tagasi", NOW - timedelta(days=3)),
        ("3 PÄEVA TAGASI", NOW - timedelta(days=3)),
        ("1 päev tagasi", NOW - timedelta(days=1)),
        ("2 nädala pärast", NOW + timedelta(weeks=2)),
        ("2 nädalat tagasi", NOW - timedelta(weeks=2)),
        ("3 tunni pärast", NOW + timedelta(hours=3)),
        ("3 tundi tagasi", NOW - timedelta(hours=3)),
        ("30 minuti pärast", NOW + timedelta(minutes=30)),
        ("45 minutit tagasi", NOW - timedelta(minutes=45)),
        ("1 kuu tagasi", at(2026, 10, 23, 9)),
        ("1 aasta tagasi", at(2025, 11, 23, 9)),
        ("5 päeva eest", NOW - timedelta(days=5)),
        ("2 päeva hiljem", NOW + timedelta(days=2)),
        ("+2d", NOW + timedelta(days=2)),
        ("in 3 days", NOW + timedelta(days=3)),
    ],
)
def test_amounts_with_a_direction_word_go_that_way_either_way(text, expected):
    assert both_ways(text) == (expected, expected)


def test_an_amount_without_a_direction_follows_the_direction_asked():
    assert both_ways("3 päeva") == (NOW - timedelta(days=3), NOW + timedelta(days=3))


@pytest.mark.parametrize(
    "text, back, ahead",
    [
        ("homme kell 10", at(2026, 11, 24, 10), at(2026, 11, 24, 10)),
        ("homme 10.00", at(2026, 11, 24, 10), at(2026, 11, 24, 10)),
        ("homme 10:00", at(2026, 11, 24, 10), at(2026, 11, 24, 10)),
        ("homme kl 14.30", at(2026, 11, 24, 14, 30), at(2026, 11, 24, 14, 30)),
        ("eile kell 17.45", at(2026, 11, 22, 17, 45), at(2026, 11, 22, 17, 45)),
        ("10.00", at(2026, 11, 23, 10), at(2026, 11, 23, 10)),
        ("14.30", at(2026, 11, 23, 14, 30), at(2026, 11, 23, 14, 30)),
        ("kell 14.30", at(2026, 11, 23, 14, 30), at(2026, 11, 23, 14, 30)),
        ("kell 8", at(2026, 11, 23, 8), at(2026, 11, 24, 8)),
        ("8.15", at(2026, 11, 23, 8, 15), at(2026, 11, 24, 8, 15)),
        ("reedel kell 10", at(2026, 11, 20, 10), at(2026, 11, 27, 10)),
        ("järgmisel reedel kell 10", at(2026, 11, 27, 10), at(2026, 11, 27, 10)),
    ],
)
def test_times_of_day(text, back, ahead):
    assert both_ways(text) == (back, ahead)


@pytest.mark.parametrize(
    "text, back, ahead",
    [
        ("1.12.2026", at(2026, 12, 1), at(2026, 12, 1)),
        ("01.12.2026", at(2026, 12, 1), at(2026, 12, 1)),
        ("1.12.2026 14.00", at(2026, 12, 1, 14), at(2026, 12, 1, 14)),
        ("01.12.2026 14:00", at(2026, 12, 1, 14), at(2026, 12, 1, 14)),
        ("1.12.2026 kell 14", at(2026, 12, 1, 14), at(2026, 12, 1, 14)),
        ("1/12/2026", at(2026, 12, 1), at(2026, 12, 1)),
        ("12.01.2026", at(2026, 1, 12), at(2026, 1, 12)),
        ("1.12", at(2025, 12, 1), at(2026, 12, 1)),
        ("1.12.", at(2025, 12, 1), at(2026, 12, 1)),
        ("05.12", at(2025, 12, 5), at(2026, 12, 5)),
        ("24/11", at(2025, 11, 24), at(2026, 11, 24)),
        ("24/11 10:00", at(2025, 11, 24, 10), at(2026, 11, 24, 10)),
        ("1. detsember 2026", at(2026, 12, 1), at(2026, 12, 1)),
        ("1. detsembril", at(2025, 12, 1), at(2026, 12, 1)),
        ("1 detsembril kell 10", at(2025, 12, 1, 10), at(2026, 12, 1, 10)),
        ("15. jaanuar", at(2026, 1, 15), at(2027, 1, 15)),
        ("3. dets", at(2025, 12, 3), at(2026, 12, 3)),
        ("teisipäev, 1. detsember 2026, kell 14:00", at(2026, 12, 1, 14), at(2026, 12, 1, 14)),
    ],
)
def test_numeric_and_named_dates_are_day_first(text, back, ahead):
    assert both_ways(text) == (back, ahead)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("täna", at(2026, 11, 24)),
        ("eile", at(2026, 11, 23)),
        ("reedel", at(2026, 11, 21)),
        ("1.12.2026", at(2026, 12, 2)),
        ("1. detsember 2026", at(2026, 12, 2)),
    ],
)
def test_end_of_day_turns_a_date_into_the_next_midnight(text, expected):
    assert when(text, end_of_day=True) == expected


def test_day_words_across_the_autumn_clock_change_are_local_midnights():
    now = datetime(2026, 10, 26, 12, 0, tzinfo=TAL)  # Monday; clocks went back Sunday 04:00
    assert to_iso(when("eile", now=now)) == "2026-10-24T21:00:00+00:00"  # summer midnight
    start = when("pühapäeval", now=now).astimezone(UTC)
    until = when("pühapäeval", now=now, end_of_day=True).astimezone(UTC)
    assert until - start == timedelta(hours=25)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "32.13.2026",
        "25:00",
        "homme kell 25",
        "kell 10.75",
        "millalgi",
        "9999999999 päeva tagasi",
        "31.04",
        "esmaspäev, 1. detsember 2026",
        "järgmisel",
    ],
)
def test_unreadable_text_raises_a_date_error_in_estonian(text):
    with pytest.raises(DateError) as caught:
        when(text)
    message = str(caught.value)
    assert repr(text) in message
    assert "ei ole arusaadav" in message and "3 päeva tagasi" in message
    assert caught.value.language == "et"


@pytest.mark.parametrize(
    "text, back",
    [
        ("1. novembrist", at(2026, 11, 1)),  # "alates 1. novembrist": from 1 November
        ("1 detsembrist kell 10", at(2025, 12, 1, 10)),
        ("esmaspäevast", at(2026, 11, 23)),  # from Monday
        ("reedest", at(2026, 11, 20)),
        ("alates 1. novembrist", at(2026, 11, 1)),  # the field's own word typed too
        ("alates esmaspäevast", at(2026, 11, 23)),
    ],
)
def test_a_date_said_from_it_reads_as_that_date(text, back):
    """The since field says "alates" (from): an Estonian lead writes what follows in the
    elative, "alates 1. novembrist", "alates esmaspäevast"."""
    assert when(text) == back
