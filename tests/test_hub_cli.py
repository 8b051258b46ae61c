"""``callmate team init | push | status``: what a team lead and an agent type, and what they see;
no password is ever printed."""

from __future__ import annotations

import hashlib

from click.testing import CliRunner

from callmate import config
from callmate.cli import cli
from callmate.hub.connect import shown
from tests.hub_fixtures import agent_log


def run(*args: str, code: int = 0):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == code, result.output
    return result.output


def with_password(url: str, password: str = "s3cret") -> str:
    return url.replace("@/", f":{password}@/", 1)


def test_init_makes_a_hub_and_again_changes_nothing_and_shows_no_password(pg):
    with pg.admin() as conn:
        conn.execute("CREATE DATABASE fresh")
    url = with_password(pg.url(dbname="fresh"))
    first = run("team", "init", url)
    from callmate.hub import schema

    assert "Team hub created" in first and f"schema {schema.HUB_VERSION}," in first
    again = run("team", "init", url)
    assert "Team hub ready" in again
    assert "s3cret" not in first + again


def test_push_then_status_say_what_waits_and_what_went(hub, tmp_path, monkeypatch):
    path = tmp_path / "ann.db"
    agent_log(path, "ann", 5, seed=4)
    monkeypatch.setenv("CALLMATE_TEAM_DB", with_password(hub.url("ann")))
    status = run("team", "status", "--db", str(path), "--agent", "ann")
    from callmate.hub import schema

    known = schema.HUB_VERSION
    assert (
        "Waiting: 5 calls" in status and f"schema {known} (this callmate knows {known})" in status
    )
    out = run("team", "push", "--db", str(path), "--agent", "ann")
    assert out.startswith(f"Sent 5 calls to {shown(hub.url('ann'))}") and "none waiting" in out
    assert "Nothing waited" in run("team", "push", "--db", str(path), "--agent", "ann")
    status = run("team", "status", "--db", str(path), "--agent", "ann")
    assert "Waiting: 0 calls" in status and "Gone: 5 calls, the last at" in status
    assert "s3cret" not in out + status


def test_the_team_hub_comes_from_the_settings_and_the_agent_name_too(hub, tmp_path):
    path = tmp_path / "ann.db"
    agent_log(path, "ann", 2, seed=5)
    config.save(config.Settings(agent="ann", team_db=hub.url("ann")))
    assert "Sent 2 calls" in run("team", "push", "--db", str(path))


def test_status_reads_without_changing_the_file_even_with_the_hub_away(tmp_path, monkeypatch):
    path = tmp_path / "ann.db"
    agent_log(path, "ann", 3, seed=6)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    monkeypatch.setenv("CALLMATE_TEAM_DB", f"postgresql://ann:s3cret@/x?host={tmp_path}&port=1")
    out = run("team", "status", "--db", str(path), "--agent", "ann")
    assert "Waiting: 3 calls" in out and "Hub: cannot reach the team hub" in out
    assert "s3cret" not in out
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_push_without_a_hub_or_with_the_hub_away_is_one_clear_line(tmp_path, monkeypatch):
    path = tmp_path / "ann.db"
    agent_log(path, "ann", 1, seed=7)
    out = run("team", "push", "--db", str(path), code=1)
    assert out.startswith("callmate: no team hub is set") and len(out.splitlines()) == 1
    turkish = run("--lang", "tr", "team", "push", "--db", str(path), code=1)
    assert turkish.startswith("callmate: ekip merkezi ayarlanmamış")
    away = f"postgresql://ann:s3cret@/x?host={tmp_path}&port=1"
    out = run("team", "push", "--db", str(path), "--team-db", away, code=1)
    assert out.startswith("callmate: cannot reach the team hub") and "s3cret" not in out
    estonian = run("--lang", "et", "team", "push", "--db", str(path), "--team-db", away, code=1)
    assert estonian.startswith("callmate: meeskonna keskusega") and "s3cret" not in estonian
    assert "Waiting: 1 call\n" in run("team", "status", "--db", str(path), "--agent", "ann")


def test_an_older_callmate_says_upgrade_and_keeps_its_calls(hub, tmp_path, monkeypatch):
    from callmate.hub import schema

    path = tmp_path / "ann.db"
    agent_log(path, "ann", 2, seed=8)
    monkeypatch.setattr(schema, "HUB_VERSION", schema.HUB_VERSION - 1)
    out = run(
        "team", "push", "--db", str(path), "--team-db", hub.url("ann"), "--agent", "ann", code=1
    )
    assert "upgrade callmate" in out
    assert "Waiting: 2 calls" in run("team", "status", "--db", str(path), "--agent", "ann")


def test_a_hub_is_shown_without_its_password_however_it_is_written():
    # fmt: off
    cases = {
        "postgresql://ann:p%40ss@db.example:5432/team?sslmode=require&password=pw2":
            "postgresql://ann@db.example:5432/team?sslmode=require",
        "postgresql:///team?host=/run/pg&port=5433": "postgresql:///team?host=/run/pg&port=5433",
        "host=db.example dbname=team user=ann password=pw3": "dbname=team host=db.example user=ann",
        "callmate": "service callmate",
    }
    # fmt: on
    for typed, printed in cases.items():  # key=value text in any order
        assert sorted(shown(typed).split()) == sorted(printed.split())


def test_a_bare_word_is_a_service_name_for_libpq():
    from callmate.hub.connect import conninfo

    assert conninfo("callmate") == "service=callmate"
    assert conninfo("postgresql://db/team") == "postgresql://db/team"


def test_a_fresh_hub_has_a_column_for_every_stored_field(hub):
    from callmate.hub import pgsql, schema
    from callmate.models import columns

    with hub.admin() as conn:
        assert schema.missing(conn) == []
        found = conn.execute(  # the models' tables (not the teams' or the auditor's views)
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_schema = 'callmate' AND table_name = ANY(%s)",
            [[m.TABLE for m in pgsql.MODELS]],
        ).fetchone()[0]
    assert found == sum(len(columns(m)) for m in pgsql.MODELS) + 1  # and calls.hub_xid


def test_a_hub_without_a_newer_field_is_brought_up_to_date_by_init(hub, tmp_path):
    path = tmp_path / "ann.db"
    agent_log(path, "ann", 2, seed=9)
    with hub.admin() as conn:  # a hub made before calls had a summary
        conn.execute("ALTER TABLE callmate.calls DROP COLUMN summary")
    out = run(
        "team", "push", "--db", str(path), "--team-db", hub.url("ann"), "--agent", "ann", code=1
    )
    assert "calls.summary" in out and "team init" in out
    out = run("team", "init", hub.url())
    assert "brought up to date" in out and "calls.summary" in out
    assert "Sent 2 calls" in run(
        "team", "push", "--db", str(path), "--team-db", hub.url("ann"), "--agent", "ann"
    )
