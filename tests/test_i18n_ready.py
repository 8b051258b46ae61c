"""Ready in the agent's language: a checklist of another language picked there brings its
language with it unless --lang or the settings chose one; counts by each language's plural rule;
flags in its own capitals; and the first paint loads no Babel."""

from __future__ import annotations

import pytest
from textual.content import Content
from textual.widgets import OptionList, Static

from callmate.call import Call
from callmate.checklists import catalog
from callmate.config import Settings
from callmate.language import i18n
from callmate.language.i18n import set_language
from callmate.ui.screens.ready import ReadyScreen, render_figures, render_unfinished
from callmate.ui.widgets.status import render_status
from tests.fresh import run_fresh
from tests.ui_helpers import make_app, settle


def plain(markup: str) -> str:
    return Content.from_markup(markup).plain


async def pick(pilot, app, name: str) -> None:
    """Choose a checklist on Ready, as the agent does (l, the list, Enter)."""
    await pilot.press("l")
    await pilot.pause()
    options = app.screen.query_one("#checklists", OptionList)
    options.highlighted = next(
        i for i in range(options.option_count) if options.get_option_at_index(i).id == name
    )
    await pilot.press("enter")
    await settle(pilot, app)
    await settle(pilot, app)
    assert isinstance(app.screen, ReadyScreen)


def prompt(app) -> str:
    return plain(str(app.screen.query_one("#prompt", Static).content))


@pytest.mark.parametrize(
    "code, kept, shown",
    [
        ("tr", {}, "Yeni görüşme için n tuşuna basın."),
        ("et", {}, "Uue kõne jaoks vajuta n."),
        ("tr", {"language_fixed": True}, "Press n for a new call."),  # --lang en
        ("tr", {"settings": Settings(agent="Deniz", language="en")}, "Press n for a new call."),
    ],
)
async def test_a_checklist_picked_on_ready_brings_its_language_unless_one_was_chosen(
    tmp_path, checklist, clock, code, kept, shown
):
    app = make_app(tmp_path / "calls.db", checklist, clock, **kept)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert prompt(app) == "Press n for a new call."
        await pick(pilot, app, f"default.{code}")
        assert prompt(app) == shown
        assert i18n.language() == (code if not kept else "en")
        footer = [key.description for key in app.screen.query("FooterKey")]
        assert ("Quit" in footer) == bool(kept)
        line = plain(str(app.screen.query_one("#checklist-line", Static).content))
        assert f"({code})" in line  # the checklist is used either way
        await pilot.press("n")
        await settle(pilot, app)
        assert app.screen.call.checklist.language == code


async def test_back_to_an_english_checklist_the_interface_follows_again(tmp_path, clock):
    set_language("tr")
    app = make_app(tmp_path / "calls.db", catalog.resolve("default.tr"), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pick(pilot, app, "default.en")
        assert prompt(app) == "Press n for a new call."


@pytest.mark.parametrize(
    "code, one, three",
    [("en", "1 call", "3 calls"), ("tr", "1 görüşme", "3 görüşme"), ("et", "1 kõne", "3 kõnet")],
)
def test_todays_calls_are_counted_by_the_languages_plural_rule(code, one, three):
    set_language(code)
    figures = {"calls": 1, "average_seconds": 65, "escalations": 0}
    assert one in plain(render_figures(figures))
    assert three in plain(render_figures({**figures, "calls": 3}))


def test_the_unfinished_call_is_one_sentence_in_the_language(utc_dates):
    row = {
        "started_at": "2026-11-23T09:00:00+00:00",
        "customer": "Ayşe Hanım",
        "status": "open",
        "current_step": "vent",
        "current_title": "İçini dökmesine izin verin",
    }
    set_language("tr")
    shown = plain(render_unfinished([row, row, row]))
    assert shown.startswith("Yarım kalan görüşme: 23 Kas 09:00, Ayşe Hanım ile;")
    assert "“İçini dökmesine izin verin” adımında kaldı." in shown
    assert "Ardından 2 yarım kalan görüşme daha var." in shown
    set_language("et")
    shown = plain(render_unfinished([{**row, "status": "wrapup", "customer": ""}, row]))
    assert shown.startswith("Lõpetamata kõne 23. nov 09:00, pooleli kõne lõpetamisel.")
    assert "Pärast seda veel 1 lõpetamata kõne." in shown


@pytest.mark.parametrize(
    "code, flags",
    [
        ("en", ["AT FAULT", "ESCALATED", "ON HOLD 0:00", "warned 2/3"]),
        ("tr", ["HATA BİZDE", "AKTARILDI", "BEKLEMEDE 0:00", "2/3 uyarı"]),
        ("et", ["MEIE VIGA", "EDASI SUUNATUD", "OOTEL 0:00", "2/3 hoiatust"]),
    ],
)
def test_the_status_flags_are_written_in_the_languages_capitals(clock, code, flags):
    call, _ = Call.start(catalog.resolve(f"default.{code}"), clock, agent="Deniz")
    call.toggle_fault()
    call.toggle_hold()
    call.toggle_escalation()
    call.warn()
    call.warn()
    set_language(code)
    status = plain(render_status(call, calm=False, save_error="", unsaved=0))
    for flag in flags:
        assert flag in status, flag
    assert "BIZDE" not in status  # Python's own capitals would drop the dot of İ


def test_one_warning_is_singular_in_estonian(clock):
    call, _ = Call.start(catalog.resolve("default.et"), clock, agent="Deniz")
    call.warn()
    set_language("et")
    assert "1/3 hoiatus " in plain(render_status(call, calm=False, save_error="", unsaved=0))


def test_the_ready_screens_first_paint_loads_no_babel(tmp_path):
    """Babel is for the catalogs' tooling: the Ready screen's first paint loads none of it (dates
    and grouped numbers are written by ``callmate.language.cldr``, see tests/test_cldr.py)."""
    script = f"""
import asyncio, sys
from pathlib import Path
from callmate.checklists import catalog
from callmate.language import i18n
from callmate.clock import FakeClock
from callmate.config import Settings
from callmate.ui.app import CallmateApp
from callmate.ui.screens.ready import ReadyScreen

i18n.set_language("et")
ReadyScreen.load = lambda self: None  # the first paint only: no database read after it
app = CallmateApp(db_path=Path({str(tmp_path / "calls.db")!r}),
                  checklist=catalog.resolve("default.et"), settings=Settings(agent="Mari"),
                  clock=FakeClock(), save_settings=False)

async def main():
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Uue kõne jaoks vajuta" in str(app.screen.query_one("#prompt").content)

asyncio.run(main())
"""
    assert run_fresh(script, "babel")[1] == []


async def test_the_command_palette_asks_in_the_language(tmp_path, checklist, clock):
    from textual.command import CommandInput, CommandPalette

    set_language("tr")
    app = make_app(tmp_path / "calls.db", checklist, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).placeholder == "Komut arayın…"
