"""Helpers for driving the real app under Pilot with a fake clock and a real database file."""

from __future__ import annotations

from pathlib import Path

from callmate.checklists.model import Checklist
from callmate.clock import FakeClock
from callmate.config import Settings
from callmate.models import StoredCall
from callmate.store import live
from callmate.store.db import open_db
from callmate.ui.app import CallmateApp


def make_app(db_path: Path, checklist: Checklist, clock: FakeClock, **kwargs) -> CallmateApp:
    """The live app on the log at ``db_path``, its clock ``clock``; Ready's letters act at once
    (``typing_hold=0``) unless a test of the hold asks for it."""
    kwargs.setdefault("typing_hold", 0)
    settings = kwargs.pop("settings", None) or Settings(agent="Deniz")
    return CallmateApp(
        db_path=db_path,
        checklist=checklist,
        settings=settings,
        clock=clock,
        save_settings=False,
        **kwargs,
    )


async def settle(pilot, app: CallmateApp) -> None:
    """Let the screen and the background writer finish what the last keys started."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    if app.saver.writer is not None:
        assert app.saver.writer.flush(10), "the writer did not finish"
    await pilot.pause()


def as_dicts(stored: StoredCall) -> dict:
    """A stored call as plain mappings: ``record["call"]["status"]``, ``record["notes"][0]``."""
    return {
        "call": vars(stored.call),
        **{k: [vars(r) for r in getattr(stored, k)] for k in ("steps", "notes", "events")},
        "checklist_toml": stored.checklist_toml,
    }


def stored_call(db_path: Path, call_id: str) -> dict:
    db = open_db(db_path)
    try:
        record = live.load_call(db, call_id)
    finally:
        db.close()
    assert record is not None, f"call {call_id} is not in {db_path}"
    return as_dicts(record)


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


def review_app(path: Path, now, language: str = "en", **kwargs) -> CallmateApp:
    """The review screen on the log at ``path``, its clock at ``now``, speaking ``language``
    (set for the test: put English back afterwards)."""
    from callmate.checklists import catalog
    from callmate.language.i18n import set_language

    set_language(language)
    return CallmateApp(
        db_path=path,
        checklist=catalog.resolve(f"default.{language}"),
        settings=kwargs.pop("settings", None) or Settings(agent="Lead", language=language),
        clock=FakeClock(now),
        mode="review",
        save_settings=kwargs.pop("save_settings", False),
        **kwargs,
    )


async def settle_review(pilot) -> None:
    """Let the review's readers (in threads) finish and the screen show what they read."""
    for _n in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def score_in_review(
    path: Path, now, lead: str, call_id: str, keys: tuple[str, ...], language: str = "en"
) -> None:
    """A lead scores the call ``call_id`` in the review screen: its form opened from the call
    (``e``), ``keys`` pressed, saved (``s``)."""
    app = review_app(path, now, language, settings=Settings(agent=lead, language=language))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_review(pilot)
        app.services.go.call_detail(call_id, [call_id])
        await settle_review(pilot)
        await pilot.press("e")
        await settle_review(pilot)
        await pilot.press(*keys, "s")
        await settle_review(pilot)
