"""A lead scores a call in the browser review (issue 22) through Datasette's test client: the
form comes filled in from the record, a changed answer is the lead's, saving writes the row the
agent's ``callmate feedback`` reads; a lead changes their own evaluation, never another's; a
choice the form does not take, a missing form token, a read-only log save nothing; a lead who
may not see names is shown the comments redacted and loses no word by saving them again."""

from __future__ import annotations

import html
import json
import re
import sqlite3
from datetime import UTC, datetime
from typing import Any

import pytest
from click.testing import CliRunner

from callmate.cli import cli
from callmate.clock import FakeClock
from callmate.evaluation.form import builtin
from callmate.language.i18n import set_language
from callmate.store import evaluations
from callmate.store.db import open_db, open_for_reading
from callmate.validate import is_time
from callmate.web import server
from tests.test_web_support import CUSTOMER, all_leads, make_log, sign_in, stop

NOW = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def log(tmp_path):
    return make_log(tmp_path, calls=60)


def _serve(path, mode: str | None = None, clock: FakeClock | None = None):
    opened = open_for_reading(path)
    ds = server.build(opened.path, mode or opened.mode, all_leads(), clock or FakeClock(NOW))
    return ds, opened


def _rows(path, call_id: str) -> list[dict[str, Any]]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        found = conn.execute(
            "SELECT * FROM evaluations WHERE call_id = ? ORDER BY created_at, id", [call_id]
        ).fetchall()
    finally:
        conn.close()
    return [{**dict(r), "answers": json.loads(r["answers"])} for r in found]


