"""Rollups that keep the review statistics fast at a million calls.

Tables sum up the calls per period, agent, outcome and more:

- ``rollup_calls``: counts and sums over the calls (handle time, escalations, warnings, ...);
- ``rollup_steps``: the same per checklist step (time against target, skipped, done in order,
  apology and thanks given, ...);
- ``rollup_durations``: handled calls per 10-second band of handle time (for the median);
- ``rollup_days``: calls per day, agent and outcome (for the calls-per-day chart).

The first three keep each row three times: under its UTC day (``period`` 'day', ``day``
2026-11-23), its month ('month', 2026-11) and the whole log ('all', ''): all calls read the
'all' rows, a long range its whole months, and its edges their days.
SQLite triggers on ``calls`` and ``call_steps`` keep them current as calls are written, so no
writing code has to know about them. Every figure is defined once below, as an SQL expression over
a call ``c`` and a step ``s``; the triggers, the full rebuild and the statistics over part of a
day (``review.stats_source``) are all generated from these definitions, so they cannot drift apart.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from callmate.store import call_figures, call_search
from callmate.store.call_search import Connected

# The definitions, read through this module as well (CALLS, HANDLED, ...).
from callmate.store.rollup_defs import (
    _INTEGER,
    CALL_COLUMNS,
    PERIODS,
    ROLLUPS,
    STEP_COLUMNS,
    STEP_DEPENDS_ON,
    STEPS,
    TRIGGERS,
    Rollup,
    changed,
)

if TYPE_CHECKING:
    from sqlite_utils import Database


def periods(*names: str) -> str:
    """The periods relation ``p`` (every period, or those named)."""
    chosen = names or tuple(PERIODS)
    return (
        "("
        + " UNION ALL ".join(f"SELECT '{n}' AS period, {PERIODS[n]} AS size" for n in chosen)
        + ") p"
    )


def _measure(expr: str) -> str:
    return f"coalesce(({expr}), 0)"


def _source(
    rollup: Rollup, calls: str = "calls c", steps: str = "call_steps s", span: str = ""
) -> str:
    span = span or periods(*rollup.periods)
    if rollup.over_steps:
        return f"{steps} JOIN {calls} ON c.id = s.call_id CROSS JOIN {span}"
    return f"{calls} CROSS JOIN {span}"


def select(
    rollup: Rollup, where: str = "", grouped: bool = True, *, calls: str = "calls c", span: str = ""
) -> str:
    """Rollup-shaped rows computed from the calls (optionally filtered by ``where``): grouped as
    the table is, or one row per call (or step) when not ``grouped``. ``calls`` can name another
    source of calls ``c``; ``span`` the periods (default: every one)."""
    keys = ", ".join(f"{e} AS {k}" for k, e in rollup.key.items())
    wrap = "max({})" if grouped else "{}"
    attrs = "".join(f", {wrap.format(e)} AS {k}" for k, e in rollup.attrs.items())
    sums = ", ".join(
        f"{'sum' if grouped else ''}({_measure(e)}) AS {k}" for k, e in rollup.measures.items()
    )
    group = (" GROUP BY " + ", ".join(rollup.key.values())) if grouped else ""
    return f"SELECT {keys}{attrs}, {sums} FROM {_source(rollup, calls, span=span)} {where}{group}"


def _row_of(prefix: str, columns: tuple[str, ...]) -> str:
    """``(SELECT NEW.a AS a, NEW.b AS b)``: a trigger's OLD or NEW row as a one-row table."""
    return "(SELECT " + ", ".join(f"{prefix}.{c} AS {c}" for c in columns) + ")"


