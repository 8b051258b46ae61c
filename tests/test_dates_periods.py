"""A month or a year typed as a date means the whole of it (since: its first moment; until, read
with end_of_day: the first moment of the next one), in every language; and English's own forms
that were misread before ("10.00", "1.12.2026", "next friday")."""

from __future__ import annotations

from datetime import datetime

import pytest
from dateutil import tz

from callmate.dates import DateError, parse_when

IST = tz.gettz("Europe/Istanbul")
TAL = tz.gettz("Europe/Tallinn")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=IST)  # a Monday
ZONES = {"en": IST, "tr": IST, "et": TAL}


def at(y, mo, d, h=0, mi=0, zone=IST) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=zone)


def period(text: str, language: str, future: bool = False) -> tuple[datetime, datetime]:
    """(since, until) as a filter reads them: the moment, and the moment with end_of_day."""
    zone = ZONES[language]
    now = NOW.astimezone(zone)
    start = parse_when(text, now=now, tz=zone, future=future, language=language)
    end = parse_when(text, now=now, tz=zone, future=future, language=language, end_of_day=True)
    return start, end


NOVEMBER = ((2026, 11, 1), (2026, 12, 1))


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "2026-11"),
        ("en", "Nov"),
        ("en", "nov"),
        ("en", "November"),
        ("en", "November 2026"),
        ("en", "nov 2026"),
        ("en", "11/2026"),
        ("en", "2026/11"),
        ("tr", "2026-11"),
        ("tr", "kasım"),
        ("tr", "Kasım"),
        ("tr", "KASIM"),
        ("tr", "kasim"),
        ("tr", "kasım 2026"),
        ("tr", "Kasım 2026"),
        ("tr", "2026 kasım"),
        ("tr", "kasım ayı"),
        ("tr", "kasımda"),
        ("tr", "kas"),
        ("tr", "11.2026"),
        ("tr", "Nov"),
        ("tr", "november"),
        ("et", "2026-11"),
        ("et", "november"),
        ("et", "November"),
        ("et", "nov"),
        ("et", "november 2026"),
        ("et", "novembris"),
        ("et", "novembril"),
        ("et", "11.2026"),
    ],
)
def test_a_month_means_the_whole_month_never_todays_day_in_it(language, text):
    zone = ZONES[language]
    expected = tuple(at(*day, zone=zone) for day in NOVEMBER)
    assert period(text, language) == expected
    # The month we are in is this one, looking ahead too.
    assert period(text, language, future=True) == expected


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "January"),
        ("en", "jan"),
        ("tr", "ocak"),
        ("tr", "Ocak"),
        ("et", "jaanuar"),
        ("et", "jaanuaris"),
        ("et", "jaan"),
    ],
)
def test_a_month_without_a_year_is_the_latest_begun_for_filters_and_the_next_ahead(language, text):
    zone = ZONES[language]
    assert period(text, language) == (at(2026, 1, 1, zone=zone), at(2026, 2, 1, zone=zone))
    assert period(text, language, future=True) == (
        at(2027, 1, 1, zone=zone),
        at(2027, 2, 1, zone=zone),
    )


@pytest.mark.parametrize(
    "language, text", [("en", "December"), ("tr", "aralık"), ("tr", "ARALIK"), ("et", "detsember")]
)
def test_december_looking_back_from_november_is_last_year_and_ends_at_new_year(language, text):
    zone = ZONES[language]
    assert period(text, language) == (at(2025, 12, 1, zone=zone), at(2026, 1, 1, zone=zone))
    assert period(text, language, future=True)[0] == at(2026, 12, 1, zone=zone)


@pytest.mark.parametrize("language", ["en", "tr", "et"])
def test_a_year_means_the_whole_year(language):
    zone = ZONES[language]
    assert period("2026", language) == (at(2026, 1, 1, zone=zone), at(2027, 1, 1, zone=zone))
    assert period("2025", language) == (at(2025, 1, 1, zone=zone), at(2026, 1, 1, zone=zone))


@pytest.mark.parametrize("language", ["en", "tr", "et"])
def test_february_ends_on_the_first_of_march(language):
    zone = ZONES[language]
    assert period("2028-02", language) == (at(2028, 2, 1, zone=zone), at(2028, 3, 1, zone=zone))


@pytest.mark.parametrize("language", ["en", "tr", "et"])
@pytest.mark.parametrize("text", ["2026-13", "2026-00", "13/2026", "0000", "9999"])
def test_impossible_months_and_years_are_refused(language, text):
    with pytest.raises(DateError):
        period(text, language)


# -- English forms that python-dateutil misread ----------------------------------------------------


def when(text: str, **kwargs) -> datetime:
    return parse_when(text, now=NOW, tz=IST, **kwargs)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("10.00", at(2026, 11, 23, 10)),  # was 10 November
        ("14.30", at(2026, 11, 23, 14, 30)),
        ("1.12.2026", at(2026, 12, 1)),  # dots are day first, as in Britain
        ("tomorrow 10.30", at(2026, 11, 24, 10, 30)),
        ("next friday", at(2026, 11, 27)),
        ("last friday", at(2026, 11, 20)),
        ("last monday", at(2026, 11, 16)),
        ("Tuesday 1 December 2026, 14:00", at(2026, 12, 1, 14)),
        ("December 3, 2026", at(2026, 12, 3)),
        ("1/2/2026", at(2026, 1, 2)),  # English slashes stay month first
    ],
)
def test_english_forms(text, expected):
    assert when(text) == expected


def test_english_is_the_default_language_and_unknown_languages_fall_back_to_it():
    assert parse_when("tomorrow", now=NOW, tz=IST) == at(2026, 11, 24)
    assert parse_when("tomorrow", now=NOW, tz=IST, language="de") == at(2026, 11, 24)
    assert parse_when("yarın", now=NOW, tz=IST, language="tr_TR") == at(2026, 11, 24)
    assert parse_when("homme", now=NOW, tz=IST, language="et-EE") == at(2026, 11, 24)
    # A Turkish or Estonian word reads whatever the language spoken (tests/test_dates_spoken.py)
    assert parse_when("yarın", now=NOW, tz=IST) == at(2026, 11, 24)
    with pytest.raises(DateError):
        parse_when("morgen", now=NOW, tz=IST)  # a word of no language callmate speaks
