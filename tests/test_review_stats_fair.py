"""Statistics that do not blame the agent for doing the right thing, and unfinished calls apart.

A step that applies only under a condition is not a skip when the condition did not hold: the
apology on a call where the company was not at fault, and the steps an escalation went past. Calls
left unfinished (open, in wrap-up, abandoned) are neither handled nor in the handle time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from callmate.call import Call
from callmate.checklists import catalog
from callmate.clock import FakeClock
from callmate.review import queries, stats
from callmate.review.pages import Typed, resolve
from callmate.store import live, rollup
from callmate.store.db import open_db
from tests.test_review_dataset import act

pytestmark = pytest.mark.usefixtures("utc_dates")

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
START = datetime(2026, 11, 9, 9, 0, tzinfo=UTC)
# name: (agent, script, outcome or "abandon" or None for a call left in wrap-up); default.en:
# calm, vent, acknowledge, restate, apologise, resolve, thank.
# fmt: off
CALLS = {
    # Not at fault: the apology skipped, rightly. 10+20+5+10+3+60+10 = 118 s.
    "N": ("Ann", [10, "next", 20, "next", 5, "next", 10, "next", 3, "skip", 60, "next", 10,
                  "next"], "resolved"),
    # At fault (said after the skip): the apology skipped, wrongly. 118 s.
    "F": ("Ann", [10, "next", 20, "next", 5, "next", 10, "next", 3, "skip", "fault", 60, "next",
                  10, "next"], "resolved"),
    # Escalated from venting: acknowledge, restate and apologise never reached. 100 s.
    "E": ("Ann", [10, "next", 20, "escalate", 60, "next", 10, "next"], "escalated"),
    # At fault, every step done. 130 s.
    "H": ("Ann", [10, "next", "fault", 20, "next", 5, "next", 10, "next", 15, "next", 60, "next",
                  10, "next"], "resolved"),
    # Abandoned after 30 s, and ended but never wrapped up after 30 s.
    "A": ("Ben", [10, "next", 20], "abandon"),
    "W": ("Ben", [10, "next", 20, "end"], None),
}
# fmt: on


def play(db, n: int, name: str) -> str:
    agent, script, outcome = CALLS[name]
    checklist = catalog.resolve("default.en")
    clock = FakeClock(START + timedelta(hours=n))
    call, change = Call.start(checklist, clock, agent=agent, call_id=name.lower() * 32)
    live.apply(db, change, checklist)
    for item in script:
        if isinstance(item, int):
            clock.advance(item)
        else:
            live.apply(db, act(call, item))
    if outcome == "abandon":
        live.apply(db, call.abandon())
    elif outcome is not None:
        clock.advance(20)
        live.apply(db, call.wrap_up(outcome=outcome))
    return call.id


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "calls.db"
    writer = open_db(path)
    for n, name in enumerate(CALLS):
        play(writer, n, name)
    writer.close()
    db = queries.open_for_reading(path)
    yield db
    db.close()


def figures(db, **typed):
    return stats.compute(db, resolve(db, Typed(**typed), NOW))


def test_a_skip_that_was_right_is_not_counted_against_the_agent(db):
    s = figures(db)
    steps = {st.step_id: st for st in s.steps}
    # Apologise: F's skip only, of F and H. N (not at fault) was right not to apologise; E
    # (escalated past it), W (ended early) and A (abandoned) never got there.
    assert steps["apologise"].skipped == 1 and steps["apologise"].skip_rate == 0.5
    # Acknowledge: W ended the call before it, the escalation went past E's: never reached,
    # neither a skip.
    assert steps["acknowledge"].skipped == 0 and steps["acknowledge"].skip_rate == 0.0
    assert [st.step_id for st in s.most_skipped] == ["apologise"]
    # In order, over the closed calls N F E H: 6 + 6 + 3 + 7 done of 28 steps, 5 of which
    # did not apply (N's apology; E's vent, left for a manager, acknowledge, restate, apology).
    assert s.adherence.in_order == round(22 / 23, 4)
    # Apology when at fault: F skipped it, H gave it.
    assert s.adherence.apology == 0.5 and s.adherence.thanks == 1.0


def test_unfinished_calls_are_counted_apart_and_in_no_handle_time(db):
    s = figures(db)
    assert s.calls == 6 and s.handled == 4 and s.unfinished == 2
    assert s.average_seconds == 116.5  # (118 + 118 + 100 + 130) / 4, not A's or W's 30 s
    assert s.median_seconds == 118.0
    assert s.outcomes["unfinished"] == 2
    agents = {a.agent: a for a in s.agents}
    assert (agents["Ann"].calls, agents["Ann"].handled, agents["Ann"].unfinished) == (4, 4, 0)
    assert agents["Ann"].average_seconds == 116.5
    assert (agents["Ben"].calls, agents["Ben"].handled, agents["Ben"].unfinished) == (2, 0, 2)
    assert agents["Ben"].average_seconds is None


def test_at_fault_and_escalation_as_counts_and_rates(db):
    s = figures(db)
    assert s.at_fault == 2 and s.at_fault_rate == 0.3333
    assert s.escalated == 1 and s.escalation_rate == 0.1667
    assert s.outcomes["escalated"] == 1
    assert s.to_json()["at_fault_rate"] == 0.3333 and s.to_json()["unfinished"] == 2


def test_the_rollups_the_calls_and_a_rebuild_agree(db, monkeypatch):
    kept = figures(db)
    with monkeypatch.context() as m:
        m.setattr(rollup, "usable", lambda db: False)
        raw = figures(db)
    assert kept.from_rollup and not raw.from_rollup and kept == raw
    table = sorted(tuple(r) for r in db.conn.execute("SELECT * FROM rollup_steps WHERE steps"))
    writer = open_db(queries.db_file(db))
    with writer.atomic():
        rollup.rebuild(writer)
    writer.close()
    assert (
        sorted(tuple(r) for r in db.conn.execute("SELECT * FROM rollup_steps WHERE steps")) == table
    )
