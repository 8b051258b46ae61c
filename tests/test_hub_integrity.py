"""A team that trusts no single member (issue 25): what an ill-meaning agent writes with her own
hub login and psql, and what a team-mate's file holds, is checked at every boundary; a bad call is
set aside and named, and never keeps the good ones out.

Alice and Kadri are agents, lena their lead. The hostile rows are written as Alice would write
them: psql (or psycopg) under her own login, never through callmate's push. A hub "made by an
older callmate" is one set up at hub schema 1 (before these checks), where Alice's rows got in,
and then brought up to date by ``team init``.
"""

from __future__ import annotations

import itertools
import sqlite3
import subprocess
import threading

import psycopg
import pytest
from click.testing import CliRunner

from callmate.call import checklist_key
from callmate.checklists import catalog
from callmate.cli import cli
from callmate.hub import connect, push, roles, schema, teams
from callmate.hub.local import open_local
from callmate.models import CallRow, columns, values
from tests.hub_fixtures import LEAD, TEAM, Hub, agent_log, find_binaries, local_calls

ALICE, KADRI = "alice", "kadri"
START = "2026-11-19T10:00:00+00:00"
END = "2026-11-19T10:06:00+00:00"
_numbers = itertools.count(1)


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


def _roles(made: Hub) -> Hub:
    with made.admin() as conn:
        for role, group in ((ALICE, roles.AGENT_ROLE), (KADRI, roles.AGENT_ROLE)):
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone():
                conn.execute(f'CREATE ROLE "{role}" LOGIN IN ROLE {group}')
        if schema.info(conn).version >= schema.TEAMS_SINCE:
            _lead_them(conn)
    return made


def _lead_them(conn) -> None:
    """lena leads Alice and Kadri (a hub from schema 3 on: a lead in no team reads nothing)."""
    statements = teams.create(TEAM)
    for login, lead in ((ALICE, False), (KADRI, False), (LEAD, True)):
        statements += teams.add(TEAM, login, lead)
    teams.run(conn, statements)


@pytest.fixture
def team_hub(hub) -> Hub:
    """A hub made by this callmate, with Alice and Kadri as agents and lena as their lead."""
    return _roles(hub)


@pytest.fixture
def old_hub(pg) -> Hub:
    """A hub made by a callmate from before these checks (hub schema 1), the same people."""
    name = f"oldhub{next(_numbers)}"
    with pg.admin() as conn:
        conn.execute(f"CREATE DATABASE {name}")
    made = Hub(pg, name)
    with made.admin() as conn:
        schema.init(conn, known=1)
    return _roles(made)


def upgrade(made: Hub) -> None:
    """``callmate team init`` run again by this callmate."""
    run("team", "init", made.url())
    with made.admin() as conn:
        _lead_them(conn)


