"""Times of day and periods as people say them (issue 26), read against a fixed clock: Monday
7 December 2026, 10:30 local. "öğleden sonra 3" is 15:00, "yarın öğlen" tomorrow at noon,
"homme lõunal" tomorrow at noon, "eile lõunal" yesterday at noon; "last month", "geçen hafta",
"sel kuul" are whole periods (since: the first moment, until: the first moment after). A phrase in
Turkish or Estonian is read whichever language is spoken (the refusal is in the reader's)."""

from __future__ import annotations

from datetime import datetime

import pytest
from dateutil import tz

from callmate.dates import DateError, parse_follow_up, parse_when

ZONES = {"en": tz.gettz("Europe/London"), "tr": tz.gettz("Europe/Istanbul"),
         "et": tz.gettz("Europe/Tallinn")}  # fmt: skip


def at(language: str, mo: int, d: int, h: int = 0, mi: int = 0, y: int = 2026) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=ZONES[language])


def now(language: str) -> datetime:
    return at(language, 12, 7, 10, 30)  # a Monday


def follow_up(text: str, language: str) -> datetime:
    return parse_follow_up(text, now=now(language), tz=ZONES[language], language=language)


def back(text: str, language: str, **kwargs) -> datetime:
    zone = ZONES[language]
    return parse_when(text, now=now(language), tz=zone, language=language, **kwargs)


# -- a time of day by its part of the day, ahead (a follow-up) ------------------------------------


@pytest.mark.parametrize(
    "language, text, expected",
    [
        ("tr", "öğleden sonra 3", (12, 7, 15)),
        ("tr", "Öğleden sonra 3'te", (12, 7, 15)),
        ("tr", "ogleden sonra 3", (12, 7, 15)),  # typed without Turkish letters
        ("tr", "öğleden sonra saat 4", (12, 7, 16)),
        ("tr", "öğleden sonra 14:30", (12, 7, 14, 30)),
        ("tr", "öğleden sonra", (12, 7, 14)),
        ("tr", "yarın öğlen", (12, 8, 12)),
        ("tr", "yarın öğleyin", (12, 8, 12)),
        ("tr", "yarın öğleden sonra 3'te", (12, 8, 15)),
        ("tr", "yarın sabah", (12, 8, 9)),
        ("tr", "yarın sabah 8", (12, 8, 8)),
        ("tr", "akşamüstü", (12, 7, 17)),
        ("tr", "akşam üstü", (12, 7, 17)),
        ("tr", "akşamüzeri", (12, 7, 17)),
        ("tr", "akşam 8", (12, 7, 20)),
        ("tr", "bu akşam", (12, 7, 19)),
        ("tr", "cuma öğleden sonra 2", (12, 11, 14)),
        ("tr", "sabah", (12, 8, 9)),  # 09:00 has passed today: tomorrow's
        ("et", "homme lõunal", (12, 8, 12)),
        ("et", "homme lounal", (12, 8, 12)),
        ("et", "homme õhtul kell 7", (12, 8, 19)),
        ("et", "homme hommikul", (12, 8, 9)),
        ("et", "pärastlõunal", (12, 7, 14)),
        ("et", "pärastlõunal kell 3", (12, 7, 15)),
        ("et", "täna õhtul", (12, 7, 19)),
        ("et", "reedel lõunal", (12, 11, 12)),
        ("en", "tomorrow at noon", (12, 8, 12)),
        ("en", "tomorrow afternoon", (12, 8, 14)),
        ("en", "friday morning", (12, 11, 9)),
        ("en", "this evening", (12, 7, 19)),
        ("en", "tonight", (12, 7, 19)),
    ],
)
def test_a_part_of_the_day_is_its_hours(language, text, expected):
    assert follow_up(text, language) == at(language, *expected)


# -- a week ahead, and looking back ---------------------------------------------------------------


