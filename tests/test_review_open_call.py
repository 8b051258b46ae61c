"""``callmate review --call ID``: a link a lead can paste to a colleague opens that call."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from textual.widgets import Static

from callmate.checklists import catalog
from callmate.cli import cli
from callmate.clock import FakeClock
from callmate.config import Settings
from callmate.ui.app import CallmateApp
from callmate.ui.screens.review import ReviewScreen
from callmate.ui.screens.review_detail import CallDetailScreen
from tests.test_review_dataset import build

pytestmark = pytest.mark.usefixtures("utc_dates")


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    path = tmp_path_factory.mktemp("open") / "calls.db"
    return path, build(path)


async def test_the_call_named_opens_first_and_the_list_is_behind_it(log):
    path, ids = log
    app = CallmateApp(
        db_path=path,
        checklist=catalog.resolve(None),
        settings=Settings(agent="Lead"),
        clock=FakeClock(datetime(2026, 11, 23, 12, 0, tzinfo=UTC)),
        mode="review",
        save_settings=False,
        open_call=ids["C"],
    )
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(20):
            await pilot.pause(0.05)
            if isinstance(app.screen, CallDetailScreen) and "Deniz Kaya" in _shown(app):
                break
        assert isinstance(app.screen, CallDetailScreen)
        assert "Deniz Kaya" in _shown(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


def _shown(app) -> str:
    return " ".join(str(s.content) for s in app.screen.query(Static))


@pytest.fixture
def opened(monkeypatch):
    seen: list[str | None] = []
    monkeypatch.setattr(CallmateApp, "run", lambda self: seen.append(self.services.open_call))
    return seen


def test_the_command_takes_the_start_of_an_id(log, opened):
    path, ids = log
    result = CliRunner().invoke(cli, ["review", "--db", str(path), "--call", ids["B"][:8]])
    assert result.exit_code == 0, result.output
    assert opened == [ids["B"]]


def test_an_unknown_id_is_one_line_and_no_screen(log, opened):
    path, _ = log
    result = CliRunner().invoke(cli, ["review", "--db", str(path), "--call", "zzzz"])
    assert result.exit_code == 1
    assert "no call with id 'zzzz'" in result.output and "Traceback" not in result.output
    assert opened == []
