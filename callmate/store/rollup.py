"""Daily rollups that keep the review statistics fast at a million calls.

Two tables sum up the calls and their steps per UTC day, agent, outcome, status and checklist:

- ``rollup_calls``: one row per key, with counts and sums over the calls (handle time, escalations,
  warnings, ...);
- ``rollup_steps``: the same key plus the step, with counts and sums over the call steps (time
  against target, skipped, done in order, apology and thanks given, ...).

SQLite triggers on ``calls`` and ``call_steps`` keep them current as calls are written, so no
writing code has to know about them. Every figure is defined once below, as an SQL expression
over a call ``c`` and a step ``s``; the triggers, the full rebuild and the statistics over part of
a day (see ``store.stats``) are all generated from these definitions, so they cannot drift apart.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

#: The key of both rollups, from the call ``c``. Text, never NULL (NULLs are distinct in UNIQUE).
CALL_KEY = {
    "day": "substr(c.started_at, 1, 10)",
    "agent": "coalesce(c.agent, '')",
    "outcome": "coalesce(c.outcome, '')",
    "status": "coalesce(c.status, '')",
    "checklist_id": "coalesce(c.checklist_id, '')",
    "language": "coalesce(c.language, '')",
}
CALL_MEASURES = {
    "calls": "1",
    "timed": "c.duration_seconds IS NOT NULL",
    "seconds": "c.duration_seconds",
    "escalated": "c.escalated != 0",
    "at_fault": "c.at_fault != 0",
    "warned": "c.warnings > 0",
    "warnings": "c.warnings",
    "phrases": "c.phrases_copied",
    "notes": "c.notes_count",
    "follow_ups": "c.follow_up_at IS NOT NULL",
}
#: In this order, the statistics' GROUP BY (agent, checklist, step, status) reads the primary key
#: in order and needs no sort.
STEP_KEY = {
    "agent": CALL_KEY["agent"],
    "checklist_id": CALL_KEY["checklist_id"],
    "language": CALL_KEY["language"],
    "step_id": "coalesce(s.step_id, '')",
    "status": CALL_KEY["status"],
    "outcome": CALL_KEY["outcome"],
    "day": CALL_KEY["day"],
}
#: Descriptive step columns: the last written value wins.
STEP_ATTRS = {"title": "s.title", "kind": "s.kind", "position": "s.position"}
_TARGET = "coalesce(s.target_seconds, 0)"
#: A target that counts: set, and not soft (a soft target guides; it is never missed).
_FIRM = f"{_TARGET} > 0 AND NOT coalesce(s.soft_target, 0)"
STEP_MEASURES = {
    "steps": "1",
    "visited": "s.visits > 0",
    "done": "s.status = 'done'",
    "skipped": "s.status = 'skipped'",
    "in_order": "s.status = 'done' AND coalesce(s.visits, 0) <= 1",
    "seconds": "s.seconds",
    "targeted": f"{_FIRM} AND s.visits > 0",  # taken steps that have a firm target
    "target_seconds": _TARGET,
    "over": f"{_FIRM} AND s.seconds > {_TARGET}",
    "far_over": f"{_FIRM} AND s.seconds > 2 * {_TARGET}",
    "apology_owed": "s.kind = 'apology' AND c.at_fault != 0",
    "apology_given": "s.kind = 'apology' AND c.at_fault != 0 AND s.status = 'done'",
    "thanks_expected": "s.step_id = 'thank'",
    "thanked": "s.step_id = 'thank' AND s.status = 'done'",
}

def _read(alias: str, *exprs: dict[str, str]) -> tuple[str, ...]:
    """The columns of ``alias`` (``c`` or ``s``) that the expressions read, in first-seen order."""
    found = re.findall(rf"\b{alias}\.(\w+)", " ".join(e for d in exprs for e in d.values()))
    return tuple(dict.fromkeys(found))


#: The call columns the expressions above read (a change to one of them moves a contribution),
#: and the step columns; derived from the expressions, so they cannot fall out of step.
CALL_COLUMNS = ("id", *_read("c", CALL_KEY, CALL_MEASURES))
STEP_COLUMNS = tuple(dict.fromkeys(("call_id", "position",
                                    *_read("s", STEP_KEY, STEP_ATTRS, STEP_MEASURES))))  # fmt: skip
#: The call columns a step's contribution depends on (its key, and the at-fault flag).
STEP_DEPENDS_ON = _read("c", STEP_KEY, STEP_MEASURES)
TRIGGERS = (
    "rollup_calls_insert", "rollup_calls_update", "rollup_calls_delete",
    "rollup_calls_move_steps", "rollup_steps_insert", "rollup_steps_update",
    "rollup_steps_delete",
)  # fmt: skip


def _measure(expr: str) -> str:
    return f"coalesce(({expr}), 0)"


def select_calls(where: str = "", grouped: bool = True) -> str:
    """Rollup-shaped rows computed from ``calls c`` (optionally filtered by ``where``)."""
    keys = ", ".join(f"{e} AS {k}" for k, e in CALL_KEY.items())
    if grouped:
        sums = ", ".join(f"sum({_measure(e)}) AS {k}" for k, e in CALL_MEASURES.items())
        group = " GROUP BY " + ", ".join(CALL_KEY.values())
    else:
        sums = ", ".join(f"{_measure(e)} AS {k}" for k, e in CALL_MEASURES.items())
        group = ""
    return f"SELECT {keys}, {sums} FROM calls c {where}{group}"


def select_steps(where: str = "", grouped: bool = True) -> str:
    """Rollup-shaped rows computed from ``call_steps s JOIN calls c`` (filtered by ``where``)."""
    keys = ", ".join(f"{e} AS {k}" for k, e in STEP_KEY.items())
    if grouped:
        attrs = ", ".join(f"max({e}) AS {k}" for k, e in STEP_ATTRS.items())
        sums = ", ".join(f"sum({_measure(e)}) AS {k}" for k, e in STEP_MEASURES.items())
        group = " GROUP BY " + ", ".join(STEP_KEY.values())
    else:
        attrs = ", ".join(f"{e} AS {k}" for k, e in STEP_ATTRS.items())
        sums = ", ".join(f"{_measure(e)} AS {k}" for k, e in STEP_MEASURES.items())
        group = ""
    return (
        f"SELECT {keys}, {attrs}, {sums} FROM call_steps s JOIN calls c ON c.id = s.call_id "
        f"{where}{group}"
    )


def _row_of(prefix: str, columns: tuple[str, ...]) -> str:
    """``(SELECT NEW.a AS a, NEW.b AS b)``: a trigger's OLD or NEW row as a one-row table."""
    return "(SELECT " + ", ".join(f"{prefix}.{c} AS {c}" for c in columns) + ")"


