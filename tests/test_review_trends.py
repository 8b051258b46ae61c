"""The terminal review's statistics draw handle time per day beside calls per day (issue 21): the
chart's values are each day's average handle time of the handled calls, as ``calls list`` gives
the calls, and the screen stays whole at 80x24."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

import pytest
from textual.widgets import Input, Sparkline

from callmate.demo import generate as demo
from callmate.review import queries, stats, trends
from callmate.review.pages import Typed, resolve
from callmate.store.db import open_db
from callmate.ui.screens.review_stats import StatsScreen, handle_times
from tests.test_review_screen import review_app, settle, text
from tests.test_web_support import cli_json

pytestmark = pytest.mark.usefixtures("utc_dates")

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    path = tmp_path_factory.mktemp("trends") / "calls.db"
    db = open_db(path)
    try:
        demo.generate(db, 300, seed=4, end=NOW, days=20)
    finally:
        db.close()
    return path


def _averages(path, *options: str) -> dict[str, float]:
    """Each UTC day's average handle time of its handled calls, from ``calls list``."""
    listed = cli_json("calls", "list", "--db", str(path), "--limit", "0", "--format", "json",
                      *options)  # fmt: skip
    timed: dict[str, list[float]] = defaultdict(list)
    for c in listed:
        if c["status"] == "closed" and c["duration_seconds"] is not None:
            timed[c["started_at"][:10]].append(c["duration_seconds"])
    return {day: round(round(sum(t), 6) / len(t), 1) for day, t in timed.items()}


@pytest.mark.parametrize("agent", ["", "ben"])
async def test_the_handle_time_per_day_is_the_handled_calls_average(log, agent):
    app = review_app(log)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if agent:
            app.screen.query_one("#filter-agent", Input).value = agent
            await pilot.press("f", "enter")
            await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        db = queries.open_for_reading(log)
        try:
            filt = resolve(db, Typed(agent=agent), NOW)
            days = trends.per_day(db, filt)
            expected = stats.compute(db, filt)
        finally:
            db.close()
        chart = app.screen.query_one("#stats-handle", Sparkline)
        assert list(chart.data) == handle_times(days)
        assert list(chart.data) == [d.average_seconds or 0.0 for d in days]
        shown = {d.day: d.average_seconds for d in days if d.average_seconds is not None}
        assert shown == _averages(log, *(["--agent", agent] if agent else []))
        # Day for day beside calls per day (the same days, in order).
        assert [d.day for d in days] == [d.day for d in expected.per_day]
        assert list(app.screen.query_one("#stats-days", Sparkline).data) == [
            d.calls for d in expected.per_day
        ]
        label = text(app, "#stats-handle-label")
        assert "Average handle time per day" in label and "longest" in label
        # At 80x24 the chart is whole on the screen, as wide as the calls' chart.
        assert chart.region.height == 3 and chart.region.width > 60
        assert chart.region.bottom <= app.size.height - 1  # above the footer
