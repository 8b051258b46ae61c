"""The team hub at scale: push 10,000 calls and pull 100,000, beside plain COPYs of the same rows.

    python bench/hub_bench.py                               # push 10,000, pull 100,000
    python bench/hub_bench.py --push 2000 --pull 10000      # quicker
    python bench/hub_bench.py --dir /tmp/callmate-hub-bench --reuse   # keep the demo files

A throwaway PostgreSQL server is started in a temporary folder (as the tests do) and stopped at
the end. Each figure is printed beside its baseline, measured in the same run:

- push: an agent's ``callmate team push`` (row-level security on, upserts that leave equal rows
  alone) against reading the same rows from SQLite and ``COPY``-ing them into bare tables (no
  keys, no security); also a push with nothing waiting, and a forced re-push of every call (the
  outbox emptied) that must write nothing;
- pull: ``callmate merge postgresql://…`` into a new file (the same upserts as the live path,
  rollups and search kept right, notes indexed) against ``COPY … TO STDOUT`` of the same rows and
  that plus plain ``INSERT``s into bare SQLite tables; also a pull with nothing changed, and, for
  comparison, ``callmate merge`` of the agent file that holds the same calls.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402

from callmate.hub import outbox, pgsql, pull, push, roles, schema, teams  # noqa: E402
from callmate.hub.local import open_local  # noqa: E402
from callmate.models import columns  # noqa: E402
from tests.hub_fixtures import END, find_binaries, server  # noqa: E402

AGENT = "bench_agent"
LEAD = "bench_lead"


def timed(what: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = what()
    return time.perf_counter() - started, result


def demo_file(path: Path, count: int, reuse: bool, agent: str | None = None) -> Path:
    from callmate.demo.generate import generate
    from callmate.store.db import open_db

    if reuse and path.exists():
        return path
    path.unlink(missing_ok=True)
    db = open_db(path)
    generate(db, count, seed=count, end=datetime.fromisoformat(END), days=180)
    if agent:
        with db.atomic():
            db.conn.execute("UPDATE calls SET agent = ?", [agent])
    db.close()
    return path


def rows_of(path: Path) -> dict[type, list[tuple[Any, ...]]]:
    """Every row of a file as the hub takes them (the baseline reads exactly what push sends)."""
    db = open_local(path)
    try:
        ids = [r[0] for r in db.execute("SELECT id FROM calls")]
        out: dict[type, list[tuple[Any, ...]]] = {m: [] for m in pgsql.MODELS}
        for first in range(0, len(ids), push.BATCH):
            for model, rows in outbox.read(db, ids[first : first + push.BATCH]).items():
                out[model] += rows
        return out
    finally:
        db.close()


def bare_tables(conn: psycopg.Connection, schema_name: str) -> None:
    conn.execute(f"DROP SCHEMA IF EXISTS {schema_name} CASCADE")
    conn.execute(f"CREATE SCHEMA {schema_name}")
    for model in pgsql.MODELS:
        cols = ", ".join(f"{c} {pgsql.pg_type(model, c)}" for c in columns(model))
        conn.execute(f"CREATE TABLE {schema_name}.{model.TABLE} ({cols})")  # type: ignore[attr-defined]


def copy_baseline(conn: psycopg.Connection, path: Path) -> float:
    """Read the same rows from SQLite and COPY them into bare tables, in one transaction."""
    bare_tables(conn, "bare")

    def run() -> None:
        rows = rows_of(path)
        with conn.transaction(), conn.cursor() as cur:
            for model in pgsql.MODELS:
                names = ", ".join(columns(model))
                with cur.copy(f"COPY bare.{model.TABLE} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                    for row in rows[model]:
                        copy.write_row(row)

    return timed(run)[0]


def push_file(url: str, path: Path, agent: str | None) -> push.PushReport:
    db, hub = open_local(path), psycopg.connect(url, autocommit=True)
    try:
        return push.push(db, hub, agent)
    finally:
        hub.close()
        db.close()


def pull_file(url: str, target: Path) -> pull.PullReport:
    db, hub = open_local(target), psycopg.connect(url, autocommit=True)
    try:
        return pull.pull(hub, db, pull.PullReport("hub"))
    finally:
        hub.close()
        db.close()


def copy_out(conn: psycopg.Connection, sink: Callable[[type, list[tuple[Any, ...]]], None]) -> int:
    """COPY every call's rows out of the hub (as text, parsed into rows); hand each table on."""
    total = 0
    for model in pgsql.MODELS:
        query = f"COPY (SELECT {pgsql.select(model)} FROM {pgsql.table(model)} t) TO STDOUT"
        with conn.cursor() as cur, cur.copy(query) as copy:
            rows = list(copy.rows())
        total += len(rows)
        sink(model, rows)
    return total


def pull_baselines(url: str, folder: Path) -> tuple[float, float]:
    """(COPY out alone, COPY out + plain INSERTs into bare SQLite tables)."""
    with psycopg.connect(url, autocommit=True) as conn:
        alone = timed(lambda: copy_out(conn, lambda model, rows: None))[0]
        target = folder / "bare.db"
        target.unlink(missing_ok=True)
        lite = sqlite3.connect(target)
        for model in pgsql.MODELS:
            lite.execute(f"CREATE TABLE {model.TABLE} ({', '.join(columns(model))})")  # type: ignore[attr-defined]

        def insert(model: type, rows: list[tuple[Any, ...]]) -> None:
            marks = ", ".join("?" for _ in columns(model))
            with lite:
                lite.executemany(f"INSERT INTO {model.TABLE} VALUES ({marks})", rows)  # type: ignore[attr-defined]

        both = timed(lambda: copy_out(conn, insert))[0]
        lite.close()
    return alone, both


