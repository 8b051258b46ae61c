"""What works at scale: time ``review.insights`` on demo call logs, beside a baseline run in the
same process on the same file.

    python bench/insights_bench.py                       # /tmp/demo.db
    python bench/insights_bench.py /tmp/demo.db /tmp/m1.db --runs 3

For each log (opened read-only, never written): the whole of it (every step, phrase, hold and
time to the acknowledgement), one step (``--step``, default ``acknowledge``), the parts it is made
of (the steps off the kept call figures, the phrases and holds off the events, the totals, and
the phrases, holds and totals off the kept figures, schema 13, as ``compute`` reads them), and a
filter on one agent; each the median of ``--runs`` warm runs. The baseline is
``review.stats.compute`` on the same filter (what ``callmate stats`` reads), so the ratio says how
insights compares with the statistics a lead already waits for. Goals (issue 22): all of it
<= 1 s, one step <= 200 ms, at 1,000,000 calls.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from callmate.review import insights, insights_counts, stats  # noqa: E402
from callmate.review.filters import Filter  # noqa: E402
from callmate.store import call_figures  # noqa: E402
from callmate.store.db import open_for_reading  # noqa: E402


def timed(job: Callable[[], object], runs: int) -> float:
    job()  # warm: the pages in the cache, the statements compiled
    times = []
    for _n in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench(path: Path, runs: int, step: str) -> None:
    db = open_for_reading(path)
    try:
        calls = db.conn.execute("SELECT count(*) FROM calls").fetchone()[0]
        agent = db.conn.execute("SELECT agent FROM calls LIMIT 1").fetchone()[0]
        everyone, one = Filter(), Filter(agents=(agent,))
        kept = call_figures.installed(db)  # a log of schema 12 keeps no phrases: read the events
        baseline = timed(lambda: stats.compute(db, everyone), runs)
        cases = {
            "all of it": lambda: insights.compute(db, everyone),
            f"one step ({step})": lambda: insights.compute(db, everyone, step=step),
            "  steps (kept figures)": lambda: insights_counts.steps_from_figures(
                db, everyone, (), None, defaultdict(dict), {}
            ),
            "  phrases and holds (events)": lambda: insights_counts.events_from_calls(
                db, everyone, (), None
            ),
            "  totals (calls)": lambda: insights_counts.totals_from_calls(db, everyone, ()),
            "  phrases, holds, totals (kept)": lambda: (
                insights_counts.events_from_figures(db, everyone, (), None) if kept else None
            ),
            f"one agent ({agent})": lambda: insights.compute(db, one),
            "by agent": lambda: insights.compute(db, everyone, by=("agent",)),
        }
        print(f"\n{path}: {calls:,} calls; baseline stats.compute {baseline * 1000:,.0f} ms")
        print(f"{'case':34} {'ms':>9} {'x stats':>8}")
        for name, job in cases.items():
            took = timed(job, runs)
            print(f"{name:34} {took * 1000:9,.0f} {took / baseline:8.1f}")
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("/tmp/demo.db")])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--step", default=insights_counts.ACK_STEP)
    args = parser.parse_args()
    for path in args.paths:
        bench(path, args.runs, args.step)


if __name__ == "__main__":
    main()
