"""Keys are the agent's: a ``[keys]`` table in the settings file moves an action to another key
(Textual's keymap, by the bindings' ids). What the file asks is checked at start: an unknown
action, a key another action of the screen has, a key that would break typing on the call screen
or no terminal sends is one message naming the file and its line, and the app runs on with the
defaults for that entry. The help and the footer show the key the agent chose."""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding
from textual.widgets._footer import FooterKey

from callmate import config
from callmate.language import i18n
from callmate.ui.app import key_owners
from callmate.ui.screens.call import CallScreen
from callmate.ui.screens.help import HelpScreen
from tests.test_ui_trust import burst, on_a_call
from tests.ui_helpers import make_app, settle, stored_call


def with_keys(table: str) -> config.Settings:
    """The settings as ``config.load`` reads a file with this ``[keys]`` table."""
    path = config.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'agent = "Deniz"\n\n[keys]\n{table}\n', encoding="utf-8")
    return config.load()


def told(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


def escalations(record: dict) -> list[dict]:
    return [e for e in record["events"] if e["kind"] == "escalated"]


def test_the_keys_table_is_read_and_written_back_with_the_other_settings(tmp_path):
    settings = with_keys('"call.escalate" = "ctrl+y"\n"call.end" = ["ctrl+x", "f10"]')
    assert settings.agent == "Deniz"
    assert settings.keys == {"call.escalate": "ctrl+y", "call.end": "ctrl+x,f10"}
    settings.theme = "textual-light"
    config.save(settings)
    again = config.load()
    assert again.keys == settings.keys and again.theme == "textual-light"


def test_an_id_written_bare_is_read_as_the_id():
    settings = with_keys('call.escalate = "ctrl+y"')
    assert settings.keys == {"call.escalate": "ctrl+y"}
    assert config.key_lines() == {"call.escalate": 4}


def test_docs_keys_lists_every_action_id_and_no_other():
    text = (Path(__file__).parent.parent / "docs" / "keys.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z_]+\.[a-z_0-9]+)` \|", text, flags=re.M))
    ids = {b.id for owner in key_owners() for b in owner.bindings if b.id}
    assert not ids - listed, f"docs/keys.md: add a row for {sorted(ids - listed)}"
    assert not listed - ids, f"docs/keys.md lists {sorted(listed - ids)}, which no screen has"


def test_a_key_of_the_wrong_type_is_left_out_like_any_other_bad_setting():
    settings = with_keys('"call.escalate" = 5\n"call.end" = "ctrl+x"')
    assert settings.keys == {"call.end": "ctrl+x"}


async def test_the_remapped_key_does_the_action_and_the_old_one_no_longer_does(
    tmp_path, checklist, clock
):
    db_path = tmp_path / "calls.db"
    app = make_app(db_path, checklist, clock, settings=with_keys('"call.escalate" = "ctrl+y"'))
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        await pilot.press("ctrl+u")
        await settle(pilot, app)
        assert not call.escalated
        clock.advance(1)
        await pilot.press("ctrl+y")
        await settle(pilot, app)
        assert call.escalated
        assert not told(app).count("settings")  # nothing wrong with the file
    record = stored_call(db_path, call.id)
    assert record["call"]["escalated"] == 1
    assert len(escalations(record)) == 1


async def test_a_remapped_key_acts_while_a_note_is_typed_and_the_note_is_kept(
    tmp_path, checklist, clock
):
    db_path = tmp_path / "calls.db"
    app = make_app(db_path, checklist, clock, settings=with_keys('"call.escalate" = "f6"'))
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        burst(app, [*"manager", "f6", *" now", "enter"])
        await settle(pilot, app)
    record = stored_call(db_path, call.id)
    assert [n["text"] for n in record["notes"]] == ["manager now"]
    assert record["call"]["escalated"] == 1


async def test_moving_next_off_enter_leaves_enter_saving_a_note(tmp_path, checklist, clock):
    """space and enter share next with the field's Enter: moving next must not take Enter from
    the note field (Textual drops every binding of a key it remaps)."""
    db_path = tmp_path / "calls.db"
    app = make_app(db_path, checklist, clock, settings=with_keys('"call.next" = "space"'))
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        burst(app, [*"refund", "enter"])
        await settle(pilot, app)
        assert app.screen.focused is None
        clock.advance(2)
        burst(app, ["enter"])  # on the keys, Enter is next no more
        await settle(pilot, app)
        assert call.step.id == "calm"
        burst(app, [" "])
        await settle(pilot, app)
        assert call.step.id != "calm"
    record = stored_call(db_path, call.id)
    assert [n["text"] for n in record["notes"]] == ["refund"]


