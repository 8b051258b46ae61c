"""Teams on a real hub: a lead reads (and pulls) only the calls of the agents of the teams they
lead, an agent only their own, an auditor every call without the customer; tried the way an
attacker would, with psql under each one's own login. Two teams: north (lena leads ann and ayşe)
and south (lauri leads tõnu); aino audits."""

from __future__ import annotations

import psycopg
import pytest
from click.testing import CliRunner

from callmate.cli import cli
from callmate.hub import push, roles, schema, teams
from callmate.hub.connect import connect
from callmate.hub.local import open_local
from callmate.models import CallRow, columns
from tests.hub_fixtures import LEAD, Hub, agent_log, local_calls
from tests.test_hub_integrity import psql
from tests.test_hub_security import INSERT_CALL, call_values

LEAD_SOUTH, AUDITOR = "lauri", "aino"
NORTH, SOUTH = {"ann": 6, "ayşe": 5}, {"tõnu": 4}
DENIED = psycopg.errors.InsufficientPrivilege


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(cli, list(args))
    if ok:
        assert result.exit_code == 0, result.output
    return result


def counted(made: Hub, user: str, sql: str) -> int:
    """The one number ``sql`` gives ``user`` in psql, under their own login."""
    done = psql(made, user, sql)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-3])  # count / ----- / N / (1 row)


def _logins(made: Hub) -> None:
    with made.admin() as conn:
        for role, group in ((LEAD_SOUTH, roles.LEAD_ROLE), (AUDITOR, roles.AUDITOR_ROLE)):
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone():
                conn.execute(f'CREATE ROLE "{role}" LOGIN IN ROLE {group}')


def _push_all(made: Hub, tmp_path) -> dict[str, dict]:
    """Every agent's calls pushed; each agent's calls (as models) by agent."""
    logs = {}
    for seed, (agent, count) in enumerate({**NORTH, **SOUTH}.items(), start=1):
        path = tmp_path / f"agent{seed}.db"
        agent_log(path, agent, count, seed=seed * 5)
        db, conn = open_local(path), connect(made.url(agent))
        push.push(db, conn, agent)
        conn.close()
        db.close()
        logs[agent] = local_calls(path)
    return logs


@pytest.fixture
def centre(bare_hub, tmp_path) -> tuple[Hub, dict[str, dict]]:
    """Two teams made with ``callmate team``, and every agent's calls on the hub."""
    _logins(bare_hub)
    admin = bare_hub.url()
    for name in ("north", "south"):
        run("team", "create", name, "--team-db", admin)
    for agent in NORTH:
        run("team", "add", "north", agent, "--team-db", admin)
    for agent in SOUTH:
        run("team", "add", "south", agent, "--team-db", admin)
    run("team", "add", "north", LEAD, "--lead", "--team-db", admin)
    run("team", "add", "south", LEAD_SOUTH, "--lead", "--team-db", admin)
    return bare_hub, _push_all(bare_hub, tmp_path)


def _calls_of(logs: dict[str, dict], agents) -> dict:
    return {i: c for a in agents for i, c in logs[a].items()}


def test_a_lead_pulls_only_the_calls_of_their_teams_and_the_other_lead_the_others(centre, tmp_path):
    made, logs = centre
    north, south = tmp_path / "north.db", tmp_path / "south.db"
    assert "added 11 calls" in run("merge", made.url(LEAD), "--db", str(north)).output
    assert local_calls(north) == _calls_of(logs, NORTH)
    assert "added 4 calls" in run("merge", made.url(LEAD_SOUTH), "--db", str(south)).output
    assert local_calls(south) == _calls_of(logs, SOUTH)
    # Asking for another team's agent by name brings nothing.
    asked = tmp_path / "asked.db"
    run("merge", made.url(LEAD), "--db", str(asked), "--agent", "tõnu")
    assert local_calls(asked) == {}


