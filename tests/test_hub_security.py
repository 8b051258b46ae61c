"""Row-level security on the hub: an agent writes and reads only calls under their own login
name; a team lead reads everything and writes nothing; callmate says so before it tries."""

from __future__ import annotations

import psycopg
import pytest

from callmate.hub import pgsql, push
from callmate.hub.connect import HubError, connect
from callmate.hub.local import open_local
from callmate.models import CallRow, columns, values
from tests.hub_fixtures import LEAD, agent_log

DENIED = psycopg.errors.InsufficientPrivilege


@pytest.fixture
def pushed(hub, tmp_path):
    """ann and ayşe have pushed their calls; returns (one id of ann's, one of ayşe's)."""
    ids = {}
    for seed, agent in enumerate(("ann", "ayşe"), start=1):
        path = tmp_path / f"{agent}.db"
        ids[agent] = agent_log(path, agent, 6, seed=seed)[0]
        db, conn = open_local(path), connect(hub.url(agent))
        push.push(db, conn, agent)
        conn.close()
        db.close()
    return ids["ann"], ids["ayşe"]


def as_user(hub, user: str) -> psycopg.Connection:
    return psycopg.connect(hub.url(user), autocommit=True)


def call_values(call_id: str, agent: str) -> tuple:
    """A whole call row, as callmate would write it (every other field its default)."""
    return values(CallRow(call_id, "2026-11-20T10:00:00+00:00", agent=agent, status="closed"))


INSERT_CALL = (
    f"INSERT INTO {pgsql.table(CallRow)} ({', '.join(columns(CallRow))}) "
    f"VALUES ({', '.join('%s' for _ in columns(CallRow))})"
)


def test_an_agent_cannot_write_a_call_under_another_agents_name(hub, pushed):
    with as_user(hub, "ann") as ann, pytest.raises(DENIED):
        ann.execute(INSERT_CALL, call_values("forged", "ayşe"))
    with as_user(hub, "ann") as ann:  # under her own name it goes
        ann.execute(INSERT_CALL, call_values("own", "ann"))


def test_an_agent_cannot_change_another_agents_call_or_give_a_call_away(hub, pushed):
    mine, theirs = pushed
    with as_user(hub, "ann") as ann:
        changed = ann.execute("UPDATE callmate.calls SET summary = 'x' WHERE id = %s", [theirs])
        assert changed.rowcount == 0  # not even seen
        with pytest.raises(DENIED):  # an upsert onto the other agent's call
            ann.execute(
                INSERT_CALL + " ON CONFLICT (id) DO UPDATE SET summary = 'x'",
                call_values(theirs, "ann"),
            )
        with pytest.raises(DENIED):
            ann.execute("UPDATE callmate.calls SET agent = 'ayşe' WHERE id = %s", [mine])
        with pytest.raises(DENIED):
            ann.execute(
                "INSERT INTO callmate.notes (call_id, seq, at, step_id, text) "
                "VALUES (%s, 999, '2026-11-20', 'vent', 'x')",
                [theirs],
            )
        touched = ann.execute("UPDATE callmate.events SET kind = 'x' WHERE call_id = %s", [theirs])
        assert touched.rowcount == 0
    with as_user(hub, "ayşe") as ayse:
        row = ayse.execute("SELECT summary, agent FROM callmate.calls WHERE id = %s", [theirs])
        summary, agent = row.fetchone()
    assert summary != "x" and agent == "ayşe"


def test_an_agent_cannot_delete_even_their_own_calls(hub, pushed):
    mine, _ = pushed
    with as_user(hub, "ann") as ann, pytest.raises(DENIED):
        ann.execute("DELETE FROM callmate.calls WHERE id = %s", [mine])


def test_an_agent_reads_only_their_own_calls_and_a_lead_reads_all(hub, pushed):
    with as_user(hub, "ann") as ann:
        agents = {r[0] for r in ann.execute("SELECT agent FROM callmate.calls")}
        steps = ann.execute("SELECT count(DISTINCT call_id) FROM callmate.call_steps").fetchone()
    assert agents == {"ann"} and steps[0] == 6
    with as_user(hub, LEAD) as lead:
        assert {r[0] for r in lead.execute("SELECT agent FROM callmate.calls")} == {"ann", "ayşe"}
        with pytest.raises(DENIED):
            lead.execute(INSERT_CALL, call_values("lead", LEAD))


def test_a_login_that_is_not_the_agent_name_is_told_so_and_nothing_is_lost(hub, tmp_path):
    path = tmp_path / "ann.db"
    agent_log(path, "ann", 3, seed=1)
    db, conn = open_local(path), connect(hub.url("ayşe"))
    try:
        with pytest.raises(HubError, match="--agent ayşe") as raised:
            push.push(db, conn, "ann")
        assert raised.value.code == "login"
        assert db.execute("SELECT count(*) FROM team_outbox").fetchone()[0] == 0
    finally:
        conn.close()
        db.close()


def test_a_call_whose_id_another_agent_holds_is_refused_and_the_others_go(hub, pushed, tmp_path):
    _, theirs = pushed
    path = tmp_path / "tonu.db"
    agent_log(path, "tõnu", 5, seed=3)
    db = open_local(path)
    with db:  # a copied call of ayşe's, relabelled: the hub must not let it overwrite hers
        first = db.execute("SELECT min(id) FROM calls").fetchone()[0]
        db.execute("PRAGMA foreign_keys = OFF")
        for table, key in (
            ("calls", "id"),
            ("call_steps", "call_id"),
            ("notes", "call_id"),
            ("events", "call_id"),
        ):
            db.execute(f"UPDATE {table} SET {key} = ? WHERE {key} = ?", [theirs, first])
    conn = connect(hub.url("tõnu"))
    try:
        report = push.push(db, conn, "tõnu", batch=10)
    finally:
        conn.close()
    assert [r[0] for r in report.refused] == [theirs] and report.calls == 4
    assert report.waiting == 0  # set aside until it changes, not retried for ever
    db.close()
    with as_user(hub, LEAD) as lead:
        row = lead.execute("SELECT agent FROM callmate.calls WHERE id = %s", [theirs]).fetchone()
    assert row[0] == "ayşe"
