"""A live call an agent can trust, key by key: habitual keys lose nothing and falsify nothing,
and everything on the screen is within reach at 80x24. Keys are sent in one burst, as a terminal
delivers them."""

from __future__ import annotations

import re

import pytest
from textual import events
from textual.content import Content
from textual.widgets import Input, Static

from callmate.safe import cell_width
from callmate.ui.screens.call import CallScreen
from callmate.ui.screens.ready import ReadyScreen
from callmate.ui.screens.rest import BreakScreen, break_reason
from callmate.ui.screens.wrapup import WrapUpScreen
from tests.ui_helpers import make_app, settle, stored_call


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "calls.db"


def burst(app, keys: str | list[str]) -> None:
    """Keys posted all at once, as a terminal delivers what is typed fast."""
    for key in keys:
        named = {" ": "space", "\n": "enter"}.get(key, key)
        char = key if len(key) == 1 else None
        if named == "enter":
            char = "\r"
        app.post_message(events.Key(named, char))


async def on_a_call(pilot, app):
    await settle(pilot, app)
    await pilot.press("n")
    await settle(pilot, app)
    assert isinstance(app.screen, CallScreen)
    return app.screen.call


async def press_next(pilot, app, clock, times: int) -> None:
    """Space ``times`` times, a second apart: each is a press of its own (two presses of next
    closer than a blink are one)."""
    for _ in range(times):
        clock.advance(1)
        burst(app, [" "])
        await settle(pilot, app)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def test_a_note_left_in_the_field_at_ctrl_e_is_saved(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        clock.advance(40)
        burst(app, [*"wants refund", "ctrl+e"])  # typed text opens the note
        await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    notes = stored_call(db_path, call.id)["notes"]
    assert [(n["step_id"], n["text"]) for n in notes] == [("calm", "wants refund")]


async def test_a_double_space_in_wrap_up_does_not_change_the_outcome(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        clock.advance(90)
        burst(app, ["ctrl+u", "ctrl+e", " ", " ", "\n"])
        await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen)
        outcome = text_of(app, "#outcome")
        assert "2 ● Escalated" in outcome and "1 ○ Resolved" in outcome  # marked, not coloured
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    assert stored_call(db_path, call.id)["call"]["outcome"] == "escalated"


async def test_esc_in_wrap_up_keeps_it_and_reopening_keeps_what_was_typed(
    db_path, checklist, clock
):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        clock.advance(120)
        burst(app, ["ctrl+e"])
        await settle(pilot, app)
        burst(app, ["3", "#", "tab", *"tomorrow 10:00", "tab", *"call back with the tracking"])
        burst(app, ["escape"])
        await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen) and app.screen.focused is None
        await pilot.press("ctrl+r")
        await settle(pilot, app)
        assert isinstance(app.screen, CallScreen)
        await pilot.press("ctrl+e")
        await settle(pilot, app)
        screen = app.screen
        assert screen.query_one("#summary", Input).value == "call back with the tracking"
        assert screen.query_one("#follow-up", Input).value == "tomorrow 10:00"
        assert "3 ● Callback" in text_of(app, "#outcome") and "⇧3 ●" in text_of(app, "#difficulty")
    # The summary was saved as it was typed, before any wrap-up was.
    assert stored_call(db_path, call.id)["call"]["summary"] == "call back with the tracking"


async def test_tab_moves_through_the_customer_fields_and_enter_gives_the_keys_back(
    db_path, checklist, clock
):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        burst(app, ["ctrl+n", *"Jüri Tamm", "tab", *"härra Tamm", "tab", *"TK-5521", "\n", " "])
        await settle(pilot, app)
        assert (call.customer, call.addressed_as, call.reference) == (
            "Jüri Tamm",
            "härra Tamm",
            "TK-5521",
        )
        assert call.step.id == "vent"  # the space after Enter moved the call on
    row = stored_call(db_path, call.id)["call"]
    assert (row["customer"], row["addressed_as"], row["reference"]) == (
        "Jüri Tamm",
        "härra Tamm",
        "TK-5521",
    )