def test_an_agent_still_reads_only_their_own_calls(centre, tmp_path):
    made, logs = centre
    mine = tmp_path / "mine.db"
    run("merge", made.url("ayşe"), "--db", str(mine))
    assert local_calls(mine) == logs["ayşe"]


def test_a_lead_with_psql_reads_nothing_of_another_team(centre):
    made, logs = centre
    theirs = next(iter(logs["tõnu"]))
    for sql in (
        "SELECT count(*) FROM callmate.calls WHERE agent = 'tõnu'",
        f"SELECT count(*) FROM callmate.call_steps WHERE call_id = '{theirs}'",
        f"SELECT count(*) FROM callmate.notes WHERE call_id = '{theirs}'",
        f"SELECT count(*) FROM callmate.events WHERE call_id = '{theirs}'",
        "SET ROLE callmate_lead; SELECT count(*) FROM callmate.calls WHERE agent = 'tõnu'",
    ):
        assert counted(made, LEAD, sql) == 0, sql
    for sql in (
        "SELECT * FROM callmate.team_members",  # who leads whom is the administrator's
        "INSERT INTO callmate.team_members VALUES ('south', 'lena', true)",
        "SELECT * FROM callmate.audit_calls",  # the auditor's views are the auditor's
        "SET ROLE callmate_auditor",
        "SET ROLE callmate_agent",
        "UPDATE callmate.calls SET summary = 'x'",
    ):
        done = psql(made, LEAD, sql)
        assert done.returncode != 0 and "denied" in done.stderr, sql
    done = psql(made, LEAD, "SELECT * FROM callmate.led_agents() ORDER BY 1")
    assert "tõnu" not in done.stdout and "ann" in done.stdout
    assert counted(made, LEAD, "SELECT count(*) FROM callmate.calls") == 11


def test_the_auditor_reads_every_call_without_the_customer(centre):
    made, logs = centre
    every = _calls_of(logs, {**NORTH, **SOUTH})
    with psycopg.connect(made.url(AUDITOR), autocommit=True) as aino:
        rows = aino.execute("SELECT id, agent FROM callmate.audit_calls").fetchall()
        assert {r[0] for r in rows} == set(every)
        shown = {
            (t, c)
            for t, c in aino.execute(
                "SELECT table_name::text, column_name::text FROM information_schema.columns "
                "WHERE table_schema = 'callmate' AND table_name LIKE 'audit_%'"
            )
        }
        notes = aino.execute("SELECT count(*) FROM callmate.audit_notes").fetchone()[0]
        assert notes == sum(len(c.notes) for c in every.values())
        for table in ("calls", "notes", "events", "call_steps", "team_members"):
            with pytest.raises(DENIED):
                aino.execute(f"SELECT * FROM callmate.{table} LIMIT 1")
        with pytest.raises(DENIED):
            aino.execute("UPDATE callmate.audit_calls SET status = 'open'")
    hidden = {"customer", "addressed_as", "reference", "summary", "draft"}
    assert not {c for t, c in shown if t == "audit_calls"} & hidden
    assert {c for t, c in shown if t == "audit_calls"} == set(columns(CallRow)) - hidden
    assert ("audit_notes", "text") not in shown and ("audit_events", "data") not in shown
    names = {c.call.customer for c in every.values()} - {""}
    with psycopg.connect(made.url(AUDITOR), autocommit=True) as aino:
        text = str(aino.execute("SELECT * FROM callmate.audit_calls").fetchall())
        text += str(aino.execute("SELECT * FROM callmate.audit_events").fetchall())
    assert names and not any(n in text for n in names)


def test_a_lead_in_no_team_reads_nothing_and_a_new_team_is_pulled_whole(centre, tmp_path):
    made, logs = centre
    run("team", "remove", "north", LEAD, "--team-db", made.url())
    pulled = tmp_path / "lena.db"
    told = run("merge", made.url(LEAD), "--db", str(pulled)).output
    assert local_calls(pulled) == {}
    assert "you lead no team on this hub" in told  # said, not a silent empty pull
    out = run("team", "add", "south", LEAD, "--lead", "--team-db", made.url()).output
    assert "lena leads team south." in out
    again = run("merge", made.url(LEAD), "--db", str(pulled)).output  # all of it, not "nothing"
    assert local_calls(pulled) == logs["tõnu"] and "no team" not in again