async def test_help_and_footer_show_the_key_chosen(tmp_path, checklist, clock):
    app = make_app(tmp_path / "calls.db", checklist, clock, settings=with_keys('"call.end" = "f9"'))
    async with app.run_test(size=(100, 30)) as pilot:
        await on_a_call(pilot, app)
        screen = app.screen
        shown = {k.description: k.key_display for k in screen.query(FooterKey)}
        assert shown["End"] == app.get_key_display(Binding("f9", ""))
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query("Static").first().content)
        end_line = next(line for line in text.splitlines() if " End " in line)
        assert "f9" in end_line and "ctrl+e" not in end_line and "^e" not in end_line


async def test_an_unknown_action_is_one_message_with_the_line_and_the_defaults_stay(
    tmp_path, checklist, clock
):
    db_path = tmp_path / "calls.db"
    app = make_app(db_path, checklist, clock, settings=with_keys('"call.escalat" = "ctrl+y"'))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        message = told(app)
        assert len(app._notifications) == 1
        assert "call.escalat" in message and "line 4" in message
        assert str(config.config_file()) in message
        call = await on_a_call(pilot, app)
        await pilot.press("ctrl+u")
        await settle(pilot, app)
        assert call.escalated
    assert stored_call(db_path, call.id)["call"]["escalated"] == 1


async def test_a_key_another_action_has_is_a_clash_and_both_keep_their_own(
    tmp_path, checklist, clock
):
    db_path = tmp_path / "calls.db"
    app = make_app(db_path, checklist, clock, settings=with_keys('"call.escalate" = "ctrl+e"'))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        message = told(app)
        assert len(app._notifications) == 1
        assert "call.escalate" in message and "call.end" in message and "line 4" in message
        call = await on_a_call(pilot, app)
        await pilot.press("ctrl+u")
        await settle(pilot, app)
        assert call.escalated and isinstance(app.screen, CallScreen)
    assert stored_call(db_path, call.id)["call"]["escalated"] == 1


async def test_swapping_two_keys_is_no_clash(tmp_path, checklist, clock):
    db_path = tmp_path / "calls.db"
    keys = '"call.escalate" = "ctrl+k"\n"call.skip" = "ctrl+u"'
    app = make_app(db_path, checklist, clock, settings=with_keys(keys))
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        assert not list(app._notifications)
        await pilot.press("ctrl+k")
        await settle(pilot, app)
        assert call.escalated
    kinds = [e["kind"] for e in stored_call(db_path, call.id)["events"]]
    assert "escalated" in kinds and "step_skipped" not in kinds


async def test_a_plain_letter_for_a_call_action_would_break_typing_and_is_refused(
    tmp_path, checklist, clock
):
    db_path = tmp_path / "calls.db"
    app = make_app(db_path, checklist, clock, settings=with_keys('"call.escalate" = "y"'))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        message = told(app)
        assert "call.escalate" in message and "line 4" in message and "typing" in message
        call = await on_a_call(pilot, app)
        burst(app, [*"yes", "enter"])
        await settle(pilot, app)
        assert not call.escalated
    record = stored_call(db_path, call.id)
    assert [n["text"] for n in record["notes"]] == ["yes"]
    assert not escalations(record)


async def test_a_letter_no_terminal_sends_with_ctrl_is_refused(tmp_path, checklist, clock):
    app = make_app(
        tmp_path / "calls.db", checklist, clock, settings=with_keys('"call.end" = "ctrl+ş"')
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert "ctrl+ş" in told(app) and "line 4" in told(app)


async def test_several_bad_entries_are_one_message(tmp_path, checklist, clock):
    keys = '"nope" = "f5"\n"call.end" = "ctrl+u"\n"call.hold" = "ctrl+y"'
    app = make_app(tmp_path / "calls.db", checklist, clock, settings=with_keys(keys))
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        assert len(app._notifications) == 1
        message = told(app)
        assert "line 4" in message and "line 5" in message and "line 6" not in message
        await pilot.press("ctrl+y")
        await settle(pilot, app)
        assert call.hold_since is not None


async def test_the_message_is_in_the_language_spoken(tmp_path, checklist, clock):
    settings = with_keys('"call.escalat" = "ctrl+y"')
    i18n.set_language("tr")
    app = make_app(tmp_path / "calls.db", checklist, clock, settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        message = told(app)
        assert "call.escalat" in message and "satır 4" in message