async def test_a_name_that_looks_like_a_placeholder_goes_in_as_typed(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        burst(app, ["ctrl+n", *"{agent}", "\n", " "])
        await settle(pilot, app)
        await press_next(pilot, app, clock, 2)  # to "restate", phrases with {name}
        assert call.step.id == "restate"
        card = text_of(app, "#card-text")
        assert "{agent}" in card and "Deniz" not in card


async def test_saving_a_call_of_seconds_asks_once(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        clock.advance(3)
        burst(app, ["ctrl+e"])
        await settle(pilot, app)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("n")
        await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen) and call.status == "wrapup"
        await pilot.press("ctrl+s", "y")
        await settle(pilot, app)
        assert isinstance(app.screen, BreakScreen) and call.outcome == "resolved"


async def test_a_follow_up_in_the_past_is_shown_in_words_and_asked_about(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        clock.advance(200)
        burst(app, ["ctrl+e"])
        await settle(pilot, app)
        burst(app, ["tab", *"2026-11-23 06:00"])
        await settle(pilot, app)
        shown = text_of(app, "#follow-up-shown")
        assert "Monday 23 November 2026" in shown and "3 hours ago" in shown
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("n")
        await settle(pilot, app)
        assert call.status == "wrapup"


async def test_the_break_speaks_to_what_happened(checklist, clock):
    from callmate.call import Call

    easy, _ = Call.start(checklist, clock, agent="Ann")
    clock.advance(47)
    easy.wrap_up(outcome="resolved", difficulty=1)
    calm = break_reason(easy, easy.suggested_break())
    rough, _ = Call.start(checklist, clock, agent="Ann")
    for _ in checklist.warning:
        rough.warn()
    rough.wrap_up(outcome="abuse", difficulty=5)
    hard = break_reason(rough, rough.suggested_break())
    assert "abusive" in hard and "abusive" not in calm and "hard" not in calm


async def test_the_card_scrolls_from_the_keyboard_and_avoid_words_come_first(
    db_path, checklist, clock
):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_a_call(pilot, app)
        await press_next(pilot, app, clock, 5)  # to "solve or escalate", the longest card
        card = app.screen.query_one("#card")
        assert card.max_scroll_y > 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert card.scroll_y > 0
        await pilot.press("ctrl+a")
        await settle(pilot, app)
        assert card.scroll_y == 0
        first = text_of(app, "#card-text").splitlines()[0]
        assert "Instead of" in first


async def test_the_status_line_keeps_flags_and_save_state_before_the_name(
    db_path, checklist, clock
):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_a_call(pilot, app)
        burst(app, ["ctrl+n", *("Maximiliane Alexandrina von Hohenzollern-Sigmaringen"), "\n"])
        burst(app, ["ctrl+f", "ctrl+u", "ctrl+w", "ctrl+o"])
        await settle(pilot, app)
        app.screen.tick()
        status = re.sub(r"\[[^\]]*\]", "", str(app.screen.query_one("#status").content))
        for part in ("AT FAULT", "ESCALATED", "1/3", "HOLD", "✓"):
            assert part in status, part
        assert len(status) <= 78


async def test_the_last_note_can_be_corrected_and_removed(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        burst(app, [*"TK-5521", "\n"])  # typed text opens the note
        await settle(pilot, app)
        burst(app, ["ctrl+l", "home"])
        await settle(pilot, app)
        burst(app, [*"ref ", "\n"])
        await settle(pilot, app)
        assert [n.text for n in call.notes] == ["ref TK-5521"]
        burst(app, [*"oops", "\n"])
        await settle(pilot, app)
        # Emptied out (ctrl+u escalates now, even in the field): Enter takes the note away.
        burst(app, ["ctrl+l", "shift+home", "backspace"])
        await settle(pilot, app)
        assert app.screen.query_one("#note", Input).value == "" and not call.escalated
        await settle(pilot, app)
        burst(app, ["\n"])
        await settle(pilot, app)
        assert [n.text for n in call.notes] == ["ref TK-5521"]
    kinds = [e["kind"] for e in stored_call(db_path, call.id)["events"]]
    assert "note_edited" in kinds and "note_deleted" in kinds


async def test_after_enter_saves_a_note_space_moves_on(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        burst(app, [*"late twice", "\n", " "])  # typed text opens the note
        await settle(pilot, app)
        assert call.step.id == "vent" and [n.text for n in call.notes] == ["late twice"]


async def test_hand_over_phrases_have_their_own_heading(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        call = await on_a_call(pilot, app)
        await press_next(pilot, app, clock, 5)
        burst(app, ["ctrl+u"])  # escalated on "solve or escalate"
        await settle(pilot, app)
        await press_next(pilot, app, clock, 1)  # then "thank"
        assert call.step.id == "thank"
        card = text_of(app, "#card-text")
        say = card.index("Say (1–9 copies)")
        hand_over = card.index("Handing over to a manager")
        thank_phrase = call.render(checklist.step("thank").phrases[0])
        assert say < card.index(thank_phrase) < hand_over


async def test_taking_an_escalation_back_returns_to_the_step(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        await press_next(pilot, app, clock, 2)
        burst(app, ["ctrl+u", "ctrl+u"])
        await settle(pilot, app)
        assert call.step.id == "acknowledge" and not call.escalated


async def test_warnings_come_in_order_and_the_status_shows_how_many(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        copied = []
        for _ in checklist.warning:
            await pilot.press("ctrl+w")
            await settle(pilot, app)
            copied.append(app.clipboard)
        assert copied == [call.render(line) for line in checklist.warning]
        assert f"warned {len(checklist.warning)}/{len(checklist.warning)}" in str(
            app.screen.query_one("#status").content
        )
        await pilot.press("ctrl+e")
        await settle(pilot, app)
        assert "5 ● Ended for abuse" in text_of(app, "#outcome")


async def test_hold_shows_how_long_the_customer_waits(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        await pilot.press("ctrl+o")
        clock.advance(75)
        app.screen.tick()
        await pilot.pause()
        status = str(app.screen.query_one("#status").content)
        assert "ON HOLD 1:15" in status and "$error" in status  # over a minute: in red
        await pilot.press("ctrl+o")
        await settle(pilot, app)
    events_ = stored_call(db_path, call.id)["events"]
    held = [e for e in events_ if e["kind"] == "hold_ended"]
    assert held and held[0]["data"] == {"seconds": 75.0}


async def test_the_customer_hung_up_key_ends_the_call_with_that_outcome(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        clock.advance(50)
        await pilot.press("ctrl+d")
        await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen) and call.status == "wrapup"
        assert "4 ● Customer hung up" in text_of(app, "#outcome")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    assert stored_call(db_path, call.id)["call"]["outcome"] == "hung_up"


@pytest.mark.parametrize("width", [80, 100])
async def test_the_footer_fits_with_the_most_used_keys_first(db_path, checklist, clock, width):
    from textual.widgets._footer import FooterKey

    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(width, 24)) as pilot:
        await on_a_call(pilot, app)
        keys = [k for k in app.screen.query(FooterKey) if k.region.width]
        shown = [k.description for k in keys]
        assert shown[:4] == ["Next", "Copy", "End", "Escalate"]
        assert all(k.region.right <= width for k in keys)
        assert "palette" not in " ".join(shown)


async def test_ready_names_unfinished_calls_and_lines_up_wide_names(db_path, checklist, clock):
    from callmate.call import Call
    from callmate.store import live
    from callmate.store.db import open_db

    db = open_db(db_path)
    for name in ("山田 太郎", "[bold]Ann", "Jüri"):
        call, change = Call.start(checklist, clock, agent="Deniz", customer=name)
        live.apply(db, change, checklist)
        clock.advance(60)
        live.apply(db, call.wrap_up(outcome="resolved"))
    left, change = Call.start(checklist, clock, agent="Deniz", customer="Open One")
    live.apply(db, change, checklist)
    live.apply(db, left.abandon())
    db.close()
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ReadyScreen)
        lines = text_of(app, "#recent").splitlines()
        assert "Unfinished" in lines[0] and "abandoned" not in text_of(app, "#recent")
        plain = [Content.from_markup(line).plain for line in lines]

        ends = {cell_width(line[: line.index("Resolved")]) for line in plain if "Resolved" in line}
        assert len(ends) == 1  # the outcome column starts in the same cell on every line


async def test_control_characters_typed_or_pasted_never_reach_the_terminal(
    db_path, checklist, clock
):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        hostile = "Ann\x1b]52;c;SGVsbG8=\x07\u202eevil\x9b"
        app.screen.query_one("#name", Input).value = hostile
        call.add_note(hostile)
        app.screen.refresh_notes()
        await settle(pilot, app)
        app.screen.tick()
        status = str(app.screen.query_one("#status").content)
        notes = str(app.screen.query_one("#notes-text").content)
        for shown in (status, notes):
            for raw in ("\x1b", "\x07", "\u202e", "\x9b"):
                assert raw not in shown
        assert "Ann" in status  # the name, its control characters taken out
        assert "␛" in notes and "⟨U+202E⟩" in notes  # a note keeps them, shown as symbols


@pytest.mark.parametrize("width", [80, 100])
async def test_ready_and_review_footers_show_whole_keys_only(db_path, checklist, clock, width):
    from textual.widgets._footer import FooterKey

    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot, app)
        keys = [k for k in app.screen.query(FooterKey) if k.region.width]
        assert keys and all(k.region.right <= width for k in keys)
        assert "palette" not in " ".join(k.description for k in keys)


async def test_a_tall_wide_terminal_gives_the_notes_and_the_step_titles_room(
    db_path, checklist, clock
):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(160, 50)) as pilot:
        await on_a_call(pilot, app)
        steps = text_of(app, "#steps")
        for step in checklist.steps[:-1]:
            assert step.title in steps  # whole, not cut at 30 columns
        assert app.screen.query_one("#notes").size.height >= 8


async def test_the_notes_scroll_from_the_keyboard(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        for n in range(12):
            call.add_note(f"note {n}")
        app.screen.refresh_notes()
        await settle(pilot, app)
        notes = app.screen.query_one("#notes")
        assert notes.max_scroll_y > 0 and notes.scroll_y == notes.max_scroll_y  # newest shown
        await pilot.press("shift+up", "shift+up")
        await pilot.pause()
        assert notes.scroll_y == notes.max_scroll_y - 2
        await pilot.press("shift+down")
        await pilot.pause()
        assert notes.scroll_y == notes.max_scroll_y - 1


@pytest.mark.parametrize("sentence", ["merhaba efendim", "tere, kas kuulete", "please, quick fix"])
async def test_a_sentence_typed_on_ready_fires_none_of_its_letters(
    db_path, checklist, clock, sentence
):
    """Typed into callmate by mistake (the agent meant the softphone's chat), a sentence's n,
    q, l, r or x must not start a call, quit, open the checklists or close an unfinished call:
    a letter that comes right behind another is typing. The same letter pressed on its own acts
    at once."""
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        first, rest = sentence[0], sentence[1:]
        burst(app, [first])
        await settle(pilot, app)
        clock.advance(0.1)
        burst(app, list(rest))
        await settle(pilot, app)
        assert isinstance(app.screen, ReadyScreen) and app.is_running
        clock.advance(2)
        await pilot.press("n")
        await settle(pilot, app)
        assert isinstance(app.screen, CallScreen)


def _calls(db_path) -> int:
    import sqlite3

    if not db_path.exists():
        return 0
    conn = sqlite3.connect(db_path)
    try:
        found = conn.execute("SELECT name FROM sqlite_master WHERE name = 'calls'").fetchone()
        return conn.execute("SELECT count(*) FROM calls").fetchone()[0] if found else 0
    finally:
        conn.close()


HOLD = 0.3


@pytest.mark.parametrize("sentence", ["need a refund", "quick question", "no, sorry", "lütfen"])
async def test_a_sentence_whose_first_letter_is_one_of_readys_does_nothing(
    db_path, checklist, clock, sentence
):
    """The first letter of a sentence typed into callmate by mistake (n, q, l…) waits to see
    whether more follows: it does, so it is typing, and nothing happens (no call in the log,
    callmate still running), and the agent is told so."""
    app = make_app(db_path, checklist, clock, typing_hold=HOLD)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot, app)
        burst(app, list(sentence))
        await pilot.pause(HOLD + 0.3)
        await settle(pilot, app)
        assert isinstance(app.screen, ReadyScreen) and app.is_running
        assert app.screen_stack == [app.screen]  # no checklist picker either
        said = " ".join(n.message for n in app._notifications)
        assert "That was typing, not a key for callmate: nothing happened." in said
    assert _calls(db_path) == 0


async def test_one_of_readys_letters_on_its_own_acts_once_the_hold_is_over(
    db_path, checklist, clock
):
    app = make_app(db_path, checklist, clock, typing_hold=HOLD)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ReadyScreen)  # still waiting to see
        await pilot.pause(HOLD + 0.3)
        await settle(pilot, app)
        assert isinstance(app.screen, CallScreen)
    assert _calls(db_path) == 1


async def test_a_key_that_is_no_letter_lets_the_held_letter_act_at_once(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock, typing_hold=60)  # never waited out here
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        burst(app, ["n", "down"])
        await settle(pilot, app)
        assert isinstance(app.screen, CallScreen)
    assert _calls(db_path) == 1


async def test_q_on_its_own_quits_once_the_hold_is_over(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock, typing_hold=HOLD)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running
        await pilot.pause(HOLD + 0.3)
        assert not app.is_running


async def test_n_pressed_twice_in_a_hurry_starts_one_call(db_path, checklist, clock):
    """The phone rings and the agent taps n twice: one call, not typing, not two calls."""
    app = make_app(db_path, checklist, clock, typing_hold=HOLD)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        burst(app, ["n", "n"])
        await pilot.pause(HOLD + 0.3)
        await settle(pilot, app)
        assert isinstance(app.screen, CallScreen)
    assert _calls(db_path) == 1


async def on_the_break(pilot, app, clock) -> None:
    """A call started with n (its wait over), ended after 90 s, wrapped up: the break."""
    await settle(pilot, app)
    await pilot.press("n")
    await pilot.pause(HOLD + 0.3)
    await settle(pilot, app)
    assert isinstance(app.screen, CallScreen)
    clock.advance(90)
    await pilot.press("ctrl+e")
    await settle(pilot, app)
    await pilot.press("ctrl+s")
    await settle(pilot, app)
    assert isinstance(app.screen, BreakScreen)
    clock.advance(5)


@pytest.mark.parametrize("sentence", ["need a hand?", "sorry, one more thing"])
async def test_a_sentence_typed_on_the_break_starts_no_call_and_skips_nothing(
    db_path, checklist, clock, sentence
):
    """The break is between calls too: a sentence meant for another window neither starts the
    next call (its n) nor cuts the break short (its s); the break runs on."""
    app = make_app(db_path, checklist, clock, typing_hold=HOLD)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await on_the_break(pilot, app, clock)
        burst(app, list(sentence))
        await pilot.pause(HOLD + 0.3)
        await settle(pilot, app)
        assert isinstance(app.screen, BreakScreen)
    assert _calls(db_path) == 1


async def test_n_on_its_own_on_the_break_starts_the_next_call(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock, typing_hold=HOLD)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_the_break(pilot, app, clock)
        await pilot.press("n")
        await pilot.pause(HOLD + 0.3)
        await settle(pilot, app)
        assert isinstance(app.screen, CallScreen)
    assert _calls(db_path) == 2
