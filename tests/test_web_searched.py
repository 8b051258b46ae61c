"""A search's facets and per-day trends, read off the figures kept for each matching call, are
those of the matching calls themselves (``calls list --search`` as JSON), and a call without a
step still has its checklist and language counted."""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from typing import Any

import pytest

from callmate.language.labels import UNFINISHED_KEY
from callmate.review import stats, trends
from callmate.store.db import open_db, open_reader
from callmate.web import facets, reading
from tests.test_web_support import cli_json, make_log, serve, sign_in, stop

SEARCHES = [
    {"search": "refund"},
    {"search": "KULAKLIK"},
    {"search": "refund", "agent": "ayşe"},
    {"search": "refund", "since": "2026-11-15", "until": "2026-11-25 12:00"},
    {"search": "refund", "outcome": "unfinished"},
    {"search": "courier"},
    {"search": "nothingmatchesthis"},
]
#: The call given no steps at all (its checklist and language known from the call alone).
STEPLESS = "0000feedfacecafe0000feedfacecafe"


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    made = make_log(tmp_path_factory.mktemp("websearched"), calls=500, seed=11)
    db = open_db(made.path)
    try:
        with db.conn:
            db.execute(
                "INSERT INTO calls (id, started_at, ended_at, agent, checklist_id, "
                "checklist_version, language, outcome, status, duration_seconds, summary) "
                "VALUES (?, '2026-11-20T10:00:00+00:00', '2026-11-20T10:03:00+00:00', 'Ayşe', "
                "'nosteps', '1', 'et', 'resolved', 'closed', 180.0, 'refund without steps')",
                [STEPLESS],
            )
    finally:
        db.close()
    return made


class Args(dict):
    def get(self, key, default=None):
        return super().get(key, default)


def _listed(log, params: dict[str, str]) -> list[dict[str, Any]]:
    options = [part for name, value in params.items() for part in (f"--{name}", value)]
    return cli_json(
        "calls", "list", "--db", str(log.path), "--limit", "0", "--format", "json", *options
    )


def _expected_facets(calls: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    counted: dict[str, Counter[str]] = defaultdict(Counter)
    for c in calls:
        counted["agent"][c["agent"] or ""] += 1
        counted["outcome"][c["outcome"] or UNFINISHED_KEY] += 1
        counted["checklist_id"][c["checklist"] or ""] += 1
        counted["language"][c["language"] or ""] += 1
        counted["day"][c["started_at"][:10]] += 1
    found = {name: dict(counted[name]) for name in facets.FACETS}
    found["day"] = dict(sorted(found["day"].items(), reverse=True)[: facets.MOST_DAYS])
    return found


@pytest.mark.parametrize(
    "params", SEARCHES, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items())
)
def test_a_searchs_facets_are_its_calls(log, params):
    calls = _listed(log, params)
    db = open_reader(log.path)
    try:
        wanted = reading.asked(Args(params))
        total, found = facets.count(db, reading.resolve(db, wanted), wanted.chosen)
    finally:
        db.close()
    assert total == len(calls)
    assert {f.name: dict(f.values) for f in found} == _expected_facets(calls)


@pytest.mark.parametrize(
    "chosen",
    [
        {"checklist": "nosteps"},
        {"checklist": "heard"},
        {"language": "et"},
        {"checklist": "heard", "language": "tr"},
    ],
)
def test_a_checklist_or_language_chosen_narrows_a_search(log, chosen):
    calls = [
        c for c in _listed(log, {"search": "refund"}) if all(c[k] == v for k, v in chosen.items())
    ]
    db = open_reader(log.path)
    try:
        wanted = reading.asked(Args({"search": "refund", **chosen}))
        total, found = facets.count(db, reading.resolve(db, wanted), wanted.chosen)
    finally:
        db.close()
    assert total == len(calls)
    assert {f.name: dict(f.values) for f in found} == _expected_facets(calls)
    if chosen == {"checklist": "nosteps"}:
        assert [c["id"] for c in calls] == [STEPLESS]


def _expected_days(calls: list[dict[str, Any]]) -> dict[str, tuple[Any, ...]]:
    days: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in calls:
        days[c["started_at"][:10]].append(c)
    out = {}
    for day, of_day in days.items():
        handled = [c for c in of_day if c["status"] == "closed"]
        timed = [c["duration_seconds"] for c in handled if c["duration_seconds"] is not None]
        out[day] = (
            len(of_day),
            len(handled),
            round(round(sum(timed), 6) / len(timed), 1) if timed else None,
            round(sum(c["escalated"] for c in of_day) / len(of_day), 4),
            round(sum(c["outcome"] == "resolved" for c in of_day) / len(of_day), 4),
        )
    return out


TREND_FILTERS = [{}, {"agent": "ayşe"}, {"since": "2026-11-10", "until": "2026-11-20 13:30"}]


@pytest.mark.parametrize(
    "params", TREND_FILTERS + SEARCHES, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items())
)
def test_the_trends_per_day_are_those_of_the_calls(log, params):
    calls = _listed(log, params)
    db = open_reader(log.path)
    try:
        filt = reading.resolve(db, reading.asked(Args(params)))
        found = stats.gather(db, filt)
        days = trends.per_day(db, filt, found)
        again = trends.per_day(db, filt)  # read on their own: the same
    finally:
        db.close()
    assert days == again
    got = {
        d.day: (d.calls, d.handled, d.average_seconds, d.escalation_rate, d.resolution_rate)
        for d in days
        if d.calls
    }
    assert got == {
        day: (n, h, avg, None if n == 0 else esc, None if n == 0 else res)
        for day, (n, h, avg, esc, res) in _expected_days(calls).items()
    }
    assert all(d.calls == 0 for d in days if d.day not in got)


@pytest.fixture
async def served(log):
    ds, opened = serve(log.path)
    yield ds
    stop(ds, opened)


async def test_the_pages_of_a_search_show_them(served, log):
    lena = await sign_in(served, "lena")
    calls = _listed(log, {"search": "refund"})
    page = (await served.client.get("/", params={"search": "refund"}, cookies=lena)).text
    assert f'data-total="{len(calls)}"' in page
    agents = dict(re.findall(r'agent=([^"&]+)" data-count="(\d+)"', page))
    assert sum(int(n) for n in agents.values()) == len(calls)
    stats_page = (
        await served.client.get("/-/stats", params={"search": "refund"}, cookies=lena)
    ).text
    chart = re.search(r'data-chart="handle_time_per_day"(.*?)</svg>', stats_page, re.S).group(1)
    shown = {
        html.unescape(day): float(v)
        for day, v in re.findall(r'data-label="([^"]+)" data-value="([^"]+)"', chart)
    }
    assert shown == {
        day: avg for day, (_n, _h, avg, _e, _r) in _expected_days(calls).items() if avg
    }


def test_a_checklist_chosen_is_counted_off_the_rollups_and_the_kept_figures(log):
    """The facet's checklist is not the typed filter's (which only the calls answer): without a
    search the rollups count it, with one the figures kept for each call."""
    from callmate.review import stats_search

    db = open_reader(log.path)
    try:
        alone = reading.resolve(db, reading.asked(Args({"checklist": "heard"})))
        searched = reading.resolve(db, reading.asked(Args({"checklist": "heard", "search": "x"})))
    finally:
        db.close()
    assert alone.in_rollups and alone.checklists is None
    assert stats_search.answers(searched)
