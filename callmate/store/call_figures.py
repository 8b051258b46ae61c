"""Each call's figures kept ready beside its search document, for statistics over a search.

A search's statistics have no rollup to lean on: which calls match is known only from the search.
Computed from ``calls`` and ``call_steps``, each matching call is looked up by its text id and
every measure of each of its steps evaluated, about 30 µs a call: two seconds for a search that
matches 60,000 calls of a million. So each call also has

- one row of ``call_figures``, keyed by its search document's key (the full-text index's rowid,
  so a match leads straight to it, in key order), holding the call columns the rollups read
  (``rollup_defs.READ_FROM_CALLS``) and its steps' adherence parts, summed;
- one row of ``step_figures`` per step (the break excepted), keyed by the same key and the
  step's position, holding its figures (``rollup_defs.STEP_FIGURES``), evaluated once, and its
  kind: a number for the checklist, language, step and title it was, named in ``step_kinds``
  (so the statistics group the steps by one small number).

Both are derived data, defined by the rollups' own expressions, made whole by :func:`rebuild`
and kept by triggers: whenever a call, one of its steps or its search document changes, that
call's rows are made again from what is stored (a few rows; nothing is added up, so nothing can
drift).
"""

from __future__ import annotations

import functools
import sqlite3

from callmate.models import CallRow, sql_type
from callmate.store.call_search import TABLE as DOCUMENTS, Connected
from callmate.store.rollup_defs import (
    ADHERENCE_PARTS,
    READ_FROM_CALLS,
    STEP_COLUMNS,
    STEP_FIGURES,
    STEP_MEASURES,
)

CALLS_TABLE = "call_figures"
STEPS_TABLE = "step_figures"
KINDS_TABLE = "step_kinds"
TABLES = (CALLS_TABLE, STEPS_TABLE, KINDS_TABLE)
#: The call columns kept (the key stands for the id).
CALL_COLUMNS = tuple(c for c in READ_FROM_CALLS if c != "id")
#: What names a kind of step: a step of a checklist in a language, under a title.
KIND = {
    "checklist_id": "coalesce(c.checklist_id, '')",
    "language": "coalesce(c.language, '')",
    "step_id": "coalesce(s.step_id, '')",
    "title": "coalesce(s.title, '')",
}
_KEPT_MEASURES = tuple(m for m in STEP_FIGURES if m != "steps")  # steps: one a row
_NOT_BREAK = "s.kind IS NOT 'break'"
_SQL_TYPE = {str: "TEXT", int: "INTEGER", float: "REAL"}


def _measure(name: str) -> str:
    return f"coalesce(({STEP_MEASURES[name]}), 0)"


def _steps_source(call_id: str | None) -> str:
    where = f"s.call_id = {call_id} AND {_NOT_BREAK}" if call_id else _NOT_BREAK
    return f"FROM call_steps s JOIN calls c ON c.id = s.call_id WHERE {where}"


def _kinds_of(call_id: str | None) -> str:
    """``INSERT`` of the kinds of the steps of the call ``call_id`` (an SQL expression), or of
    every call, that are not named yet."""
    names = ", ".join(KIND)
    return (f"INSERT INTO {KINDS_TABLE} ({names}) SELECT DISTINCT {', '.join(KIND.values())} "
            f"{_steps_source(call_id)} ON CONFLICT DO NOTHING")  # fmt: skip


def _steps_of(call_id: str | None) -> str:
    """``SELECT`` of the step rows of the call ``call_id`` (an SQL expression), or of every call."""
    values = ", ".join(f"{_measure(m)} AS {m}" for m in _KEPT_MEASURES)
    same = " AND ".join(f"k.{name} = {expr}" for name, expr in KIND.items())
    where = f"d.call_id = {call_id} AND {_NOT_BREAK}" if call_id else _NOT_BREAK
    return (f"SELECT d.key, s.position, k.id, {values} FROM {DOCUMENTS} d "
            f"JOIN calls c ON c.id = d.call_id JOIN call_steps s ON s.call_id = c.id "
            f"JOIN {KINDS_TABLE} k ON {same} WHERE {where}")  # fmt: skip


def _calls_of(call_id: str | None) -> str:
    """``SELECT`` of the call row of the call ``call_id`` (an SQL expression), or of every call:
    its columns and its steps' adherence parts, summed."""
    parts = ", ".join(f"sum({_measure(p)}) AS {p}" for p in ADHERENCE_PARTS)
    summed = ", ".join(f"coalesce(a.{p}, 0)" for p in ADHERENCE_PARTS)
    columns = ", ".join(f"c.{name}" for name in CALL_COLUMNS)
    if call_id:
        steps = f"(SELECT {parts} {_steps_source(call_id)}) a"
        return (f"SELECT d.key, {columns}, {summed} FROM {DOCUMENTS} d JOIN calls c "
                f"ON c.id = d.call_id CROSS JOIN {steps} WHERE d.call_id = {call_id}")  # fmt: skip
    steps = f"(SELECT s.call_id, {parts} {_steps_source(None)} GROUP BY s.call_id) a"
    return (f"SELECT d.key, {columns}, {summed} FROM {DOCUMENTS} d JOIN calls c "
            f"ON c.id = d.call_id LEFT JOIN {steps} ON a.call_id = c.id")  # fmt: skip


def _names(table: str) -> str:
    if table == CALLS_TABLE:
        return ", ".join(["key", *CALL_COLUMNS, *ADHERENCE_PARTS])
    return ", ".join(["key", "position", "kind", *_KEPT_MEASURES])