def _upsert(rollup: Rollup, source: str, sign: int) -> str:
    columns = [*rollup.key, *rollup.attrs, *rollup.measures]
    values = [
        *rollup.key.values(),
        *rollup.attrs.values(),
        *(f"{sign} * {_measure(e)}" for e in rollup.measures.values()),
    ]
    updates = [f"{m} = {m} + excluded.{m}" for m in rollup.measures]
    updates += [f"{a} = coalesce(excluded.{a}, {a})" for a in rollup.attrs]
    return (
        f"INSERT INTO {rollup.table} ({', '.join(columns)}) SELECT {', '.join(values)} "
        f"FROM {source} WHERE true ON CONFLICT({', '.join(rollup.key)}) "
        f"DO UPDATE SET {', '.join(updates)};"
    )


def _call_upserts(row: str, sign: int) -> list[str]:
    """The call ``row`` (OLD or NEW of ``calls``) in every rollup over calls."""
    calls = f"{_row_of(row, CALL_COLUMNS)} c"
    return [_upsert(r, _source(r, calls), sign) for r in ROLLUPS if not r.over_steps]


def _steps_of_call_upsert(row: str, sign: int) -> str:
    """Every stored step of the call ``row`` (OLD or NEW of ``calls``)."""
    return _upsert(STEPS, _source(STEPS, f"{_row_of(row, CALL_COLUMNS)} c"), sign)


def _step_upsert(row: str, sign: int) -> str:
    """The step ``row`` (OLD or NEW of ``call_steps``), under its call as it now stands."""
    return _upsert(STEPS, _source(STEPS, steps=f"{_row_of(row, STEP_COLUMNS)} s"), sign)


def trigger_sql() -> list[str]:
    """The CREATE TRIGGER statements that keep the rollups current."""

    def trigger(name: str, event: str, body: list[str], when: str = "") -> str:
        when_sql = f" WHEN {when}" if when else ""
        return f"CREATE TRIGGER {name} AFTER {event}{when_sql} BEGIN\n" + "\n".join(body) + "\nEND"

    return [
        trigger(
            "rollup_calls_insert",
            "INSERT ON calls",
            [*_call_upserts("NEW", 1), _steps_of_call_upsert("NEW", 1)],
        ),
        trigger(
            "rollup_calls_update",
            "UPDATE ON calls",
            [*_call_upserts("OLD", -1), *_call_upserts("NEW", 1)],
            changed(c for c in CALL_COLUMNS if c != "id"),
        ),
        trigger(
            "rollup_calls_move_steps",
            "UPDATE ON calls",
            [_steps_of_call_upsert("OLD", -1), _steps_of_call_upsert("NEW", 1)],
            changed(STEP_DEPENDS_ON),
        ),
        trigger(
            "rollup_calls_delete",
            "DELETE ON calls",
            [*_call_upserts("OLD", -1), _steps_of_call_upsert("OLD", -1)],
        ),
        trigger("rollup_steps_insert", "INSERT ON call_steps", [_step_upsert("NEW", 1)]),
        trigger(
            "rollup_steps_update",
            "UPDATE ON call_steps",
            [_step_upsert("OLD", -1), _step_upsert("NEW", 1)],
            changed(STEP_COLUMNS),
        ),
        trigger("rollup_steps_delete", "DELETE ON call_steps", [_step_upsert("OLD", -1)]),
    ]


def _table_sql(rollup: Rollup) -> str:
    def kind(name: str, text: str) -> str:
        return "INTEGER" if name in _INTEGER else "REAL" if "seconds" in name else text

    columns = [f"{k} {kind(k, 'TEXT')} NOT NULL" for k in rollup.key]
    columns += [f"{a} {kind(a, 'TEXT')}" for a in rollup.attrs]
    columns += [f"{m} {kind(m, 'INTEGER')} NOT NULL DEFAULT 0" for m in rollup.measures]
    return (
        f"CREATE TABLE {rollup.table} ({', '.join(columns)}, "
        f"PRIMARY KEY ({', '.join(rollup.key)})) WITHOUT ROWID"
    )


def install(db: Database) -> None:
    """Create the rollups (afresh), fill them from the calls stored, and add the triggers.

    The rollups are derived data: they are made again like this after every schema change, so
    their columns and triggers always follow the definitions above.
    """
    conn = db.conn
    drop_triggers(db)
    for rollup in ROLLUPS:
        conn.execute(f"DROP TABLE IF EXISTS {rollup.table}")
        conn.execute(_table_sql(rollup))
    rebuild(db)
    for sql in trigger_sql():
        conn.execute(sql)


