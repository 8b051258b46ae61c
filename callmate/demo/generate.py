"""``callmate demo-data``: realistic calls over the last months, the same for the same seed, fast.

Each call is played through the real call model (see ``demo.calls``); its rows go to SQLite with
``executemany`` in large transactions. The rollup triggers are suspended during the load and the
rollups rebuilt once at the end; calls are written in id order, so the indexes that lead with the
call id grow at their end instead of everywhere at once.
"""

from __future__ import annotations

import contextlib
import queue
import random
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from callmate.call import checklist_key
from callmate.checklists.model import Checklist
from callmate.demo.calls import Rows, simulate
from callmate.demo.words import AGENTS
from callmate.models import CallRow, ChecklistRow, EventRow, NoteRow, StepRow, values
from callmate.store import rollup
from callmate.store.db import StoreError
from callmate.store.live import checklist_row
from callmate.store.sql import insert_sql

if TYPE_CHECKING:
    from sqlite_utils import Database

DEFAULT_DAYS = 180
BATCH = 5000
#: Hours from UTC of the agents' working day, by checklist language.
UTC_OFFSET = {"en": 0, "tr": 3, "et": 2}
WORKDAY = (8 * 3600, 18 * 3600)


_CHECKLIST_SQL = insert_sql(ChecklistRow)
_SQL = {
    kind: insert_sql(model, keep_existing=False)
    for kind, model in (
        ("calls", CallRow),
        ("steps", StepRow),
        ("notes", NoteRow),
        ("events", EventRow),
    )
}


def default_end(now: datetime | None = None) -> datetime:
    """Demo calls end at the start of the current hour (UTC)."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    return now.replace(minute=0, second=0, microsecond=0)


def schedule(
    rng: random.Random, count: int, end: datetime, days: int
) -> list[tuple[str, int, int]]:
    """``(call_id, start, agent_index)`` for every call, in call-id order.

    Calls fall on working hours of the agent's time zone, fewer at weekends, a little more as
    the months go by; none after ``end``.
    """
    end_epoch = end.timestamp()
    first_day = (end - timedelta(days=days)).replace(hour=0, minute=0, second=0, microsecond=0)
    day_starts, weights = [], []
    for n in range(days + 1):
        day = first_day + timedelta(days=n)
        weekday = (1.0, 1.0, 1.0, 1.0, 0.95, 0.35, 0.15)[day.weekday()]
        day_starts.append(day.timestamp())
        weights.append(weekday * (0.8 + 0.4 * n / max(days, 1)))
    agent_weights = [a.weight for a in AGENTS]
    agents = rng.choices(range(len(AGENTS)), agent_weights, k=count)
    picked_days = rng.choices(day_starts, weights, k=count)
    calls = []
    for agent, day_start in zip(agents, picked_days, strict=True):
        offset = UTC_OFFSET[_language(AGENTS[agent].checklists[0])] * 3600
        start = day_start + rng.uniform(*WORKDAY) - offset
        while start >= end_epoch:  # later today: another day instead
            start = rng.choices(day_starts, weights)[0] + rng.uniform(*WORKDAY) - offset
        calls.append((f"{rng.getrandbits(128):032x}", round(start), agent))
    calls.sort()
    return calls


def _language(name: str) -> str:
    return name.split(".")[-1] if "." in name else "en"


@contextlib.contextmanager
def _notes_indexed_at_end(db: Database) -> Iterator[None]:
    """Index the new notes for search in one statement at the end (ten times faster than the
    per-row trigger), then put the trigger back exactly as it was."""
    found = db.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'notes' "
        "AND sql LIKE '%AFTER INSERT%' AND sql LIKE '%notes_fts%'"
    ).fetchall()
    if len(found) != 1:
        yield  # not the layout we know: leave the trigger to do its work
        return
    ((name, sql),) = found
    last_id = db.conn.execute("SELECT coalesce(max(id), 0) FROM notes").fetchone()[0]
    with db.atomic():
        db.conn.execute(f'DROP TRIGGER "{name}"')
    try:
        yield
    finally:
        with db.atomic():
            # Every note after the last one before the load, whoever wrote it meanwhile.
            db.conn.execute(
                "INSERT INTO notes_fts (rowid, text) SELECT id, text FROM notes WHERE id > ?",
                [last_id],
            )
            db.conn.execute(sql)


def _batches(
    rng: random.Random, calls: list[tuple[str, int, int]], checklists: dict[str, Checklist]
) -> Iterator[Rows]:
    """The rows of each batch, simulated on a thread while the previous batch is written.

    SQLite releases the GIL while it works, so the two overlap; one thread draws from ``rng`` in
    a fixed order, so the result is the same for the same seed.
    """
    ready: queue.Queue[Rows | BaseException | None] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def work() -> None:
        try:
            for first in range(0, len(calls), BATCH):
                rows = Rows()
                for call_id, start, agent_index in calls[first : first + BATCH]:
                    agent = AGENTS[agent_index]
                    checklist = checklists[rng.choice(agent.checklists)]
                    simulate(rng, rows, call_id, start, agent, checklist)
                while not stop.is_set():
                    with contextlib.suppress(queue.Full):
                        ready.put(rows, timeout=0.2)
                        break
                if stop.is_set():
                    return
            ready.put(None)
        except BaseException as exc:  # handed to the writing side, which raises it
            ready.put(exc)

    thread = threading.Thread(target=work, name="callmate-demo", daemon=True)
    thread.start()
    try:
        while (item := ready.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join(timeout=5)


def generate(
    db: Database,
    count: int,
    *,
    seed: int = 1,
    end: datetime | None = None,
    days: int = DEFAULT_DAYS,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Write ``count`` demo calls into ``db``; return how many rows of each kind were written."""
    from callmate.checklists import catalog

    rng = random.Random(seed)
    end = default_end(end)
    checklists = {name: catalog.resolve(name) for a in AGENTS for name in a.checklists}
    calls = schedule(rng, count, end, days)
    if (
        calls
        and db.conn.execute(
            "SELECT 1 FROM calls WHERE id IN (?, ?)", [calls[0][0], calls[-1][0]]
        ).fetchone()
    ):
        raise StoreError(
            f"this database already holds the demo calls of seed {seed}; "
            "use another --seed or another --db"
        )
    with db.atomic():
        for c in checklists.values():
            db.conn.execute(_CHECKLIST_SQL, values(checklist_row(c, checklist_key(c))))
    totals = dict.fromkeys(("calls", "steps", "notes", "events"), 0)
    # Rows are made whole here: checking each one's call again would double the load's cost.
    foreign_keys = db.conn.execute("PRAGMA foreign_keys").fetchone()[0]
    db.conn.execute("PRAGMA foreign_keys = OFF")
    db.conn.execute("PRAGMA cache_size = -262144")  # 256 MB while loading
    try:
        with rollup.suspended(db), _notes_indexed_at_end(db):
            for rows in _batches(rng, calls, checklists):
                with db.atomic():
                    for kind in totals:
                        batch = getattr(rows, kind)
                        db.conn.executemany(_SQL[kind], [values(row) for row in batch])
                        totals[kind] += len(batch)
                if progress:
                    progress(totals["calls"])
    finally:
        db.conn.execute(f"PRAGMA foreign_keys = {int(foreign_keys)}")
    from callmate.demo import evaluations

    totals["evaluations"] = evaluations.write(db, seed)
    return totals
