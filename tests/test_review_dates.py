"""A month or a year typed as a filter means the whole of it, in the review and on the command
line."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from callmate.cli import cli
from callmate.review.filters import parse_range
from callmate.review.pages import Typed, resolve

pytestmark = pytest.mark.usefixtures("utc_dates")

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
NOV = ("2026-11-01T00:00:00+00:00", "2026-12-01T00:00:00+00:00")


@pytest.mark.parametrize(
    "since, until, language, expected",
    [
        ("2026-11", "2026-11", "en", NOV),
        ("Nov", "Nov", "en", NOV),  # not the 23rd, today's day of the month
        ("November", "november", "en", NOV),
        ("January", "January", "en", ("2026-01-01T00:00:00+00:00", "2026-02-01T00:00:00+00:00")),
        ("2026", "2026", "en", ("2026-01-01T00:00:00+00:00", "2027-01-01T00:00:00+00:00")),
        (
            "2026-11-05",
            "2026-11-05",
            "en",
            ("2026-11-05T00:00:00+00:00", "2026-11-06T00:00:00+00:00"),
        ),
        ("Kasım", "kasım", "tr", NOV),
        ("november", "November", "et", NOV),
        ("01.11.2026", "30.11.2026", "tr", NOV),  # day first in Turkish
        (None, "2026-10", "en", (None, "2026-11-01T00:00:00+00:00")),
    ],
)
def test_a_month_or_year_is_the_whole_of_it(since, until, language, expected):
    assert parse_range(since, until, now=NOW, language=language) == expected


def test_the_review_reads_dates_in_the_language_it_is_given(log):
    from callmate.review import queries

    db = queries.open_for_reading(log[0])
    filt = resolve(db, Typed(since="Kasım", until="kasım"), NOW, language="tr")
    assert (filt.since, filt.until) == NOV
    assert queries.count(db, filt) == 7
    assert queries.count(db, resolve(db, Typed(until="2026-10"), NOW)) == 0
    db.close()


def test_the_command_line_lists_and_counts_a_whole_month(log):
    path, ids = log

    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, [*args, "--db", str(path)])
        assert result.exit_code == 0, result.output
        return result.output

    listed = json.loads(
        run("calls", "list", "--since", "Nov", "--until", "2026-11", "--format", "json")
    )
    assert [c["id"] for c in listed] == [ids[n] for n in "GFEDCBA"]
    assert json.loads(run("calls", "list", "--until", "Oct", "--format", "json")) == []
    s = json.loads(run("stats", "--since", "2026-11", "--until", "Nov", "--format", "json"))
    assert (s["filter"]["since"], s["filter"]["until"]) == NOV and s["calls"] == 7


# -- a period by its name, and --during (issue 26) -------------------------------------------------

LAST_WEEK = ("2026-11-16T00:00:00+00:00", "2026-11-23T00:00:00+00:00")  # NOW is a Monday


@pytest.mark.parametrize(
    "since, until, during, language, expected",
    [
        ("last week", "last week", None, "en", LAST_WEEK),
        ("geçen hafta", "geçen hafta", None, "tr", LAST_WEEK),
        ("eelmisel nädalal", "eelmisel nädalal", None, "et", LAST_WEEK),
        (None, None, "last week", "en", LAST_WEEK),
        (None, None, "geçen hafta", "tr", LAST_WEEK),
        (None, None, "eelmisel nädalal", "en", LAST_WEEK),  # read whatever the language spoken
        (None, None, "bu ay", "tr", NOV),
        (None, None, "sel kuul", "et", NOV),
        (None, None, "this month", "en", NOV),
        (None, None, "geçen ay", "tr", ("2026-10-01T00:00:00+00:00", NOV[0])),
        (None, None, "eelmisel kuul", "et", ("2026-10-01T00:00:00+00:00", NOV[0])),
        (None, None, "last month", "en", ("2026-10-01T00:00:00+00:00", NOV[0])),
        (None, None, "dün", "tr", ("2026-11-22T00:00:00+00:00", "2026-11-23T00:00:00+00:00")),
        ("2026-11-20", None, "last week", "en", ("2026-11-20T00:00:00+00:00", LAST_WEEK[1])),
        (None, "2026-11-17", "geçen hafta", "tr", (LAST_WEEK[0], "2026-11-18T00:00:00+00:00")),
    ],
)
def test_a_named_period_is_the_whole_of_it(since, until, during, language, expected):
    assert parse_range(since, until, now=NOW, language=language, during=during) == expected


@pytest.mark.parametrize(
    "since, during, language, words",
    [
        (None, "14:00", "en", "is a moment, not a period"),
        (None, "dün 14:00", "tr", "bir an, bir dönem değil"),
        ("2026-11-30", "last week", "en", "share no moment"),
    ],
)
def test_during_a_moment_is_one_sentence(since, during, language, words):
    from callmate.language.i18n import set_language
    from callmate.review.filters import FilterError

    set_language(language)
    try:
        with pytest.raises(FilterError) as caught:
            parse_range(since, None, now=NOW, language=language, during=during)
    finally:
        set_language("en")
    assert words in str(caught.value)


def test_during_on_the_command_line(log):
    path, ids = log

    def listed(*args: str) -> list[str]:
        result = CliRunner().invoke(cli, ["calls", "list", *args, "--db", str(path), "--format",
                                          "json"])  # fmt: skip
        assert result.exit_code == 0, result.output
        return [c["id"] for c in json.loads(result.output)]

    assert listed("--during", "2026-11-05") == [ids["C"]]
    assert listed("--during", "5 kasım 2026", "--lang", "tr") == [ids["C"]]
    assert listed("--during", "2026-11") == [ids[n] for n in "GFEDCBA"]
    assert listed("--during", "2026-11", "--since", "2026-11-20") == [ids["G"], ids["F"]]
    result = CliRunner().invoke(cli, ["stats", "--during", "2026-11", "--db", str(path),
                                      "--format", "json"])  # fmt: skip
    assert json.loads(result.output)["filter"]["since"] == NOV[0]
    refused = CliRunner().invoke(cli, ["calls", "list", "--during", "10:00", "--db", str(path)])
    assert refused.exit_code == 1 and "is a moment, not a period" in refused.output
    assert refused.output.count("\n") == 1


async def test_during_on_the_review_screen(log):
    from textual.widgets import Input

    from callmate.language.i18n import set_language
    from callmate.ui.widgets.review_table import CallTable
    from tests.ui_helpers import review_app, settle_review

    path, ids = log
    app = review_app(path, NOW, "tr")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle_review(pilot)
            box = app.screen.query_one("#filter-during", Input)
            assert box.region.right <= 80 and box.placeholder.startswith("dönem")
            box.value = "geçen hafta"
            await pilot.press("f", "enter")
            await settle_review(pilot)
            assert app.screen.query_one(CallTable).row_ids() == [ids["G"], ids["F"]]
    finally:
        set_language("en")
