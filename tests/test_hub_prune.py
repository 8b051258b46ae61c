"""``callmate team prune --before DATE`` on a real throwaway hub: the administrator deletes the
ended calls started before the date with their steps, notes, events and evaluations, a count
first; the calls that stay are exactly as they were; a lead or an agent deletes nothing; no
"yes" deletes nothing; ``--print-sql`` prints what would run and runs nothing."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from callmate.cli import cli
from callmate.hub import pgsql, retention
from callmate.hub.evaluation_table import TABLE as EVALUATIONS
from callmate.models import EvaluationRow, columns
from tests.hub_fixtures import AGENTS, LEAD, hub_calls, push_agents

pytestmark = pytest.mark.usefixtures("utc_dates")
CUTOFF = "2026-11-10"
CUTOFF_STORED = "2026-11-10T00:00:00+00:00"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def _centre(made, tmp_path) -> None:
    """Two agents' calls on the hub, and an evaluation of an old call and of a new one."""
    push_agents(made, tmp_path, {agent: 10 for agent in AGENTS[:2]})
    with made.admin() as conn:
        for which, order in (("old", "ASC"), ("new", "DESC")):
            call_id = conn.execute(
                f"SELECT id FROM {retention.CALLS} ORDER BY started_at {order} LIMIT 1"
            ).fetchone()[0]
            names = columns(EvaluationRow)
            values = {
                "id": f"ev-{which}", "call_id": call_id, "form_id": "standard",
                "form_version": "1", "language": "en", "lead": LEAD,
                "created_at": CUTOFF_STORED, "updated_at": CUTOFF_STORED, "score": 80.0,
                "comment": "", "answers": "{}",
            }  # fmt: skip
            conn.execute(
                f"INSERT INTO {EVALUATIONS} ({', '.join(names)}) "
                f"VALUES ({', '.join('%s' for _ in names)})",
                [values[n] for n in names],
            )


def _evaluated(made) -> set[str]:
    with made.admin() as conn:
        return {r[0] for r in conn.execute(f"SELECT call_id FROM {EVALUATIONS}")}


def test_the_administrator_prunes_the_hub_and_the_calls_that_stay_are_untouched(hub, tmp_path):
    _centre(hub, tmp_path)
    with hub.admin() as conn:
        before = hub_calls(conn)
    going = {
        i for i, c in before.items()
        if c.call.started_at < CUTOFF_STORED and c.call.status in ("closed", "abandoned")
    }  # fmt: skip
    assert going and going != set(before)
    evaluated = _evaluated(hub)
    assert evaluated & going and evaluated - going
    out = run("team", "prune", "--before", CUTOFF, "--team-db", hub.url(), "--yes")
    assert out.exit_code == 0, out.output
    assert f"{len(going)} ended calls started before" in out.output
    assert f"DELETE FROM {retention.CALLS} WHERE" in out.output  # the SQL it ran, printed
    assert f"Deleted {len(going)} calls from the team hub." in out.output
    with hub.admin() as conn:
        after = hub_calls(conn)
        for model in pgsql.MODELS:
            if model.TABLE != "checklists":
                table = pgsql.table(model)
                column = "id" if model.TABLE == "calls" else "call_id"
                left = {r[0] for r in conn.execute(f"SELECT {column} FROM {table}")}
                assert not left & going, table
    assert after == {i: c for i, c in before.items() if i not in going}
    assert _evaluated(hub) == evaluated - going


def test_a_lead_or_an_agent_deletes_nothing(hub, tmp_path):
    _centre(hub, tmp_path)
    with hub.admin() as conn:
        before = hub_calls(conn)
    for login in (LEAD, AGENTS[0]):
        out = run("team", "prune", "--before", CUTOFF, "--team-db", hub.url(login), "--yes")
        assert out.exit_code == 1, out.output
        assert "administrator" in out.output and "Traceback" not in out.output
    with hub.admin() as conn:
        assert hub_calls(conn) == before


def test_no_yes_deletes_nothing_and_print_sql_runs_nothing(hub, tmp_path):
    _centre(hub, tmp_path)
    with hub.admin() as conn:
        before = hub_calls(conn)
    out = run("team", "prune", "--before", CUTOFF, "--team-db", hub.url(), input="n\n")
    assert out.exit_code == 1 and "Nothing deleted." in out.output
    printed = run("team", "prune", "--before", CUTOFF, "--print-sql")  # no hub needed
    assert printed.exit_code == 0
    framed = ["BEGIN", *retention.statements(CUTOFF_STORED), "COMMIT"]
    assert printed.output == "".join(f"{s};\n" for s in framed)
    ahead = run("team", "prune", "--before", "tomorrow", "--team-db", hub.url(), "--yes")
    assert ahead.exit_code == 1 and "is not in the past" in ahead.output
    with hub.admin() as conn:
        assert hub_calls(conn) == before
