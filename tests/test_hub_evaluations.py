"""Evaluations through a real team hub (issue 22): a lead scores a call in the review screen under
Pilot, `merge postgresql://` sends it; the agent's `team push` (or `feedback --team-db`) brings
it and `callmate feedback` shows it; another agent gets nothing of it, and cannot read or forge
one with psql under their own login; a lead of another team cannot evaluate the team's calls."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from callmate.cli import cli
from callmate.hub import push, roles, teams
from callmate.hub.connect import connect
from callmate.hub.local import open_local
from tests.hub_fixtures import LEAD, Hub, agent_log
from tests.test_hub_integrity import psql
from tests.test_hub_teams import counted
from tests.ui_helpers import score_in_review

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
OTHER_LEAD, AUDITOR = "lauri", "aino"

pytestmark = pytest.mark.usefixtures("utc_dates")


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _pushed(made: Hub, path, agent: str, seed: int) -> list[str]:
    ids = agent_log(path, agent, 3, seed=seed)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DELETE FROM evaluations")  # the demo's own: this test's are the lead's
    conn.close()
    db, conn = open_local(path), connect(made.url(agent))
    push.push(db, conn, agent)
    conn.close()
    db.close()
    return ids


@pytest.fixture
def desk(hub: Hub, tmp_path):
    """ann's and ayşe's calls on the hub (lena leads them); lauri leads another team, aino
    audits."""
    with hub.admin() as conn:
        for role, group in ((OTHER_LEAD, roles.LEAD_ROLE), (AUDITOR, roles.AUDITOR_ROLE)):
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone():
                conn.execute(f'CREATE ROLE "{role}" LOGIN IN ROLE {group}')
        teams.run(conn, [*teams.create("south"), *teams.add("south", OTHER_LEAD, True)])
    ann, ayse = tmp_path / "ann.db", tmp_path / "ayse.db"
    return hub, {
        "ann": (ann, _pushed(hub, ann, "ann", 3)),
        "ayşe": (ayse, _pushed(hub, ayse, "ayşe", 4)),
    }


async def _score(path, call_id: str) -> None:
    await score_in_review(path, NOW, LEAD, call_id, ("5",))


def _evaluations(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT id, call_id, lead FROM evaluations").fetchall()
    finally:
        conn.close()


async def test_a_leads_evaluation_reaches_its_agent_and_no_other(desk, tmp_path):
    made, logs = desk
    (ann_db, ann_ids), (ayse_db, _ayse_ids) = logs["ann"], logs["ayşe"]
    review = tmp_path / "lena.db"
    run("merge", made.url(LEAD), "--db", str(review))
    await _score(review, ann_ids[0])
    [(evaluation_id, call_id, _lead)] = _evaluations(review)
    assert call_id == ann_ids[0]

    out = run("merge", made.url(LEAD), "--db", str(review))
    assert "1 evaluation sent to the team hub" in out
    again = run("merge", made.url(LEAD), "--db", str(review))  # incremental: nothing new
    assert "evaluation" not in again

    out = run("team", "push", "--db", str(ann_db), "--team-db", made.url("ann"), "--agent", "ann")
    assert "1 evaluation came from the team hub" in out
    assert _evaluations(ann_db) == [(evaluation_id, call_id, LEAD)]
    shown = run("feedback", "--db", str(ann_db), "--agent", "ann")
    assert f"Evaluation by {LEAD}" in shown
    twice = run("team", "push", "--db", str(ann_db), "--team-db", made.url("ann"), "--agent", "ann")
    assert "evaluation" not in twice

    # ayşe pulls nothing of it, and with psql under her own login reads and forges nothing.
    theirs = run("feedback", "--db", str(ayse_db), "--agent", "ayşe", "--team-db", made.url("ayşe"))
    assert "No evaluations of ayşe's calls yet." in theirs
    assert _evaluations(ayse_db) == []
    for sql in (
        "SELECT count(*) FROM callmate.evaluations",
        "SET ROLE callmate_agent; SELECT count(*) FROM callmate.evaluations",
    ):
        assert counted(made, "ayşe", sql) == 0, sql
    assert counted(made, "ann", "SELECT count(*) FROM callmate.evaluations") == 1
    forged = (
        "INSERT INTO callmate.evaluations (id, call_id, form_id, form_version, language, lead, "
        "created_at, updated_at, score, comment, answers) VALUES ('forged', "
        f"'{call_id}', 'standard', '1', 'en', '{{}}', '2026-11-23T12:00:00+00:00', "
        "'2026-11-23T12:00:00+00:00', 0, 'bad', '{}')"
    )
    for user, lead in (("ayşe", "ayşe"), ("ayşe", LEAD), (OTHER_LEAD, OTHER_LEAD), (AUDITOR, LEAD)):
        done = psql(made, user, forged.replace("'{}', '2026", f"'{lead}', '2026", 1))
        assert done.returncode != 0, (user, done.stdout)
    done = psql(
        made, "ayşe", f"UPDATE callmate.evaluations SET score = 0 WHERE id = '{evaluation_id}'"
    )
    assert done.returncode != 0 or "UPDATE 0" in done.stdout
    # The other team's lead reads nothing of it, nor the auditor (no right at all).
    assert counted(made, OTHER_LEAD, "SELECT count(*) FROM callmate.evaluations") == 0
    assert psql(made, AUDITOR, "SELECT count(*) FROM callmate.evaluations").returncode != 0
    with made.admin() as conn:
        assert conn.execute("SELECT id, lead FROM callmate.evaluations").fetchall() == [
            (evaluation_id, LEAD)
        ]
    # The same statement from the call's own lead is taken (so the refusals above are the rules').
    assert psql(made, LEAD, forged.replace("'{}', '2026", f"'{LEAD}', '2026", 1)).returncode == 0


async def test_a_lead_of_another_team_cannot_send_an_evaluation_of_its_calls(desk, tmp_path):
    made, logs = desk
    ann_ids = logs["ann"][1]
    review = tmp_path / "lena.db"
    run("merge", made.url(LEAD), "--db", str(review))
    await _score(review, ann_ids[1])
    # lauri holds lena's file (with ann's calls) and scores as himself: the hub keeps none.
    conn = sqlite3.connect(review)
    with conn:
        conn.execute("UPDATE evaluations SET lead = ?", [OTHER_LEAD])
    conn.close()
    out = run("merge", made.url(OTHER_LEAD), "--db", str(review))
    assert "1 evaluation not sent: its call is not on the team hub for you" in out
    with made.admin() as conn:
        assert conn.execute("SELECT count(*) FROM callmate.evaluations").fetchone()[0] == 0
