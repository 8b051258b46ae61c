"""Pushing to the team hub: finished calls go once, equal to the agent's copy, through a restart
of the hub; twice adds nothing; an older callmate refuses and keeps its outbox."""

from __future__ import annotations

import time

import pytest

from callmate.hub import background, outbox, push, schema
from callmate.hub.connect import HubError, connect
from callmate.hub.local import open_local
from tests.hub_fixtures import AGENTS, agent_log, hub_calls, local_calls


def hub_counts(conn) -> dict[str, int]:
    tables = ("calls", "call_steps", "notes", "events", "checklists")
    return {t: conn.execute(f"SELECT count(*) FROM callmate.{t}").fetchone()[0] for t in tables}


def push_now(path, url: str, agent: str, **kwargs) -> push.PushReport:
    db, conn = open_local(path), connect(url)
    try:
        return push.push(db, conn, agent, **kwargs)
    finally:
        conn.close()
        db.close()


def waiting(path, agent: str) -> int:
    db = open_local(path)
    try:
        return outbox.counts(db, agent).waiting
    finally:
        db.close()


@pytest.fixture
def ann(tmp_path):
    path = tmp_path / "ann.db"
    agent_log(path, "ann", 40, seed=1)
    return path


def test_finished_calls_go_once_and_equal_the_agents_copy(hub, ann):
    mine = local_calls(ann)
    assert waiting(ann, "ann") == len(mine) > 0
    report = push_now(ann, hub.url("ann"), "ann", batch=7)
    assert (report.calls, report.waiting, report.refused) == (len(mine), 0, [])
    with hub.admin() as conn:
        assert hub_calls(conn) == mine


def test_pushing_twice_adds_nothing_not_even_a_new_row_version(hub, ann):
    push_now(ann, hub.url("ann"), "ann")
    with hub.admin() as conn:
        before = (
            hub_counts(conn),
            conn.execute("SELECT id, xmin::text FROM callmate.calls ORDER BY id").fetchall(),
        )
    again = push_now(ann, hub.url("ann"), "ann")
    assert again.calls == 0 and "Nothing waited" in again.line("the hub")
    db = open_local(ann)
    with db:
        db.execute("DELETE FROM team_outbox")  # as if every answer of the hub had been lost
    db.close()
    resent = push_now(ann, hub.url("ann"), "ann")
    assert resent.calls == len(local_calls(ann))
    assert sum(resent.written.values()) == 0
    with hub.admin() as conn:
        after = (
            hub_counts(conn),
            conn.execute("SELECT id, xmin::text FROM callmate.calls ORDER BY id").fetchall(),
        )
    assert after == before


def test_an_open_call_waits_only_once_finished_and_a_changed_call_goes_again(hub, ann):
    db = open_local(ann)
    with db:
        db.execute("UPDATE calls SET status = 'open' WHERE id = (SELECT min(id) FROM calls)")
    open_id = db.execute("SELECT min(id) FROM calls").fetchone()[0]
    db.close()
    push_now(ann, hub.url("ann"), "ann")
    assert waiting(ann, "ann") == 0
    db = open_local(ann)
    with db:
        db.execute(
            "UPDATE calls SET status = 'closed', summary = 'called back', "
            "updated_at = '2026-11-21T09:00:00+00:00' WHERE id = ?",
            [open_id],
        )
    db.close()
    assert waiting(ann, "ann") == 1
    assert push_now(ann, hub.url("ann"), "ann").calls == 1
    with hub.admin() as conn:
        assert hub_calls(conn) == local_calls(ann)


def test_three_agents_push_at_once_while_the_hub_stops_and_starts(hub, pg, tmp_path):
    logs = {a: tmp_path / f"{a}.db" for a in AGENTS}
    for seed, (agent, path) in enumerate(logs.items(), start=1):
        agent_log(path, agent, 60, seed=seed * 10)
    seen: list[background.PushStatus] = []
    pushers = [
        background.Pusher(
            path,
            hub.url(agent),
            agent,
            interval=0.5,
            retry=(0.1, 0.2, 0.3),
            batch=4,
            on_status=seen.append,
        )
        for agent, path in logs.items()
    ]
    for pusher in pushers:
        pusher.start()
    try:
        with hub.admin() as conn:
            until(lambda: hub_counts(conn)["calls"] > 0, "the first batches to land")
        pg.stop("immediate")  # mid-push: batches are being sent
        assert any(p.status.waiting for p in pushers)
        time.sleep(0.3)
        pg.start()
        until(
            lambda: all(not p.status.waiting and not p.status.problem for p in pushers),
            "every outbox to empty",
        )
    finally:
        assert all(p.stop() for p in pushers)
    assert any(s.problem == "offline" for s in seen)  # the hub went away while they pushed
    mine = {}
    for path in logs.values():
        mine |= local_calls(path)
    with hub.admin() as conn:
        ids = conn.execute("SELECT count(*), count(DISTINCT id) FROM callmate.calls").fetchone()
        assert ids == (len(mine), len(mine))
        assert hub_calls(conn) == mine


