"""A default wrap-up the checklist may set (``[wrapup]``: the outcome and summary to start with),
validated with a clear message, and used when the call itself suggests nothing better."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from callmate.checklists.catalog import resolve
from callmate.checklists.load import load_file, load_text, validate_file
from callmate.checklists.model import WrapUpDefault
from callmate.cli import cli
from tests.test_wrapup_support import burst, field, plain, to_wrap_up
from tests.ui_helpers import make_app, settle, stored_call


def with_wrapup(table: str) -> str:
    """The built-in English default with a ``[wrapup]`` table added."""
    return resolve("default.en").text + "\n[wrapup]\n" + table


def write(tmp_path: Path, table: str) -> Path:
    path = tmp_path / "ours.toml"
    path.write_text(with_wrapup(table), encoding="utf-8")
    return path


def test_a_checklist_without_a_wrapup_table_starts_from_nothing():
    assert resolve("default.en").wrapup == WrapUpDefault()


def test_the_wrapup_table_is_read(tmp_path):
    checklist = load_file(write(tmp_path, 'outcome = "callback"\nsummary = "Order {name}: "\n'))
    assert checklist.wrapup == WrapUpDefault(outcome="callback", summary="Order {name}: ")


@pytest.mark.parametrize(
    "table, field_name, message",
    [
        (
            'outcome = "escalated"',
            "wrapup.outcome",
            "must be resolved or callback: escalated says what happened on a call, "
            "so only the call can suggest it",
        ),
        ('outcome = "solved"', "wrapup.outcome", "must be resolved or callback, not 'solved'"),
        ("outcome = 2", "wrapup.outcome", "must be resolved or callback, not 2"),
        ('summary = ""', "wrapup.summary", "must be a non-empty string (leave it out for none)"),
        ('summary = "a\\nb"', "wrapup.summary", "must be one line: the summary is one line"),
        ('summary = "for {customer}"', "wrapup.summary", "unknown placeholder {customer}"),
        ('outcomes = "resolved"', "wrapup.outcomes", "unknown field"),
    ],
)
def test_a_bad_default_wrap_up_is_named_with_its_field(tmp_path, table, field_name, message):
    path = write(tmp_path, table + "\n")
    (problem,) = validate_file(path)
    assert problem.field == field_name and problem.step == ""
    assert str(problem).startswith(f"{path}: field '{field_name}': {message}")


def test_a_wrapup_that_is_not_a_table_is_named(tmp_path):
    text = resolve("default.en").text.replace('version = "2"', 'version = "2"\nwrapup = "callback"')
    path = tmp_path / "ours.toml"
    path.write_text(text, encoding="utf-8")
    (problem,) = validate_file(path)
    assert str(problem) == f"{path}: field 'wrapup': must be a table ([wrapup])"


def test_checklists_validate_reports_a_bad_default_outcome(tmp_path):
    path = write(tmp_path, 'outcome = "abuse"\n')
    result = CliRunner().invoke(cli, ["checklists", "validate", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.strip() == (
        f"{path}: field 'wrapup.outcome': must be resolved or callback: abuse says what "
        "happened on a call, so only the call can suggest it"
    )


def test_checklists_validate_passes_a_good_default(tmp_path):
    path = write(tmp_path, 'outcome = "callback"\nsummary = "Call back {name}: "\n')
    result = CliRunner().invoke(cli, ["checklists", "validate", str(path)])
    assert result.exit_code == 0, result.output


# -- in the wrap-up --------------------------------------------------------------------------------


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "calls.db"


@pytest.fixture
def ours():
    text = with_wrapup('outcome = "callback"\nsummary = "Call {name} back about: "\n')
    return load_text(text, "ours.toml")


async def test_the_wrap_up_starts_with_the_checklists_outcome_and_summary(db_path, ours, clock):
    app = make_app(db_path, ours, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("n")
        await settle(pilot, app)
        call = app.screen.call
        burst(app, ["ctrl+n", *"Ayla Kaya", "enter"])
        await settle(pilot, app)
        assert call.customer == "Ayla Kaya"
        clock.advance(90)
        burst(app, ["ctrl+e"])
        await settle(pilot, app)
        assert "3 ● Callback" in plain(app, "#outcome")
        assert field(app, "summary").value == "Call Ayla Kaya back about: "
        burst(app, [*"the refund", "ctrl+s"])  # typed text goes on after the template
        await settle(pilot, app)
    row = stored_call(db_path, call.id)["call"]
    assert (row["outcome"], row["summary"]) == ("callback", "Call Ayla Kaya back about: the refund")


async def test_what_happened_on_the_call_wins_over_the_checklists_outcome(db_path, ours, clock):
    app = make_app(db_path, ours, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("n")
        await settle(pilot, app)
        call = app.screen.call
        clock.advance(30)
        burst(app, ["ctrl+d"])  # the customer hung up
        await settle(pilot, app)
        assert "4 ● Customer hung up" in plain(app, "#outcome")
        burst(app, ["ctrl+s"])
        await settle(pilot, app)
    assert stored_call(db_path, call.id)["call"]["outcome"] == "hung_up"


async def test_a_summary_already_typed_is_kept_over_the_template(db_path, ours, clock):
    app = make_app(db_path, ours, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await to_wrap_up(pilot, app, clock)
        summary = field(app, "summary")
        summary.value = ""
        burst(app, [*"no callback needed", "ctrl+r"])
        await settle(pilot, app)
        burst(app, ["ctrl+e"])
        await settle(pilot, app)
        assert field(app, "summary").value == "no callback needed"
        burst(app, ["1", "ctrl+s"])
        await settle(pilot, app)
    row = stored_call(db_path, call.id)["call"]
    assert (row["outcome"], row["summary"]) == ("resolved", "no callback needed")
