"""What ``review_bench.py`` times, and the plain queries it compares against.

Each case: what a team lead types, the baseline's WHERE clause over ``calls`` (and its
parameters), and the goals from issue 14 (first page, count; or the statistics).
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

PAGE = 100
_30D = "2026-10-24T00:00:00+00:00"
#: The plain way to find the calls whose notes and summary hold every word: the call-level index.
_FTS = (
    "WHERE id IN (SELECT s.call_id FROM calls_fts f JOIN call_search s ON s.key = f.rowid "
    "WHERE calls_fts MATCH ?)"
)

# fmt: off
FILTERS = {
    "no filter": ({}, "", [], ("≤ 10 ms", "")),
    "since 30 days": ({"since": "2026-10-24"}, "WHERE started_at >= ?", [_30D], ("≤ 10 ms", "")),
    "since / until (a week)": ({"since": "2026-11-10", "until": "2026-11-16"},
                               "WHERE started_at >= ? AND started_at < ?",
                               ["2026-11-10T00:00:00+00:00", "2026-11-17T00:00:00+00:00"],
                               ("≤ 10 ms", "")),
    "agent": ({"agent": "deniz"}, "WHERE agent = ?", ["Deniz"], ("≤ 10 ms", "")),
    "outcome": ({"outcome": "escalated"}, "WHERE outcome = ?", ["escalated"], ("≤ 10 ms", "")),
    "agent + outcome + 30 days": ({"agent": "alice", "outcome": "abuse", "since": "2026-10-24"},
                                  "WHERE agent = ? AND outcome = ? AND started_at >= ?",
                                  ["Alice", "abuse", _30D], ("≤ 10 ms", "")),
}
# fmt: on
# fmt: off
SEARCHES = {
    "search 'refund' (common)": ({"search": "refund"}, _FTS, ['"refund"*'],
                                 ("≤ 20 ms", "≤ 200 ms")),
    "search 'courier pickup' (rarer)": ({"search": "courier pickup"}, _FTS,
                                        ['"courier"* AND "pickup"*'], ("≤ 20 ms", "≤ 200 ms")),
    "search 'refund\"' + agent": ({"search": 'refund"', "agent": "alice"}, _FTS + " AND agent = ?",
                                  ['"refund"*', "Alice"], ("≤ 30 ms", "≤ 200 ms")),
}
# fmt: on
STATS = {
    "all calls": ({}, "", [], "≤ 30 ms (≤ 15 ms at 100,000)"),
    "since 30 days": (*FILTERS["since 30 days"][:3], "≤ 30 ms"),
    "agent": (*FILTERS["agent"][:3], "≤ 30 ms"),
    "outcome": (*FILTERS["outcome"][:3], "≤ 30 ms"),
    "search 'courier pickup'": (*SEARCHES["search 'courier pickup' (rarer)"][:3], "≤ 300 ms"),
    "search 'refund' (common)": (*SEARCHES["search 'refund' (common)"][:3], "toward 300 ms"),
}
_LIST = "SELECT * FROM calls {} ORDER BY started_at DESC, id DESC LIMIT 50"
_SEARCH = (
    "SELECT c.* FROM calls_fts f JOIN call_search s ON s.key = f.rowid JOIN calls c "
    "ON c.id = s.call_id WHERE calls_fts MATCH '{}' {} "
    "ORDER BY c.started_at DESC, c.id DESC LIMIT 50"
)
_STATS = (
    "SELECT count(*), avg(duration_seconds), sum(escalated), sum(at_fault) FROM calls {0}; "
    "SELECT outcome, count(*) FROM calls {0} GROUP BY outcome"
)
#: name: (the callmate command, the sqlite3 tool's query)
# fmt: off
PROCESSES = {
    "calls list": (["calls", "list"], _LIST.format("")),
    "calls list --since (30 days)": (["calls", "list", "--since", "2026-10-24"],
                                     _LIST.format(f"WHERE started_at >= '{_30D}'")),
    "calls list --agent": (["calls", "list", "--agent", "deniz"],
                           _LIST.format("WHERE agent = 'Deniz'")),
    "calls list --outcome": (["calls", "list", "--outcome", "escalated"],
                             _LIST.format("WHERE outcome = 'escalated'")),
    "calls list --search refund": (["calls", "list", "--search", "refund"],
                                   _SEARCH.format('"refund"*', "")),
    "calls list --search refund --agent": (["calls", "list", "--search", "refund", "--agent",
                                            "alice"],
                                           _SEARCH.format('"refund"*', "AND c.agent = 'Alice'")),
    "calls show": (["calls", "show", "{id}"],
                   "SELECT * FROM calls WHERE id = '{id}'; SELECT * FROM call_steps WHERE "
                   "call_id = '{id}'; SELECT * FROM notes WHERE call_id = '{id}'; SELECT * "
                   "FROM events WHERE call_id = '{id}'"),
    "stats": (["stats"], _STATS.format("")),
    "stats --agent": (["stats", "--agent", "deniz"], _STATS.format("WHERE agent = 'Deniz'")),
    "stats --search 'courier pickup'": (
        ["stats", "--search", "courier pickup"],
        _STATS.format("WHERE id IN (SELECT s.call_id FROM calls_fts f JOIN call_search s ON "
                      "s.key = f.rowid WHERE calls_fts MATCH '\"courier\"* AND \"pickup\"*')")),
    "stats --search refund": (
        ["stats", "--search", "refund"],
        _STATS.format("WHERE id IN (SELECT s.call_id FROM calls_fts f JOIN call_search s ON "
                      "s.key = f.rowid WHERE calls_fts MATCH '\"refund\"*')")),
}
# fmt: on


def bare_rows(conn: sqlite3.Connection, where: str, params: list) -> list[tuple]:
    return conn.execute(
        f"SELECT * FROM calls {where} ORDER BY started_at DESC, id DESC LIMIT {PAGE}", params
    ).fetchall()


def bare_count(conn: sqlite3.Connection, where: str, params: list) -> int:
    return int(conn.execute(f"SELECT count(*) FROM calls {where}", params).fetchone()[0])


def bare_stats(conn: sqlite3.Connection, where: str, params: list) -> None:
    """The naive statistics: aggregates straight over the calls and their steps."""
    conn.execute(
        f"SELECT count(*), avg(duration_seconds), sum(escalated), sum(at_fault) FROM calls {where}",
        params,
    ).fetchall()
    conn.execute(f"SELECT outcome, count(*) FROM calls {where} GROUP BY outcome", params).fetchall()
    conn.execute(
        f"SELECT substr(started_at, 1, 10), count(*) FROM calls {where} GROUP BY 1", params
    ).fetchall()
    conn.execute(
        "SELECT agent, step_id, avg(s.seconds), sum(s.status = 'skipped'), "
        "sum(s.seconds > s.target_seconds) FROM call_steps s JOIN "
        f"(SELECT id, agent FROM calls {where}) c ON c.id = s.call_id GROUP BY agent, step_id",
        params,
    ).fetchall()


def sqlite3_cli(path: Path, sql: str) -> list[str]:
    """The ``sqlite3`` tool running ``sql`` read-only on ``path`` (apt-get install sqlite3)."""
    tool = shutil.which("sqlite3")
    if tool is None:
        sys.exit("the baselines need the sqlite3 command-line tool: apt-get install sqlite3")
    return [tool, "-readonly", str(path), sql]


def bare_app(rows: list[tuple]):
    """A bare Textual app: a title, an input, a DataTable of the rows and a footer."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Input, Static

    class Bare(App):
        def compose(self) -> ComposeResult:
            yield Static("Review")
            yield Input(placeholder="search")
            yield DataTable(cursor_type="row")
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("When", "Agent", "Customer", "Outcome", "Length", "!", "Summary")
            for row in rows:
                table.add_row(*(str(cell)[:20] for cell in row[1:7]), key=row[0])

    return Bare()
