"""Dates and numbers shown without Babel are the text Babel gives: every shown pattern in every
language, every month and weekday, numbers of every size and sign; the names and symbols are
Babel's data; and the read-only commands load neither Babel nor dateutil's zones."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from decimal import InvalidOperation
from zoneinfo import ZoneInfo

import pytest
from babel import Locale
from babel.dates import format_datetime as babel_datetime
from babel.numbers import format_decimal as babel_decimal, parse_pattern
from dateutil.tz import tzlocal
from hypothesis import given, settings, strategies as st

from callmate.dates import describe, show_date
from callmate.dates.text import STYLES, TEXTS
from callmate.language import cldr_build
from callmate.language.cldr import (
    DAYS,
    FRACTION_DIGITS,
    GROUP_SIZE,
    MINUS,
    MONTHS,
    NUMBER_SYMBOLS,
    format_datetime,
    format_decimal,
    format_fixed,
)
from callmate.language.i18n import number
from callmate.language.registry import LANGUAGES
from tests.fresh import run_fresh
from tests.test_cli_demo import demo

FAST = settings(max_examples=300, deadline=None)
ZONES = (UTC, ZoneInfo("Europe/Istanbul"), ZoneInfo("Europe/Tallinn"), ZoneInfo("America/Lima"))
PATTERNS = sorted(
    {pattern for texts in TEXTS.values() for pattern in texts.styles.values()}
    | {pattern for texts in TEXTS.values() for pattern in texts.describe}
)


def babel_shown(moment: datetime, pattern: str, code: str) -> str:
    """What callmate showed before: Babel, given the local moment and its zone."""
    return babel_datetime(moment, pattern, tzinfo=moment.tzinfo, locale=code)


def moments() -> list[datetime]:
    """Every month and weekday, midnight, the last second of a year, one-digit fields, a leap
    day, and years of one to four digits."""
    start = datetime(2026, 1, 1, 9, 30, tzinfo=UTC)
    return [
        *(start + timedelta(days=31 * k + k % 7, hours=k) for k in range(12)),
        *(datetime(2026, 11, 23 + k, 14, 0, tzinfo=UTC) for k in range(7)),
        datetime(2026, 12, 1, 0, 0, 0, tzinfo=UTC),
        datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(2027, 3, 5, 7, 8, 9, tzinfo=UTC),
        datetime(2028, 2, 29, 12, 0, tzinfo=UTC),
        datetime(1, 1, 1, 12, 0, tzinfo=UTC),
        datetime(42, 6, 9, 1, 1, 1, tzinfo=UTC),
        datetime(999, 10, 4, 22, 5, tzinfo=UTC),
        datetime(9999, 12, 30, 12, 0, tzinfo=UTC),
    ]


# -- dates ----------------------------------------------------------------------------------------


def test_the_moments_cover_every_month_and_weekday():
    assert {m.month for m in moments()} == set(range(1, 13))
    assert {m.weekday() for m in moments()} == set(range(7))


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("style", STYLES)
def test_every_shown_style_is_babels(style, code):
    pattern = TEXTS[code].styles[style]
    for moment in moments():
        for zone in ZONES:
            expected = babel_shown(moment.astimezone(zone), pattern, code)
            assert show_date(moment, code, style, tz=zone) == expected


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("with_time", [False, True])
def test_both_described_forms_are_babels(code, with_time):
    pattern = TEXTS[code].describe[with_time]
    for moment in moments():
        for zone in ZONES:
            expected = babel_shown(moment.astimezone(zone), pattern, code)
            assert describe(moment, code, tz=zone, with_time=with_time) == expected


@FAST
@given(
    moment=st.datetimes(timezones=st.sampled_from(ZONES)),
    pattern=st.sampled_from(PATTERNS),
    code=st.sampled_from(LANGUAGES),
)
def test_any_moment_in_any_shown_pattern_is_babels(moment, pattern, code):
    assert format_datetime(moment, pattern, code) == babel_shown(moment, pattern, code)


@pytest.mark.parametrize(
    "pattern", ["HH 'o''clock'", "'kell' HH:mm", "''HH''", "d.M.yy", "yyyyy", "E EE", "M/d"]
)
def test_quotes_and_the_other_lengths_are_babels(pattern):
    moment = datetime(2026, 3, 5, 7, 8, 9, tzinfo=UTC)
    for code in LANGUAGES:
        assert format_datetime(moment, pattern, code) == babel_shown(moment, pattern, code)


@pytest.mark.parametrize(
    "pattern",
    [
        "h:mm",
        "HH:mm a",
        "EEEEE",
        "EEEEEE",
        "MMMMM",
        "ddd",
        "HHH",
        "G y",
        "QQ",
        "z",
        "LLL",
        "'kell HH:mm",
        "yyyy-MM-ddTHH:mm",
    ],
)
def test_a_field_callmate_does_not_show_is_refused(pattern):
    with pytest.raises(ValueError):
        format_datetime(datetime(2026, 3, 5, 7, 8, tzinfo=UTC), pattern, "en")


@pytest.mark.parametrize(
    "stored",
    [
        "2026-03-29T00:59:59+00:00",
        "2026-03-29T01:00:00+00:00",
        "2026-07-01T09:00:00+00:00",
        "2026-10-25T00:59:59+00:00",
        "2026-10-25T01:00:00+00:00",
        "2026-12-01T09:00:00+00:00",
    ],
)
def test_without_a_zone_the_machines_zone_is_used_as_before(local_zone, stored):
    """TZ decides, as it did when shown dates took dateutil's local zone (summer and winter
    time, both sides of each change)."""
    local_zone("Europe/Tallinn")
    before = datetime.fromisoformat(stored).astimezone(tzlocal())
    for code in LANGUAGES:
        for style, pattern in TEXTS[code].styles.items():
            assert show_date(stored, code, style) == babel_shown(before, pattern, code)


# -- numbers --------------------------------------------------------------------------------------


def outcome(format_, value, code):
    """The text, or the kind of refusal: refusing the same value the same way is the same."""
    try:
        return format_(value, code)
    except (ArithmeticError, ValueError) as exc:
        return type(exc)


def babels(value, code):
    return babel_decimal(value, locale=code)


def assert_as_babel(value) -> None:
    for code in LANGUAGES:
        assert outcome(format_decimal, value, code) == outcome(babels, value, code), (value, code)


@FAST
@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_any_integer_is_babels(value):
    assert_as_babel(value)


@pytest.mark.parametrize(
    "value",
    [
        0,
        -1,
        999,
        1000,
        -1000,
        10**24,
        10**25 - 1,
        -(10**25) + 1,
        10**25,
        -(10**25),
        10**27,
        10**28 - 1,
        10**28,
        10**28 + 1,
        10**29 + 5,
        True,
    ],
)
def test_integers_near_the_decimal_modules_precision_are_babels(value):
    assert_as_babel(value)


@FAST
@given(st.integers(min_value=-(10**10), max_value=10**10), st.integers(min_value=0, max_value=7))
def test_any_float_with_few_decimals_is_babels(whole, places):
    assert_as_babel(whole / 10**places)


@FAST
@given(st.floats())
def test_any_float_is_babels(value):
    assert_as_babel(value)


@pytest.mark.parametrize(
    "value",
    [
        0.0005,
        2.5e-4,
        1234.5675,
        -0.0,
        -0.0004,
        2.0005,
        2.0015,
        1e16,
        1e22,
        1e25,
        1e300,
        5e-324,
        0.1 + 0.2,
        float("inf"),
        float("-inf"),
        float("nan"),
    ],
)
def test_the_awkward_floats_are_babels(value):
    assert_as_babel(value)


@pytest.mark.parametrize(
    "value, en, tr, et",
    [
        (1234, "1,234", "1.234", "1\xa0234"),  # four digits are grouped, in Estonian too
        (-1234567, "-1,234,567", "-1.234.567", "-1\xa0234\xa0567"),  # a hyphen-minus everywhere
        (250, "250", "250", "250"),
        (1234.5675, "1,234.568", "1.234,568", "1\xa0234,568"),
        (2.0005, "2", "2", "2"),  # half to even: 2.000
        (2.0015, "2.002", "2,002", "2,002"),
        (0.0005, "0", "0", "0"),
        (-0.0, "-0", "-0", "-0"),
        (12.5, "12.5", "12,5", "12,5"),
    ],
)
def test_numbers_read_as_each_language_writes_them(value, en, tr, et):
    assert [number(value, code) for code in LANGUAGES] == [en, tr, et]


# -- the tables are Babel's data ------------------------------------------------------------------


def test_every_table_has_every_language():
    assert set(MONTHS) == set(DAYS) == set(NUMBER_SYMBOLS) == set(LANGUAGES)


def test_the_names_module_is_what_the_installed_babel_gives():
    """``cldr_names`` is written by its builder, for every language of the registry: a new
    language or a Babel that says otherwise fails here until the builder is run again."""
    assert cldr_build.TARGET.read_text(encoding="utf-8") == cldr_build.source()


def test_the_builder_writes_a_character_that_does_not_show_as_its_escape():
    assert cldr_build.quoted("1\xa0234") == '"1\\xa0234"'
    assert cldr_build.quoted('say "hi" \\ ok') == '"say \\"hi\\" \\\\ ok"'
    assert cldr_build.quoted("Şub") == '"Şub"'
    assert cldr_build.quoted("\u2028\U000e0001") == '"\\u2028\\U000e0001"'


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_names_are_babels(code):
    locale = Locale.parse(code)
    for width in ("abbreviated", "wide"):
        months = locale.months["format"][width]
        days = locale.days["format"][width]
        assert MONTHS[code][width] == tuple(months[month] for month in range(1, 13))
        assert DAYS[code][width] == tuple(days[day] for day in range(7))


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_number_symbols_and_format_are_babels(code):
    locale = Locale.parse(code)
    symbols = locale.number_symbols["latn"]
    assert NUMBER_SYMBOLS[code] == {name: symbols[name] for name in NUMBER_SYMBOLS[code]}
    pattern = parse_pattern(locale.decimal_formats[None])
    assert pattern.grouping == (GROUP_SIZE, GROUP_SIZE)
    assert pattern.int_prec[0] == 1 and pattern.frac_prec == (0, FRACTION_DIGITS)
    assert pattern.prefix == ("", MINUS) and pattern.suffix == ("", "")


def test_a_number_longer_than_the_decimal_modules_precision_is_refused_as_babel_refuses_it():
    assert outcome(format_decimal, 10**30, "en") is outcome(babels, 10**30, "en")
    assert outcome(format_decimal, 10**30, "en") is InvalidOperation


# -- the read-only commands -----------------------------------------------------------------------

RUN_AND_LIST_MODULES = """
import sys
from callmate.cli import main

