"""Dates said back to people in their language: a typed date in words, dates in tables, calm
minutes, the unreadable-date message and its examples; and the word tables themselves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from dateutil import tz

from callmate.dates import (
    EXAMPLES,
    EXAMPLES_BY_LANGUAGE,
    LANGUAGES,
    STYLES,
    TEXTS,
    DateError,
    describe,
    format_duration,
    looks_ambiguous,
    parse_when,
    show_date,
    show_local,
)
from callmate.dates.words import TABLES, fold, lexicon
from tests.fresh import run_fresh

IST = tz.gettz("Europe/Istanbul")
TAL = tz.gettz("Europe/Tallinn")
ZONES = {"en": IST, "tr": IST, "et": TAL}
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=IST)
MOMENT = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)  # 14:00 in Istanbul, 13:00 in Tallinn


# -- describe: a typed date shown back in words ---------------------------------------------------


@pytest.mark.parametrize(
    "language, zone, expected",
    [
        ("en", IST, "Tuesday 1 December 2026, 14:00"),
        ("tr", IST, "1 Aralık 2026 Salı, 14:00"),
        ("et", TAL, "teisipäev, 1. detsember 2026, kell 13:00"),
    ],
)
def test_describe_names_the_weekday_and_month_with_a_24_hour_clock(language, zone, expected):
    assert describe(MOMENT, language, tz=zone) == expected


def test_describe_without_the_time():
    assert describe(MOMENT, "tr", tz=IST, with_time=False) == "1 Aralık 2026 Salı"
    assert describe(MOMENT, "et", tz=TAL, with_time=False) == "teisipäev, 1. detsember 2026"


def test_describe_uses_the_local_zone_by_default(local_zone):
    local_zone("Europe/Istanbul")
    assert describe(MOMENT, "tr") == "1 Aralık 2026 Salı, 14:00"
    local_zone("Europe/Tallinn")
    assert describe(MOMENT, "et") == "teisipäev, 1. detsember 2026, kell 13:00"


def test_the_ambiguous_cases_of_the_issue_read_back_in_words():
    def shown(text, language, future=True):
        zone = ZONES[language]
        moment = parse_when(text, now=NOW, tz=zone, future=future, language=language)
        return describe(moment, language, tz=zone)

    assert shown("01.12.2026 14:00", "tr") == "1 Aralık 2026 Salı, 14:00"
    assert shown("05.12", "tr") == "5 Aralık 2026 Cumartesi, 00:00"
    assert shown("05.12", "tr", future=False) == "5 Aralık 2025 Cuma, 00:00"
    assert shown("10.00", "et") == "esmaspäev, 23. november 2026, kell 10:00"
    assert shown("24/11 10:00", "et") == "teisipäev, 24. november 2026, kell 10:00"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 12, 1, 11, 0, tzinfo=UTC),
        datetime(2027, 2, 28, 22, 5, tzinfo=UTC),
        datetime(2026, 3, 29, 7, 30, tzinfo=UTC),  # just after the spring clock change
        datetime(2026, 8, 31, 23, 59, tzinfo=UTC),
    ],
)
def test_what_describe_shows_reads_back_as_the_same_moment(language, moment):
    zone = ZONES[language]
    for with_time in (True, False):
        text = describe(moment, language, tz=zone, with_time=with_time)
        read = parse_when(text, now=NOW, tz=zone, language=language)
        expected = moment.astimezone(zone)
        if not with_time:
            expected = expected.replace(hour=0, minute=0)
        assert read == expected, text


# -- show_date: dates in tables -------------------------------------------------------------------


@pytest.mark.parametrize(
    "style, en, tr, et",
    [
        ("day_time", "1 Dec 14:00", "1 Ara 14:00", "1. dets 13:00"),
        (
            "weekday_time",
            "Tue 1 Dec 2026, 14:00",
            "1 Ara 2026 Sal, 14:00",
            "T, 1. dets 2026, 13:00",
        ),
        ("date", "1 Dec 2026", "1 Ara 2026", "1. dets 2026"),
        ("numeric", "2026-12-01 14:00", "01.12.2026 14:00", "01.12.2026 13:00"),
        ("numeric_short", "12-01 14:00", "01.12 14:00", "01.12 13:00"),
        ("time", "14:00", "14:00", "13:00"),
        ("time_seconds", "14:00:00", "14:00:00", "13:00:00"),
    ],
)
def test_show_date_styles(style, en, tr, et):
    stored = "2026-12-01T11:00:00+00:00"
    assert show_date(stored, "en", style, tz=IST) == en
    assert show_date(stored, "tr", style, tz=IST) == tr
    assert show_date(MOMENT, "et", style, tz=TAL) == et


def test_show_date_of_nothing_is_empty_and_every_style_has_every_language():
    assert show_date(None, "tr") == show_date("", "et") == ""
    assert set(TEXTS) == set(LANGUAGES)
    assert all(set(TEXTS[code].styles) == set(STYLES) for code in LANGUAGES)


def test_show_local_is_unchanged_for_its_callers(local_zone):
    local_zone("Europe/Istanbul")
    assert show_local("2026-12-01T11:00:00+00:00") == "2026-12-01 14:00"
    assert show_local(MOMENT, "%a %d %b %Y %H:%M") == "Tue 01 Dec 2026 14:00"


@pytest.mark.parametrize(
    "seconds, language, expected",
    [
        (30, "en", "<1 min"),
        (300, "en", "5 min"),
        (30, "tr", "<1 dk"),
        (300, "tr", "5 dk"),
        (300, "et", "5 min"),
        (300, "xx", "5 min"),
    ],
)
def test_calm_minutes_in_each_language(seconds, language, expected):
    assert format_duration(seconds, calm=True, language=language) == expected
    assert format_duration(seconds, language=language) == format_duration(seconds)


# -- when to show a typed date back in words ------------------------------------------------------


@pytest.mark.parametrize(
    "text, ambiguous",
    [
        ("05.12", True),
        ("1/2", True),
        ("1.12", True),
        ("01.12.2026", True),
        ("10.05", True),
        ("10.10", True),
        ("01.12.26", True),
        ("cuma 05.12", True),
        ("05.12 14:00", True),
        ("24/11", False),
        ("24/11 10:00", False),
        ("10.00", False),
        ("14.30", False),
        ("13.12.2026", False),
        ("yarın", False),
        ("2026-12-01", False),
        ("3 gün önce", False),
    ],
)
def test_looks_ambiguous(text, ambiguous):
    assert looks_ambiguous(text) is ambiguous


# -- the unreadable-date message ------------------------------------------------------------------


def test_english_examples_are_unchanged():
    assert EXAMPLES == (
        '2026-11-01, "Nov 1", today, yesterday, 7d, 2w, monday, "tomorrow 10:00", +2d'
    )
    assert EXAMPLES_BY_LANGUAGE["en"] == EXAMPLES


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_example_reads_in_its_own_language_both_ways(language):
    zone = ZONES[language]
    for example in TEXTS[language].examples:
        for future in (False, True):
            parse_when(example, now=NOW, tz=zone, future=future, language=language)
        assert example in EXAMPLES_BY_LANGUAGE[language]


@pytest.mark.parametrize(
    "language, words",
    [("en", "cannot read"), ("tr", "okunamadı"), ("et", "ei ole arusaadav")],
)
def test_the_message_is_one_sentence_in_the_language_with_its_examples(language, words):
    with pytest.raises(DateError) as caught:
        parse_when("someday 25:00", now=NOW, tz=IST, language=language)
    message = str(caught.value)
    assert message.startswith(words) or words in message
    assert "'someday 25:00'" in message and "'25:00'" in message
    assert message.endswith(EXAMPLES_BY_LANGUAGE[language])
    assert "\n" not in message and message.count(";") == 1


def test_every_language_has_every_message():
    assert all(set(TEXTS[code].reasons) == set(TEXTS["en"].reasons) for code in LANGUAGES)


# fmt: off
BAD = [
    "", "   ", "32.13.2026", "25:00", "9999999999 gün önce", "9999999999 päeva tagasi",
    "9999999999 days ago", "9999999999 years ago", "+99999999999999999999d", "9" * 5000 + "d",
    "99999999999999999999", "0.0", "00.00.0000", "31/04/2026", "29.02.2027", "24:00", "23:60",
    "10:00:61", "2026-11-01T25:00", "yarın yarın", "saat", "kell", "at", "'", ",", "-", "+",
    "\x00", "\u202e10.00", "1.2.3.4", "2026-02-30", "--5d",
    "in 3 days ago", "+3 gün önce", "geçen yarın", "next today", "T T", "E 25:00",
]
# fmt: on


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text", BAD)
def test_bad_input_raises_only_date_errors(language, text):
    for future in (False, True):
        for end_of_day in (False, True):
            with pytest.raises(DateError):
                parse_when(
                    text, now=NOW, tz=IST, future=future, end_of_day=end_of_day, language=language
                )


# -- the word tables ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_folded_word_means_two_things(language):
    """Folding drops diacritics and merges with English: no two meanings may meet in one word."""
    own, english = TABLES[language], TABLES["en"]
    for kind in ("days", "units", "modifiers"):
        seen: dict[str, object] = {}
        for table in (own, english):
            for word, meaning in getattr(table, kind).items():
                assert seen.setdefault(fold(word), meaning) == meaning, (kind, word)
    for kind in ("weekdays", "months"):
        seen = {}
        for table in (own, english):
            for number, forms in enumerate(getattr(table, kind)):
                for form in forms:
                    assert seen.setdefault(fold(form), number) == number, (kind, form)
    words = lexicon(language)
    assert not set(words.weekdays) & set(words.months)
    assert not set(words.days) & (set(words.weekdays) | set(words.months))


def test_full_width_digits_from_an_input_method_read_as_digits():
    assert parse_when("１０.００", now=NOW, tz=IST, language="tr") == parse_when(
        "10.00", now=NOW, tz=IST, language="tr"
    )


def test_folding_meets_turkish_capitals_and_missing_diacritics():
    assert fold("YARIN") == fold("Yarın") == fold("yarin") == fold("YARİN") == "yarin"
    assert fold("ÇARŞAMBA") == fold("carsamba")
    assert fold("PÜHAPÄEVAL") == fold("puhapaeval")
    assert fold("cuma'ya") == "cumaya"


def test_importing_dates_loads_neither_babel_nor_dateutil_nor_the_word_tables():
    heavy = ("babel", "dateutil", "callmate.dates.words", "callmate.dates.read")
    assert run_fresh("import callmate.dates", *heavy)[1] == []


def test_describe_of_a_moment_far_from_now_still_reads():
    moment = (NOW + timedelta(days=400)).astimezone(UTC)
    assert describe(moment, "tr", tz=IST).startswith("28 Aralık 2027 Salı")