def _unscored(path) -> tuple[str, str]:
    """A finished call that nobody has evaluated, and its agent."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT id, agent FROM calls WHERE status = 'closed' AND id NOT IN "
            "(SELECT call_id FROM evaluations) ORDER BY started_at DESC LIMIT 1"
        ).fetchone()
    finally:
        conn.close()


def _checked(page: str) -> dict[str, str]:
    """The choice each question of the page has chosen."""
    return dict(re.findall(r'name="q-([a-z0-9_-]+)" value="([^"]+)" checked', page))


def _comments(page: str) -> dict[str, str]:
    found = re.findall(r'name="c-([a-z0-9_-]+)" value="([^"]*)"', page)
    return {qid: html.unescape(text) for qid, text in found}


async def _form(ds, cookies, call_id: str):
    page = await ds.client.get(f"/-/call/{call_id}/score", cookies=cookies)
    token = re.search(r'name="csrftoken" value="([^"]+)"', page.text)
    return page, (token.group(1) if token else ""), page.cookies.get("ds_csrftoken", "")


async def _post(ds, cookies, call_id: str, fields: dict[str, str], with_token: bool = True):
    page, token, csrf = await _form(ds, cookies, call_id)
    data = {**fields, **({"csrftoken": token} if with_token else {})}
    sent = {**cookies, **({"ds_csrftoken": csrf} if with_token else {})}
    return await ds.client.post(f"/-/call/{call_id}/score", data=data, cookies=sent)


def _other(question, value: str) -> str:
    return next(v for v in question.answers() if v != value)


async def test_a_lead_scores_a_call_in_the_browser_and_the_agent_reads_it(log):
    call_id, agent = _unscored(log.path)
    ds, opened = _serve(log.path, clock=FakeClock(NOW.replace(microsecond=437084)))
    try:
        cookies = await sign_in(ds, "lena")
        shown = await ds.client.get(f"/-/call/{call_id}", cookies=cookies)
        assert "Not scored yet." in shown.text and "Score this call" in shown.text
        page, _token, _csrf = await _form(ds, cookies, call_id)
        assert page.status_code == 200
        assert f"<dt>Agent</dt><dd>{agent}</dd>" in page.text  # which call this is
        checked = _checked(page.text)
        form = builtin("en")
        first = form.questions[0]
        assert checked, "the record answers some questions"
        changed = _other(first, checked.get(first.id, ""))
        # Posting the page's own choices with one changed: that one is the lead's.
        fields = {f"q-{qid}": v for qid, v in checked.items()} | {
            f"q-{first.id}": changed,
            f"c-{first.id}": "Let them finish first",
            "comment": "A calm call; ask before the hold next time.",
        }
        answer = await _post(ds, cookies, call_id, fields)
        assert answer.status_code == 302
        assert answer.headers["location"] == f"/-/call/{call_id}?saved=1"
        after = await ds.client.get(answer.headers["location"], cookies=cookies)
        assert "Evaluation saved." in after.text
        assert "Evaluation by lena" in after.text and "Change the evaluation" in after.text
    finally:
        stop(ds, opened)
    (row,) = _rows(log.path, call_id)
    assert row["lead"] == "lena" and row["form_id"] == form.id
    # Stored to the second, as every time is (the team hub refuses any other).
    assert row["created_at"] == row["updated_at"] == NOW.isoformat()
    assert is_time(row["updated_at"])
    assert row["comment"] == "A calm call; ask before the hold next time."
    mine = row["answers"][first.id]
    assert (mine["answer"], mine["by"], mine["comment"]) == (
        changed,
        "lead",
        "Let them finish first",
    )
    for qid, value in checked.items():
        if qid != first.id:
            assert row["answers"][qid]["answer"] == value
            assert row["answers"][qid]["by"] == "record", qid
    assert row["score"] is not None and 0 <= row["score"] <= 100
    said = CliRunner().invoke(cli, ["feedback", "--db", str(log.path), "--agent", agent])
    assert said.exit_code == 0, said.output
    assert "A calm call; ask before the hold next time." in said.output
    assert "Let them finish first" in said.output


async def test_a_lead_changes_their_own_evaluation_and_leaves_another_leads(log):
    call_id, _agent = _unscored(log.path)
    clock = FakeClock(NOW)
    ds, opened = _serve(log.path, clock=clock)
    try:
        lena = await sign_in(ds, "lena")
        await _post(ds, lena, call_id, {"comment": "first look"})
        clock.advance(600)
        page, _token, _csrf = await _form(ds, lena, call_id)
        assert "first look" in page.text  # the lead's own evaluation, to change
        await _post(ds, lena, call_id, {"comment": "second look"})
        mert = await sign_in(ds, "mert")
        page, _token, _csrf = await _form(ds, mert, call_id)
        assert "second look" not in page.text  # another lead starts from the record
        await _post(ds, mert, call_id, {"comment": "mert's view"})
    finally:
        stop(ds, opened)
    first, second = _rows(log.path, call_id)
    assert (first["lead"], first["comment"]) == ("lena", "second look")
    assert first["created_at"] == NOW.isoformat() < first["updated_at"]
    assert (second["lead"], second["comment"]) == ("mert", "mert's view")


async def test_a_choice_the_question_does_not_take_saves_nothing(log):
    call_id, _agent = _unscored(log.path)
    yes_no = next(q for q in builtin("en").questions if q.scale == "yes_no")
    ds, opened = _serve(log.path)
    try:
        cookies = await sign_in(ds, "lena")
        answer = await _post(ds, cookies, call_id, {f"q-{yes_no.id}": "3", "comment": "kept?"})
        assert answer.status_code == 400
        assert html.unescape(answer.text).count(f"'3' is not an answer to “{yes_no.text}”.") == 1
        assert ">kept?</textarea>" in answer.text  # what was typed is still there
    finally:
        stop(ds, opened)
    assert _rows(log.path, call_id) == []


async def test_without_the_form_token_nothing_is_saved(log):
    call_id, _agent = _unscored(log.path)
    ds, opened = _serve(log.path)
    try:
        cookies = await sign_in(ds, "lena")
        answer = await _post(ds, cookies, call_id, {"comment": "forged"}, with_token=False)
        assert answer.status_code == 403
    finally:
        stop(ds, opened)
    assert _rows(log.path, call_id) == []


async def test_a_stranger_cannot_score(log):
    call_id, _agent = _unscored(log.path)
    ds, opened = _serve(log.path)
    try:
        assert (await ds.client.get(f"/-/call/{call_id}/score")).status_code == 302
        assert (await ds.client.post(f"/-/call/{call_id}/score", data={})).status_code == 401
    finally:
        stop(ds, opened)
    assert _rows(log.path, call_id) == []


async def test_a_log_served_read_only_shows_the_form_and_saves_nothing(log):
    call_id, _agent = _unscored(log.path)
    ds, opened = _serve(log.path, mode="ro")
    try:
        cookies = await sign_in(ds, "lena")
        call = await ds.client.get(f"/-/call/{call_id}", cookies=cookies)
        assert "Score this call" not in call.text
        page, _token, _csrf = await _form(ds, cookies, call_id)
        assert page.status_code == 200 and '<button type="submit">Save' not in page.text
        assert "This log is read-only here: evaluations cannot be saved." in page.text
        answer = await _post(ds, cookies, call_id, {"comment": "nowhere"})
        assert answer.status_code == 403
    finally:
        stop(ds, opened)
    assert _rows(log.path, call_id) == []


async def test_an_unknown_call_is_a_page_that_says_so(log):
    ds, opened = _serve(log.path)
    try:
        cookies = await sign_in(ds, "lena")
        answer = await ds.client.get("/-/call/ffffffffff/score", cookies=cookies)
        assert answer.status_code == 404 and "Traceback" not in answer.text
    finally:
        stop(ds, opened)


async def test_comments_are_redacted_for_a_lead_without_names_and_kept_when_saved_again(log):
    form = builtin("en")
    first = form.questions[0]
    said = f"{CUSTOMER} was upset about the courier"
    db = open_db(log.path)
    try:
        from callmate.evaluation import answers as ev
        from callmate.review.queries import call_record

        record = call_record(db, log.crafted)
        answers = ev.prefill(form, record)
        answers[first.id]["comment"] = said
        evaluations.save(
            db,
            ev.build(form, log.crafted, answers, lead="lena", at=NOW.isoformat(), comment=said),
        )
    finally:
        db.close()
    ds, opened = _serve(log.path, clock=FakeClock(NOW.replace(hour=11)))
    try:
        lena = await sign_in(ds, "lena")
        call = await ds.client.get(f"/-/call/{log.crafted}", cookies=lena)
        page, _token, _csrf = await _form(ds, lena, log.crafted)
        for text in (call.text, page.text):
            assert CUSTOMER not in html.unescape(text)
        assert "[name]" in page.text  # the facts above the form, redacted too
        shown = _comments(page.text)[first.id]
        assert "[name]" in shown
        # Saved again as shown: the words it was saved with stay.
        await _post(ds, lena, log.crafted, {f"c-{first.id}": shown, "comment": "[name] was upset"})
        mert = await sign_in(ds, "mert")
        assert CUSTOMER in (await ds.client.get(f"/-/call/{log.crafted}", cookies=mert)).text
    finally:
        stop(ds, opened)
    mine = next(r for r in _rows(log.path, log.crafted) if r["lead"] == "lena")
    assert mine["answers"][first.id]["comment"] == said
    assert mine["comment"] == "[name] was upset"  # typed otherwise: what was typed
    redacted = CliRunner().invoke(
        cli, ["export", "--db", str(log.path), "--redact", "--format", "json"]
    )
    assert redacted.exit_code == 0 and CUSTOMER not in redacted.output


async def test_the_form_is_in_the_language_spoken(log):
    call_id, _agent = _unscored(log.path)
    set_language("tr")
    form = builtin("tr")
    ds, opened = _serve(log.path)
    try:
        cookies = await sign_in(ds, "lena")
        page, _token, _csrf = await _form(ds, cookies, call_id)
        text = html.unescape(page.text)
        assert form.name in text and all(q.text in text for q in form.questions)
        assert "> evet</label>" in text and "Kaydet" in text
        answer = await _post(ds, cookies, call_id, {"q-settled": "3"})
        assert answer.status_code == 400 and "“" + form.questions[0].text in html.unescape(
            answer.text
        )
    finally:
        stop(ds, opened)


def test_no_text_of_an_evaluation_shows_the_name_in_a_redacted_export(log):
    """Whatever an evaluation from elsewhere holds in its answers (another key, a list, text
    that is no JSON), a redacted export and a lead without names see no customer's name."""
    conn = sqlite3.connect(log.path)
    with conn:
        for n, answers in enumerate(
            (
                json.dumps({"settled": {"comment": "ok", "note": CUSTOMER}, "x": [CUSTOMER]}),
                f"not json {CUSTOMER}",
            )
        ):
            conn.execute(
                "INSERT INTO evaluations (id, call_id, form_id, lead, created_at, updated_at, "
                "answers) VALUES (?, ?, 'standard', 'lena', ?, ?, ?)",
                [f"odd{n}", log.crafted, NOW.isoformat(), NOW.isoformat(), answers],
            )
    conn.close()
    plain = CliRunner().invoke(cli, ["export", "--db", str(log.path), "--format", "json"])
    assert CUSTOMER in plain.output  # there to be hidden
    redacted = CliRunner().invoke(
        cli, ["export", "--db", str(log.path), "--redact", "--format", "json"]
    )
    assert redacted.exit_code == 0 and CUSTOMER not in redacted.output


async def test_a_log_that_cannot_take_the_save_keeps_the_form_as_it_was_filled_in(log, monkeypatch):
    """The log locked by another writer for longer than a writer waits: the page says so, and
    everything chosen and typed is still on it; nothing half-saved."""
    from callmate.store import db as store_db

    call_id, _agent = _unscored(log.path)
    ds, opened = _serve(log.path)
    blocker = sqlite3.connect(log.path)
    try:
        cookies = await sign_in(ds, "lena")
        # The test waits a twentieth of a second for the lock, not the writers' seconds.
        monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 50)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            answer = await _post(ds, cookies, call_id, {"comment": "still here after all"})
        finally:
            blocker.rollback()
        assert answer.status_code == 503
        assert "could not be saved" in answer.text
        assert ">still here after all</textarea>" in answer.text
    finally:
        blocker.close()
        stop(ds, opened)
    assert _rows(log.path, call_id) == []
