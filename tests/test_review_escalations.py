"""Two meanings of escalated, and filters for warned, difficulty and checklist.

"Escalated at some point" (``calls.escalated``: a manager was asked for, even if it was taken back)
is a filter of its own beside the outcome Escalated (how the call was wrapped up), with "escalated
and returned" (``escalation_withdrawn``) and "never" beside it; the rollups know neither, nor
warnings, difficulty or checklist, so statistics for such a filter come from the calls themselves,
and every figure equals an independent SQL count. Everywhere a filter is: the review screen,
``calls list``, ``stats``, ``export``, ``report``.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import statistics
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from callmate.call import Call
from callmate.checklists import catalog
from callmate.cli import cli
from callmate.clock import FakeClock
from callmate.language.i18n import _, pgettext, set_language
from callmate.review import queries, stats
from callmate.review.filters import Filter, FilterError
from callmate.review.pages import Typed, resolve
from callmate.review.stats_source import grouped
from callmate.store import live
from callmate.store.db import open_db
from tests.test_review_dataset import act, build

pytestmark = pytest.mark.usefixtures("utc_dates")

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

# More calls beside the hand-built ones (A-G), as tests/test_review_dataset.py plays them.
# name: (agent, start, checklist, script, wrap-up)
# fmt: off
MORE = {
    # Escalated, then taken back (escalated and returned); resolved; rated 4.
    "H": ("Ann", datetime(2026, 11, 6, 11, 0, tzinfo=UTC), "default.en", [
        10, "next", 20, ("note", "refund promised"), "escalate", 5, "escalate", 30, "end",
    ], {"outcome": "resolved", "difficulty": 4}),
    # Warned once, escalated and it stood, but wrapped up as a callback; rated 5.
    "I": ("Ben", datetime(2026, 11, 12, 9, 15, tzinfo=UTC), "default.tr", [
        10, "next", 30, "warn", ("note", "kırık ürün, refund istiyor"), 20, "escalate", 60,
        "end",
    ], {"outcome": "callback", "difficulty": 5}),
    # Escalated, taken back, escalated again (it stands); escalated outcome; rated 2; late.
    "J": ("Cem", datetime(2026, 11, 20, 23, 50, tzinfo=UTC), "heard.en", [
        10, "next", 5, "escalate", 5, "escalate", 5, "escalate", ("note", "late again"), 20,
        "end",
    ], {"outcome": "escalated", "difficulty": 2}),
}
# fmt: on


def play_more(db, name: str) -> str:
    agent, start, checklist_name, script, wrap = MORE[name]
    checklist = catalog.resolve(checklist_name)
    clock = FakeClock(start)
    call, change = Call.start(checklist, clock, agent=agent, call_id=f"{name.lower()}{'0' * 31}")
    live.apply(db, change, checklist)
    for item in script:
        if isinstance(item, int | float):
            clock.advance(item)
            continue
        action, arg = item if isinstance(item, tuple) else (item, None)
        live.apply(db, act(call, action, arg))
    clock.advance(30)
    live.apply(db, call.wrap_up(**wrap))
    return call.id


def write(path) -> dict[str, str]:
    ids = build(path)
    db = open_db(path)
    try:
        ids |= {name: play_more(db, name) for name in MORE}
    finally:
        db.close()
    return ids


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    path = tmp_path_factory.mktemp("escalations") / "calls.db"
    write(path)
    return path


@pytest.fixture
def db(path):
    db = queries.open_for_reading(path)
    yield db
    db.close()


def name_of(call_id: str) -> str:
    return call_id[0].upper()


def matching(db, **typed) -> list[str]:
    filt = resolve(db, Typed(**typed), NOW)
    rows = queries.page(db, filt, limit=100)
    assert queries.count(db, filt) == len(rows) == stats.count_calls(db, filt)
    return [name_of(r["id"]) for r in rows]


def test_the_calls_are_stored_as_the_scripts_say(db):
    rows = {
        name_of(r[0]): r[1:]
        for r in db.conn.execute(
            "SELECT id, escalated, escalation_withdrawn, outcome, warnings, difficulty FROM calls"
        )
    }
    assert rows["H"] == (1, 1, "resolved", 0, 4)
    assert rows["I"] == (1, 0, "callback", 1, 5)
    assert rows["J"] == (1, 0, "escalated", 0, 2)
    assert rows["B"][:3] == (1, 0, "escalated")


@pytest.mark.parametrize(
    "typed, expected",
    [
        ({"outcome": "escalated"}, ["J", "B"]),  # how the call was wrapped up
        ({"escalated": "yes"}, ["J", "I", "H", "B"]),  # escalated at some point
        ({"escalated": "returned"}, ["H"]),  # escalated and returned
        ({"escalated": "no"}, ["G", "F", "E", "D", "C", "A"]),
        ({"escalated": "YES", "agent": "ann"}, ["H", "B"]),
        ({"escalated": "y"}, ["J", "I", "H", "B"]),  # a start of the word will do
        ({"escalated": "ret", "outcome": "resolved"}, ["H"]),
        ({"escalated": "yes", "outcome": "escalated"}, ["J", "B"]),
        (
            {"escalated": "yes", "since": "2026-11-06 11:00", "until": "2026-11-20 23:55"},
            ["J", "I", "H"],
        ),
        ({"warned": "yes"}, ["I", "D"]),
        ({"warned": "2+"}, ["D"]),
        ({"warned": "1"}, ["I"]),
        ({"warned": "0-1", "agent": "ben"}, ["I", "C"]),
        ({"warned": "no", "outcome": "resolved"}, ["F", "H", "A"]),
        ({"difficulty": "4+"}, ["I", "H"]),
        ({"difficulty": "2-4"}, ["J", "H"]),
        ({"difficulty": "5"}, ["I"]),
        ({"checklist": "default"}, ["G", "F", "E", "I", "H", "C", "B", "A"]),
        ({"checklist": "HEARD"}, ["J", "D"]),
        ({"checklist": "hea", "escalated": "yes"}, ["J"]),
        ({"escalated": "yes", "search": "refund"}, ["I", "H", "B"]),
        ({"escalated": "no", "search": "refund"}, ["G", "F", "A"]),
        ({"difficulty": "4-5", "search": "kirik"}, ["I"]),
        ({"checklist": "default", "search": "late"}, ["C"]),
    ],
)
def test_each_filter_selects_the_right_calls(db, typed, expected):
    assert matching(db, **typed) == expected


@pytest.mark.parametrize(
    "typed, message",
    [
        ({"escalated": "maybe"}, "unknown escalated filter “maybe” (known: yes, returned, no)"),
        ({"warned": "lots"}, "cannot read “lots” as warnings"),
        ({"difficulty": "7"}, "cannot read “7” as a difficulty"),
        ({"difficulty": "4-2"}, "cannot read “4-2” as a difficulty"),
        (
            {"checklist": "zzz"},
            "no checklist “zzz” among this log's calls (checklists: default, heard)",
        ),
    ],
)
def test_values_that_cannot_be_read_are_one_sentence(db, typed, message):
    with pytest.raises(FilterError) as raised:
        resolve(db, Typed(**typed), NOW)
    assert str(raised.value).startswith(message)


# -- the figures, against SQL written here by hand ----------------------------------------------

#: typed filter: the same calls as a WHERE clause over calls, and its parameters.
# fmt: off
BY_HAND = [
    ({"escalated": "yes"}, "escalated = 1", []),
    ({"escalated": "returned"}, "escalated = 1 AND escalation_withdrawn = 1", []),
    ({"escalated": "no"}, "escalated = 0", []),
    ({"escalated": "yes", "agent": "ann"}, "escalated = 1 AND agent = 'Ann'", []),
    ({"escalated": "yes", "since": "2026-11-06 11:00", "until": "2026-11-20 23:55"},
     "escalated = 1 AND started_at >= ? AND started_at < ?",
     ["2026-11-06T11:00:00+00:00", "2026-11-20T23:55:00+00:00"]),
    ({"escalated": "yes", "since": "2026-11"}, "escalated = 1 AND started_at >= '2026-11-01'", []),
    ({"warned": "yes"}, "warnings > 0", []),
    ({"warned": "no", "outcome": "resolved"}, "warnings = 0 AND outcome = 'resolved'", []),
    ({"difficulty": "4+"}, "difficulty >= 4", []),
    ({"checklist": "default"}, "checklist_id = 'default'", []),
    ({"checklist": "heard", "escalated": "yes"}, "checklist_id = 'heard' AND escalated = 1", []),
    ({"escalated": "yes", "search": "refund"},
     "escalated = 1 AND id IN (SELECT call_id FROM notes WHERE lower(text) LIKE '%refund%' "
     "UNION SELECT id FROM calls WHERE lower(summary) LIKE '%refund%')", []),
    ({"difficulty": "4-5", "search": "refund"},
     "difficulty >= 4 AND id IN (SELECT call_id FROM notes WHERE lower(text) LIKE '%refund%')", []),
    ({"agent": "ann"}, "agent = 'Ann'", []),  # the rollups' own path, for comparison
]
# fmt: on


def by_hand(path, where: str, params: list) -> dict:
    """The figures of the calls ``where`` selects, counted with plain SQL."""
    conn = sqlite3.connect(path)
    calls = conn.execute(
        "SELECT id, agent, outcome, status, duration_seconds, escalated, escalation_withdrawn, "
        f"at_fault, warnings, substr(started_at, 1, 10) FROM calls WHERE {where}",
        params,
    ).fetchall()
    ids = [c[0] for c in calls]
    marks = ", ".join("?" for _ in ids)
    steps = conn.execute(
        "SELECT c.checklist_id, s.step_id, count(*), sum(s.visits > 0), "
        "sum(CASE WHEN s.visits > 0 THEN s.seconds END) FROM call_steps s JOIN calls c "
        f"ON c.id = s.call_id WHERE c.id IN ({marks}) AND s.kind IS NOT 'break' GROUP BY 1, 2",
        ids,
    ).fetchall()
    conn.close()
    handled = [c for c in calls if c[3] == "closed" and c[4] is not None]
    outcomes: dict[str, int] = {}
    for c in calls:
        outcomes[c[2] or "unfinished"] = outcomes.get(c[2] or "unfinished", 0) + 1
    agents: dict[str, int] = {}
    for c in calls:
        agents[c[1]] = agents.get(c[1], 0) + 1
    days: dict[str, int] = {}
    for c in calls:
        days[c[9]] = days.get(c[9], 0) + 1
    return {
        "calls": len(calls),
        "handled": len(handled),
        "escalated": sum(c[5] for c in calls),
        "withdrawn": sum(c[6] for c in calls),
        "at_fault": sum(c[7] for c in calls),
        "warned": sum(c[8] > 0 for c in calls),
        "average": round(sum(c[4] for c in handled) / len(handled), 1) if handled else None,
        "median": round(statistics.median(c[4] for c in handled), 1) if handled else None,
        "outcomes": outcomes,
        "agents": agents,
        "days": days,
        "steps": {
            (s[0], s[1]): (s[2], s[3], round(s[4] / s[3], 1) if s[3] else None) for s in steps
        },
    }


@pytest.mark.parametrize("typed, where, params", BY_HAND, ids=[str(t) for t, *_ in BY_HAND])
def test_the_figures_equal_an_independent_count(path, db, typed, where, params):
    s = stats.compute(db, resolve(db, Typed(**typed), NOW))
    hand = by_hand(path, where, params)
    assert s.calls == hand["calls"] and s.handled == hand["handled"]
    assert s.escalated == hand["escalated"]
    assert s.escalations_withdrawn == hand["withdrawn"]
    assert s.at_fault == hand["at_fault"] and s.warned == hand["warned"]
    assert s.average_seconds == hand["average"] and s.median_seconds == hand["median"]
    assert {k: v for k, v in s.outcomes.items() if v} == hand["outcomes"]
    assert {a.agent: a.calls for a in s.agents} == hand["agents"]
    assert {d.day: d.calls for d in s.per_day if d.calls} == hand["days"]
    steps = {
        (st.checklist, st.step_id): (st.steps, st.visited, st.average_seconds) for st in s.steps
    }
    assert steps == hand["steps"]
    assert s.from_rollup == (set(typed) <= {"agent", "outcome", "since", "until"})


def test_the_rollups_refuse_a_filter_they_cannot_answer(db):
    from callmate.review.stats import GROUPINGS

    for filt in (
        Filter(escalated="yes"),
        Filter(warnings=(1, None)),
        Filter(difficulty=(4, 5)),
        Filter(checklists=("default",)),
        Filter(search="refund"),
    ):
        assert not filt.in_rollups
        with pytest.raises(ValueError, match="read the calls"):
            grouped(db, filt, GROUPINGS["calls"])
    assert Filter(since="2026-11-05T00:00:00+00:00", agents=("Ann",), outcome="resolved").in_rollups


# -- the commands --------------------------------------------------------------------------------


def run(path, *args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--db", str(path)])
    assert result.exit_code == 0, result.output
    return result.stdout


def listed(path, *args: str) -> list[str]:
    return [
        name_of(r["id"]) for r in json.loads(run(path, "calls", "list", *args, "--format", "json"))
    ]


@pytest.mark.parametrize(
    "language, yes, returned",
    [("en", "yes", "returned"), ("tr", "evet", "geri alındı"), ("et", "jah", "tagasi võetud")],
)
def test_calls_list_takes_the_words_of_each_language(path, language, yes, returned):
    lang = ["--lang", language]
    assert listed(path, "--escalated", yes, *lang) == ["J", "I", "H", "B"]
    assert listed(path, "--escalated", returned, *lang) == ["H"]
    assert listed(path, "--escalated", returned.upper(), *lang) == ["H"]
    assert listed(path, "--outcome", "escalated", *lang) == ["J", "B"]
    assert listed(path, "--escalated", yes, "--warned", yes, "--difficulty", "5", *lang) == ["I"]


def test_the_words_of_each_language_are_translated():
    for language, words in {
        "tr": ("evet", "geri alındı", "hayır"),
        "et": ("jah", "tagasi võetud", "ei"),
    }.items():
        set_language(language)
        assert (_("yes"), pgettext("escalated", "returned"), _("no")) == words
    set_language("en")


def test_stats_export_and_report_use_the_new_filters(path):
    figures = json.loads(run(path, "stats", "--escalated", "yes", "--format", "json"))
    db = queries.open_for_reading(path)
    try:
        expected = stats.compute(db, Filter(escalated="yes")).to_json()
    finally:
        db.close()
    assert {k: v for k, v in figures.items() if k != "filter"} == expected
    assert figures["calls"] == 4 and figures["escalations_withdrawn"] == 1
    assert figures["filter"]["escalated"] == "yes"
    warned = json.loads(
        run(path, "stats", "--warned", "2+", "--difficulty", "1-5", "--format", "json")
    )
    assert warned["calls"] == 0 and warned["filter"]["warnings"] == [2, None]
    assert warned["filter"]["difficulty"] == [1, 5]
    rows = list(
        csv.DictReader(io.StringIO(run(path, "export", "--format", "csv", "--escalated", "yes")))
    )
    assert sorted(name_of(r["id"]) for r in rows) == ["B", "H", "I", "J"]
    report = run(path, "report", "--escalated", "yes", "--checklist", "default")
    assert "- **Calls:** 3" in report and "escalated yes, checklist default" in report


@pytest.mark.parametrize(
    "args, line",
    [
        (
            ["--escalated", "maybe"],
            "callmate: unknown escalated filter “maybe” (known: yes, returned, no)\n",
        ),
        (["--escalated", "belki", "--lang", "tr"], "callmate: "),
        (["--difficulty", "9"], "callmate: cannot read “9” as a difficulty"),
        (["--checklist", "zzz"], "callmate: no checklist “zzz”"),
    ],
)
def test_a_value_that_cannot_be_read_is_one_line(path, args, line):
    for command in (["calls", "list"], ["stats"], ["export", "--format", "json"], ["report"]):
        result = CliRunner().invoke(cli, [*command, *args, "--db", str(path)])
        assert result.exit_code == 1 and result.output.startswith(line), result.output
        assert result.output.count("\n") == 1 and "Traceback" not in result.output


def test_the_option_names_are_the_typed_fields():
    from callmate.cli.review_common import _FILTERS
    from callmate.review.pages import FIELDS

    names = [opt(lambda: None).__click_params__[0].name for opt in _FILTERS]
    assert names == [*FIELDS, "view"]


# -- escalated and returned, shown ---------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "tr", "et"])
def test_stats_text_counts_the_escalated_and_returned(path, language):
    text = run(path, "stats", "--lang", language)
    set_language(language)
    try:
        line = _(
            "Escalated at some point: {escalated} ({rate}), escalated and returned: {returned}   "
            "escalated outcome: {outcome}"
        )
    finally:
        set_language("en")
    head = line.split("{escalated}")[0]
    found = next(x for x in text.splitlines() if x.startswith(head))
    assert found.endswith(": 2") and ": 1 " in found or ": 1   " in found, found
    if language != "en":
        assert "escalated and returned" not in text


@pytest.mark.parametrize("language", ["en", "tr", "et"])
def test_calls_show_says_an_escalation_was_taken_back(path, language):
    ids = {name_of(r[0]): r[0] for r in sqlite3.connect(path).execute("SELECT id FROM calls")}
    returned = run(path, "calls", "show", ids["H"], "--lang", language)
    stood = run(path, "calls", "show", ids["B"], "--lang", language)
    set_language(language)
    try:
        label, taken_back, yes = _("Escalated"), _("yes, taken back"), _("yes")
    finally:
        set_language("en")
    assert f"{label}:" in returned
    line = next(x for x in returned.splitlines() if x.strip().startswith(f"{label}:"))
    assert line.split(":", 1)[1].strip() == taken_back
    line = next(x for x in stood.splitlines() if x.strip().startswith(f"{label}:"))
    assert line.split(":", 1)[1].strip() == yes
    if language != "en":
        assert taken_back != "yes, taken back"


# -- the review screen ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, returned, warned", [("en", "returned", "yes"), ("tr", "geri alındı", "evet")]
)
async def test_the_review_screen_has_the_filters_in_the_language(path, language, returned, warned):
    from textual.widgets import Input, Static

    from callmate.ui.screens.review_stats import StatsScreen
    from callmate.ui.widgets.review_table import CallTable
    from tests.ui_helpers import review_app, settle_review as settle

    app = review_app(path, NOW, language)

    def shown() -> list[str]:
        return [name_of(i) for i in app.screen.query_one(CallTable).row_ids()]

    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert len(shown()) == 10
            box = app.screen.query_one("#filter-escalated", Input)
            assert box.region.height == 1 and box.region.right <= 80  # on the screen, whole
            box.value = returned
            await pilot.press("f", "enter")
            await settle(pilot)
            assert shown() == ["H"]
            app.screen.query_one("#filter-escalated", Input).value = ""
            app.screen.query_one("#filter-warned", Input).value = warned
            app.screen.query_one("#filter-difficulty", Input).value = "4+"
            await pilot.press("f", "enter")
            await settle(pilot)
            assert shown() == ["I"]
            status = str(app.screen.query_one("#review-status", Static).content)
            assert _("difficulty") in status and "4+" in status
            await pilot.press("s")
            await settle(pilot)
            assert isinstance(app.screen, StatsScreen)
            db = queries.open_for_reading(path)
            try:
                typed = Typed(warned=warned, difficulty="4+")
                expected = stats.compute(db, resolve(db, typed, NOW, language=language))
            finally:
                db.close()
            assert app.screen.figures == expected and expected.calls == 1
            await pilot.press("escape", "x")
            await settle(pilot)
            assert len(shown()) == 10
            assert app.screen.query_one("#filter-warned", Input).value == ""
    finally:
        set_language("en")


async def test_a_field_of_the_second_row_says_what_it_takes(path):
    from textual.widgets import Input, Static

    from tests.ui_helpers import review_app

    app = review_app(path, NOW, "et")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            legend = str(app.screen.query_one("#review-message", Static).content)
            for name in ("during", "escalated", "warned", "difficulty", "checklist"):
                box = app.screen.query_one(f"#filter-{name}", Input)
                assert len(box.placeholder) + 2 <= box.region.width, (name, box.placeholder)
            app.screen.query_one("#filter-warned", Input).focus()
            await pilot.pause()
            hint = str(app.screen.query_one("#review-message", Static).content)
            assert _("Warnings: yes, no, 2, 2+ (at least) or 1-2") in hint and "jah" in hint
            await pilot.press("escape")
            await pilot.pause()
            assert str(app.screen.query_one("#review-message", Static).content) == legend
    finally:
        set_language("en")
