"""A lead scores a call from the review's detail screen under Pilot (issue 22): the form comes
filled in from the record, keys answer, s saves, and the row is read back from SQLite; then the
agent's Ready screen says a new evaluation arrived, and ``callmate feedback`` shows it."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from textual.widgets import Static

from callmate.checklists import catalog
from callmate.cli import cli
from callmate.config import Settings
from callmate.ui.app import CallmateApp
from callmate.ui.screens.ready import ReadyScreen
from callmate.ui.screens.review_detail import CallDetailScreen
from callmate.ui.screens.review_evaluate import EvaluationScreen
from tests.ui_helpers import review_app, score_in_review, settle_review as settle

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


pytestmark = pytest.mark.usefixtures("utc_dates")


async def test_a_lead_scores_a_call_in_a_few_keys_and_the_row_is_saved(small):
    path, ids = small
    app = review_app(path, NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.services.go.call_detail(ids["A"], [ids["A"]])
        await settle(pilot)
        assert isinstance(app.screen, CallDetailScreen)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EvaluationScreen)
        body = re.sub(r"\[/?[^\]]*\]", "", text(app, "#evaluate-body"))
        assert "Acknowledged the customer's feelings before solving: yes (from the record)" in (
            body
        )
        # settled: confirm; acknowledged: correct to no; restated: 4, then back to it for a comment
        await pilot.press("y", "n", "4", "up", "c")
        await pilot.press(*"tidy", "enter")
        await pilot.press("c", "z", "escape")  # Esc leaves the comment field, not the form
        await settle(pilot)
        assert isinstance(app.screen, EvaluationScreen)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, CallDetailScreen)
        assert "Evaluation by Lead" in text(app, "#detail-body")
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT call_id, lead, form_id, score, answers FROM evaluations").fetchall()
    conn.close()
    assert len(rows) == 1
    call_id, lead, form_id, score, answers = rows[0]
    assert (call_id, lead, form_id) == (ids["A"], "Lead", "standard") and score is not None
    answers = json.loads(answers)
    assert answers["settled"] == {**answers["settled"], "answer": "yes", "by": "lead"}
    assert answers["acknowledged"]["record"] == "yes"
    assert answers["acknowledged"] == {**answers["acknowledged"], "answer": "no", "by": "lead"}
    assert answers["restated"] == {**answers["restated"], "answer": "4", "comment": "tidy"}
    assert answers["solved"] == {**answers["solved"], "answer": "yes", "by": "record"}


@pytest.fixture
def small(tmp_path):
    from tests.test_review_dataset import build

    path = tmp_path / "calls.db"
    return path, build(path)


async def test_the_agent_sees_a_new_evaluation_on_ready_and_in_feedback(small):
    path, ids = small
    app = review_app(path, NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.services.go.call_detail(ids["A"], [ids["A"]])
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("5", "s")
        await settle(pilot)
    from callmate.clock import FakeClock

    ann = CallmateApp(
        db_path=path,
        checklist=catalog.resolve(None),
        settings=Settings(agent="Ann"),
        clock=FakeClock(NOW),
        save_settings=False,
    )
    async with ann.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(ann.screen, ReadyScreen)
        line = text(ann, "#feedback-line")
        assert line == "[b]1[/] new evaluation of your calls: run callmate feedback to read it."
    shown = CliRunner().invoke(cli, ["feedback", "--db", str(path), "--agent", "Ann"])
    assert shown.exit_code == 0, shown.output
    assert (
        "Evaluation by Lead" in shown.output and "Kept a calm, warm tone throughout" in shown.output
    )
    turkish = CliRunner().invoke(
        cli, ["feedback", "--db", str(path), "--agent", "Ann", "--lang", "tr"]
    )
    assert "Baştan sona sakin ve sıcak bir ses tonu korudu" in turkish.output
    nobody = CliRunner().invoke(cli, ["feedback", "--db", str(path), "--agent", "Ben"])
    assert "Evaluation" not in nobody.output
    # Read as the agent of the settings: what was read is kept as seen, and Ready says no more.
    from callmate import config
    from callmate.store.db import open_db
    from callmate.ui.screens.ready import ready_data

    config.save(Settings(agent="Ann"))
    assert CliRunner().invoke(cli, ["feedback", "--db", str(path)]).exit_code == 0
    seen = config.load().feedback_seen
    assert seen
    db = open_db(path)
    assert ready_data(db, "Ann", NOW, seen)["feedback"] == 0
    assert ready_data(db, "Ann", NOW)["feedback"] == 1
    db.close()


async def _score(path, call_id: str, lead: str, keys: tuple[str, ...]) -> None:
    await score_in_review(path, NOW.replace(microsecond=123456), lead, call_id, keys)


async def test_a_lead_changes_their_own_evaluation_and_another_lead_makes_their_own(small):
    path, ids = small
    await _score(path, ids["A"], "Lead", ("n",))
    await _score(path, ids["A"], "Lead", ("y",))  # the same lead again: the same evaluation
    await _score(path, ids["A"], "Other", ("x",))  # another lead: a second one, theirs
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT lead, answers FROM evaluations WHERE call_id = ? ORDER BY lead", [ids["A"]]
    ).fetchall()
    times = [r[0] for r in conn.execute("SELECT updated_at FROM evaluations")]
    conn.close()
    assert times and all(t == NOW.isoformat() for t in times)  # to the second, as the hub needs
    assert [lead for lead, _answers in rows] == ["Lead", "Other"]
    first = {lead: json.loads(answers)["settled"]["answer"] for lead, answers in rows}
    assert first == {"Lead": "yes", "Other": "na"}


@pytest.mark.parametrize(("code", "yes", "no"), [("tr", "e", "h"), ("et", "j", "e")])
async def test_the_form_answers_on_the_languages_own_yes_and_no(small, code, yes, no):
    """A Turkish lead answers evet and hayır with e and h, an Estonian lead jah and ei with j
    and e (as every yes/no question of callmate asks them); j no longer moves in Estonian."""
    path, ids = small
    app = review_app(path, NOW, language=code)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.services.go.call_detail(ids["A"], [ids["A"]])
        await settle(pilot)
        await pilot.press("e")  # the detail screen's key for the form
        await settle(pilot)
        assert isinstance(app.screen, EvaluationScreen)
        assert f"{yes}/{no}/x" in text(app, "#evaluate-body")
        await pilot.press(yes, no, "s")
        await settle(pilot)
    conn = sqlite3.connect(path)
    (answers,) = conn.execute("SELECT answers FROM evaluations").fetchone()
    conn.close()
    first, second = list(json.loads(answers).values())[:2]
    assert (first["answer"], first["by"]) == ("yes", "lead")
    assert (second["answer"], second["by"]) == ("no", "lead")
