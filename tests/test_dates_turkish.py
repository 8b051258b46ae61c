"""Dates typed in Turkish, read against a fixed clock: Monday 23 November 2026, 09:00 in Istanbul.

Each row gives what a filter (looking back) and a follow-up (looking ahead) make of the text."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from dateutil import tz

from callmate.dates import DateError, parse_when

IST = tz.gettz("Europe/Istanbul")  # +03:00 all year
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=IST)  # a Monday


def at(y, mo, d, h=0, mi=0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=IST)


def when(text: str, **kwargs) -> datetime:
    return parse_when(text, now=NOW, tz=IST, language="tr", **kwargs)


def both_ways(text: str) -> tuple[datetime, datetime]:
    return when(text), when(text, future=True)


# -- day words ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("bugün", at(2026, 11, 23)),
        ("yarın", at(2026, 11, 24)),
        ("dün", at(2026, 11, 22)),
        ("öbür gün", at(2026, 11, 25)),
        ("öbürgün", at(2026, 11, 25)),
        ("yarından sonra", at(2026, 11, 25)),
        ("önceki gün", at(2026, 11, 21)),
        ("haftaya bugün", at(2026, 11, 30)),
        ("geçen hafta bugün", at(2026, 11, 16)),
        # Capitals, Turkish and English keyboards, no diacritics.
        ("BUGÜN", at(2026, 11, 23)),
        ("Bugün", at(2026, 11, 23)),
        ("bugun", at(2026, 11, 23)),
        ("Yarın", at(2026, 11, 24)),
        ("YARIN", at(2026, 11, 24)),
        ("yarin", at(2026, 11, 24)),
        ("YARİN", at(2026, 11, 24)),
        ("DÜN", at(2026, 11, 22)),
        ("dun", at(2026, 11, 22)),
        ("  yarın  ", at(2026, 11, 24)),
        # English words and ISO dates still work with the Turkish interface.
        ("tomorrow", at(2026, 11, 24)),
        ("2026-12-01", at(2026, 12, 1)),
        ("2026-12-01 14:00", at(2026, 12, 1, 14)),
    ],
)
def test_day_words_are_that_day_either_way(text, expected):
    assert both_ways(text) == (expected, expected)


def test_now():
    assert when("şimdi") == when("simdi") == when("ŞİMDİ") == NOW


# -- weekdays -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, back, ahead",
    [
        ("pazartesi", at(2026, 11, 23), at(2026, 11, 30)),  # today looking back, never ahead
        ("salı", at(2026, 11, 17), at(2026, 11, 24)),
        ("çarşamba", at(2026, 11, 18), at(2026, 11, 25)),
        ("perşembe", at(2026, 11, 19), at(2026, 11, 26)),
        ("cuma", at(2026, 11, 20), at(2026, 11, 27)),
        ("cumartesi", at(2026, 11, 21), at(2026, 11, 28)),
        ("pazar", at(2026, 11, 22), at(2026, 11, 29)),
        ("Salı", at(2026, 11, 17), at(2026, 11, 24)),
        ("SALI", at(2026, 11, 17), at(2026, 11, 24)),
        ("sali", at(2026, 11, 17), at(2026, 11, 24)),
        ("carsamba", at(2026, 11, 18), at(2026, 11, 25)),
        ("ÇARŞAMBA", at(2026, 11, 18), at(2026, 11, 25)),
        ("persembe", at(2026, 11, 19), at(2026, 11, 26)),
        ("CUMARTESİ", at(2026, 11, 21), at(2026, 11, 28)),
        ("cuma günü", at(2026, 11, 20), at(2026, 11, 27)),
        ("Cuma Günü", at(2026, 11, 20), at(2026, 11, 27)),
        ("cuma gunu", at(2026, 11, 20), at(2026, 11, 27)),
        ("salıya", at(2026, 11, 17), at(2026, 11, 24)),
        ("saliya", at(2026, 11, 17), at(2026, 11, 24)),
        ("cumaya", at(2026, 11, 20), at(2026, 11, 27)),
        ("cuma'ya", at(2026, 11, 20), at(2026, 11, 27)),
        ("pazara", at(2026, 11, 22), at(2026, 11, 29)),
        ("pzt", at(2026, 11, 23), at(2026, 11, 30)),
        ("cmt", at(2026, 11, 21), at(2026, 11, 28)),
        ("friday", at(2026, 11, 20), at(2026, 11, 27)),
    ],
)
def test_a_weekday_is_the_latest_looking_back_and_the_next_looking_ahead(text, back, ahead):
    assert both_ways(text) == (back, ahead)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("haftaya salı", at(2026, 12, 1)),  # Tuesday of next week, not tomorrow
        ("haftaya cuma", at(2026, 12, 4)),
        ("haftaya pazartesi", at(2026, 11, 30)),
        ("haftaya sali", at(2026, 12, 1)),
        ("geçen cuma", at(2026, 11, 20)),
        ("gecen cuma", at(2026, 11, 20)),
        ("geçen pazartesi", at(2026, 11, 16)),  # never today
        ("geçen hafta cuma", at(2026, 11, 20)),
        ("geçen hafta çarşamba", at(2026, 11, 18)),
        ("gelecek cuma", at(2026, 11, 27)),
        ("önümüzdeki salı", at(2026, 11, 24)),
        ("bu cuma", at(2026, 11, 27)),
        ("bu hafta cuma", at(2026, 11, 27)),
        ("haftaya salı günü", at(2026, 12, 1)),
    ],
)
def test_a_weekday_with_a_word_before_it_is_the_same_either_way(text, expected):
    assert both_ways(text) == (expected, expected)


# -- amounts --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2 gün sonra", NOW + timedelta(days=2)),
        ("2 gun sonra", NOW + timedelta(days=2)),
        ("3 gün önce", NOW - timedelta(days=3)),
        ("3 GÜN ÖNCE", NOW - timedelta(days=3)),
        ("3 gun once", NOW - timedelta(days=3)),
        ("2 hafta önce", NOW - timedelta(weeks=2)),
        ("1 hafta sonra", NOW + timedelta(weeks=1)),
        ("3 saat önce", NOW - timedelta(hours=3)),
        ("30 dakika sonra", NOW + timedelta(minutes=30)),
        ("45 dk önce", NOW - timedelta(minutes=45)),
        ("1 ay önce", at(2026, 10, 23, 9)),
        ("1 yıl önce", at(2025, 11, 23, 9)),
        ("2 gün içinde", NOW + timedelta(days=2)),
        ("5 gün evvel", NOW - timedelta(days=5)),
        ("+2g", NOW + timedelta(days=2)),
        ("7 days ago", NOW - timedelta(days=7)),
    ],
)
def test_amounts_with_a_direction_word_go_that_way_either_way(text, expected):
    assert both_ways(text) == (expected, expected)


def test_an_amount_without_a_direction_follows_the_direction_asked():
    assert both_ways("3 gün") == (NOW - timedelta(days=3), NOW + timedelta(days=3))


# -- times of day ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, back, ahead",
    [
        ("yarın saat 10", at(2026, 11, 24, 10), at(2026, 11, 24, 10)),
        ("yarın 10:00", at(2026, 11, 24, 10), at(2026, 11, 24, 10)),
        ("yarın 10.00", at(2026, 11, 24, 10), at(2026, 11, 24, 10)),
        ("Yarın saat 10'da", at(2026, 11, 24, 10), at(2026, 11, 24, 10)),
        ("yarın 14.30'da", at(2026, 11, 24, 14, 30), at(2026, 11, 24, 14, 30)),
        ("yarın 10.05", at(2026, 11, 24, 10, 5), at(2026, 11, 24, 10, 5)),  # after a day: a time
        ("saat 10 yarın", at(2026, 11, 24, 10), at(2026, 11, 24, 10)),
        ("10:00 yarın", at(2026, 11, 24, 10), at(2026, 11, 24, 10)),
        ("dün 17:45", at(2026, 11, 22, 17, 45), at(2026, 11, 22, 17, 45)),
        # A time alone: today; a follow-up already past it is tomorrow.
        ("10.00", at(2026, 11, 23, 10), at(2026, 11, 23, 10)),
        ("14.30", at(2026, 11, 23, 14, 30), at(2026, 11, 23, 14, 30)),
        ("08.30", at(2026, 11, 23, 8, 30), at(2026, 11, 24, 8, 30)),
        ("8:30", at(2026, 11, 23, 8, 30), at(2026, 11, 24, 8, 30)),
        ("saat 14.30", at(2026, 11, 23, 14, 30), at(2026, 11, 23, 14, 30)),
        ("saat 8", at(2026, 11, 23, 8), at(2026, 11, 24, 8)),
        # A weekday and a time.
        ("cuma 14:00", at(2026, 11, 20, 14), at(2026, 11, 27, 14)),
        ("cuma günü saat 14", at(2026, 11, 20, 14), at(2026, 11, 27, 14)),
        ("cumaya 10.00", at(2026, 11, 20, 10), at(2026, 11, 27, 10)),
        ("haftaya salı saat 11", at(2026, 12, 1, 11), at(2026, 12, 1, 11)),
    ],
)
def test_times_of_day(text, back, ahead):
    assert both_ways(text) == (back, ahead)


# -- numeric dates: day first, never month first --------------------------------------------------


@pytest.mark.parametrize(
    "text, back, ahead",
    [
        ("01.12.2026", at(2026, 12, 1), at(2026, 12, 1)),
        ("1.12.2026", at(2026, 12, 1), at(2026, 12, 1)),
        ("01/12/2026", at(2026, 12, 1), at(2026, 12, 1)),
        ("1-12-2026", at(2026, 12, 1), at(2026, 12, 1)),
        ("01.12.26", at(2026, 12, 1), at(2026, 12, 1)),
        ("01.12.2026 14:00", at(2026, 12, 1, 14), at(2026, 12, 1, 14)),
        ("01.12.2026 14.00", at(2026, 12, 1, 14), at(2026, 12, 1, 14)),
        ("01.12.2026 saat 14", at(2026, 12, 1, 14), at(2026, 12, 1, 14)),
        ("12.01.2026", at(2026, 1, 12), at(2026, 1, 12)),
        # Without a year: the nearest one in the direction asked; today is today either way.
        ("1.12", at(2025, 12, 1), at(2026, 12, 1)),
        ("05.12", at(2025, 12, 5), at(2026, 12, 5)),
        ("24/11", at(2025, 11, 24), at(2026, 11, 24)),
        ("22/11", at(2026, 11, 22), at(2027, 11, 22)),
        ("23.11", at(2026, 11, 23), at(2026, 11, 23)),
        ("24/11 10:00", at(2025, 11, 24, 10), at(2026, 11, 24, 10)),
        ("1.12 10.30", at(2025, 12, 1, 10, 30), at(2026, 12, 1, 10, 30)),
        ("29.02", at(2024, 2, 29), at(2028, 2, 29)),  # waits for a leap year
        # Month names, Turkish and English.
        ("1 Aralık", at(2025, 12, 1), at(2026, 12, 1)),
        ("1 aralik 2026", at(2026, 12, 1), at(2026, 12, 1)),
        ("1 ARALIK 2026 14:00", at(2026, 12, 1, 14), at(2026, 12, 1, 14)),
        ("Aralık 1", at(2025, 12, 1), at(2026, 12, 1)),
        ("15 Ocak", at(2026, 1, 15), at(2027, 1, 15)),
        ("15 Şubat 2027", at(2027, 2, 15), at(2027, 2, 15)),
        ("15 subat 2027", at(2027, 2, 15), at(2027, 2, 15)),
        ("3 Ara", at(2025, 12, 3), at(2026, 12, 3)),
        ("Dec 3", at(2025, 12, 3), at(2026, 12, 3)),
        # A weekday next to a date is checked, and allowed (what describe() shows reads back).
        ("1 Aralık 2026 Salı, 14:00", at(2026, 12, 1, 14), at(2026, 12, 1, 14)),
        ("Salı 01.12.2026", at(2026, 12, 1), at(2026, 12, 1)),
    ],
)
def test_numeric_and_named_dates_are_day_first(text, back, ahead):
    assert both_ways(text) == (back, ahead)


# -- end of day: a filter's "until" --------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("bugün", at(2026, 11, 24)),
        ("dün", at(2026, 11, 23)),
        ("cuma", at(2026, 11, 21)),
        ("01.12.2026", at(2026, 12, 2)),
        ("24/11", at(2025, 11, 25)),
        ("1 Aralık 2026", at(2026, 12, 2)),
    ],
)
def test_end_of_day_turns_a_date_into_the_next_midnight(text, expected):
    assert when(text, end_of_day=True) == expected


@pytest.mark.parametrize("text", ["yarın 10:00", "3 gün önce", "10.00", "01.12.2026 14:00"])
def test_end_of_day_leaves_date_times_alone(text):
    assert when(text, end_of_day=True) == when(text)


# -- refused --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "32.13.2026",
        "31.04.2026",
        "25:00",
        "yarın 25:00",
        "saat 10:75",
        "bir ara",
        "9999999999 gün önce",
        "30.02",
        "1 Aralık 2026 Çarşamba",
        "geçen",
        "haftaya salı salı",
        "cuma cuma",
    ],
)
def test_unreadable_text_raises_a_date_error_in_turkish(text):
    with pytest.raises(DateError) as caught:
        when(text)
    message = str(caught.value)
    assert repr(text) in message
    assert "okunamadı" in message and "yarın 10:00" in message
    assert caught.value.text == text and caught.value.language == "tr"


def test_month_first_is_never_guessed():
    # 12.01 is 12 January, whichever way it is typed; 13/12 is 13 December, never an error.
    assert when("12.01.2026") == when("12/01/2026") == at(2026, 1, 12)
    assert when("13/12/2026") == at(2026, 12, 13)
    with pytest.raises(DateError):
        when("12/13/2026")  # no 13th month


@pytest.mark.parametrize(
    "text, back",
    [
        ("1 Kasım'dan", at(2026, 11, 1)),  # "1 Kasım'dan beri": since 1 November
        ("1 kasımdan", at(2026, 11, 1)),
        ("1 Aralık'tan saat 10", at(2025, 12, 1, 10)),
        ("pazartesiden", at(2026, 11, 23)),  # since Monday
        ("cumadan", at(2026, 11, 20)),
        ("salıdan", at(2026, 11, 17)),
        ("1 Kasım'dan beri", at(2026, 11, 1)),
        ("pazartesiden beri", at(2026, 11, 23)),
        ("1 Kasım'dan itibaren", at(2026, 11, 1)),  # from 1 November on
    ],
)
def test_a_date_said_from_it_reads_as_that_date(text, back):
    """The since field is where a lead writes where the calls start from: in Turkish, in the
    ablative ("1 Kasım'dan", "pazartesiden"), as they would say it."""
    assert when(text) == back