command = sys.argv[1:]
for code in ("en", "tr", "et"):
    sys.argv = ["callmate", *command, "--lang", code]
    try:
        main()
    except SystemExit as end:
        assert not end.code, end.code
"""


@pytest.mark.parametrize("command", [["calls", "list"], ["calls", "show"], ["stats"]])
def test_the_read_only_commands_load_neither_babel_nor_dateutils_zones(tmp_path, command):
    path = tmp_path / "calls.db"
    demo(path, "--calls", "30")
    if command == ["calls", "show"]:
        with closing(sqlite3.connect(path)) as conn:
            command.append(conn.execute("SELECT id FROM calls LIMIT 1").fetchone()[0])
    shown, loaded = run_fresh(
        RUN_AND_LIST_MODULES, "babel", "dateutil.tz", args=[*command, "--db", str(path)]
    )
    assert shown.count("\n") > 3  # something was shown, in three languages
    assert loaded == []


@pytest.mark.parametrize(
    "value, places, code, written",
    [
        (1234.56, 1, "en", "1,234.6"),
        (1234.56, 1, "tr", "1.234,6"),
        (1234.56, 1, "et", "1\xa0234,6"),
        (90.0, 1, "et", "90,0"),
        (7, 0, "tr", "7"),
        (-0.04, 1, "en", "0.0"),
        (-12.25, 1, "tr", "-12,2"),
        (0.5, 2, "et", "0,50"),
    ],
)
def test_a_figure_with_fixed_decimals_is_pointed_as_the_language_writes(
    value, places, code, written
):
    assert format_fixed(value, places, code) == written
    # The same digits as Python's own formatting, only grouped and pointed differently.
    digits = written.replace("\xa0", "").replace(".", "").replace(",", "").lstrip("-")
    assert digits == f"{abs(value):.{places}f}".replace(".", "")
