"""``callmate report``: the figures of ``stats`` for a period, their trend, the agents side by
side and the calls worth a look, in the reader's language; the same numbers as ``stats``; no
customer named; the HTML one self-contained."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from callmate.cli import cli
from callmate.language.i18n import set_language
from tests.test_review_dataset import CALLS, build

pytestmark = pytest.mark.usefixtures("utc_dates")


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    path = tmp_path_factory.mktemp("upward") / "calls.db"
    return path, build(path)


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def stats_json(path, *filters: str) -> dict:
    return json.loads(run("stats", "--db", str(path), "--format", "json", *filters))


FILTERS = [(), ("--agent", "ann"), ("--since", "2026-11-01", "--until", "2026-11-30")]


@pytest.mark.parametrize("filters", FILTERS)
def test_the_report_says_what_stats_says(log, filters):
    path, _ = log
    s = stats_json(path, *filters)
    text = run("report", "--db", str(path), "--format", "csv", *filters)
    rows = list(csv.reader(io.StringIO(text)))
    summary = dict(r for r in rows[1:10])
    assert summary["Calls"] == f"{s['calls']:,}"
    assert summary["Handled"] == f"{s['handled']:,}"
    escalated = f"{s['escalated']:,} ({round(100 * (s['escalation_rate'] or 0))}%)"
    assert summary["Escalated at some point"] == escalated
    assert summary["Adherence score"] == f"{s['adherence']['score']:.1f}"
    # The trend and the agents add up to the whole.
    tables = _tables(rows)
    trend = next(iter(tables.values()))  # the first table: day by day, week by week or month
    assert sum(int(r[1].replace(",", "")) for r in trend[1:]) == s["calls"]
    agents = tables["Agents side by side"]
    assert sum(int(r[1].replace(",", "")) for r in agents[1:]) == s["calls"]
    assert {r[0] for r in agents[1:]} == {a["agent"] for a in s["agents"]}


def _tables(rows: list[list[str]]) -> dict[str, list[list[str]]]:
    tables: dict[str, list[list[str]]] = {}
    name = None
    for i, row in enumerate(rows):
        if row == [] and i + 1 < len(rows):
            name = rows[i + 1][0]
            tables[name] = []
        elif name is not None and row != [name]:
            tables[name].append(row)
    return tables


def test_no_customer_is_named_in_any_format(log):
    path, _ = log
    customers = [c[1] for c in CALLS.values() if c[1]]
    for fmt in ("md", "csv", "html"):
        text = run("report", "--db", str(path), "--format", fmt)
        for name in customers:
            assert name not in text, (fmt, name)


def test_the_markdown_report_reads_in_turkish(log):
    path, _ = log
    text = run("--lang", "tr", "report", "--db", str(path))
    for words in ("# Görüşme raporu:", "Temsilciler yan yana", "En uzun görüşmeler", "Hafta hafta"):
        assert words in text, words
    assert "Agents side by side" not in text
    assert re.search(r"\| Ann \| \d", text)


def test_the_html_report_is_one_self_contained_file_with_charts(log, tmp_path):
    path, _ = log
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        cli, ["--lang", "et", "report", "--db", str(path), "--format", "html", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and '<html lang="et">' in page
    assert page.count("<svg") >= 2 and "<script" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "Agendid kõrvuti" in page
    assert oct(out.stat().st_mode & 0o777) == "0o600"