@pytest.mark.parametrize(
    "language, text, expected",
    [
        ("et", "järgmisel nädalal", (12, 14, 9)),  # next week's Monday, when the day starts
        ("et", "jargmisel nadalal", (12, 14, 9)),
        ("tr", "gelecek hafta", (12, 14, 9)),
        ("tr", "haftaya", (12, 14, 9)),
        ("en", "next week", (12, 14, 9)),
        ("tr", "gelecek ay", (1, 1, 9, 0, 2027)),
        ("et", "järgmisel kuul", (1, 1, 9, 0, 2027)),
    ],
)
def test_next_week_is_its_first_working_morning(language, text, expected):
    assert follow_up(text, language) == at(language, *expected)


@pytest.mark.parametrize(
    "language, text, expected",
    [
        ("tr", "dün öğleden sonra 3", (12, 6, 15)),
        ("tr", "dün öğlen", (12, 6, 12)),
        ("tr", "dün akşam", (12, 6, 19)),
        ("et", "eile lõunal", (12, 6, 12)),
        ("et", "eile õhtul kell 8", (12, 6, 20)),
        ("en", "yesterday afternoon", (12, 6, 14)),
    ],
)
def test_a_past_part_of_the_day_is_read_back(language, text, expected):
    assert back(text, language) == at(language, *expected)


# -- whole periods --------------------------------------------------------------------------------

PERIODS = {
    "last week": ((11, 30), (12, 7)),
    "this week": ((12, 7), (12, 14)),
    "last month": ((11, 1), (12, 1)),
    "this month": ((12, 1), (1, 1, 2027)),
    "last year": ((1, 1, 2025), (1, 1)),
    "this year": ((1, 1), (1, 1, 2027)),
}
SAID = {
    "tr": {"last week": "geçen hafta", "this week": "bu hafta", "last month": "geçen ay",
           "this month": "bu ay", "last year": "geçen yıl", "this year": "bu yıl"},
    "et": {"last week": "eelmisel nädalal", "this week": "sel nädalal",
           "last month": "eelmisel kuul", "this month": "sel kuul",
           "last year": "eelmisel aastal", "this year": "sel aastal"},
    "en": {p: p for p in PERIODS},
}  # fmt: skip


def _day(language: str, parts: tuple[int, ...]) -> datetime:
    month, day, *year = parts
    return at(language, month, day, y=year[0] if year else 2026)


@pytest.mark.parametrize("language", ["en", "tr", "et"])
@pytest.mark.parametrize("name", list(PERIODS))
def test_a_period_is_the_whole_of_it(language, name):
    text = SAID[language][name]
    first, after = PERIODS[name]
    assert back(text, language) == _day(language, first)
    assert back(text, language, end_of_day=True) == _day(language, after)
    assert back(text.upper(), language) == _day(language, first)


# -- the reader's language does not limit what is read --------------------------------------------


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("öğleden sonra 3", "en", ("tr", 12, 7, 15)),
        ("3 gün önce", "en", ("tr", 12, 4, 10, 30)),
        ("homme lõunal", "en", ("et", 12, 8, 12)),
        ("3 päeva tagasi", "tr", ("et", 12, 4, 10, 30)),
        ("yarın öğlen", "et", ("tr", 12, 8, 12)),
    ],
)
def test_a_turkish_or_estonian_phrase_reads_in_any_language(text, language, expected):
    zone, *parts = expected
    moment = parse_when(
        text,
        now=now(zone),
        tz=ZONES[zone],
        language=language,
        future="önce" not in text and "tagasi" not in text,
    )
    assert moment == at(zone, *parts)


@pytest.mark.parametrize(
    "text, language, words",
    [
        ("öğleden sonra 25", "tr", "geçerli bir saat değil"),
        ("sabah 15", "tr", "geçerli bir saat değil"),
        ("hommikul kell 17", "et", "ei ole kellaaeg"),
        ("öğleden sonra zzz", "en", "cannot read"),
    ],
)
def test_a_part_of_the_day_with_no_such_hour_is_refused(text, language, words):
    with pytest.raises(DateError) as caught:
        follow_up(text, language)
    assert words in str(caught.value)
