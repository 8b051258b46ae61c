"""The wrap-up's follow-up time: the hints are times ahead, written as the field reads them, in each
language; a day typed alone is due when the working day starts, not at midnight."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from callmate.checklists import catalog
from callmate.dates import (
    FOLLOW_UP_EXAMPLES,
    LANGUAGES,
    WORKDAY_START,
    DateError,
    parse_follow_up,
    parse_when,
)
from callmate.dates.text import TEXTS
from callmate.language.i18n import set_language
from tests.test_wrapup_support import burst, plain, to_wrap_up
from tests.ui_helpers import make_app, settle, stored_call

TALLINN = ZoneInfo("Europe/Tallinn")
#: Moments a follow-up is typed at: a Monday morning, a Friday late evening, New Year's Eve,
#: the night the clocks go back.
MOMENTS = [
    datetime(2026, 11, 23, 9, 0, tzinfo=TALLINN),
    datetime(2026, 11, 27, 23, 50, tzinfo=TALLINN),
    datetime(2026, 12, 31, 23, 59, tzinfo=TALLINN),
    datetime(2026, 10, 25, 3, 30, tzinfo=TALLINN),
]


def test_the_working_day_starts_at_nine():
    assert (WORKDAY_START.hour, WORKDAY_START.minute) == (9, 0)


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("now", MOMENTS, ids=lambda m: m.strftime("%a %H:%M %d %b"))
def test_every_follow_up_hint_is_a_time_ahead_from_any_moment(code, now):
    for form in TEXTS[code].follow_up:
        moment = parse_follow_up(form, now=now, tz=TALLINN, language=code)
        assert moment > now, (code, form, moment)


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_follow_up_hints_show_no_form_that_a_filter_reads_as_the_past(code):
    """A bare "7d" is ahead here and ago in a filter: the hints only give forms that say which
    way, so what the agent learns here means the same in a filter."""
    now = MOMENTS[0]
    for form in TEXTS[code].follow_up:
        assert parse_when(form, now=now, tz=TALLINN, language=code) > now, (code, form)
    line = FOLLOW_UP_EXAMPLES[code]
    assert all(form in line for form in TEXTS[code].follow_up)


@pytest.mark.parametrize(
    "code, text, day",
    [
        ("en", "tomorrow", 24),
        ("en", "2026-12-09", None),
        ("en", "friday", 27),
        ("en", "Dec 9", None),
        ("tr", "yarın", 24),
        ("tr", "09.12.2026", None),
        ("tr", "cuma günü", 27),
        ("et", "homme", 24),
        ("et", "9.12.2026", None),
        ("et", "reedel", 27),
    ],
)
def test_a_day_typed_alone_is_due_when_the_working_day_starts(code, text, day):
    now = MOMENTS[0]
    moment = parse_follow_up(text, now=now, tz=TALLINN, language=code)
    expected = datetime(2026, 11, day, 9, 0) if day else datetime(2026, 12, 9, 9, 0)
    assert moment == expected.replace(tzinfo=TALLINN)
    # A filter still means the whole day from its midnight.
    assert parse_when(text, now=now, tz=TALLINN, language=code, future=True).hour == 0


@pytest.mark.parametrize(
    "code, text, expected",
    [
        ("en", "tomorrow 14:30", datetime(2026, 11, 24, 14, 30)),
        ("en", "+2d", datetime(2026, 11, 25, 9, 0)),
        ("en", "in 3 hours", datetime(2026, 11, 23, 12, 0)),
        ("tr", "yarın saat 8", datetime(2026, 11, 24, 8, 0)),
        ("et", "homme kell 7.15", datetime(2026, 11, 24, 7, 15)),
    ],
)
def test_a_time_typed_is_kept_as_typed(code, text, expected):
    moment = parse_follow_up(text, now=MOMENTS[0], tz=TALLINN, language=code)
    assert moment == expected.replace(tzinfo=TALLINN)


def test_a_month_alone_starts_on_its_first_working_morning():
    moment = parse_follow_up("december", now=MOMENTS[0], tz=TALLINN, language="en")
    assert moment == datetime(2026, 12, 1, 9, 0, tzinfo=TALLINN)


def test_the_morning_after_the_clocks_go_back_is_nine_by_the_clock():
    night = MOMENTS[3]  # 25 October 2026 03:30, the clocks went back at 04:00 -> 03:00
    moment = parse_follow_up("homme", now=night, tz=TALLINN, language="et")
    assert moment.astimezone(TALLINN).hour == 9
    assert moment.astimezone(UTC) == datetime(2026, 10, 26, 7, 0, tzinfo=UTC)  # EET, +02:00


@pytest.mark.parametrize("code", LANGUAGES)
def test_an_unreadable_follow_up_suggests_times_ahead(code):
    with pytest.raises(DateError) as caught:
        parse_follow_up("soonish", now=MOMENTS[0], tz=TALLINN, language=code)
    said = str(caught.value)
    assert FOLLOW_UP_EXAMPLES[code] in said
    assert "7d" not in said and "yesterday" not in said and "dün" not in said


# -- in the wrap-up --------------------------------------------------------------------------------

#: The hint line, a date typed alone, and what the wrap-up reads it as, in each language.
SHOWN = {
    "en": (
        'Follow-up (optional), e.g. "tomorrow 10:00", +2d, "next friday 14:00"',
        "tomorrow",
        "→ Tuesday 24 November 2026, 09:00",
    ),
    "tr": (
        'Geri dönüş (isteğe bağlı), ör. "yarın 10:00", "2 gün sonra", "gelecek cuma"',
        "yarın",
        "→ 24 Kasım 2026 Salı, 09:00",
    ),
    "et": (
        'Järelkontakt (valikuline), nt homme, "2 päeva pärast", "järgmisel reedel"',
        "homme",
        "→ teisipäev, 24. november 2026, kell 09:00",
    ),
}


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "calls.db"


@pytest.mark.parametrize("code", list(SHOWN))
async def test_the_wrap_up_offers_times_ahead_and_saves_a_day_alone_at_nine(
    db_path, clock, utc_dates, code
):
    hint, typed, described = SHOWN[code]
    set_language(code)
    app = make_app(db_path, catalog.resolve(f"default.{code}"), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await to_wrap_up(pilot, app, clock)
        assert plain(app, "#follow-up-label") == hint  # one line at 80 columns
        burst(app, ["tab", *typed])
        await settle(pilot, app)
        assert plain(app, "#follow-up-shown") == described
        burst(app, ["ctrl+s"])
        await settle(pilot, app)
    expected = clock.now().replace(hour=9, minute=0, second=0) + timedelta(days=1)
    assert stored_call(db_path, call.id)["call"]["follow_up_at"] == expected.isoformat()