def psql(made: Hub, user: str, sql: str) -> subprocess.CompletedProcess:
    """SQL run by ``user`` with their own login, as they would type it into psql."""
    binaries = find_binaries()
    assert binaries is not None
    return subprocess.run(
        [str(binaries / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", made.url(user), "-c", sql],
        capture_output=True,
        text=True,
        timeout=60,
    )


def _literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


def insert_call(call_id: str, agent: str, **raw: str) -> str:
    """An INSERT of a whole finished call as psql takes it; ``raw`` columns are SQL as typed
    (``duration_seconds="'Infinity'"``)."""
    row = CallRow(
        call_id,
        START,
        ended_at=END,
        agent=agent,
        outcome="resolved",
        status="closed",
        duration_seconds=360.0,
        updated_at=END,
    )
    typed = dict(zip(columns(CallRow), map(_literal, values(row)), strict=True)) | raw
    return f"INSERT INTO callmate.calls ({', '.join(typed)}) VALUES ({', '.join(typed.values())})"


def push_calls(made: Hub, path, agent: str) -> push.PushReport:
    db, conn = open_local(path), connect.connect(made.url(agent))
    try:
        return push.push(db, conn, agent)
    finally:
        conn.close()
        db.close()


@pytest.fixture
def kadri_log(tmp_path):
    """Kadri's own call log: six finished calls; their ids."""
    path = tmp_path / "kadri.db"
    return path, agent_log(path, KADRI, 6, seed=11)


def refused_by_the_hub(done: subprocess.CompletedProcess) -> bool:
    return done.returncode != 0 and "violates" in done.stderr


# -- 1. durations that are not finite --------------------------------------------------------


def test_1_calls_with_infinite_durations_are_refused_and_the_good_ones_still_come(
    old_hub, team_hub, kadri_log, tmp_path
):
    bad = {"a1" * 16: "'Infinity'", "a2" * 16: "'-Infinity'"}
    for call_id, duration in bad.items():
        done = psql(team_hub, ALICE, insert_call(call_id, ALICE, duration_seconds=duration))
        assert refused_by_the_hub(done), done  # the hub's own constraint
        done = psql(old_hub, ALICE, insert_call(call_id, ALICE, duration_seconds=duration))
        assert done.returncode == 0, done.stderr  # an older hub took it
    upgrade(old_hub)
    path, kadri_ids = kadri_log
    push_calls(old_hub, path, KADRI)
    team = tmp_path / "team.db"
    out = run("merge", old_hub.url(LEAD), "--db", str(team))
    assert set(local_calls(team)) == set(kadri_ids)  # every good call came
    assert f"2 calls of {ALICE} refused: duration_seconds not finite" in out
    assert all(call_id in out for call_id in bad)


# -- 2. start times that are no time ----------------------------------------------------------


def test_2_calls_whose_start_is_no_time_are_refused_and_stats_works(
    old_hub, team_hub, kadri_log, tmp_path
):
    bad = {"b1" * 16: "''", "b2" * 16: "'notadate'"}
    for call_id, started in bad.items():
        assert refused_by_the_hub(
            psql(team_hub, ALICE, insert_call(call_id, ALICE, started_at=started))
        )
        assert psql(old_hub, ALICE, insert_call(call_id, ALICE, started_at=started)).returncode == 0
    upgrade(old_hub)
    path, kadri_ids = kadri_log
    push_calls(old_hub, path, KADRI)
    team = tmp_path / "team.db"
    out = run("merge", old_hub.url(LEAD), "--db", str(team))
    assert f"2 calls of {ALICE} refused: started_at not a time" in out
    assert set(local_calls(team)) == set(kadri_ids)
    for command in (("stats",), ("calls", "list"), ("export", "--format", "csv")):
        run(*command, "--db", str(team))


# -- 3. durations and counts out of bounds ----------------------------------------------------


@pytest.mark.parametrize(
    ("column", "typed", "why"),
    [
        ("duration_seconds", "'Infinity'", "duration_seconds not finite"),
        ("duration_seconds", "1e12", "duration_seconds over 604,800"),
        ("duration_seconds", "-5", "duration_seconds negative"),
        ("warnings", "-5", "warnings negative"),
        ("difficulty", "99", "difficulty over 5"),
        ("ended_at", "'2026-11-19T09:00:00+00:00'", "ended_at before started_at"),
        ("outcome", "'pwned'", "outcome not one of"),
    ],
)
def test_3_values_out_of_bounds_are_refused_and_stats_stays_finite(
    old_hub, team_hub, kadri_log, tmp_path, column, typed, why
):
    call_id = "c1" * 16
    assert refused_by_the_hub(psql(team_hub, ALICE, insert_call(call_id, ALICE, **{column: typed})))
    assert psql(old_hub, ALICE, insert_call(call_id, ALICE, **{column: typed})).returncode == 0
    upgrade(old_hub)
    path, kadri_ids = kadri_log
    push_calls(old_hub, path, KADRI)
    team = tmp_path / "team.db"
    out = run("merge", old_hub.url(LEAD), "--db", str(team))
    assert f"1 call of {ALICE} refused: {why}" in out and call_id in out
    assert set(local_calls(team)) == set(kadri_ids)
    stats = run("stats", "--db", str(team), "--format", "json")
    assert "Infinity" not in stats and "NaN" not in stats


# -- 4. a table held locked -------------------------------------------------------------------


def _in_thread(args: list[str], timeout: float):
    """Run the command line in a thread; (finished, result)."""
    got = {}

    def go() -> None:
        got["result"] = CliRunner().invoke(cli, args)

    thread = threading.Thread(target=go, daemon=True)
    thread.start()
    thread.join(timeout)
    return not thread.is_alive(), got.get("result"), thread


@pytest.mark.parametrize("table", ["calls", "call_steps"])
def test_4_a_table_an_agent_holds_locked_makes_the_lead_wait_seconds_and_says_why(
    team_hub, kadri_log, tmp_path, monkeypatch, table
):
    path, _ = kadri_log
    push_calls(team_hub, path, KADRI)
    monkeypatch.setattr(connect, "LOCK_TIMEOUT_SECONDS", 1, raising=False)
    alice = psycopg.connect(team_hub.url(ALICE))  # a transaction left open, as psql's BEGIN
    try:
        alice.execute(f"LOCK TABLE callmate.{table} IN ACCESS EXCLUSIVE MODE")
        team = tmp_path / "team.db"
        finished, result, thread = _in_thread(
            ["merge", team_hub.url(LEAD), "--db", str(team)], timeout=30
        )
        assert finished, "the lead's merge is still waiting on Alice's lock"
        assert result.exit_code == 1
        assert (
            f"the hub's {table} table is locked by another session; try again or ask the "
            "hub's administrator" in result.output
        )
    finally:
        alice.close()
        thread.join(30)


def test_4_an_agents_push_waits_seconds_on_a_locked_table_and_keeps_its_calls(
    team_hub, tmp_path, monkeypatch
):
    monkeypatch.setattr(connect, "LOCK_TIMEOUT_SECONDS", 1, raising=False)
    path = tmp_path / "kadri.db"
    agent_log(path, KADRI, 3, seed=12)
    alice = psycopg.connect(team_hub.url(ALICE))
    got: dict = {}

    def kadri_pushes() -> None:
        try:
            got["report"] = push_calls(team_hub, path, KADRI)
        except connect.HubError as exc:
            got["error"] = exc

    thread = threading.Thread(target=kadri_pushes, daemon=True)
    try:
        alice.execute("LOCK TABLE callmate.notes IN ACCESS EXCLUSIVE MODE")
        thread.start()
        thread.join(30)
        assert not thread.is_alive(), "Kadri's push is still waiting on Alice's lock"
        assert "notes table is locked" in str(got.get("error"))
        assert not got["error"].lasting  # the pusher tries again later
    finally:
        alice.close()
        thread.join(30)
    assert push_calls(team_hub, path, KADRI).calls == 3


# -- 5. a checklist under another's key -------------------------------------------------------


def _forged(kadri_path) -> str:
    """Alice's checklist row under the key of the built-in checklist most of Kadri's calls ran
    with (she knows it: it is the hash of a text every callmate ships)."""
    conn = sqlite3.connect(kadri_path)
    try:
        source = conn.execute(
            "SELECT checklist_source FROM calls GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
    finally:
        conn.close()
    key = checklist_key(catalog.resolve(source.removeprefix("builtin:")))
    return (
        "INSERT INTO callmate.checklists (key, id, version, language, name, source, toml) "
        f"VALUES ('{key}', 'default', '1', 'en', 'Default', '{source}', 'FORGED by Alice')"
    )


def _checklists(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT toml FROM checklists")]
    finally:
        conn.close()


def test_5_a_checklist_is_keyed_by_the_hash_of_its_text_on_the_hub(
    old_hub, team_hub, kadri_log, tmp_path
):
    assert refused_by_the_hub(psql(team_hub, ALICE, _forged(kadri_log[0])))
    assert psql(old_hub, ALICE, _forged(kadri_log[0])).returncode == 0  # before Kadri first pushes
    upgrade(old_hub)  # the forged row cannot be the text its key names: it goes
    path, kadri_ids = kadri_log
    push_calls(old_hub, path, KADRI)
    team = tmp_path / "team.db"
    run("merge", old_hub.url(LEAD), "--db", str(team))
    assert set(local_calls(team)) == set(kadri_ids)
    assert not [t for t in _checklists(team) if "FORGED" in t]
    assert local_calls(team) == local_calls(path)  # the checklists Kadri's calls ran with


def test_5_a_forged_checklist_is_told_by_the_push_and_refused_by_the_pull(
    team_hub, kadri_log, tmp_path
):
    with team_hub.admin() as conn:  # a hub whose administrator took the constraint off
        for (name,) in conn.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'callmate.checklists'::regclass "
            "AND contype = 'c'"
        ).fetchall():
            conn.execute(f'ALTER TABLE callmate.checklists DROP CONSTRAINT "{name}"')
    assert psql(team_hub, ALICE, _forged(kadri_log[0])).returncode == 0
    path, kadri_ids = kadri_log
    report = push_calls(team_hub, path, KADRI)
    assert report.forged and "another text" in report.line("the hub")
    team = tmp_path / "team.db"
    out = run("merge", team_hub.url(LEAD), "--db", str(team))
    assert "refused: its key is not the hash of its text" in out
    assert set(local_calls(team)) == set(kadri_ids)  # with the genuine built-in text
    assert not [t for t in _checklists(team) if "FORGED" in t]
    assert local_calls(team) == local_calls(path)


# -- 6. the group role -----------------------------------------------------------------------


def test_6_set_role_to_the_group_gains_nothing_and_no_call_is_the_groups(
    old_hub, team_hub, tmp_path
):
    as_group = f"SET ROLE {roles.AGENT_ROLE}; "
    for sql in (
        as_group + insert_call("d1" * 16, roles.AGENT_ROLE),
        insert_call("d2" * 16, roles.AGENT_ROLE),
        as_group + insert_call("d3" * 16, KADRI),
        insert_call("d4" * 16, roles.LEAD_ROLE),
    ):
        done = psql(team_hub, ALICE, sql)
        assert done.returncode != 0, sql
    with team_hub.admin() as conn:
        assert conn.execute("SELECT count(*) FROM callmate.calls").fetchone()[0] == 0
    # An older hub took it; brought up to date, nobody can change it, and no lead pulls it.
    assert psql(old_hub, ALICE, as_group + insert_call("d1" * 16, roles.AGENT_ROLE)).returncode == 0
    upgrade(old_hub)
    done = psql(
        old_hub, KADRI, as_group + "UPDATE callmate.calls SET summary = 'mine now' RETURNING id"
    )
    assert done.returncode == 0 and "d1" * 16 not in done.stdout
    team = tmp_path / "team.db"
    out = run("merge", old_hub.url(LEAD), "--db", str(team))
    assert "refused" not in out and local_calls(team) == {}  # in no team: no lead reads it
    out = run("merge", old_hub.url(), "--db", str(team))  # the administrator reads all
    assert f"1 call of {roles.AGENT_ROLE} refused: agent is a group role" in out
    assert local_calls(team) == {}


# -- 7. a team-mate's file with another agent's call ------------------------------------------


def forged_file(path, kadri_path, call_id: str, updated_at: str) -> None:
    """Alice's own file, holding Kadri's call ``call_id`` with a forged summary."""
    agent_log(path, ALICE, 3, seed=13)
    conn = sqlite3.connect(path)
    try:
        conn.execute("ATTACH ? AS kadri", [str(kadri_path)])
        with conn:
            conn.execute(
                "INSERT INTO checklists SELECT * FROM kadri.checklists WHERE true "
                "ON CONFLICT DO NOTHING"
            )
            conn.execute("INSERT INTO calls SELECT * FROM kadri.calls WHERE id = ?", [call_id])
            for table in ("call_steps", "notes", "events"):
                names = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
                names = ", ".join(n for n in names if n != "id")  # notes and events: row ids
                conn.execute(
                    f"INSERT INTO {table} ({names}) SELECT {names} FROM kadri.{table} "
                    "WHERE call_id = ?",
                    [call_id],
                )
            conn.execute(
                "UPDATE calls SET summary = 'FORGED: refund granted', updated_at = ? WHERE id = ?",
                [updated_at, call_id],
            )
    finally:
        conn.close()


def summary(path, call_id: str) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT summary FROM calls WHERE id = ?", [call_id]).fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("updated_at", ["9999", "2999-12-31T23:59:59+00:00"])
def test_7_a_team_mates_file_never_overwrites_what_the_hub_delivered(
    team_hub, kadri_log, tmp_path, updated_at
):
    path, kadri_ids = kadri_log
    push_calls(team_hub, path, KADRI)
    real = summary(path, kadri_ids[0])
    alices = tmp_path / "alice.db"
    forged_file(alices, path, kadri_ids[0], updated_at)

    # Over the hub's copy, a later one is told and left; alone, "9999" is no time at all.
    told = "updated_at not a time" if updated_at == "9999" else "the hub's copy is kept"

    team = tmp_path / "team.db"  # the hub first, then Alice's file
    run("merge", team_hub.url(LEAD), "--db", str(team))
    out = run("merge", str(alices), "--db", str(team))
    assert summary(team, kadri_ids[0]) == real
    assert kadri_ids[0] in out and "the hub's copy is kept" in out
    assert local_calls(team) == {**local_calls(alices), **local_calls(path)}

    other = tmp_path / "other.db"  # Alice's file first, then the hub
    out = run("merge", str(alices), "--db", str(other))
    out += run("merge", team_hub.url(LEAD), "--db", str(other))
    assert summary(other, kadri_ids[0]) == real
    assert kadri_ids[0] in out and told in out
    assert local_calls(other) == local_calls(team)
