"""Review at scale: time what a team lead does on demo call logs, each figure beside a baseline.

    python bench/review_bench.py                      # 100,000 calls
    python bench/review_bench.py --sizes 100000 1000000 --dir /tmp/callmate-bench
    python bench/review_bench.py --reuse ...          # keep databases built by an earlier run
    python bench/review_bench.py --only processes ... # one part: pages, stats, paint, processes

For each size, in one run:

- **pages** and **stats**, in-process (medians of warm runs): the review's own functions against a
  plain ``sqlite3`` query of the same rows (for the statistics, the plain aggregates over the raw
  tables that the rollups replace);
- **paint**: the review screen's first paint against a bare Textual app showing the same page;
- **processes**: each read command as a whole process (a fresh ``python -m callmate``, medians of
  runs) against the ``sqlite3`` command-line tool running the same query, and against
  ``callmate --help`` in the same run (the goal: within 1.5x of it);
- **disk**: what each table and index takes, per call.

The ratio is callmate / baseline; a goal from issue 14, where there is one, is printed beside it.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from review_cases import (  # noqa: E402
    FILTERS,
    PROCESSES,
    SEARCHES,
    STATS,
    bare_app,
    bare_count,
    bare_rows,
    bare_stats,
    sqlite3_cli,
)

END = "2026-11-23T12:00:00"  # demo data ends here, so runs on different days compare
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
RUNS = 7
PAINTS = 3
PARTS = ("pages", "stats", "paint", "processes", "disk")
Row = tuple[str, float, float, str]  # what, callmate ms, baseline ms, goal


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
        [
            sys.executable,
            "-m",
            "callmate",
            "demo-data",
            "--calls",
            str(calls),
            "--seed",
            "1",
            "--end",
            END,
            "--db",
            str(path),
        ],
        check=True,
    )
    return time.perf_counter() - started


# -- in-process --------------------------------------------------------------------------------


def pages(path: Path) -> list[Row]:
    """First pages and counts of matches, each against the plain query of the same rows."""
    from callmate.review import pages as review, queries
    from callmate.review.pages import Typed

    db = queries.open_for_reading(path)
    conn = sqlite3.connect(path)
    found: list[Row] = []
    for name, (typed, where, params, goals) in {**FILTERS, **SEARCHES}.items():
        filt = review.resolve(db, Typed(**typed), NOW)
        ours = median_ms(lambda f=filt: review.read_page(db, f))
        bare = median_ms(lambda w=where, p=params: bare_rows(conn, w, p))
        found.append((f"{name}: first page", ours, bare, goals[0]))
        ours = median_ms(lambda f=filt: queries.count(db, f), runs=3)
        bare = median_ms(lambda w=where, p=params: bare_count(conn, w, p), runs=3)
        found.append((f"{name}: count", ours, bare, goals[1]))
    conn.close()
    db.close()
    return found


def stats(path: Path) -> list[Row]:
    """Every statistics case, then every baseline: a baseline scans gigabytes for seconds, and
    the machine is not the same for a while after it."""
    from callmate.review import pages as review, queries, stats as figures
    from callmate.review.pages import Typed

    db = queries.open_for_reading(path)
    ours = {
        name: median_ms(lambda t=typed: figures.compute(db, review.resolve(db, Typed(**t), NOW)))
        for name, (typed, *_) in STATS.items()
    }
    db.close()
    conn = sqlite3.connect(path)
    found: list[Row] = []
    for name, (_, where, params, goal) in STATS.items():
        bare = median_ms(lambda w=where, p=params: bare_stats(conn, w, p), runs=3)
        found.append((f"statistics: {name}", ours[name], bare, goal))
    conn.close()
    return found


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


def paint(path: Path) -> list[Row]:
    import asyncio

    from textual.widgets import DataTable

    from callmate.checklists import catalog
    from callmate.clock import FakeClock
    from callmate.config import Settings
    from callmate.ui.app import CallmateApp
    from callmate.ui.widgets.review_table import CallTable

    def ours():
        return CallmateApp(
            db_path=path,
            checklist=catalog.resolve(None),
            settings=Settings(),
            clock=FakeClock(NOW),
            mode="review",
            save_settings=False,
        )

    conn = sqlite3.connect(path)
    rows = bare_rows(conn, "", [])
    conn.close()
    times = {
        name: 1000
        * statistics.median([asyncio.run(_until_rows(make(), kind)) for _ in range(PAINTS)])
        for name, make, kind in (
            ("ours", ours, CallTable),
            ("bare", lambda: bare_app(rows), DataTable),
        )
    }
    return [("review screen first paint (80x24)", times["ours"], times["bare"], "")]


# -- whole processes -----------------------------------------------------------------------------


def process_ms(*commands: list[str], runs: int = RUNS) -> list[float]:
    """The median time of each command as a whole process, their runs interleaved (the machine's
    moods then fall on each alike)."""
    env = {**os.environ, "TZ": "UTC"}
    for args in commands:
        subprocess.run(args, env=env, capture_output=True, check=True)  # warm: cache, bytecode
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for args, kept in zip(commands, times, strict=True):
            started = time.perf_counter()
            subprocess.run(args, env=env, capture_output=True, check=True)
            kept.append(time.perf_counter() - started)
    return [1000 * statistics.median(kept) for kept in times]


def processes(path: Path) -> list[Row]:
    """Each read command as a whole process, against the sqlite3 tool, and against
    ``callmate --help`` run in turn with it (the ratio to it is the goal)."""
    callmate = [sys.executable, "-m", "callmate"]
    conn = sqlite3.connect(path)
    some_call = conn.execute("SELECT id FROM calls ORDER BY started_at DESC LIMIT 1").fetchone()[0]
    conn.close()
    found: list[Row] = []
    helps = []
    for name, (args, sql) in PROCESSES.items():
        args = [a.replace("{id}", some_call) for a in args]
        tool = sqlite3_cli(path, sql.replace("{id}", some_call))
        ours, helped, bare = process_ms(
            [*callmate, *args, "--db", str(path)], [*callmate, "--help"], tool
        )
        helps.append(helped)
        goal = f"{ours / helped:.2f}x help (≤ 1.5x), help {helped:.0f} ms"
        found.append((name, ours, bare, goal))
    helped = statistics.median(helps)
    return [("callmate --help (the yardstick)", helped, helped, ""), *found]


def disk(path: Path, calls: int) -> list[str]:
    """Bytes per call of each table and index, largest first, and the file's size."""
    conn = sqlite3.connect(path)
    sizes = conn.execute(
        "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
    ).fetchall()
    conn.close()
    total = path.stat().st_size
    lines = [f"  file: {total / 1e9:.2f} GB, {total / calls:,.0f} bytes a call"]
    lines += [
        f"  {name:44} {size / 1e6:9.1f} MB {size / calls:8,.0f} B/call"
        for name, size in sizes
        if size / total >= 0.002
    ]
    return lines