def _refresh(call_id: str) -> list[str]:
    """The statements that make the rows of the call ``call_id`` (an SQL expression) again."""
    # Deleted, then inserted: a trigger's OR REPLACE would give way to the outer statement's
    # conflict clause.
    return [
        *_forget(f"(SELECT key FROM {DOCUMENTS} WHERE call_id = {call_id})"),
        f"{_kinds_of(call_id)};",
        f"INSERT INTO {STEPS_TABLE} ({_names(STEPS_TABLE)}) {_steps_of(call_id)};",
        f"INSERT INTO {CALLS_TABLE} ({_names(CALLS_TABLE)}) {_calls_of(call_id)};",
    ]


def _forget(key: str) -> list[str]:
    return [f"DELETE FROM {t} WHERE key = {key};" for t in (STEPS_TABLE, CALLS_TABLE)]


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)


#: name: (event, condition, body)
_TRIGGERS = {
    "figures_document_insert": (f"AFTER INSERT ON {DOCUMENTS}", "", _refresh("NEW.call_id")),
    "figures_document_update": (f"AFTER UPDATE OF key, call_id ON {DOCUMENTS}", "",
                                [*_forget("OLD.key"), *_refresh("NEW.call_id")]),
    "figures_document_delete": (f"AFTER DELETE ON {DOCUMENTS}", "", _forget("OLD.key")),
    "figures_call_update": ("AFTER UPDATE ON calls", _changed(READ_FROM_CALLS),
                            _refresh("NEW.id")),
    "figures_step_insert": ("AFTER INSERT ON call_steps", "", _refresh("NEW.call_id")),
    "figures_step_update": ("AFTER UPDATE ON call_steps", _changed(STEP_COLUMNS),
                            _refresh("NEW.call_id")),
    "figures_step_moved": ("AFTER UPDATE OF call_id ON call_steps",
                           "OLD.call_id IS NOT NEW.call_id", _refresh("OLD.call_id")),
    "figures_step_delete": ("AFTER DELETE ON call_steps", "", _refresh("OLD.call_id")),
}  # fmt: skip
TRIGGERS = tuple(_TRIGGERS)


def trigger_sql() -> list[str]:
    """The ``CREATE TRIGGER`` statements that keep the figures current."""
    return [
        f"CREATE TRIGGER {name} {event}{f' WHEN {when}' if when else ''} BEGIN\n"
        + "\n".join(body) + "\nEND"
        for name, (event, when, body) in _TRIGGERS.items()
    ]  # fmt: skip


def _table_sql() -> list[str]:
    calls = [f"{c} {_SQL_TYPE[sql_type(CallRow, c)]}" for c in CALL_COLUMNS]
    calls += [f"{p} INTEGER NOT NULL DEFAULT 0" for p in ADHERENCE_PARTS]
    steps = [f"{m} {'REAL' if 'seconds' in m else 'INTEGER'} NOT NULL DEFAULT 0"
             for m in _KEPT_MEASURES]  # fmt: skip
    kinds = ", ".join(f"{name} TEXT NOT NULL" for name in KIND)
    return [
        f"CREATE TABLE {CALLS_TABLE} (key INTEGER PRIMARY KEY, {', '.join(calls)})",
        f"CREATE TABLE {STEPS_TABLE} (key INTEGER NOT NULL, position INTEGER NOT NULL, "
        f"kind INTEGER NOT NULL, {', '.join(steps)}, PRIMARY KEY (key, position)) WITHOUT ROWID",
        f"CREATE TABLE {KINDS_TABLE} (id INTEGER PRIMARY KEY, {kinds}, "
        f"UNIQUE ({', '.join(KIND)}))",
    ]


def create(conn: sqlite3.Connection) -> None:
    """Make the tables (afresh), fill them from the calls stored, add the triggers."""
    drop_triggers(conn)
    for table in TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    for sql in _table_sql():
        conn.execute(sql)
    rebuild(conn)


def rebuild(conn: sqlite3.Connection) -> None:
    """Every call's rows made again from the calls, steps and documents stored, and the triggers
    put back (in the caller's transaction)."""
    drop_triggers(conn)
    for table in TABLES:
        conn.execute(f"DELETE FROM {table}")
    conn.execute(_kinds_of(None))
    conn.execute(f"INSERT INTO {STEPS_TABLE} ({_names(STEPS_TABLE)}) {_steps_of(None)}")
    conn.execute(f"INSERT INTO {CALLS_TABLE} ({_names(CALLS_TABLE)}) {_calls_of(None)}")
    for sql in trigger_sql():
        conn.execute(sql)


def drop_triggers(conn: sqlite3.Connection) -> None:
    """Stop keeping the figures current (a bulk load; :func:`rebuild` puts them back)."""
    for name in TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")


def present(db: Connected) -> bool:
    """Whether this log keeps the figures (a file from before them does not)."""
    found = db.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [CALLS_TABLE]
    ).fetchone()
    return found is not None


def installed(db: Connected) -> bool:
    """Whether the figures are there and kept current: every table, and every trigger exactly
    as defined here (one an older callmate made is not)."""
    marks = ", ".join("?" for _ in TRIGGERS)
    found = dict(db.conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
        TRIGGERS).fetchall())  # fmt: skip
    expected = _expected()
    tables = db.conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (?, ?, ?)", TABLES
    ).fetchone()[0]
    return tables == len(TABLES) and all(" ".join(str(found.get(n, "")).split()) == expected[n]
                               for n in TRIGGERS)  # fmt: skip


@functools.cache
def _expected() -> dict[str, str]:
    return {name: " ".join(sql.split()) for name, sql in zip(TRIGGERS, trigger_sql(), strict=True)}
