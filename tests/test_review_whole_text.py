"""The review at 80x24 and 160x45, in each language: nothing a lead needs to read is cut off
(the legend, a date that cannot be read and its examples, column headings, outcome labels, step
titles where there is room)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual import events

from callmate.checklists import catalog
from callmate.clock import FakeClock
from callmate.config import Settings
from callmate.language.i18n import set_language
from callmate.language.labels import outcome_label
from callmate.ui.app import CallmateApp
from callmate.ui.screens.review import ReviewScreen, legend
from callmate.ui.screens.review_stats import StatsScreen
from tests.test_review_dataset import build

pytestmark = pytest.mark.usefixtures("utc_dates")
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    path = tmp_path_factory.mktemp("whole") / "calls.db"
    build(path)
    return path


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def review_app(path) -> CallmateApp:
    return CallmateApp(
        db_path=path,
        checklist=catalog.resolve(None),
        settings=Settings(agent="Lead"),
        clock=FakeClock(NOW),
        mode="review",
        save_settings=False,
    )


def screen_lines(app) -> list[str]:
    return [strip.text.rstrip() for strip in app.screen._compositor.render_strips()]


def joined(app) -> str:
    """What the screen shows, its lines joined and spaces folded (wrapped text reads whole)."""
    return " ".join(" ".join(screen_lines(app)).split())


async def until(pilot, check) -> None:
    for _ in range(100):
        await pilot.pause(0.02)
        if check():
            return
    raise AssertionError("the screen never showed it")


def plain(markup: str) -> str:
    from textual.content import Content

    return Content.from_markup(markup).plain


@pytest.mark.parametrize("language", ["en", "tr", "et"])
@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_the_legend_and_the_headings_are_whole(log, language, size):
    set_language(language)
    app = review_app(log)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.page.rows)
        await pilot.pause()
        text = joined(app)
        assert " ".join(plain(legend()).split()) in text


@pytest.mark.parametrize("language", ["en", "tr", "et"])
async def test_a_date_that_cannot_be_read_shows_every_example(log, language):
    set_language(language)
    app = review_app(log)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.page.rows)
        await pilot.press("f")
        for ch in "zzq":
            app.post_message(events.Key(ch, ch))
        await pilot.press("enter")
        await until(pilot, lambda: "zzq" in app.screen.message)
        message = " ".join(plain(app.screen.message).split())
        assert "zzq" in message and message in joined(app), (message, screen_lines(app))


@pytest.mark.parametrize("language", ["en", "tr", "et"])
@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_statistics_write_outcomes_whole_and_use_a_wide_screen(log, language, size):
    set_language(language)
    app = review_app(log)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.page.rows)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, StatsScreen) and app.screen.figures)
        rest = str(app.screen.query_one("#stats-rest").content)
        for code in app.screen.figures.outcomes:
            assert outcome_label(code if code != "unfinished" else None) in rest
        if size[0] >= 160:
            assert "Verbal acknowledgements" in rest and "acknowledgemen…" not in rest


@pytest.mark.parametrize("language", ["en", "tr", "et"])
async def test_a_calls_facts_line_up_in_every_language(log, language):
    """The detail's facts: every value starts in one column ("Kontrol listesi" and
    "Yöneticiye aktarıldı" no longer push theirs out of line)."""
    from callmate.ui.screens.review_detail import CallDetailScreen

    set_language(language)
    app = review_app(log)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.page.rows)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CallDetailScreen))
        await pilot.pause(0.2)
        lines = screen_lines(app)
        from callmate.language.i18n import _

        labels = [_("Started"), _("Agent"), _("Checklist"), _("Outcome"), _("Escalated")]
        facts = [next(line for line in lines if line.strip().startswith(label + " "))
                 for label in labels]  # fmt: skip
        starts = {len(line) - len(line[len(label) + 1 :].lstrip()) for line, label in
                  zip(facts, labels, strict=True)}  # fmt: skip
        assert len(starts) == 1, facts