# -- the report ---------------------------------------------------------------------------------


def report(path: Path, calls: int, built: float | None, parts: tuple[str, ...]) -> None:
    conn = sqlite3.connect(path)
    steps, notes = (
        conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("call_steps", "notes")
    )
    conn.close()
    how = f"built in {built:.1f} s" if built is not None else "reused"
    print(
        f"\n{calls:,} calls ({steps:,} steps, {notes:,} notes; "
        f"{path.stat().st_size / 1e9:.1f} GB), {how}"
    )
    print(f"  {'':50} {'callmate':>10} {'baseline':>11} {'ratio':>7}  goal")
    for part in parts:
        if part == "disk":
            print("\n".join(disk(path, calls)))
            continue
        for name, ours, bare, goal in globals()[part](path):
            print(
                f"  {name:50} {ours:8.1f} ms {bare:8.1f} ms {ours / bare:6.2f}x  {goal}", flush=True
            )


def main() -> None:
    os.environ["TZ"] = "UTC"  # typed dates are read in local time: make that UTC here
    time.tzset()
    # Whole processes as installed: their bytecode compiled once and kept (outside the tree).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ.setdefault("PYTHONPYCACHEPREFIX", "/tmp/callmate-bench-pycache")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/callmate-bench"))
    parser.add_argument("--reuse", action="store_true", help="keep databases already built")
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS))
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    print(
        f"callmate review benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; medians of "
        f"{RUNS} warm runs (3 for counts and the baselines of statistics, {PAINTS} for "
        f"first paint)"
    )
    for calls in args.sizes:
        path = args.dir / f"review-{calls}.db"
        built = build(path, calls, args.reuse)
        report(path, calls, built, tuple(p for p in PARTS if p in args.only))


if __name__ == "__main__":
    main()