def _upsert(table: str, keys: dict, attrs: dict, measures: dict, source: str, sign: int) -> str:
    columns = [*keys, *attrs, *measures]
    values = [
        *keys.values(),
        *attrs.values(),
        *(f"{sign} * {_measure(e)}" for e in measures.values()),
    ]
    updates = [f"{m} = {m} + excluded.{m}" for m in measures]
    updates += [f"{a} = coalesce(excluded.{a}, {a})" for a in attrs]
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {source} "
        f"WHERE true ON CONFLICT({', '.join(keys)}) DO UPDATE SET {', '.join(updates)};"
    )


def _calls_upsert(row: str, sign: int) -> str:
    return _upsert("rollup_calls", CALL_KEY, {}, CALL_MEASURES, f"{_row_of(row, CALL_COLUMNS)} c",
                   sign)  # fmt: skip


def _steps_of_call_upsert(row: str, sign: int) -> str:
    """Every stored step of the call ``row`` (OLD or NEW of ``calls``)."""
    source = f"call_steps s JOIN {_row_of(row, CALL_COLUMNS)} c ON c.id = s.call_id"
    return _upsert("rollup_steps", STEP_KEY, STEP_ATTRS, STEP_MEASURES, source, sign)


def _step_upsert(row: str, sign: int) -> str:
    """The step ``row`` (OLD or NEW of ``call_steps``), under its call as it now stands."""
    source = f"{_row_of(row, STEP_COLUMNS)} s JOIN calls c ON c.id = s.call_id"
    return _upsert("rollup_steps", STEP_KEY, STEP_ATTRS, STEP_MEASURES, source, sign)


def _changed(columns) -> str:
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)


