"""Saved views (issue 27): the review's filters kept under a name in the settings, saved,
listed, recalled and removed on the review screen (v), and recalled by --view on every command
that filters; the outcome, escalated and warned kept as codes, so a view saved in Turkish reads
in Estonian and English; the file read back as TOML."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from textual.widgets import Input, OptionList

from callmate import config
from callmate.cli import cli
from callmate.config import Settings
from callmate.language.i18n import set_language
from callmate.review import views
from callmate.review.filters import FilterError
from callmate.review.pages import Typed
from callmate.ui.screens.review import ReviewScreen
from callmate.ui.screens.review_views import ViewsDialog
from callmate.ui.widgets.review_table import CallTable
from tests.ui_helpers import review_app as ui_review_app, settle_review as settle

pytestmark = pytest.mark.usefixtures("utc_dates")

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A settings folder of its own (XDG_CONFIG_HOME), so the real config.toml is read."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def review_app(path, language: str = "en"):
    """The review, with the settings of the file (saved as the lead changes them)."""
    return ui_review_app(path, NOW, language, settings=config.load(), save_settings=True)


def shown(app) -> list[str]:
    return app.screen.query_one(CallTable).row_ids()


def test_a_view_keeps_codes_and_the_file_reads_back(home):
    set_language("tr")
    try:
        settings, name = views.with_saved(
            Settings(), "  Ben'in  geri aranacakları ", Typed(agent="ben", outcome="geri ara")
        )
    finally:
        set_language("en")
    assert name == "Ben'in geri aranacakları"
    assert settings.views == {name: {"agent": "ben", "outcome": "callback"}}
    config.save(settings)
    data = tomllib.loads(config.config_file().read_text(encoding="utf-8"))
    assert data["views"] == {name: {"agent": "ben", "outcome": "callback"}}
    assert config.load().views == settings.views
    assert views.find(config.load(), "BEN'IN GERI ARANACAKLARI") == Typed(
        agent="ben", outcome="callback"
    )


@pytest.mark.parametrize(
    "name, typed, words",
    [
        ("", Typed(agent="ann"), "a view needs a name"),
        ("x" * 41, Typed(agent="ann"), "at most 40 characters"),
        ("empty", Typed(), "there is no filter to save"),
        ("bad", Typed(outcome="zzz"), "unknown outcome"),
    ],
)
def test_what_cannot_be_a_view_is_one_sentence(name, typed, words):
    with pytest.raises(FilterError) as caught:
        views.with_saved(Settings(), name, typed)
    assert words in str(caught.value)


def test_view_on_the_command_line(home, log):
    path, ids = log
    settings, _ = views.with_saved(Settings(), "ann nov", Typed(agent="ann", since="2026-11"))
    config.save(settings)

    def run(*args: str):
        return CliRunner().invoke(cli, [*args, "--db", str(path)])

    listed = run("calls", "list", "--view", "ann nov", "--format", "json")
    assert listed.exit_code == 0, listed.output
    assert [c["id"] for c in json.loads(listed.output)] == [ids[n] for n in "GFBA"]
    narrowed = run(
        "calls", "list", "--view", "ANN NOV", "--since", "2026-11-20", "--format", "json"
    )
    assert [c["id"] for c in json.loads(narrowed.output)] == [ids["G"], ids["F"]]
    figures = json.loads(run("stats", "--view", "ann nov", "--format", "json").output)
    assert figures["calls"] == 4
    missing = run("calls", "list", "--view", "nothing")
    assert missing.exit_code == 1
    assert missing.output == "callmate: no view is called “nothing” (saved: ann nov)\n"


async def test_a_view_saved_recalled_and_removed_on_the_review_screen(home, log):
    path, ids = log
    app = review_app(path, "tr")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.screen.query_one("#filter-agent", Input).value = "ben"
            app.screen.query_one("#filter-outcome", Input).value = "geri ara"
            await pilot.press("f", "enter")
            await settle(pilot)
            wanted = shown(app)
            assert wanted and len(wanted) < 7
            await pilot.press("v")
            await settle(pilot)
            assert isinstance(app.screen, ViewsDialog)
            assert app.screen.focused.id == "view-name"  # nothing saved yet: the name
            for key in "benimkiler":
                await pilot.press(key)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ReviewScreen)
            assert config.load().views == {"benimkiler": {"agent": "ben", "outcome": "callback"}}
            await pilot.press("x")
            await settle(pilot)
            assert len(shown(app)) == 7
            await pilot.press("v")
            await settle(pilot)
            options = app.screen.query_one("#views", OptionList)
            assert options.option_count == 1 and "benimkiler" in str(
                options.get_option_at_index(0).prompt
            )
            await pilot.press("enter")  # recalls it
            await settle(pilot)
            assert shown(app) == wanted
            assert app.screen.query_one("#filter-outcome", Input).value == "Geri aranacak"
            await pilot.press("v")
            await settle(pilot)
            await pilot.press("delete", "escape")
            await settle(pilot)
            assert isinstance(app.screen, ReviewScreen)
            assert config.load().views == {}
    finally:
        set_language("en")