def installed(db: Connected) -> bool:
    """Whether the data derived from the calls is whole: the rollups current and kept by their
    triggers, and the search documents and the per-call figures too where the file has them
    (what an opening checks before reading a file as it is; :func:`ensure` repairs)."""
    return (
        usable(db)
        and (not call_search.present(db) or call_search.installed(db))
        and (not call_figures.present(db) or call_figures.installed(db))
    )


def usable(db: Connected) -> bool:
    """Whether this database has the rollups, current and kept: their tables there and their
    triggers exactly as defined above (a file from before them, or whose rollups an older
    callmate made, is read from its calls until it is brought up to date)."""
    found = dict(
        db.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type IN ('trigger', 'table') "
            "AND name LIKE 'rollup_%'"
        ).fetchall()
    )
    return all(r.table in found for r in ROLLUPS) and all(
        " ".join(str(found.get(name, "")).split()) == sql for name, sql in _expected().items()
    )


@functools.cache
def _expected() -> dict[str, str]:
    """Each trigger's SQL as defined now, spaces normalised."""
    return {
        re.findall(r"CREATE TRIGGER (\w+)", sql)[0]: " ".join(sql.split()) for sql in trigger_sql()
    }


def rebuild(db: Connected) -> None:
    """Recompute the rollups from the calls and steps (after a bulk load, or to repair)."""
    conn = db.conn
    for rollup in ROLLUPS:
        conn.execute(f"DELETE FROM {rollup.table}")
        names = ", ".join([*rollup.key, *rollup.attrs, *rollup.measures])
        conn.execute(f"INSERT INTO {rollup.table} ({names}) {select(rollup)}")


def drop_triggers(db: Connected) -> None:
    """Stop keeping the rollups current (before a bulk load; :func:`restore` after it)."""
    for name in TRIGGERS:
        db.conn.execute(f"DROP TRIGGER IF EXISTS {name}")


def restore(db: Database) -> None:
    """Make the rollups again (their tables too: a file may hold an older shape of them) and put
    the triggers back, with the search documents and the per-call figures when they were
    suspended too, in one transaction."""
    with db.atomic():
        install(db)
        _by_call(db)


def ensure(db: Database) -> bool:
    """Repair rollups, search documents or per-call figures left without their triggers (a bulk
    load that was killed); True if something was repaired."""
    tables = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "rollup_calls" in tables and not usable(db):
        restore(db)  # the rest too, if it needs it
        return True
    if (call_search.present(db) and not call_search.installed(db)) or (
        call_figures.present(db) and not call_figures.installed(db)
    ):
        with db.atomic():
            _by_call(db)
        return True
    return False


def _by_call(db: Database) -> None:
    """Make the search documents and the per-call figures whole again, where the file has them
    and they are not (new documents have new keys: the figures follow them)."""
    documents = call_search.present(db) and not call_search.installed(db)
    if documents:
        call_figures.drop_triggers(db.conn)  # remade below, once, not call by call
        if call_search.current(db):
            call_search.rebuild(db.conn)
        else:
            call_search.create(db.conn)
    if call_figures.present(db) and (documents or not call_figures.installed(db)):
        call_figures.create(db.conn)  # its tables too: one may be missing, or of an older shape


@contextlib.contextmanager
def suspended(db: Database) -> Iterator[None]:
    """For a bulk load: no per-row triggers (rollups, search documents, per-call figures); one
    rebuild at the end, even after an error.

    The load may commit as it goes; readers meanwhile see rollups that are behind (statistics
    then fall back to the calls themselves, see ``installed``), never wrong ones afterwards.
    """
    with db.atomic():
        drop_triggers(db)
        call_search.drop_triggers(db.conn)
        call_figures.drop_triggers(db.conn)
    try:
        yield
    finally:
        restore(db)
