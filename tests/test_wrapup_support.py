"""What the wrap-up tests share: a call driven to wrap-up in the real app, keys sent in one burst as
a terminal delivers them, and the screen as the agent reads it. (No tests here.)"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widgets import Input, Static

from callmate.ui.screens.call import CallScreen
from callmate.ui.screens.wrapup import WrapUpScreen
from tests.ui_helpers import settle

#: Keys by the name Textual gives them, for the characters a burst is written with.
KEY_NAMES = {
    " ": "space",
    "\n": "enter",
    "'": "apostrophe",
    '"': "quotation_mark",
    "!": "exclamation_mark",
    "@": "at",
    "#": "number_sign",
    "$": "dollar_sign",
    "%": "percent_sign",
    "^": "circumflex_accent",
    "+": "plus",
    "?": "question_mark",
}


def burst(app, keys) -> None:
    """Keys posted all at once, as a terminal delivers what is typed fast (no time passes)."""
    for key in keys:
        named = KEY_NAMES.get(key, key)
        char = key if len(key) == 1 else None
        if named == "enter":
            char = "\r"
        app.post_message(events.Key(named, char))


async def to_wrap_up(pilot, app, clock, *, seconds: float = 125, notes=()) -> object:
    """A new call, ``notes`` written on it, ``seconds`` long, ended: the wrap-up shows."""
    await settle(pilot, app)
    await pilot.press("n")
    await settle(pilot, app)
    assert isinstance(app.screen, CallScreen)
    call = app.screen.call
    for text in notes:
        burst(app, [*text, "enter"])
        await settle(pilot, app)
    assert [n.text for n in call.notes] == list(notes)
    clock.advance(seconds)
    await pilot.press("ctrl+e")
    await settle(pilot, app)
    assert isinstance(app.screen, WrapUpScreen)
    return call


def field(app, name: str) -> Input:
    return app.screen.query_one(f"#{name}", Input)


def plain(app, selector: str) -> str:
    return Content.from_markup(str(app.screen.query_one(selector, Static).content)).plain


def screen_lines(app) -> list[str]:
    """The terminal as the agent sees it, one string a row."""
    return [strip.text.rstrip() for strip in app.screen._compositor.render_strips()]


def wrapped_up(record: dict) -> dict:
    """The data of the stored "wrapped_up" event."""
    (event,) = [e for e in record["events"] if e["kind"] == "wrapped_up"]
    return event["data"]
