"""Statistics match figures worked out by hand, and the rollups agree with the calls themselves."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from callmate.demo import generate as demo
from callmate.measures.figures import Adherence, AgentStats, DayCount
from callmate.review import queries, stats
from callmate.review.pages import Typed, resolve
from callmate.store import rollup
from callmate.store.db import open_db
from tests.test_review_dataset import build

pytestmark = pytest.mark.usefixtures("utc_dates")

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path):
    build(tmp_path / "calls.db")
    db = queries.open_for_reading(tmp_path / "calls.db")
    yield db
    db.close()


def figures(db, **typed):
    return stats.compute(db, resolve(db, Typed(**typed), NOW))


def raw_figures(db, monkeypatch, **typed):
    """The same figures computed from the calls alone (as if there were no rollups)."""
    with monkeypatch.context() as m:
        m.setattr(rollup, "usable", lambda db: False)
        result = figures(db, **typed)
    assert not result.from_rollup
    return result


def test_figures_for_anns_closed_calls_match_the_hand_worked_ones(db):
    s = figures(db, agent="ann", until="2026-11-20")  # A, B and F
    assert s.from_rollup
    assert s.calls == 3 and s.handled == 3
    assert s.average_seconds == 327.7  # (220 + 455 + 308) / 3
    assert s.median_seconds == 308.0
    assert s.escalated == 1 and s.escalation_rate == 0.3333
    assert s.at_fault == 1 and s.warned == 0 and s.follow_ups == 0
    assert s.outcomes == {"resolved": 2, "escalated": 1, "callback": 0, "hung_up": 0, "abuse": 0}
    steps = {st.step_id: st for st in s.steps}
    assert [st.step_id for st in s.steps] == [
        "calm",
        "vent",
        "acknowledge",
        "restate",
        "apologise",
        "resolve",
        "thank",
    ]
    assert steps["vent"].average_seconds == 100.0  # (60 + 150 + 90) / 3
    assert steps["vent"].target_seconds == 120.0
    assert steps["vent"].over_target_rate == 0.0  # B's 150 s: a soft target is never over
    assert steps["restate"].average_seconds == 43.3  # (20 + 40 + 70) / 3
    assert steps["restate"].over_target_rate == 0.6667  # B 40, F 70 over 30
    assert steps["thank"].average_seconds == 17.7  # (10 + 40 + 3) / 3
    assert steps["acknowledge"].skipped == 1 and steps["acknowledge"].skip_rate == 0.3333
    assert steps["calm"].skipped == 0 and steps["calm"].title == "Stay calm"
    assert [st.step_id for st in s.most_skipped] == ["thank", "acknowledge"]
    # Adherence: in order 18/20 (B's apology, left for a manager after 10 s, was not reached:
    # not done, and it did not apply); no apology rate (B, the one call at fault, was handed
    # over before its apology); thanks 2/3 (F skipped); on time 14/15 (five firm targets a call,
    # the vent's soft one left out; F's restate 70 > 2 x 30).
    a = s.adherence
    assert (a.in_order, a.apology, a.thanks, a.on_time) == (0.9, None, 0.6667, 0.9333)
    assert a.score == 83.3  # 100 x (18/20 + 2/3 + 14/15) / 3
    assert s.agents == (
        AgentStats(
            agent="Ann",
            calls=3,
            handled=3,
            unfinished=0,
            average_seconds=327.7,
            escalation_rate=0.3333,
            adherence=83.3,
        ),
    )
    days = s.per_day
    assert days[0] == DayCount("2026-11-02", 1) and days[-1].day == "2026-11-20"
    assert len(days) == 19 and sum(d.calls for d in days) == 3


def test_all_calls_count_the_open_one_but_not_its_time(db):
    s = figures(db)
    assert s.calls == 7 and s.handled == 6 and s.unfinished == 1
    assert s.at_fault == 1 and s.at_fault_rate == 0.1429
    assert s.median_seconds == 264.0  # 45 90 220 | 308 340 455: (220 + 308) / 2
    assert s.outcomes["unfinished"] == 1
    assert {a.agent: a.calls for a in s.agents} == {"Ann": 4, "Ben": 2, "Cem": 1}
    ben = next(a for a in s.agents if a.agent == "Ben")
    assert ben.average_seconds == 215.0  # (340 + 90) / 2


def test_a_search_gives_the_figures_of_the_calls_it_finds(db):
    s = figures(db, search="late")  # C and D
    assert not s.from_rollup
    assert s.calls == 2 and s.average_seconds == 215.0
    assert s.outcomes["callback"] == 1 and s.outcomes["abuse"] == 1
    assert s.warned == 1


def test_an_empty_selection_has_no_figures_rather_than_errors(db):
    s = figures(db, agent="nobody")
    assert s.calls == 0 and s.average_seconds is None and s.median_seconds is None
    assert s.adherence.score is None and s.per_day == () and s.steps == ()


@pytest.mark.parametrize(
    "typed",
    [
        {},
        {"agent": "ann"},
        {"since": "2026-11-02 09:00", "until": "2026-11-20 23:30"},
        {"since": "2026-11-03 10:00:01"},
        {"since": "2026-11-05 13:00", "until": "2026-11-05 15:00"},
        {"outcome": "resolved", "until": "2026-11-21"},
    ],
)
def test_rollups_and_the_calls_themselves_give_the_same_figures(db, monkeypatch, typed):
    with_rollup = figures(db, **typed)
    assert with_rollup.from_rollup
    assert with_rollup == raw_figures(db, monkeypatch, **typed)


def test_on_demo_data_too_whole_days_and_their_edges_add_up(tmp_path, monkeypatch):
    db = open_db(tmp_path / "demo.db")
    demo.generate(db, 1500, seed=7, end=NOW, days=75)
    for typed in (
        {},
        {"since": "9d", "until": "2d"},
        {"agent": "deniz", "since": "5d"},
        {"outcome": "callback", "until": "2026-11-20 13:37"},
        {"since": "2026-09-14 10:00", "until": "2026-11-02"},  # months and days
        {"since": "2026-10", "until": "2026-10"},
        {"outcome": "resolved"},
        {"agent": "alice", "outcome": "escalated", "since": "2026-09-20"},
        {"agent": "murat"},
        {"until": "2026-10-31 23:59"},
    ):
        with_rollup = figures(db, **typed)
        assert with_rollup.from_rollup
        assert with_rollup == raw_figures(db, monkeypatch, **typed), typed
        assert with_rollup.calls == queries.count(db, resolve(db, Typed(**typed), NOW))
        assert with_rollup.median_seconds is not None, typed


def test_one_calls_adherence(db):
    (b,) = db.conn.execute("SELECT id FROM calls WHERE customer = 'Carla Díaz'").fetchone()
    assert (
        queries.call_adherence(db, b)
        == Adherence(score=94.4, in_order=0.8333, thanks=1.0, on_time=1.0).to_json()
    )


# -- agents side by side (issue 27) -------------------------------------------------------------


async def test_agents_side_by_side_and_an_agent_against_the_team(tmp_path):
    """ "ann, ben" puts the two side by side, "ann" puts Ann beside the team; each column's
    figures are those stats gives for that agent (or every agent) on the same filter."""
    from textual.widgets import Input, Static

    from callmate.review.filters import Filter
    from callmate.ui.screens.review_stats import StatsScreen
    from tests.ui_helpers import review_app, settle_review as settle

    path = tmp_path / "calls.db"
    build(path)
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    db = queries.open_for_reading(path)
    try:
        ann = stats.compute(db, Filter(agents=("Ann",)))
        ben = stats.compute(db, Filter(agents=("Ben",)))
        team = stats.compute(db, Filter())
        both = stats.compute(db, resolve(db, Typed(agent="ann, BEN"), now))
    finally:
        db.close()
    assert both.calls == ann.calls + ben.calls
    app = review_app(path, now)

    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        for typed, expected in (("ann, BEN", [("Ann", ann), ("Ben", ben)]),
                                ("ann", [("Ann", ann), ("", team)])):  # fmt: skip
            app.screen.query_one("#filter-agent", Input).value = typed
            await pilot.press("f", "enter")
            await settle(pilot)
            await pilot.press("s")
            await settle(pilot)
            assert isinstance(app.screen, StatsScreen)
            assert app.screen.columns == expected
            rest = str(app.screen.query_one("#stats-rest", Static).content)
            assert "Agents side by side" in rest
            head = next(line for line in rest.splitlines() if "Ann" in line)
            assert ("Team" in head) == (typed == "ann")
            calls = next(line for line in rest.splitlines() if line.startswith("Calls "))
            assert calls.split()[1:] == [str(s.calls) for _a, s in expected]
            await pilot.press("escape")
            await settle(pilot)