def test_an_upgraded_hub_stops_a_lead_in_no_team_reading_every_call(pg, tmp_path):
    name = "oldteams"
    with pg.admin() as conn:
        conn.execute(f"CREATE DATABASE {name}")
    made = Hub(pg, name)
    with made.admin() as conn:
        schema.init(conn, known=schema.TEAMS_SINCE - 1)
        for role, group in (("ann", roles.AGENT_ROLE), (LEAD, roles.LEAD_ROLE)):
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone():
                conn.execute(f'CREATE ROLE "{role}" LOGIN IN ROLE {group}')
        conn.execute(INSERT_CALL, call_values("a" * 32, "ann"))
    assert counted(made, LEAD, "SELECT count(*) FROM callmate.calls") == 1
    out = run("team", "init", made.url()).output
    assert f"schema {schema.HUB_VERSION}" in out and "a lead in no team reads none" in out
    assert counted(made, LEAD, "SELECT count(*) FROM callmate.calls") == 0
    run("team", "create", "north", "--team-db", made.url())
    run("team", "add", "north", "ann", "--team-db", made.url())
    run("team", "add", "north", LEAD, "--lead", "--team-db", made.url())
    assert counted(made, LEAD, "SELECT count(*) FROM callmate.calls") == 1


def test_the_team_commands_print_their_sql_and_print_sql_runs_nothing(bare_hub):
    out = run("team", "create", "o'neill", "--print-sql").output  # no hub needed
    assert out == f"INSERT INTO {teams.TEAMS} (name) VALUES ('o''neill') ON CONFLICT DO NOTHING;\n"
    out = run("team", "add", "north", "ayşe", "--print-sql").output
    assert "VALUES ('north', 'ayşe', false)" in out
    with bare_hub.admin() as conn:
        assert conn.execute(f"SELECT count(*) FROM {teams.TEAMS}").fetchone()[0] == 0
    out = run("team", "add", "north", "ann", "--team-db", bare_hub.url(), ok=False)
    assert out.exit_code == 1 and "create it first" in out.output
    out = run("team", "create", "north", "--team-db", bare_hub.url()).output
    assert out.startswith(f"INSERT INTO {teams.TEAMS}") and "Team north is on the hub." in out
    out = run("team", "add", "north", "nobody", "--lead", "--team-db", bare_hub.url()).output
    assert "There is no login nobody yet" in out
    out = run("team", "add", "north", "ann", "--lead", "--team-db", bare_hub.url()).output
    assert 'GRANT callmate_lead TO "ann";' in out
    for bad in ("", " north", "a\x1b]52;c;x\x07", "x" * 64, roles.AGENT_ROLE):
        out = run("team", "create", bad, "--print-sql", ok=False)
        assert out.exit_code == 1 and "INSERT" not in out.output, bad
    out = run("team", "add", "north", LEAD, "--team-db", bare_hub.url(LEAD), ok=False)
    assert out.exit_code == 1 and "administrator" in out.output


def test_the_team_commands_speak_the_readers_language():
    out = run("--lang", "tr", "team", "create", " north", "--print-sql", ok=False).output
    assert "bir ekip veya oturum adı" in out
    out = run("--lang", "et", "team", "add", "north", roles.LEAD_ROLE, "--print-sql", ok=False)
    assert "on üks callmate'i grupirollidest" in out.output


def test_the_administrator_lists_the_teams_and_a_lead_may_not(centre):
    made, _ = centre
    out = run("team", "list", "--team-db", made.url()).output
    assert out == "north: led by lena; agents: ann, ayşe\nsouth: led by lauri; agents: tõnu\n"
    out = run("team", "list", "--team-db", made.url(LEAD), ok=False)
    assert out.exit_code == 1 and "administrator" in out.output