def line(what: str, seconds: float, base: float | None = None, calls: int = 0) -> None:
    rate = f"{calls / seconds:>9,.0f} calls/s" if calls and seconds else " " * 16
    ratio = f"  {seconds / base:5.1f}× the baseline" if base else ""
    print(f"  {what:<58} {seconds:8.2f} s {rate}{ratio}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--push", type=int, default=10_000, help="calls to push")
    parser.add_argument("--pull", type=int, default=100_000, help="calls to pull")
    parser.add_argument("--dir", type=Path, default=None, help="where the demo files go")
    parser.add_argument("--reuse", action="store_true", help="keep demo files of an earlier run")
    args = parser.parse_args()
    binaries = find_binaries()
    if binaries is None:
        sys.exit("PostgreSQL server binaries not found (apt-get install postgresql)")
    folder = args.dir or Path(tempfile.mkdtemp(prefix="callmate-hub-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"demo files in {folder}", flush=True)
    small = demo_file(folder / f"push-{args.push}.db", args.push, args.reuse, AGENT)
    forget_pushes(small)
    big = demo_file(folder / f"pull-{args.pull}.db", args.pull, args.reuse)
    with server(binaries) as pg:
        with pg.admin() as conn:
            conn.execute(f"CREATE ROLE {AGENT} LOGIN")
            conn.execute(f"CREATE ROLE {LEAD} LOGIN")
            for name in ("pushed", "pulled"):  # a hub for each: the pull's holds its calls only
                conn.execute(f"CREATE DATABASE {name}")
        for name in ("pushed", "pulled"):
            with pg.admin(name) as conn:
                schema.init(conn)
                conn.execute(f"GRANT {roles.AGENT_ROLE} TO {AGENT}")
                conn.execute(f"GRANT {roles.LEAD_ROLE} TO {LEAD}")
        bench_push(pg.url(AGENT, "pushed"), pg.url(dbname="pushed"), small, args.push)
        bench_pull(pg.url(LEAD, "pulled"), pg.url(dbname="pulled"), big, args.pull, folder)


def forget_pushes(path: Path) -> None:
    """Empty the outbox's record, as if no answer of the hub had ever arrived."""
    db = open_local(path)
    with db:
        db.execute("DELETE FROM team_outbox")
    db.close()


def bench_push(agent_url: str, admin_url: str, path: Path, count: int) -> None:
    print(f"push of {count:,} calls (as an agent, row-level security on)")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        base = copy_baseline(conn, path)
    line("baseline: read the rows from SQLite + COPY into bare tables", base, calls=count)
    seconds, report = timed(lambda: push_file(agent_url, path, AGENT))
    assert report.calls == count, report
    line("callmate team push", seconds, base, count)
    line("again, nothing waiting", timed(lambda: push_file(agent_url, path, AGENT))[0])
    forget_pushes(path)
    seconds, report = timed(lambda: push_file(agent_url, path, AGENT))
    assert sum(report.written.values()) == 0, report.written
    line("every call again, outbox emptied (writes nothing)", seconds, base, count)


def lead_every_agent(admin_url: str) -> None:
    """The lead leads one team of every agent on the hub (a lead in no team reads nothing)."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        agents = [r[0] for r in conn.execute("SELECT DISTINCT agent FROM callmate.calls")]
        statements = teams.create("bench")
        for login, lead in [*((a, False) for a in agents), (LEAD, True)]:
            statements += teams.add("bench", login, lead)
        teams.run(conn, statements)


def bench_pull(lead_url: str, admin_url: str, path: Path, count: int, folder: Path) -> None:
    print(f"pull of {count:,} calls (as a team lead)")
    forget_pushes(path)
    seconds, report = timed(lambda: push_file(admin_url, path, None))
    line(f"(setting up: push of {count:,} calls by an administrator)", seconds, calls=count)
    lead_every_agent(admin_url)
    alone, both = pull_baselines(admin_url, folder)
    line("baseline: COPY the rows out", alone, calls=count)
    line("baseline: COPY out + plain INSERTs into bare SQLite tables", both, calls=count)
    target = folder / "pulled.db"
    for stale in folder.glob("pulled.db*"):
        stale.unlink()
    seconds, report = timed(lambda: pull_file(lead_url, target))
    assert report.added == count, report
    line("callmate merge postgresql://… into a new file", seconds, both, count)
    line("again, nothing changed", timed(lambda: pull_file(lead_url, target))[0])
    merged = folder / "merged.db"
    for stale in folder.glob("merged.db*"):
        stale.unlink()
    command = [sys.executable, "-m", "callmate", "merge", str(path), "--db", str(merged)]
    seconds = timed(lambda: subprocess.run(command, check=True, capture_output=True))[0]
    line("for comparison: callmate merge of the same calls' file", seconds, both, count)


if __name__ == "__main__":
    main()
