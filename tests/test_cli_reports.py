"""``callmate stats`` and ``callmate export``, with ``--redact`` leaving no personal data behind."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from callmate.cli import cli
from tests.test_review_dataset import CALLS

pytestmark = pytest.mark.usefixtures("utc_dates")


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_stats_json_for_a_filter(log):
    path, _ = log
    s = json.loads(
        run(
            "stats",
            "--db",
            str(path),
            "--agent",
            "ann",
            "--until",
            "2026-11-20",
            "--format",
            "json",
        )
    )
    assert s["calls"] == 3 and s["average_seconds"] == 327.7 and s["median_seconds"] == 308.0
    assert s["adherence"]["score"] == 83.3 and s["escalation_rate"] == 0.3333
    assert s["filter"]["agent"] == "ann" and s["filter"]["until"] == "2026-11-21T00:00:00+00:00"
    assert {"steps", "most_skipped", "agents", "per_day", "outcomes"} <= set(s)
    assert "from_rollup" not in s


def test_stats_table_shows_every_section(log):
    path, _ = log
    text = run("stats", "--db", str(path), "--agent", "ann", "--until", "2026-11-20")
    assert text.startswith("Statistics: until 2026-11-20, agent ann")
    assert "Handle time: average 5:28, median 5:08" in text  # 327.7 s, to the nearest second
    assert (
        "Escalated at some point: 1 (33%), escalated and returned: 0   escalated outcome: 1" in text
    )
    assert "At fault: 1 (33%)" in text and "Adherence score: 83.3 / 100" in text
    assert "unfinished: 0 (open, in wrap-up or abandoned; not in handle time)" in text
    assert re.search(r"Resolved\s+2\s+66\.7%", text)
    assert re.search(r"default\s+Restate\s+0:43\s+0:30\s+67%\s+0\s+0%", text)
    assert "Most skipped steps\n  Thank (default): 1 (33%)" in text
    assert re.search(r"Ann\s+3\s+3\s+0\s+5:28\s+33%\s+83\.3", text)
    assert "Calls per day\n  (one column per day, UTC)\n  1 ┤" in text
    assert "2026-11-02" in text and "2026-11-20\n" in text


def test_export_json_has_every_call_in_full(log):
    path, ids = log
    items = json.loads(run("export", "--db", str(path), "--format", "json"))
    assert [i["id"] for i in items] == [ids[n] for n in "GFEDCBA"]
    b = next(i for i in items if i["id"] == ids["B"])
    assert len(b["steps"]) == 8 and b["notes"][0]["text"].startswith('Said "refund"')
    assert {"at", "kind", "data"} <= set(b["events"][0])


def test_export_csv_and_markdown_with_filters(log, tmp_path):
    path, ids = log
    out = tmp_path / "out" / "report.csv"
    out.parent.mkdir()
    result = CliRunner().invoke(
        cli, ["export", "--db", str(path), "--format", "csv", "--search", "late", "-o", str(out)]
    )
    assert result.exit_code == 0 and "Exported 2 calls to" in result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == [ids["D"], ids["C"]]
    assert rows[1]["notes"] == "foo-bar cable broken AND late"
    assert not list(out.parent.glob("*.part"))
    md = run("export", "--db", str(path), "--format", "markdown", "--agent", "cem")
    assert md.startswith("# Calls: agent cem\n") and md.count("\n## Call ") == 1
    assert "Tellimus hilineb, raha tagasi" in md
    empty = run("export", "--db", str(path), "--format", "markdown", "--agent", "nobody")
    assert "No calls match." in empty


PERSONAL = ["carla@example.com", "+44 7700 900123", "7700 900123"]


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_redacted_exports_hold_no_name_email_or_phone_from_the_input(log, fmt):
    path, _ = log
    plain = run("export", "--db", str(path), "--format", fmt)
    redacted = run("export", "--db", str(path), "--format", fmt, "--redact")
    names = [customer for _, customer, *_ in CALLS.values() if customer]
    parts = {part for name in names for part in name.split()}
    for secret in [*names, *parts, *PERSONAL]:
        assert secret in plain or secret in parts, secret  # the check below can fail
        assert not re.search(rf"(?<!\w){re.escape(secret)}(?!\w)", redacted), secret
    assert "[name]" in redacted and "[email]" in redacted and "[phone]" in redacted
    assert "refund" in redacted and "Ann" in redacted  # the rest stays


def test_redaction_reaches_phrases_and_summaries(log):
    path, ids = log
    items = json.loads(run("export", "--db", str(path), "--format", "json", "--redact"))
    b = next(i for i in items if i["id"] == ids["B"])
    assert b["customer"] == "[name]" and b["summary"] == "Handed to [name]'s manager"
    a = next(i for i in items if i["id"] == ids["A"])
    copied = next(e for e in a["events"] if e["kind"] == "phrase_copied")
    plain = json.loads(run("calls", "show", ids["A"], "--db", str(path), "--format", "json"))
    original = next(e for e in plain["events"] if e["kind"] == "phrase_copied")
    assert "Bob" in original["data"]["text"] or "Smith" in original["data"]["text"]
    assert "Bob" not in copied["data"]["text"] and "Smith" not in copied["data"]["text"]


@pytest.mark.parametrize(
    "seconds, shown", [(433.6, "7:14"), (433.4, "7:13"), (59.5, "1:00"), (0.4, "0:00"), (None, "–")]
)
def test_report_durations_are_rounded_as_a_spreadsheet_rounds(seconds, shown):
    from callmate.report.text import duration

    assert duration(seconds) == shown


def test_stats_puts_the_agents_named_side_by_side(log):
    path, _ = log
    db = ["--db", str(path), "--format", "json"]
    ann = json.loads(run("stats", *db, "--agent", "ann"))
    ben = json.loads(run("stats", *db, "--agent", "ben"))
    both = json.loads(run("stats", *db, "--agent", "Ann, ben"))
    assert both["calls"] == ann["calls"] + ben["calls"] and "side" not in json.dumps(both)
    text = run("stats", "--db", str(path), "--agent", "Ann, ben", "--lang", "tr")
    table = text.split("Temsilciler yan yana")[1].splitlines()
    assert table[1].split() == ["Ann", "Ben"]
    assert table[2].split()[-2:] == [str(ann["calls"]), str(ben["calls"])]
    alone = run("stats", "--db", str(path), "--agent", "ben").split("Agents side by side")[1]
    assert alone.splitlines()[1].split() == ["Ben", "Team"]
