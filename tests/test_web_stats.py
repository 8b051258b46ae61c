"""The statistics page says what ``callmate stats`` says, on the same filters, and draws it."""

from __future__ import annotations

import html
import re

import pytest

from tests.test_web_support import cli_json, make_log, serve, sign_in, stop

FILTERS = [
    {},
    {"agent": "ayşe"},
    {"agent": "Märt", "outcome": "esc"},
    {"since": "2026-11-10", "until": "2026-11-20 13:30"},
    {"search": "KULAKLIK"},
    {"search": "refund", "since": "2026-11-15"},
    {"outcome": "unfinished"},
]


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    return make_log(tmp_path_factory.mktemp("webstats"), calls=600, seed=9)


@pytest.fixture
async def served(log):
    ds, opened = serve(log.path)
    yield ds
    stop(ds, opened)


def _options(filters: dict[str, str]) -> list[str]:
    return [part for name, value in filters.items() for part in (f"--{name}", value)]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f) or "all")
async def test_the_figures_are_those_of_stats_json(served, log, filters):
    lena = await sign_in(served, "lena")
    expected = cli_json("stats", "--db", str(log.path), "--format", "json", *_options(filters))
    answer = await served.client.get("/-/stats.json", params=filters, cookies=lena)
    assert answer.status_code == 200
    got = answer.json()
    assert {k: v for k, v in got.items() if k != "filter"} == {
        k: v for k, v in expected.items() if k != "filter"
    }
    assert got["filter"]["since"] == expected["filter"]["since"]
    assert got["filter"]["until"] == expected["filter"]["until"]
    # The page shows the same figures (exactly, for programs; in words, for people).
    page = (await served.client.get("/-/stats", params=filters, cookies=lena)).text
    shown = dict(re.findall(r'data-figure="(\w+)" data-value="([^"]*)"', page))
    for name in ("calls", "handled", "unfinished", "escalated", "at_fault", "warned", "follow_ups"):
        assert int(shown[name]) == expected[name], name
    for name in ("average_seconds", "median_seconds", "escalation_rate", "at_fault_rate"):
        assert (float(shown[name]) if shown[name] else None) == expected[name], name
    score = expected["adherence"]["score"]
    assert (float(shown["adherence"]) if shown["adherence"] else None) == score
    outcomes = dict(re.findall(r'data-outcome="(\w+)" data-value="(\d+)"', page))
    assert {k: int(v) for k, v in outcomes.items()} == expected["outcomes"]


async def test_the_charts_draw_the_same_figures(served, log):
    lena = await sign_in(served, "lena")
    expected = cli_json("stats", "--db", str(log.path), "--format", "json")
    page = (await served.client.get("/-/stats", cookies=lena)).text
    charts = dict(re.findall(r'<svg class="chart" data-chart="(\w+)"(.*?)</svg>', page, re.S))
    assert set(charts) == {
        "calls_per_day",
        "handle_time_per_day",
        "rates_per_day",
        "steps",
        "adherence",
    }
    per_day = {
        html.unescape(day): float(v)
        for day, v in re.findall(
            r'data-label="([^"]+)" data-value="([^"]+)"', charts["calls_per_day"]
        )
    }
    assert per_day == {d["day"]: d["calls"] for d in expected["per_day"] if d["calls"]}
    adherence = re.findall(r'data-label="([^"]+)" data-value="([^"]+)"', charts["adherence"])
    assert [(html.unescape(a), float(v)) for a, v in adherence] == [
        (a["agent"], a["adherence"]) for a in expected["agents"] if a["adherence"] is not None
    ]
    # Handle time per day: the handled calls' average, each day's adding up to the whole.
    handled = sum(d["calls"] for d in expected["per_day"])
    assert handled == expected["calls"]
    # Nothing in a chart names another host.
    assert "http://" not in re.sub(r'xmlns="http://www.w3.org/2000/svg"', "", page)
    assert "https://" not in page


async def test_a_bad_filter_is_said(served):
    lena = await sign_in(served, "lena")
    answer = await served.client.get("/-/stats.json", params={"since": "blurg"}, cookies=lena)
    assert answer.status_code == 400
    assert "blurg" in answer.json()["error"]