def trigger_sql() -> list[str]:
    """The CREATE TRIGGER statements that keep both rollups current."""

    def trigger(name: str, event: str, body: list[str], when: str = "") -> str:
        when_sql = f" WHEN {when}" if when else ""
        return f"CREATE TRIGGER {name} AFTER {event}{when_sql} BEGIN\n" + "\n".join(body) + "\nEND"

    return [
        trigger("rollup_calls_insert", "INSERT ON calls",
                [_calls_upsert("NEW", 1), _steps_of_call_upsert("NEW", 1)]),
        trigger("rollup_calls_update", "UPDATE ON calls",
                [_calls_upsert("OLD", -1), _calls_upsert("NEW", 1)],
                _changed(c for c in CALL_COLUMNS if c != "id")),
        trigger("rollup_calls_move_steps", "UPDATE ON calls",
                [_steps_of_call_upsert("OLD", -1), _steps_of_call_upsert("NEW", 1)],
                _changed(STEP_DEPENDS_ON)),
        trigger("rollup_calls_delete", "DELETE ON calls",
                [_calls_upsert("OLD", -1), _steps_of_call_upsert("OLD", -1)]),
        trigger("rollup_steps_insert", "INSERT ON call_steps", [_step_upsert("NEW", 1)]),
        trigger("rollup_steps_update", "UPDATE ON call_steps",
                [_step_upsert("OLD", -1), _step_upsert("NEW", 1)],
                _changed(STEP_COLUMNS)),
        trigger("rollup_steps_delete", "DELETE ON call_steps", [_step_upsert("OLD", -1)]),
    ]  # fmt: skip


def _table_sql(name: str, keys: dict, attrs: dict, measures: dict) -> str:
    columns = [f"{k} TEXT NOT NULL" for k in keys]
    columns += [f"{a} {'INTEGER' if a == 'position' else 'TEXT'}" for a in attrs]
    columns += [f"{m} {'REAL' if 'seconds' in m else 'INTEGER'} NOT NULL DEFAULT 0"
                for m in measures]  # fmt: skip
    return (
        f"CREATE TABLE {name} ({', '.join(columns)}, PRIMARY KEY ({', '.join(keys)})) WITHOUT ROWID"
    )


def install(db) -> None:
    """Create both rollups (afresh), fill them from the calls stored, and add the triggers.

    The rollups are derived data: they are made again like this after every schema change, so
    their columns and triggers always follow the definitions above.
    """
    conn = db.conn
    drop_triggers(db)
    conn.execute("DROP TABLE IF EXISTS rollup_calls")
    conn.execute("DROP TABLE IF EXISTS rollup_steps")
    conn.execute(_table_sql("rollup_calls", CALL_KEY, {}, CALL_MEASURES))
    conn.execute(_table_sql("rollup_steps", STEP_KEY, STEP_ATTRS, STEP_MEASURES))
    rebuild(db)
    for sql in trigger_sql():
        conn.execute(sql)


def installed(db) -> bool:
    """Whether this database has the rollups (a file from before them may be read as it is)."""
    found = db.conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rollup_%'"
    ).fetchone()[0]
    return found == len(TRIGGERS)


def rebuild(db) -> None:
    """Recompute both rollups from the calls and steps (after a bulk load, or to repair)."""
    conn = db.conn
    conn.execute("DELETE FROM rollup_calls")
    conn.execute("DELETE FROM rollup_steps")
    conn.execute(f"INSERT INTO rollup_calls ({', '.join([*CALL_KEY, *CALL_MEASURES])}) "
                 f"{select_calls()}")  # fmt: skip
    names = ", ".join([*STEP_KEY, *STEP_ATTRS, *STEP_MEASURES])
    conn.execute(f"INSERT INTO rollup_steps ({names}) {select_steps()}")


def drop_triggers(db) -> None:
    """Stop keeping the rollups current (before a bulk load; :func:`restore` after it)."""
    for name in TRIGGERS:
        db.conn.execute(f"DROP TRIGGER IF EXISTS {name}")


def restore(db) -> None:
    """Recompute the rollups and put the triggers back, in one transaction."""
    with db.atomic():
        drop_triggers(db)
        rebuild(db)
        for sql in trigger_sql():
            db.conn.execute(sql)


def ensure(db) -> bool:
    """Repair rollups left without their triggers (a bulk load that was killed); True if done."""
    tables = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "rollup_calls" not in tables or installed(db):
        return False
    restore(db)
    return True


@contextlib.contextmanager
def suspended(db) -> Iterator[None]:
    """For a bulk load: no per-row triggers; one rebuild at the end, even after an error.

    The load may commit as it goes; readers meanwhile see rollups that are behind (statistics
    then fall back to the calls themselves, see ``installed``), never wrong ones afterwards.
    """
    with db.atomic():
        drop_triggers(db)
    try:
        yield
    finally:
        restore(db)
