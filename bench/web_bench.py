"""The browser review at scale: each page of ``callmate serve``, server side, beside a baseline.

    python bench/web_bench.py --db /tmp/callmate-bench/1000000.db      # a log made before
    python bench/web_bench.py --calls 1000000 --dir /tmp/callmate-bench # made now if missing

Each page is asked through Datasette's own ASGI client in-process (the whole server side:
the door, the sign-in cookie, the route, the reads on Datasette's database thread, the
template), signed in as a lead without the right to names (so redaction is in the time); the
median of warm runs is printed. Beside it, in the same run, two baselines:

- **reads**: callmate's own functions reading the same figures directly (``web.shaping``'s
  readers without Datasette, on one connection): what the page adds to them is Datasette;
- **floor**: Datasette serving the sign-in page, which reads nothing.

The goal (issue 21): at most 200 ms a page, server side.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from callmate.store.db import open_for_reading, open_reader  # noqa: E402
from callmate.web import leads, reading, server, shaping  # noqa: E402

GOAL_MS = 200
PASSWORD = "bench password"


def _make(path: Path, calls: int) -> None:
    from callmate.demo.generate import generate
    from callmate.store.db import open_db

    path.parent.mkdir(parents=True, exist_ok=True)
    db = open_db(path)
    try:
        generate(db, calls, seed=7)
    finally:
        db.close()


def _median_ms(times: list[float]) -> float:
    return 1000 * statistics.median(times)


async def _sign_in(ds) -> dict[str, str]:
    page = await ds.client.get("/-/login")
    token = re.search(r'name="csrftoken" value="([^"]+)"', page.text).group(1)
    answer = await ds.client.post(
        "/-/login",
        data={"name": "bench", "password": PASSWORD, "csrftoken": token},
        cookies={"ds_csrftoken": page.cookies["ds_csrftoken"]},
    )
    return {"ds_actor": answer.cookies["ds_actor"]}


class Args(dict):  # what request.args offers the readers
    def get(self, key, default=None):
        return super().get(key, default)


def _cases(db) -> list[tuple[str, str, dict[str, str], object]]:
    """(name, path, params, the direct read of the same page)."""
    top_agent = db.execute(
        "SELECT agent FROM rollup_calls WHERE period = 'all' GROUP BY agent "
        "ORDER BY sum(calls) DESC LIMIT 1"
    ).fetchone()[0]
    newest = db.execute("SELECT id FROM calls ORDER BY started_at DESC LIMIT 1").fetchone()[0]

    def calls(params):
        return lambda reader: shaping.calls(reader, reading.asked(Args(params)), False)

    def stats(params):
        return lambda reader: shaping.statistics(reader, reading.asked(Args(params)))

    cases = [
        ("first calls page", "/", {}),
        ("facet: an agent", "/", {"agent": top_agent}),
        ("facet: a checklist", "/", {"checklist": "heard"}),
        ("facet: a day", "/", {"day": "2026-11-02"}),
        ("search: refund", "/", {"search": "refund"}),
        ("search: KULAKLIK (tr)", "/", {"search": "KULAKLIK"}),
        ("search + agent", "/", {"search": "refund", "agent": top_agent}),
        ("statistics", "/-/stats", {}),
        ("statistics, an agent", "/-/stats", {"agent": top_agent}),
        ("statistics, 7 days", "/-/stats", {"since": "7d"}),
        ("statistics, search", "/-/stats", {"search": "refund"}),
    ]
    out = []
    for name, path, params in cases:
        read = stats(params) if path == "/-/stats" else calls(params)
        out.append((name, path, params, read))
    out.append(
        ("one call", f"/-/call/{newest}", {}, lambda reader: reading.call(reader, newest, False))
    )
    return out


async def _run(path: Path, runs: int) -> None:
    log = open_for_reading(path)
    who = {"bench": leads.Lead("bench", leads.hash_password(PASSWORD))}
    ds = server.build(log.path, log.mode, who)
    direct = open_reader(path)
    try:
        cookies = await _sign_in(ds)
        cases = _cases(direct.conn)
        floor = []
        for _ in range(runs + 1):
            started = time.perf_counter()
            await ds.client.get("/-/login")
            floor.append(time.perf_counter() - started)
        floor_ms = _median_ms(floor[1:])
        calls = direct.conn.execute("SELECT count(*) FROM calls").fetchone()[0]
        print(f"{calls:,} calls in {path}; medians of {runs} warm runs, server side")
        print(f"floor: Datasette's sign-in page {floor_ms:.1f} ms")
        print(
            f"{'page':<24} {'page ms':>8} {'reads ms':>9} {'page/reads':>10} "
            f"{'page/floor':>10}  goal ≤ {GOAL_MS} ms"
        )
        for name, url, params, read in cases:
            pages, reads = [], []
            for i in range(runs + 1):
                started = time.perf_counter()
                answer = await ds.client.get(url, params=params, cookies=cookies)
                took = time.perf_counter() - started
                assert answer.status_code == 200, (name, answer.status_code, answer.text[:300])
                started = time.perf_counter()
                read(direct)
                read_took = time.perf_counter() - started
                if i:  # the first run warms the caches
                    pages.append(took)
                    reads.append(read_took)
            page_ms, reads_ms = _median_ms(pages), _median_ms(reads)
            verdict = "ok" if page_ms <= GOAL_MS else "OVER"
            print(
                f"{name:<24} {page_ms:>8.1f} {reads_ms:>9.1f} {page_ms / reads_ms:>10.2f} "
                f"{page_ms / floor_ms:>10.1f}  {verdict}"
            )
    finally:
        direct.close()
        server.close(ds)
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a demo log made before")
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/callmate-bench"))
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    path = args.db or args.dir / f"{args.calls}.db"
    if not path.exists():
        print(f"making {args.calls:,} demo calls in {path}…", file=sys.stderr)
        _make(path, args.calls)
    asyncio.run(_run(path, args.runs))


if __name__ == "__main__":
    main()
