"""Evaluation forms (issue 22): the built-in forms, a bad form's problems line by line, the
answers the record gives, the score, storage (an older log brought up to date), the call's
JSON and text, and ``merge`` (twice adds nothing)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import pytest
from click.testing import CliRunner

from callmate.cli import cli
from callmate.evaluation import answers as ev
from callmate.evaluation.form import FormError, builtin, load_text
from callmate.language.i18n import set_language
from callmate.models import EvaluationRow, columns
from callmate.review import queries
from callmate.store import evaluations
from callmate.store.db import open_db
from callmate.store.schema import SCHEMA_VERSION
from callmate.validate import is_time
from tests.test_review_dataset import play

AT = "2026-11-23T12:00:00+00:00"


@pytest.mark.parametrize("language", ["en", "tr", "et"])
def test_the_builtin_form_reads_in_every_language_with_the_same_questions(language):
    form = builtin(language)
    assert form.language == language and form.id == "standard"
    assert [q.id for q in form.questions] == [q.id for q in builtin("en").questions]
    if language != "en":
        assert all(
            q.text != e.text for q, e in zip(form.questions, builtin("en").questions, strict=True)
        )


def test_a_bad_form_names_each_problem_with_its_line_and_field():
    text = "\n".join(
        [
            'id = "Bad Id"',
            'name = "x"',
            'language = "en"',
            'version = "1"',
            "[[questions]]",
            'id = "a"',
            'text = "A"',
            'scale = "1-10"',
            "[[questions]]",
            'id = "a"',
            'text = "B"',
            "weight = 0",
            'record = "mood"',
            "colour = 1",
        ]
    )
    with pytest.raises(FormError) as caught:
        load_text(text, "bad.toml")
    shown = [str(p) for p in caught.value.problems]
    assert shown[0].startswith("bad.toml:1: field 'id'")
    assert any(s.startswith("bad.toml:8: field 'questions[1].scale'") for s in shown)
    assert any(":10:" in s and "duplicate question id 'a'" in s for s in shown)
    assert any(":12:" in s and "questions[2].weight" in s for s in shown)
    assert any(":13:" in s and "questions[2].record" in s for s in shown)
    assert any(":14:" in s and "questions[2].colour': unknown field" in s for s in shown)
    assert len(shown) == 6


@pytest.fixture
def log(tmp_path):
    path = tmp_path / "calls.db"
    db = open_db(path)
    ids = {name: play(db, name) for name in "ABD"}
    yield path, db, ids
    db.close()


def test_the_record_answers_what_it_can_and_the_lead_wins(log):
    _path, db, ids = log
    form = builtin("en")
    a = ev.prefill(form, queries.call_record(db, ids["A"]))
    # Call A: every step done, on target, no hold, not abusive.
    assert a["acknowledged"]["answer"] == "yes" and a["acknowledged"]["by"] == "record"
    assert a["solved"]["answer"] == "yes" and a["hold"]["answer"] == "na"
    assert a["warned"]["answer"] == "na" and a["tone"]["answer"] == ""
    d = ev.prefill(form, queries.call_record(db, ids["D"]))
    # Call D (heard.en): ended for abuse after two warnings; never reached the solving step.
    assert d["warned"]["answer"] == "yes" and d["solved"]["answer"] == "na"
    ev.answer(a, "solved", "no")
    ev.answer(a, "tone", "5")
    assert a["solved"] == {**a["solved"], "record": "yes", "answer": "no", "by": "lead"}
    assert ev.unanswered(a) == 2  # restated, avoided
    # weights: settled 1, acknowledged 3, on-target 1, solved 3 (no), tone 2 (5 of 5)
    assert ev.score(a) == pytest.approx(round(100 * (1 + 3 + 1 + 0 + 2) / 10, 1))


def test_an_older_log_gains_the_evaluations_table(log):
    path, db, ids = log
    db.close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP TABLE evaluations")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm012_evaluations'")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.close()
    db = open_db(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    table = {c.name: c.type for c in db["evaluations"].columns}
    assert set(table) == set(columns(EvaluationRow))
    assert table["score"] == "REAL" and table["answers"] == "TEXT"
    db.close()


def test_evaluation_times_stamped_to_the_microsecond_become_seconds(log):
    """An evaluation the review screen made before schema 15 (its time to the microsecond, which
    the team hub refuses) is brought to the second when the log is opened; the rest stays."""
    path, db, ids = log
    row = evaluate(db, ids["A"])
    evaluations.save(db, replace(row, id="micro", updated_at="2026-11-20T10:00:05.437084+00:00",
                                 created_at="2026-11-20T10:00:05.437084+00:00"))  # fmt: skip
    db.close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "DELETE FROM _sqlite_migrations WHERE name = 'm015_evaluation_times_to_the_second'"
        )
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.close()
    db = open_db(path)
    try:
        stored = db.execute(
            "SELECT created_at, updated_at, score FROM evaluations WHERE id = 'micro'"
        ).fetchall()
    finally:
        db.close()
    assert stored == [("2026-11-20T10:00:05+00:00", "2026-11-20T10:00:05+00:00", row.score)]
    assert is_time(stored[0][1])


def evaluate(db, call_id: str, **given: str) -> EvaluationRow:
    form = builtin("en")
    found = ev.prefill(form, queries.call_record(db, call_id))
    for question, value in given.items():
        ev.answer(found, question, value)
    row = ev.build(form, call_id, found, lead="Lee", at=AT, comment="Good save")
    evaluations.save(db, row)
    return row


def test_an_evaluation_is_shown_with_its_call_and_merged_once(log, tmp_path):
    path, db, ids = log
    row = evaluate(db, ids["A"], tone="4")
    assert [e for e, _started in evaluations.for_agent(db, "Ann")] == [row]
    result = CliRunner().invoke(
        cli, ["calls", "show", ids["A"], "--format", "json", "--db", str(path)]
    )
    assert result.exit_code == 0, result.output
    (shown,) = json.loads(result.stdout)["evaluations"]
    assert shown["form"] == "standard" and shown["lead"] == "Lee"
    assert shown["answers"]["tone"] == {**shown["answers"]["tone"], "answer": "4", "by": "lead"}
    text = CliRunner().invoke(cli, ["calls", "show", ids["A"], "--db", str(path)]).output
    assert "Evaluation by Lee" in text and "Kept a calm, warm tone throughout: 4 of 5" in text
    assert "(the lead's answer)" in text and "Comment: Good save" in text
    markdown = (
        CliRunner()
        .invoke(cli, ["calls", "show", ids["A"], "--format", "markdown", "--db", str(path)])
        .output
    )
    assert "## Evaluations" in markdown
    exported = CliRunner().invoke(cli, ["export", "--format", "json", "--db", str(path)])
    assert exported.exit_code == 0, exported.output
    (with_it,) = [c for c in json.loads(exported.stdout) if c["id"] == ids["A"]]
    assert with_it["evaluations"] == [shown]
    assert all("evaluations" not in c for c in json.loads(exported.stdout) if c["id"] != ids["A"])
    db.close()
    target = tmp_path / "team.db"
    for _ in range(2):
        merged = CliRunner().invoke(cli, ["merge", str(path), "--db", str(target)])
        assert merged.exit_code == 0, merged.output
    team = open_db(target)
    assert [e for e, _started in evaluations.for_agent(team, "Ann")] == [row]
    later = EvaluationRow(**{**vars(row), "updated_at": "2026-11-24T09:00:00+00:00", "score": 1.0})
    source = open_db(path)
    evaluations.save(source, later)
    source.close()
    assert evaluations.merge(sqlite3.connect(path), team.conn) == 1
    assert [e for e, _started in evaluations.for_agent(team, "Ann")] == [later]
    team.close()


def test_the_text_is_in_the_readers_language(log):
    _path, db, ids = log
    evaluate(db, ids["A"], tone="4")
    record = queries.call_record(db, ids["A"])
    from callmate.report.text import call_text

    set_language("tr")
    try:
        text = call_text(record)
    finally:
        set_language("en")
    assert "Baştan sona sakin ve sıcak bir ses tonu korudu" in text
