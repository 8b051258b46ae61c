"""The review screens under Pilot at 80x24: paging, filters, search, detail, stats, errors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.widgets import Input, Sparkline, Static

from callmate.checklists import catalog
from callmate.clock import FakeClock
from callmate.config import Settings
from callmate.demo import generate as demo
from callmate.review import queries, stats
from callmate.review.pages import Typed, resolve
from callmate.store.db import open_db
from callmate.ui.app import CallmateApp
from callmate.ui.screens.help import HelpScreen
from callmate.ui.screens.review import ReviewScreen
from callmate.ui.screens.review_detail import CallDetailScreen
from callmate.ui.screens.review_stats import StatsScreen
from callmate.ui.widgets.review_table import CallTable
from tests.test_review_dataset import build

pytestmark = pytest.mark.usefixtures("utc_dates")

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def review_app(path) -> CallmateApp:
    return CallmateApp(
        db_path=path,
        checklist=catalog.resolve(None),
        settings=Settings(agent="Lead"),
        clock=FakeClock(NOW),
        mode="review",
        save_settings=False,
    )


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def table_ids(app) -> list[str]:
    return app.screen.query_one(CallTable).row_ids()


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """250 demo calls: two and a half pages."""
    path = tmp_path_factory.mktemp("review") / "demo.db"
    db = open_db(path)
    demo.generate(db, 250, seed=11, end=NOW, days=30)
    ordered = [
        r[0] for r in db.conn.execute("SELECT id FROM calls ORDER BY started_at DESC, id DESC")
    ]
    db.close()
    return path, ordered


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "calls.db"
    return path, build(path)


async def type_into(pilot, text_: str) -> None:
    for ch in text_:
        await pilot.press({" ": "space", '"': "quotation_mark", "-": "minus"}.get(ch, ch))


async def test_the_list_pages_through_every_call_a_page_at_a_time(big):
    path, ordered = big
    app = review_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert table_ids(app) == ordered[:100]  # never more than one page in the table
        assert "250 calls · 1–100 · all calls" in text(app, "#review-status")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert table_ids(app) == ordered[100:200]
        table = app.screen.query_one(CallTable)
        table.move_cursor(row=99)
        await pilot.press("down")  # past the last row: the next page
        await settle(pilot)
        assert table_ids(app) == ordered[200:]
        assert "201–250" in text(app, "#review-status")
        assert table.cursor_row == 0
        await pilot.press("up")  # past the first row: the previous page, cursor at its end
        await settle(pilot)
        assert table_ids(app) == ordered[100:200] and table.cursor_row == 99
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert table_ids(app) == ordered[:100]
        await pilot.press("left_square_bracket")  # already on the first page
        await settle(pilot)
        assert table_ids(app) == ordered[:100]


async def test_typed_filters_and_a_search_select_the_right_calls(small):
    path, ids = small
    app = review_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert table_ids(app) == [ids[n] for n in "GFEDCBA"]
        await pilot.press("f")  # the since field
        assert app.screen.focused.id == "filter-since"
        await pilot.press("tab", "tab")
        await type_into(pilot, "ann")
        await pilot.press("enter")
        await settle(pilot)
        assert table_ids(app) == [ids[n] for n in "GFBA"]
        status = text(app, "#review-status")
        assert "4 calls" in status and "agent ann" in status
        assert app.screen.focused is app.screen.query_one(CallTable)  # Enter went back to the list
        await pilot.press("slash")
        await type_into(pilot, 'refund"')
        await pilot.pause(0.5)  # applied after a pause in typing, without Enter
        await settle(pilot)
        assert table_ids(app) == [ids[n] for n in "GFBA"]
        app.screen.query_one("#filter-search", Input).value = "foo-bar"
        await pilot.press("enter")
        await settle(pilot)
        assert table_ids(app) == []
        assert "No calls match." in text(app, "#review-message")
        await pilot.press("x")  # clear every filter
        await settle(pilot)
        assert table_ids(app) == [ids[n] for n in "GFEDCBA"]
        assert app.screen.query_one("#filter-agent", Input).value == ""


async def test_a_bad_date_is_a_message_and_the_list_stays(small):
    path, ids = small
    app = review_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await type_into(pilot, "yesterdayish")
        await pilot.press("enter")
        await settle(pilot)
        assert "cannot read 'yesterdayish'" in text(app, "#review-message")
        assert table_ids(app) == [ids[n] for n in "GFEDCBA"]
        app.screen.query_one("#filter-since", Input).value = "2026-11-10"
        await pilot.press("f", "enter")
        await settle(pilot)
        assert table_ids(app) == [ids[n] for n in "GFED"]


async def test_enter_opens_the_calls_detail(small):
    path, ids = small
    app = review_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one(CallTable).move_cursor(row=5)  # B
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CallDetailScreen) and app.screen.call_id == ids["B"]
        body = text(app, "#detail-body")
        for expected in (
            "Carla Díaz",
            "Escalated",
            "Let them vent",
            "2:30/2:00",
            "skipped",
            'Said "refund" twice',
            "escalated",
            "at fault: on",
            "94.4",  # the apology left for a manager: not owed
        ):
            assert expected in body, expected
        await pilot.press("n")  # the next call on the page: A
        await settle(pilot)
        assert app.screen.call_id == ids["A"]
        assert "I’ll help you solve this, Bob Smith" in text(app, "#detail-body").replace("'", "’")
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_statistics_for_the_current_filter(small):
    path, ids = small
    app = review_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#filter-agent", Input).value = "ben"
        await pilot.press("f", "enter")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        db = queries.open_for_reading(path)
        expected = stats.compute(db, resolve(db, Typed(agent="ben"), NOW))
        assert app.screen.figures == expected
        top = text(app, "#stats-top")
        assert "agent ben" in top and "Calls: 2" in top and "average 3:35" in top
        rest = text(app, "#stats-rest")
        assert "Callback" in rest and "Ended for abuse" in rest and "Ben" in rest
        assert list(app.screen.query_one(Sparkline).data) == [d.calls for d in expected.per_day]
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_help_and_palette_list_the_screens_keys(small):
    path, _ = small
    app = review_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Stats", "Search", "Filter", "Next", "Open"):
            assert any(t.startswith(wanted) for t in titles), wanted
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.query_one("#help Static", Static).content)
        assert "Statistics for the calls the filter selects" in shown
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_a_database_that_breaks_is_a_message_not_a_crash(small):
    path, _ = small
    app = review_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        path.write_bytes(b"garbage" * 1000)
        await pilot.press("r")
        await settle(pilot)
        assert "not a database callmate can read" in text(app, "#review-message")
        await pilot.press("s")
        await settle(pilot)
        assert "not a database" in text(app, "#stats-top")
        assert app.is_running


async def test_an_agent_nobody_is_called_says_so(small):
    path, _ = small
    app = review_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#filter-agent", Input).value = "nobody"
        await pilot.press("f", "enter")
        await settle(pilot)
        assert table_ids(app) == []
        assert "No agent called “nobody”." in text(app, "#review-message")
        assert "0 calls" in text(app, "#review-status")


async def test_f_and_slash_are_letters_inside_a_filter_field(small):
    path, _ = small
    app = review_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_into(pilot, "f/f")
        assert app.screen.focused.id == "filter-search"
        assert app.screen.query_one("#filter-search", Input).value == "f/f"


async def test_esc_after_n_in_a_calls_detail_returns_to_that_calls_row(tmp_path):
    from callmate.ui.screens.review_detail import CallDetailScreen
    from callmate.ui.widgets.review_table import CallTable

    path = tmp_path / "calls.db"
    build(path)
    app = review_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(CallTable)
        first = table.current_id
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CallDetailScreen)
        await pilot.press("n", "n")
        await settle(pilot)
        shown = app.screen.call_id
        assert shown != first
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one(CallTable).current_id == shown


async def test_a_search_with_nothing_to_look_for_is_said_in_the_header(tmp_path):
    path = tmp_path / "calls.db"
    build(path)
    app = review_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        for key in ("full_stop", "full_stop"):
            await pilot.press(key)
        await pilot.press("enter")
        await settle(pilot)
        header = str(app.screen.query_one("#review-status").content)
        assert "nothing searchable was typed" in header


async def test_G_goes_to_the_last_page_and_g_to_the_first(big):
    """The last page is the oldest calls, numbered as paging forward numbers them (250 calls:
    201–250); [ from there is 101–200; g is the first page again."""
    path, ordered = big
    app = review_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        assert table_ids(app) == ordered[200:]
        assert "201–250" in text(app, "#review-status")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert table_ids(app) == ordered[100:200]
        assert "101–200" in text(app, "#review-status")
        await pilot.press("g")
        await settle(pilot)
        assert table_ids(app) == ordered[:100]
        await pilot.press("G", "right_square_bracket")  # past the end: the last page it stays
        await settle(pilot)
        assert table_ids(app) == ordered[200:]
