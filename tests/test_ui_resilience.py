"""Resuming unfinished calls, and a database that is locked or read-only: a message, no crash."""

from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import Input, Static

import callmate.store.writer as writer_module
from callmate.call import Call
from callmate.store import live
from callmate.store.db import open_db
from callmate.store.writer import Writer
from callmate.ui.screens.call import CallScreen
from callmate.ui.screens.ready import ReadyScreen
from callmate.ui.screens.wrapup import WrapUpScreen
from tests.ui_helpers import make_app, settle, stored_call, type_text


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "calls.db"


def left_open(db_path, checklist, clock, *, draft="", end=False) -> Call:
    """A call as a crash leaves it: started, two steps in, a note, some typing."""
    db = open_db(db_path)
    call, change = Call.start(checklist, clock, agent="Deniz", customer="Ayşe Hanım")
    live.apply(db, change, checklist)
    clock.advance(10)
    live.apply(db, call.next())
    clock.advance(30)
    live.apply(db, call.add_note("Sipariş iki kez gecikti"))
    if draft:
        live.apply(db, call.set_draft(draft))
    if end:
        live.apply(db, call.end())
    db.close()
    return call


async def test_ready_offers_the_unfinished_call_and_resumes_it(db_path, checklist, clock):
    old = left_open(db_path, checklist, clock, draft="yarım kalan not")
    clock.advance(20)  # the program was down for 20 s while the call went on
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ReadyScreen)
        offer = str(app.screen.query_one("#unfinished", Static).content)
        assert "Unfinished call" in offer and "Ayşe Hanım" in offer
        assert "at step “Let them vent”" in offer
        await pilot.press("r")
        await settle(pilot, app)
        assert isinstance(app.screen, CallScreen)
        call = app.screen.call
        assert call.id == old.id and call.step.id == "vent"
        assert call.step_seconds() == pytest.approx(50)
        # The note left half-typed is kept as a note of the step it was typed on.
        assert [n.text for n in call.notes] == ["Sipariş iki kez gecikti", "yarım kalan not"]
        assert call.notes[-1].step_id == "vent"
        assert app.screen.query_one("#note", Input).value == ""
        await pilot.press("tab")  # the note (n typed here would be its first letter)
        await type_text(pilot, "devam")
        await pilot.press("enter", "escape", "ctrl+e")
        await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    record = stored_call(db_path, old.id)
    assert record["call"]["status"] == "closed"
    assert [n["seq"] for n in record["notes"]] == [1, 2, 3]
    resumed = [e for e in record["events"] if e["kind"] == "resumed"]
    assert resumed and resumed[0]["data"]["gap_seconds"] == 20.0


async def test_a_call_ended_before_the_crash_resumes_in_wrap_up(db_path, checklist, clock):
    old = left_open(db_path, checklist, clock, end=True)
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("r")
        await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen)
        assert app.screen.call.id == old.id


async def test_an_unfinished_call_can_be_closed_as_abandoned(db_path, checklist, clock):
    old = left_open(db_path, checklist, clock)
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("x")
        await settle(pilot, app)
        await settle(pilot, app)
        assert app.screen.query_one("#unfinished", Static).display is False
    record = stored_call(db_path, old.id)
    assert record["call"]["status"] == "abandoned"
    assert [n["text"] for n in record["notes"]] == ["Sipariş iki kez gecikti"]


async def test_a_locked_database_gives_a_message_and_saves_once_free(
    db_path, checklist, clock, monkeypatch
):
    monkeypatch.setattr(writer_module, "RETRY_SECONDS", (0.05,))
    monkeypatch.setattr("callmate.store.db.BUSY_TIMEOUT_MS", 50)
    open_db(db_path).close()
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        blocker = sqlite3.connect(db_path, timeout=0)
        blocker.execute("BEGIN IMMEDIATE")
        await pilot.press("n")
        for _ in range(100):
            await pilot.pause(0.05)
            if app.saver.error:
                break
        assert "locked" in app.saver.error
        assert isinstance(app.screen, CallScreen)
        call = app.screen.call
        await pilot.press("tab")  # the note (n typed here would be its first letter)
        await type_text(pilot, "kept while locked")
        await pilot.press("enter")
        await pilot.pause()
        assert "kept while locked" in str(app.screen.query_one("#notes-text", Static).content)
        blocker.rollback()
        blocker.close()
        await settle(pilot, app)
        assert app.saver.error == ""
    assert [n["text"] for n in stored_call(db_path, call.id)["notes"]] == ["kept while locked"]


async def test_a_read_only_database_gives_a_message_and_no_crash(
    db_path, checklist, clock, monkeypatch
):
    monkeypatch.setattr(writer_module, "RETRY_SECONDS", (0.05,))
    open_db(db_path).close()

    def read_only(path):
        from sqlite_utils import Database

        return Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False))

    def factory(path, **kwargs):
        return Writer(path, opener=read_only, **kwargs)

    app = make_app(db_path, checklist, clock, writer_factory=factory)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_reads(pilot)
        await pilot.press("n")
        for _ in range(100):
            await pilot.pause(0.05)
            if app.saver.error:
                break
        assert "read-only" in app.saver.error
        await pilot.press("space", "ctrl+k", "ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert app.screen.call.step.id == "acknowledge"
        status = str(app.screen.query_one("#status", Static).content)
        assert "not saved" in status


async def settle_reads(pilot) -> None:
    for _ in range(5):
        await pilot.pause(0.05)


async def test_quitting_while_the_database_is_locked_keeps_the_call_for_the_next_start(
    db_path, checklist, clock, monkeypatch
):
    from callmate.store import journal

    monkeypatch.setattr(writer_module, "RETRY_SECONDS", (0.05,))
    open_db(db_path).close()
    app = make_app(db_path, checklist, clock)
    locker = sqlite3.connect(db_path, timeout=0.1)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle_reads(pilot)
            locker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
            await pilot.press("n")
            await pilot.pause()
            call = app.screen.call
            await pilot.press("space", "tab", *"kept while locked", "enter", "ctrl+q")
        assert app.unsaved_at_exit == 0  # nothing lost: kept in the journal
        assert journal.count(journal.journal_path(db_path)) > 0
    finally:
        locker.rollback()
        locker.close()
    again = make_app(db_path, checklist, clock)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle_reads(pilot)
        for _ in range(100):
            await pilot.pause(0.05)
            if not journal.journal_path(db_path).exists():
                break
    record = stored_call(db_path, call.id)
    assert [n["text"] for n in record["notes"]] == ["kept while locked"]
    assert not journal.journal_path(db_path).exists()
