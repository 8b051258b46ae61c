"""Review at scale: build call logs with ``callmate demo-data`` and time what a team lead does.

    python bench/review_bench.py                      # 100,000 calls
    python bench/review_bench.py --sizes 100000 1000000 --dir /tmp/callmate-bench
    python bench/review_bench.py --reuse ...          # keep databases built by an earlier run

For each size it prints the time of the first page, each filter, the searches, the statistics and
the review screen's first paint, each beside a baseline measured in the same run: a bare
``sqlite3`` query of the same rows (for the statistics: the plain aggregate queries over the raw
tables that the rollups replace), and a bare Textual app showing a DataTable of the same page.
Times are the median of several warm runs; the ratio is callmate / baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

END = "2026-11-23T12:00:00"  # demo data ends here, so runs on different days compare
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
RUNS = 7
PAINTS = 3
PAGE = 100

# name: (typed filter fields, the bare query's WHERE clause and parameters)
FILTERS = {
    "first page": ({}, "", []),
    "since 30 days": ({"since": "2026-10-24"}, "WHERE started_at >= ?",
                      ["2026-10-24T00:00:00+00:00"]),
    "until / since (a week)": ({"since": "2026-11-10", "until": "2026-11-16"},
                               "WHERE started_at >= ? AND started_at < ?",
                               ["2026-11-10T00:00:00+00:00", "2026-11-17T00:00:00+00:00"]),
    "agent": ({"agent": "deniz"}, "WHERE agent = ?", ["Deniz"]),
    "outcome": ({"outcome": "escalated"}, "WHERE outcome = ?", ["escalated"]),
    "agent+outcome+30 days": ({"agent": "alice", "outcome": "abuse", "since": "2026-10-24"},
                              "WHERE agent = ? AND outcome = ? AND started_at >= ?",
                              ["Alice", "abuse", "2026-10-24T00:00:00+00:00"]),
}  # fmt: skip
_FTS = ("WHERE id IN (SELECT call_id FROM notes WHERE id IN "
        "(SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?))")  # fmt: skip
SEARCHES = {
    "search 'refund' (common)": ({"search": "refund"}, _FTS, ['"refund"*']),
    "search 'courier pickup' (rarer)": ({"search": "courier pickup"}, _FTS,
                                        ['"courier"* "pickup"*']),
    "search 'refund\"' + agent": ({"search": 'refund"', "agent": "alice"},
                                  _FTS + " AND agent = ?", ['"refund"*', "Alice"]),
}  # fmt: skip
STATS = {
    "statistics: all calls": ({}, "", []),
    "statistics: since 30 days": FILTERS["since 30 days"],
    "statistics: agent": FILTERS["agent"],
    "statistics: search 'courier pickup'": SEARCHES["search 'courier pickup' (rarer)"],
}


def median_ms(job: Callable[[], object], runs: int = RUNS) -> float:
    job()  # warm: the page cache, the statement cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def build(path: Path, calls: int, reuse: bool) -> float | None:
    if reuse and path.exists():
        return None
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "callmate", "demo-data", "--calls", str(calls), "--seed", "1",
         "--end", END, "--db", str(path)],
        check=True,
    )  # fmt: skip
    return time.perf_counter() - started


# -- the baselines ------------------------------------------------------------------------------


def bare_rows(conn: sqlite3.Connection, where: str, params: list) -> list[tuple]:
    return conn.execute(
        f"SELECT * FROM calls {where} ORDER BY started_at DESC, id DESC LIMIT {PAGE}", params
    ).fetchall()


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


# -- first paint -------------------------------------------------------------------------------


async def _until_rows(app, table_type) -> float:
    started = time.perf_counter()
    async with app.run_test(size=(80, 24)) as pilot:
        while True:
            await pilot.pause(0.002)
            tables = app.screen.query(table_type)
            if tables and tables.first().row_count:
                break
        await pilot.pause()
        return time.perf_counter() - started


def paint_ms(make_app: Callable, table_type) -> float:
    times = [asyncio.run(_until_rows(make_app(), table_type)) for _ in range(PAINTS)]
    return 1000 * statistics.median(times)


def bare_app(rows: list[tuple]):
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
                table.add_row(row[1][5:16], row[3], row[4], row[16] or "", str(row[21]), "",
                              row[19] or "", key=row[0])  # fmt: skip

    return Bare()


def review_app(path: Path):
    from callmate import catalog
    from callmate.clock import FakeClock
    from callmate.config import Settings
    from callmate.ui.app import CallmateApp

    return CallmateApp(db_path=path, checklist=catalog.resolve(None), settings=Settings(),
                       clock=FakeClock(NOW), mode="review", save_settings=False)  # fmt: skip


# -- one database ----------------------------------------------------------------------------


def measure(path: Path) -> list[tuple[str, float, float]]:
    from textual.widgets import DataTable

    from callmate.review import pages as review
    from callmate.review import queries, stats
    from callmate.review.pages import Typed
    from callmate.ui.widgets.review_table import CallTable

    db = queries.open_for_reading(path)
    conn = sqlite3.connect(path)
    results = []

    def ours_page(typed: dict) -> Callable[[], object]:
        def job():
            filt = review.resolve(db, Typed(**typed), NOW)
            review.read_page(db, filt)
            return stats.count_calls(db, filt)

        return job

    for name, (typed, where, params) in {**FILTERS, **SEARCHES}.items():
        ours = median_ms(ours_page(typed))
        bare = median_ms(
            lambda w=where, p=params: (
                bare_rows(conn, w, p),
                conn.execute(f"SELECT count(*) FROM calls {w}", p).fetchone(),
            )
        )
        results.append((f"{name} (+ count)", ours, bare))  # fmt: skip
    for name, (typed, where, params) in STATS.items():
        ours = median_ms(lambda t=typed: stats.compute(db, review.resolve(db, Typed(**t), NOW)),
                         runs=3)  # fmt: skip
        bare = median_ms(lambda w=where, p=params: bare_stats(conn, w, p), runs=3)
        results.append((name, ours, bare))
    rows = bare_rows(conn, "", [])
    results.append((
        "review screen first paint (80x24)",
        paint_ms(lambda: review_app(path), CallTable),
        paint_ms(lambda: bare_app(rows), DataTable),
    ))  # fmt: skip
    conn.close()
    db.close()
    return results


def report(path: Path, calls: int, built: float | None, results) -> None:
    conn = sqlite3.connect(path)
    steps, notes = (conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                    for t in ("call_steps", "notes"))  # fmt: skip
    conn.close()
    size = path.stat().st_size / 1e9
    how = f"built in {built:.1f} s" if built is not None else "reused"
    print(f"\n{calls:,} calls ({steps:,} steps, {notes:,} notes; {size:.1f} GB), {how}")
    print(f"  {'':44} {'callmate':>10} {'baseline':>10} {'ratio':>7}")
    for name, ours, bare in results:
        print(f"  {name:44} {ours:8.1f} ms {bare:8.1f} ms {ours / bare:6.2f}x")


def main() -> None:
    import os

    os.environ["TZ"] = "UTC"  # typed dates are read in local time: make that UTC here
    time.tzset()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/callmate-bench"))
    parser.add_argument("--reuse", action="store_true", help="keep databases already built")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    print(f"callmate review benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; "
          f"medians of {RUNS} warm runs ({PAINTS} for first paint)")  # fmt: skip
    for calls in args.sizes:
        path = args.dir / f"review-{calls}.db"
        built = build(path, calls, args.reuse)
        report(path, calls, built, measure(path))


if __name__ == "__main__":
    main()
