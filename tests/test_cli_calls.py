"""``callmate calls list`` and ``calls show``: filters, formats and the contract's fields."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from callmate.cli import cli
from tests.test_review_dataset import DURATIONS

pytestmark = pytest.mark.usefixtures("utc_dates")

#: PRODUCT.md: the fields ``calls show --format json`` prints at least.
SHOW_FIELDS = {
    "id",
    "started_at",
    "ended_at",
    "agent",
    "customer",
    "checklist",
    "at_fault",
    "outcome",
    "duration_seconds",
    "steps",
    "notes",
    "events",
}
STEP_FIELDS = {"id", "title", "status", "seconds", "target_seconds"}
NOTE_FIELDS = {"at", "step_id", "text"}
EVENT_FIELDS = {"at", "kind", "data"}


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(cli, list(args))
    if ok:
        assert result.exit_code == 0, result.output
    return result


def test_list_json_has_the_contract_fields_and_no_nested_lists(log):
    path, ids = log
    items = json.loads(run("calls", "list", "--db", str(path), "--format", "json").output)
    assert [i["id"] for i in items] == [ids[n] for n in "GFEDCBA"]
    for item in items:
        assert SHOW_FIELDS - {"steps", "notes", "events"} <= set(item)
        assert not {"steps", "notes", "events"} & set(item)
    a = next(i for i in items if i["id"] == ids["A"])
    assert a == {
        **a,
        "agent": "Ann",
        "customer": "Bob Smith",
        "checklist": "default",
        "at_fault": False,
        "outcome": "resolved",
        "duration_seconds": 220.0,
        "started_at": "2026-11-02T09:00:00+00:00",
        "language": "en",
    }
    assert next(i for i in items if i["id"] == ids["B"])["at_fault"] is True


def test_list_filters_from_the_command_line(log):
    path, ids = log

    def listed(*args: str) -> list[str]:
        out = run("calls", "list", "--db", str(path), "--format", "json", *args).output
        return [i["id"] for i in json.loads(out)]

    assert listed("--agent", "ANN", "--until", "2026-11-20") == [ids[n] for n in "FBA"]
    assert listed("--search", 'refund"') == [ids[n] for n in "GFBA"]
    assert listed("--search", "AND") == [ids["C"]]
    assert listed("--search", "foo-bar") == [ids["C"]]
    assert listed("--outcome", "abuse", "--since", "2026-11-10") == [ids["D"]]
    assert listed("--limit", "2") == [ids["G"], ids["F"]]
    assert listed("--limit", "0") == [ids[n] for n in "GFEDCBA"]


def test_list_as_csv_and_as_a_table(log):
    path, ids = log
    rows = list(
        csv.DictReader(
            io.StringIO(run("calls", "list", "--db", str(path), "--format", "csv").output)
        )
    )
    assert [r["id"] for r in rows] == [ids[n] for n in "GFEDCBA"]
    assert rows[-1]["customer"] == "Bob Smith" and rows[-1]["at_fault"] == "0"
    table = run("calls", "list", "--db", str(path), "--limit", "3").output
    lines = table.splitlines()
    assert lines[0].split() == ["ID", "STARTED", "AGENT", "CUSTOMER", "OUTCOME", "LENGTH", "FLAGS"]
    assert lines[1].startswith(ids["G"][:8]) and "Unfinished" in lines[1]
    assert "2026-11-20 23:30" in lines[2] and "Fay Wong" in lines[2]
    assert "3 of 7 calls shown" in table


def test_a_searchs_table_says_how_many_match_in_all(tmp_path):
    """The total under a search's table is counted beside the page (a second connection):
    it is the number of calls the search finds."""
    from datetime import UTC, datetime

    from callmate.demo.generate import generate
    from callmate.store.db import open_db

    path = tmp_path / "demo.db"
    db = open_db(path)
    generate(db, 300, seed=4, end=datetime(2026, 11, 30, tzinfo=UTC), days=20)
    db.close()
    found = json.loads(
        run("calls", "list", "--db", str(path), "--search", "refund", "--limit", "0",
            "--format", "json").output
    )  # fmt: skip
    assert len(found) > 5
    table = run("calls", "list", "--db", str(path), "--search", "refund", "--limit", "5").output
    assert f"5 of {len(found)} calls shown" in table


def test_show_json_has_every_contract_field(log):
    path, ids = log
    out = run("calls", "show", ids["B"], "--db", str(path), "--format", "json").output
    record = json.loads(out)
    assert set(record) >= SHOW_FIELDS
    assert record["duration_seconds"] == DURATIONS["B"] and record["outcome"] == "escalated"
    assert all(set(s) >= STEP_FIELDS for s in record["steps"])
    assert all(set(n) >= NOTE_FIELDS for n in record["notes"])
    assert all(set(e) >= EVENT_FIELDS for e in record["events"])
    assert [s["id"] for s in record["steps"]][:3] == ["calm", "vent", "acknowledge"]
    assert record["steps"][2]["status"] == "skipped"
    assert record["notes"][0]["step_id"] == "vent" and "refund" in record["notes"][0]["text"]
    kinds = [e["kind"] for e in record["events"]]
    assert kinds[0] == "started" and "at_fault" in kinds and "escalated" in kinds
    assert isinstance(record["events"][0]["data"], dict)
    assert record["adherence"]["score"] == 94.4  # the apology left for a manager: not owed


def test_show_as_text_and_markdown_by_a_prefix_of_the_id(log):
    path, ids = log
    text = run("calls", "show", ids["C"][:3], "--db", str(path)).output
    assert f"Call {ids['C']}" in text and "Deniz Kaya" in text
    assert "foo-bar cable broken AND late" in text and "Callback" in text
    assert "Follow-up:  2026-11-07 10:00" in text
    md = run("calls", "show", ids["A"], "--db", str(path), "--format", "markdown").output
    assert md.startswith(f"# Call {ids['A'][:8]}") and "| Step | Status |" in md
    assert "| Stay calm | done | 0:10 | 0:30 |" in md
    assert "phrase copied 2 (xclip): “I’ll help you solve this, Bob Smith." in md.replace("'", "’")


@pytest.mark.parametrize(
    "args, message",
    [
        (["calls", "show", "nothing"], "no call with id 'nothing'"),
        (["calls", "list", "--since", "yesterdayish"], "cannot read 'yesterdayish'"),
        (["calls", "list", "--outcome", "happy"], "unknown outcome “happy”"),
        (["calls", "list", "--since", "today", "--until", "last week"], "is not after since"),
        (["calls", "list", "--since", "the other week"], "cannot read"),
        (["stats", "--until", "2026-13-45"], "cannot read '2026-13-45'"),
        (["export", "--format", "csv", "--outcome", "x"], "unknown outcome “x”"),
    ],
)
def test_mistakes_are_one_line_errors_without_a_traceback(log, args, message):
    path, _ = log
    result = run(*args, "--db", str(path), ok=False)
    assert result.exit_code == 1
    assert message in result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output


def test_a_missing_or_foreign_database_is_named_in_one_line(tmp_path):
    missing = run("calls", "list", "--db", str(tmp_path / "none.db"), ok=False)
    assert missing.exit_code == 1 and "no call log at" in missing.output
    assert not (tmp_path / "none.db").exists()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    for args in (["calls", "list"], ["stats"], ["calls", "show", "x"], ["review"]):
        result = run(*args, "--db", str(junk), ok=False)
        assert result.exit_code == 1 and str(junk) in result.output, args
        assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert junk.read_bytes() == b"this is not sqlite at all" * 100


def test_review_opens_the_app_in_review_mode_on_the_chosen_log(log, monkeypatch):
    from callmate.ui.app import CallmateApp

    path, _ = log
    started = []
    monkeypatch.setattr(CallmateApp, "run", lambda self: started.append(self))
    run("review", "--db", str(path))
    (app,) = started
    assert app.start_mode == "review" and app.services.db_path == path
    assert app.services.checklist.id == "default"


@pytest.mark.parametrize(
    "command",
    [("calls", "list"), ("stats",), ("export", "--format", "json"), ("insights",)],
)
def test_the_database_named_before_the_command_is_the_one_read(log, tmp_path, monkeypatch, command):
    """``callmate --db FILE stats`` reads FILE, as ``--lang`` before the command is honoured:
    never the default file in its place."""
    path, ids = log
    monkeypatch.setenv("CALLMATE_DB", str(tmp_path / "elsewhere.db"))
    before = run("--db", str(path), *command)
    after = run(*command, "--db", str(path))
    assert before.output == after.output
    assert not (tmp_path / "elsewhere.db").exists()


def test_the_database_named_after_the_command_wins(log, tmp_path):
    path, ids = log
    other = tmp_path / "other.db"
    result = run("--db", str(other), "calls", "list", "--db", str(path), "--format", "json")
    assert len(json.loads(result.output)) == len(ids)
    assert not other.exists()


@pytest.mark.parametrize("command", [("team", "list"), ("feedback", "--agent", "Ann")])
def test_the_hub_named_before_the_command_is_the_one_reached(log, tmp_path, monkeypatch, command):
    """``callmate --team-db URL team list`` reaches URL (here a socket folder with no server),
    as the same option after the command does."""
    monkeypatch.delenv("CALLMATE_TEAM_DB", raising=False)
    monkeypatch.setenv("CALLMATE_DB", str(log[0]))
    hub = f"postgresql:///hub?host={tmp_path}"
    before = run("--team-db", hub, *command, ok=False)
    after = run(*command, "--team-db", hub, ok=False)
    assert before.exit_code == after.exit_code
    assert f"cannot reach the team hub {hub}" in before.output
    assert before.output == after.output


@pytest.mark.parametrize(
    ("code", "letters"),
    [("en", ("W", "N", "EF")), ("tr", ("U", "G", "AH")), ("et", ("H", "J", "EM"))],
)
def test_the_flags_are_the_initials_of_the_language(log, code, letters):
    """A Turkish or Estonian lead reads flags of their own words (tr: Aktarıldı, Uyarıldı, Hata
    bizde, Geri dönüş; et: Edasi suunatud, Hoiatatud, Meie viga, Järelkontakt), as README.md
    lists them; machine output keeps its fields."""
    path, ids = log
    lines = run("calls", "list", "--db", str(path), "--lang", code).output.splitlines()
    flagged = {line.split()[0][:1]: line.rsplit(None, 1)[-1] for line in lines[1:]}
    assert (flagged["d"], flagged["c"], flagged["b"]) == letters


@pytest.mark.parametrize("code", ["en", "tr", "et"])
def test_every_legend_names_the_letters_the_flags_show(code):
    """The review screen's legend and the browser's say what each letter of the flags means in
    the language shown, with the letters the column shows (in Turkish and Estonian each the
    initial of its word; English keeps its E, W, F and N)."""
    from callmate.language.i18n import set_language
    from callmate.report.text import flags
    from callmate.ui.screens.review import legend
    from callmate.web.words import words

    set_language(code)
    try:
        fields = ("escalated", "warnings", "at_fault", "follow_up_at")
        letters = [flags({name: 1}) for name in fields]
        for shown in (legend().removeprefix("[dim]").removesuffix("[/]"), words()["flags_help"]):
            meanings = [part.strip() for part in shown.split("·")]
            for letter in letters:
                meaning = next(m for m in meanings if m.lstrip("! ").startswith(f"{letter} "))
                word = meaning.lstrip("! ")[2:]
                assert word and (code == "en" or word[:1].upper() == letter), (letter, word)
    finally:
        set_language("en")
