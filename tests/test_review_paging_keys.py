"""Every page key counts: ] and [ pressed faster than pages are read move as many pages as were
pressed (never more than there are), the list ending where the keys said."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual import events

from callmate.checklists import catalog
from callmate.clock import FakeClock
from callmate.config import Settings
from callmate.demo import generate as demo
from callmate.store.db import open_db
from callmate.ui.app import CallmateApp
from callmate.ui.screens.review import ReviewScreen

pytestmark = pytest.mark.usefixtures("utc_dates")
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """750 demo calls: seven and a half pages."""
    path = tmp_path_factory.mktemp("paging") / "demo.db"
    db = open_db(path)
    demo.generate(db, 750, seed=5, end=NOW, days=30)
    db.close()
    return path


def review_app(path) -> CallmateApp:
    return CallmateApp(
        db_path=path,
        checklist=catalog.resolve(None),
        settings=Settings(agent="Lead"),
        clock=FakeClock(NOW),
        mode="review",
        save_settings=False,
    )


async def settled(pilot, screen: ReviewScreen) -> None:
    """Until every key sent has been taken and no page is being read (five looks in a row)."""
    calm = 0
    for _ in range(400):
        await pilot.pause(0.02)
        quiet = not screen._reading and not screen._moves and screen.app._message_queue.empty()
        calm = calm + 1 if quiet else 0
        if calm == 5:
            return
    raise AssertionError("the pages never settled")


def burst(app, key: str, times: int) -> None:
    character = {"right_square_bracket": "]", "left_square_bracket": "["}[key]
    for _ in range(times):
        app.post_message(events.Key(key, character))


@pytest.mark.parametrize("presses, index", [(5, 5), (7, 7), (12, 7)])
async def test_every_press_of_next_page_counts(pages, presses, index):
    app = review_app(pages)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await settled(pilot, screen)
        burst(app, "right_square_bracket", presses)
        await settled(pilot, screen)
        assert screen.page.index == index
        burst(app, "left_square_bracket", 3)
        await settled(pilot, screen)
        assert screen.page.index == index - 3
