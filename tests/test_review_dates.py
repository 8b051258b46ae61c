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