def until(check, what: str, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < end, f"waited {seconds} s for {what}"
        time.sleep(0.05)


def test_an_older_callmate_refuses_to_push_and_keeps_its_outbox(hub, ann, monkeypatch):
    count = waiting(ann, "ann")
    monkeypatch.setattr(schema, "HUB_VERSION", schema.HUB_VERSION - 1)
    with pytest.raises(HubError, match="upgrade callmate") as raised:
        push_now(ann, hub.url("ann"), "ann")
    assert raised.value.code == "newer_hub" and raised.value.lasting
    assert waiting(ann, "ann") == count
    seen = []
    pusher = background.Pusher(ann, hub.url("ann"), "ann", on_status=seen.append, interval=5)
    pusher.start()
    until(lambda: pusher.status.problem, "the pusher to meet the newer hub")
    assert pusher.stop()
    assert (seen[-1].problem, seen[-1].waiting) == ("newer_hub", count)
    assert seen[-1].line() == f"team: {count} calls waiting"
    with hub.admin() as conn:
        assert hub_counts(conn)["calls"] == 0


def test_a_callmate_newer_than_the_hub_asks_for_the_hub_to_be_brought_up_to_date(hub, ann):
    with pytest.raises(HubError, match="team init") as raised:
        push_now(ann, hub.url("ann"), "ann", known=schema.HUB_VERSION + 1)
    assert raised.value.code == "older_hub"
    assert waiting(ann, "ann") == len(local_calls(ann))


def test_an_unreachable_hub_is_reported_and_every_call_keeps_waiting(ann, tmp_path):
    url = f"postgresql://ann:sekrit@/none?host={tmp_path}&port=1"
    seen = []
    pusher = background.Pusher(ann, url, "ann", on_status=seen.append, retry=(0.05,))
    pusher.start()
    until(lambda: pusher.status.problem == "offline", "the pusher to give up for now")
    assert pusher.stop()
    assert seen[-1].waiting == waiting(ann, "ann") > 0
    assert "sekrit" not in seen[-1].message


def test_a_nul_in_a_note_reaches_the_hub_as_a_visible_symbol(hub, ann):
    db = open_local(ann)
    with db:
        db.execute(
            "UPDATE notes SET text = 'card' || char(0) || 'x' "
            "WHERE rowid = (SELECT min(rowid) FROM notes)"
        )
        db.execute(
            "UPDATE events SET data = json_object('text', 'a' || char(0) || 'b') "
            "WHERE (call_id, seq) = (SELECT call_id, seq FROM events LIMIT 1)"
        )
    db.close()
    assert push_now(ann, hub.url("ann"), "ann").refused == []
    with hub.admin() as conn:
        assert (
            conn.execute(
                "SELECT count(*) FROM callmate.notes WHERE text = %s", ["card\u2400x"]
            ).fetchone()[0]
            == 1
        )
        assert (
            conn.execute(
                "SELECT count(*) FROM callmate.events WHERE data->>'text' = %s", ["a\u2400b"]
            ).fetchone()[0]
            == 1
        )


def test_the_live_path_writes_while_the_pusher_waits_on_a_silent_hub(ann, tmp_path):
    """A hub that accepts and never answers: the pusher waits on it, the agent's writes don't."""
    import socket

    from callmate.store.db import open_db

    silent = socket.socket(socket.AF_UNIX)
    silent.bind(str(tmp_path / ".s.PGSQL.5999"))
    silent.listen()
    url = f"postgresql://ann@/x?host={tmp_path}&port=5999"
    pusher = background.Pusher(ann, url, "ann", connect_timeout=2, retry=(0.1,))
    pusher.start()
    try:
        until(lambda: pusher.status.waiting, "the pusher to find calls waiting")
        db = open_db(ann)
        started = time.monotonic()
        for n in range(20):  # as the live path does: one short transaction per change
            with db.atomic():
                db.execute(
                    "UPDATE calls SET summary = ? WHERE id = (SELECT min(id) FROM calls)",
                    [f"edit {n}"],
                )
        assert time.monotonic() - started < 1.0
        db.close()
    finally:
        assert pusher.stop(timeout=5)
        silent.close()
    assert pusher.status.problem == "offline"
