"""Pulling the hub for review (``callmate merge postgresql://…``): the same calls, rollups and
statistics as merging the agents' files; incremental and idempotent; filtered by agent and date."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from callmate.cli import cli
from callmate.hub import pull, push
from callmate.hub.connect import connect
from callmate.hub.local import open_local
from tests.hub_fixtures import AGENTS, LEAD, agent_log, local_calls

LATER = "2026-11-21T09:00:00+00:00"


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(cli, list(args))
    if ok:
        assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def team(hub, tmp_path):
    """Three agents' files, every call pushed; returns the files."""
    logs = []
    for seed, agent in enumerate(AGENTS, start=1):
        path = tmp_path / f"agent{seed}.db"
        agent_log(path, agent, 25, seed=seed * 7)
        db, conn = open_local(path), connect(hub.url(agent))
        push.push(db, conn, agent)
        conn.close()
        db.close()
        logs.append(path)
    return logs


def rollups(path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    try:
        return {
            t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall())
            for t in ("rollup_calls", "rollup_steps")
        }
    finally:
        conn.close()


@pytest.mark.parametrize("bulk", [False, True], ids=["row by row", "bulk load"])
def test_a_pull_of_the_hub_equals_a_merge_of_the_agents_files(
    hub,
    team,
    tmp_path,
    bulk,
    monkeypatch,
):
    monkeypatch.setattr(pull, "BULK", 1 if bulk else 10**9)
    merged, pulled = tmp_path / "merged.db", tmp_path / "pulled.db"
    run("merge", *map(str, team), "--db", str(merged))
    out = run("merge", hub.url(LEAD), "--db", str(pulled)).output
    assert "added 75 calls, updated 0" in out
    assert local_calls(pulled) == local_calls(merged)
    assert len(local_calls(pulled)) == 75
    assert rollups(pulled) == rollups(merged)  # the statistics read these


def test_pulling_again_adds_nothing_and_brings_a_changed_call_up_to_date(hub, team, tmp_path):
    pulled = tmp_path / "pulled.db"
    run("merge", hub.url(LEAD), "--db", str(pulled))
    assert (
        "no call changed since the last pull"
        in run("merge", hub.url(LEAD), "--db", str(pulled)).output
    )
    db = open_local(team[0])
    with db:
        db.execute(
            "UPDATE calls SET summary = 'called back', updated_at = ? "
            "WHERE id = (SELECT min(id) FROM calls)",
            [LATER],
        )
    conn = connect(hub.url(AGENTS[0]))
    assert push.push(db, conn, AGENTS[0]).calls == 1
    conn.close()
    db.close()
    out = run("merge", hub.url(LEAD), "--db", str(pulled)).output
    assert "added 0 calls, updated 1; 0 already up to date" in out
    mine = local_calls(team[0])
    got = local_calls(pulled)
    assert {i: got[i] for i in mine} == mine


def test_a_pull_by_agent_and_date_takes_only_those_calls(hub, team, tmp_path):
    pulled = tmp_path / "pulled.db"
    run("merge", hub.url(LEAD), "--db", str(pulled), "--agent", AGENTS[1].upper())
    agents = {c.call.agent for c in local_calls(pulled).values()}
    assert agents == {AGENTS[1]}
    since = tmp_path / "since.db"
    run("merge", hub.url(LEAD), "--db", str(since), "--since", "2026-11-15")
    starts = [c.call.started_at for c in local_calls(since).values()]
    assert starts and min(starts) >= "2026-11-15"


def test_an_agent_pulls_only_their_own_calls(hub, team, tmp_path):
    pulled = tmp_path / "mine.db"
    run("merge", hub.url(AGENTS[2]), "--db", str(pulled))
    assert local_calls(pulled) == local_calls(team[2])


def test_since_and_agent_belong_to_a_hub_and_files_and_hubs_are_merged_apart(team, tmp_path):
    out = run("merge", str(team[0]), "--since", "7d", "--db", str(tmp_path / "t.db"), ok=False)
    assert out.exit_code == 1 and "postgresql://" in out.output
    out = run("merge", str(team[0]), "postgresql://x/y", "--db", str(tmp_path / "t.db"), ok=False)
    assert out.exit_code == 1 and "separate runs" in out.output
