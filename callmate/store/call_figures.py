"""Each call's figures kept ready beside its search document, for statistics over a search.

A search's statistics have no rollup to lean on: which calls match is known only from the search.
Computed from ``calls`` and ``call_steps``, each matching call is looked up by its text id and
every measure of each of its steps evaluated, about 30 µs a call: two seconds for a search that
matches 60,000 calls of a million. So each call also has one row of ``call_figures``, keyed by
its search document's key (the full-text index's rowid, so a match leads straight to it, in key
order), holding:

- the call columns a search's statistics read (its day, agent, outcome, status and sums), and
  its steps' adherence parts, summed;
- its steps (the break excepted), in order, in :data:`SLOTS` slots: ``shape`` numbers the kinds
  of step in them (``step_shapes``; a kind is a step of a checklist in a language, with its title,
  target and position: ``step_kinds``), ``marks`` holds four bits a slot (:data:`FLAGS`), and
  ``s0`` to ``s7`` their seconds. Calls alike in shape and marks are then counted together, and a
  search's steps cost a few sums a call, not a row a step. A longer checklist's further steps
  are rows of ``step_figures`` (``extra`` says a call has some);
- its checklist and language, the phrases it copied (``phrases`` numbers the set of them,
  ``phrase_sets``: each phrase's step and number, once however often copied) and whether it put
  the customer on hold (``hold``): what goes with calls that end well (``review.insights``) is
  then counted off these rows alone, not off every event.

All of it is derived data, evaluated by the rollups' own expressions (``store.rollup_defs``),
made whole by :func:`rebuild` and kept by triggers: whenever a call, one of its steps, a phrase
copy or hold of it or its search document changes, that call's rows are made again from what is
stored (nothing is added up, so nothing can drift).
"""

from __future__ import annotations

import functools
import sqlite3

from callmate.models import CallRow, sql_name
from callmate.store import call_search
from callmate.store.call_search import TABLE as DOCUMENTS, Connected
from callmate.store.rollup_defs import (
    ADHERENCE_PARTS,
    CALL_KEY,
    CALL_MEASURES,
    CALL_SUMS,
    HANDLED,
    STEP_COLUMNS,
    STEP_MEASURES,
    changed,
    read,
)

CALLS_TABLE = "call_figures"
STEPS_TABLE = "step_figures"
KINDS_TABLE = "step_kinds"
SHAPES_TABLE = "step_shapes"
PHRASES_TABLE = "phrase_sets"
QUEUE_TABLE = "figures_queue"  # always empty: a call's id passes through it (``_queue``)
TABLES = (CALLS_TABLE, STEPS_TABLE, KINDS_TABLE, SHAPES_TABLE, PHRASES_TABLE, QUEUE_TABLE)


#: The call columns kept: what a search's statistics read of a call (its day, its key in the
#: statistics, its sums, whether it was handled).
CALL_COLUMNS = read(
    "c",
    "c.started_at",
    *(CALL_KEY[k] for k in ("agent", "outcome", "status")),
    *(CALL_MEASURES[m] for m in CALL_SUMS[1:]),
    HANDLED,
)
#: Steps kept in the call's own row; a call's further steps are rows of ``step_figures``.
SLOTS = 8
#: A step's yes-or-no figures, one bit each (in this order) in its slot of ``marks``.
FLAGS = ("visited", "skipped", "excused", "over")
#: What names a kind of step: a step of a checklist in a language, with its title, target and
#: position (its target counts once a step, so it need not be kept a step).
KIND = {
    "checklist_id": "coalesce(c.checklist_id, '')",
    "language": "coalesce(c.language, '')",
    "step_id": "coalesce(s.step_id, '')",
    "title": "coalesce(s.title, '')",
    "target_seconds": STEP_MEASURES["target_seconds"],
    "position": "s.position",
}
_NOT_BREAK = "s.kind IS NOT 'break'"
#: The events a call's phrases and hold are read from.
EVENT_KINDS = ("phrase_copied", "hold_started")
#: A copied phrase's number, as text (a hand-made row's data that is no JSON: none).
NUMBER = "CASE WHEN json_valid(e.data) THEN CAST(json_extract(e.data, '$.number') AS TEXT) END"
#: A copied phrase in a call's set: its step, a tab, its number (``''`` for none); the phrases
#: of a set are apart by new lines.
_PHRASE = f"coalesce(e.step_id, '') || char(9) || coalesce({NUMBER}, '')"
#: The columns kept of a call for its phrases and hold.
EVENT_COLUMNS = ("checklist", "language", "phrases", "hold")
_SECONDS = tuple(f"s{j}" for j in range(SLOTS))
#: What goes with calls that end well (``review.insights``) reads every wrapped-up call's row
#: grouped by its steps' shape and marks, and by its phrases and hold: each an index holding all
#: it reads (its outcome, escalation and follow-up, the steps' seconds, and the agent and day a
#: filter most often names), walked in the order of the grouping rather than every row sorted
#: (a million rows: 1.4 s sorted, 0.2 s walked).
_READ_BY_INSIGHTS = ("status", "outcome", "escalated", "follow_up_at", "agent", "started_at")
INDEXES = {
    "idx_figures_steps": ("shape", "marks", *_READ_BY_INSIGHTS, *_SECONDS),
    "idx_figures_phrases": ("phrases", "hold", "checklist", "language", *_READ_BY_INSIGHTS),
}


def _measure(name: str) -> str:
    return f"coalesce(({STEP_MEASURES[name]}), 0)"


def _steps_source(call_id: str | None) -> str:
    where = f"s.call_id = {call_id} AND {_NOT_BREAK}" if call_id else _NOT_BREAK
    return f"FROM call_steps s JOIN calls c ON c.id = s.call_id WHERE {where}"


def _kinds_of(call_id: str | None) -> str:
    """``INSERT`` of the kinds of the steps of the call ``call_id`` (an SQL expression), or of
    every call, that are not named yet."""
    return (
        f"INSERT INTO {KINDS_TABLE} ({', '.join(KIND)}) SELECT DISTINCT "
        f"{', '.join(KIND.values())} {_steps_source(call_id)} "
        f"ON CONFLICT DO NOTHING"
    )


def _ranked(call_id: str | None) -> str:
    """The steps of the call ``call_id`` (or of every call) with their kind, figures and rank
    (0 for the first, the break left out)."""
    same = " AND ".join(f"k.{name} = {expr}" for name, expr in KIND.items())
    figures = ", ".join(f"{_measure(m)} AS {m}" for m in (*FLAGS, "seconds"))
    return (
        f"(SELECT s.call_id, s.position, k.id AS kind, {figures}, row_number() OVER "
        f"(PARTITION BY s.call_id ORDER BY s.position) - 1 AS rank "
        f"FROM call_steps s JOIN calls c ON c.id = s.call_id JOIN {KINDS_TABLE} k ON {same} "
        f"WHERE {f's.call_id = {call_id} AND ' if call_id else ''}{_NOT_BREAK})"
    )


def _slot(j: int, value: str) -> str:
    return f"max(CASE WHEN r.rank = {j} THEN {value} END)"


#: The kinds in a call's slots, as the text naming its shape ("12 5 7 " ...).
_SHAPE = " || ' ' || ".join(f"coalesce({_slot(j, 'r.kind')}, '')" for j in range(SLOTS))
_BITS = " | ".join(f"(r.{flag} << {i})" for i, flag in enumerate(FLAGS))


def _slots_of(call_id: str | None) -> str:
    """The slots of the call ``call_id`` (or of each call): shape text, marks, seconds, extra."""
    seconds = ", ".join(f"{_slot(j, 'r.seconds')} AS {name}" for j, name in enumerate(_SECONDS))
    group = "" if call_id else " GROUP BY r.call_id"
    return (
        f"(SELECT r.call_id, {_SHAPE} AS shape, "
        f"sum(CASE WHEN r.rank < {SLOTS} THEN ({_BITS}) << ({len(FLAGS)} * r.rank) ELSE 0 END) "
        "AS marks, "
        f"{seconds}, max(r.rank >= {SLOTS}) AS extra FROM {_ranked(call_id)} r{group})"
    )


def _shapes_of(call_id: str | None) -> str:
    """``INSERT`` of the shapes of the call ``call_id`` (or of every call) not numbered yet."""
    return (
        f"INSERT INTO {SHAPES_TABLE} (kinds) SELECT DISTINCT t.shape FROM {_slots_of(call_id)} "
        f"t WHERE t.shape IS NOT NULL ON CONFLICT DO NOTHING"
    )


def _phrases_of(call_id: str | None) -> str:
    """The set of the phrases the call ``call_id`` (or each call) copied, as text."""
    where = f" AND e.call_id = {call_id}" if call_id else ""
    return (
        "(SELECT p.call_id, group_concat(p.phrase, char(10)) AS phrases FROM "
        f"(SELECT DISTINCT e.call_id, {_PHRASE} AS phrase FROM events e "
        f"WHERE e.kind = 'phrase_copied'{where} ORDER BY 1, 2) p GROUP BY p.call_id)"
    )


def _phrase_sets_of(call_id: str | None) -> str:
    """``INSERT`` of the phrase sets of the call ``call_id`` (or every call) not numbered yet."""
    return (
        f"INSERT INTO {PHRASES_TABLE} (phrases) SELECT DISTINCT p.phrases FROM "
        f"{_phrases_of(call_id)} p WHERE true ON CONFLICT DO NOTHING"
    )


def _calls_of(call_id: str | None) -> str:
    """``SELECT`` of the row of the call ``call_id`` (an SQL expression), or of every call."""
    parts = ", ".join(f"sum({_measure(p)}) AS {p}" for p in ADHERENCE_PARTS)
    summed = ", ".join(f"coalesce(a.{p}, 0)" for p in ADHERENCE_PARTS)
    columns = ", ".join(f"c.{name}" for name in CALL_COLUMNS)
    slots = (
        f"(SELECT id FROM {SHAPES_TABLE} WHERE kinds = t.shape), coalesce(t.marks, 0), "
        + ", ".join(f"t.{name}" for name in _SECONDS)
        + ", coalesce(t.extra, 0)"
        f", coalesce(c.checklist_id, ''), coalesce(c.language, ''), "
        f"(SELECT id FROM {PHRASES_TABLE} WHERE phrases = p.phrases), EXISTS (SELECT 1 FROM "
        "events h WHERE h.call_id = c.id AND h.kind = 'hold_started')"
    )
    if call_id:
        steps = f"(SELECT {parts} {_steps_source(call_id)}) a"
        return (
            f"SELECT d.key, {columns}, {summed}, {slots} FROM {DOCUMENTS} d JOIN calls c "
            f"ON c.id = d.call_id CROSS JOIN {steps} CROSS JOIN {_slots_of(call_id)} t "
            f"LEFT JOIN {_phrases_of(call_id)} p ON p.call_id = c.id WHERE d.call_id = {call_id}"
        )
    steps = f"(SELECT s.call_id, {parts} {_steps_source(None)} GROUP BY s.call_id) a"
    return (
        f"SELECT d.key, {columns}, {summed}, {slots} FROM {DOCUMENTS} d JOIN calls c "
        f"ON c.id = d.call_id LEFT JOIN {steps} ON a.call_id = c.id "
        f"LEFT JOIN {_slots_of(None)} t ON t.call_id = c.id "
        f"LEFT JOIN {_phrases_of(None)} p ON p.call_id = c.id"
    )


def _extra_of(call_id: str | None) -> str:
    """``SELECT`` of the steps past the slots of the call ``call_id`` (or of every call)."""
    where = f"d.call_id = {call_id} AND " if call_id else ""
    return (
        f"SELECT d.key, r.position, r.kind, {', '.join(f'r.{m}' for m in (*FLAGS, 'seconds'))} "
        f"FROM {DOCUMENTS} d JOIN {_ranked(call_id)} r ON r.call_id = d.call_id "
        f"WHERE {where}r.rank >= {SLOTS}"
    )


def _names(table: str) -> str:
    if table == CALLS_TABLE:
        return ", ".join(
            [
                "key",
                *CALL_COLUMNS,
                *ADHERENCE_PARTS,
                "shape",
                "marks",
                *_SECONDS,
                "extra",
                *EVENT_COLUMNS,
            ]
        )
    return ", ".join(["key", "position", "kind", *FLAGS, "seconds"])


def _refresh(call_id: str) -> list[str]:
    """The statements that make the rows of the call ``call_id`` (an SQL expression) again."""
    # Deleted, then inserted: a trigger's OR REPLACE would give way to the outer statement's
    # conflict clause.
    return [
        *_forget(f"(SELECT key FROM {DOCUMENTS} WHERE call_id = {call_id})"),
        f"{_kinds_of(call_id)};",
        f"{_shapes_of(call_id)};",
        f"{_phrase_sets_of(call_id)};",
        f"INSERT INTO {STEPS_TABLE} ({_names(STEPS_TABLE)}) {_extra_of(call_id)};",
        f"INSERT INTO {CALLS_TABLE} ({_names(CALLS_TABLE)}) {_calls_of(call_id)};",
    ]


def _forget(key: str) -> list[str]:
    return [f"DELETE FROM {t} WHERE key = {key};" for t in (STEPS_TABLE, CALLS_TABLE)]


#: Every call column the rows are made of: the kept ones, and what the steps' kinds and figures
#: read of their call (its checklist and language, at fault, escalated).
_STEP_READ = (*KIND.values(), *(STEP_MEASURES[m] for m in (*FLAGS, "seconds", *ADHERENCE_PARTS)))
_CALL_READ = tuple(dict.fromkeys(("id", *CALL_COLUMNS, *read("c", *_STEP_READ))))


def _queue(call_id: str) -> list[str]:
    """Ask for the rows of the call ``call_id`` (an SQL expression) to be made again: a row of
    ``figures_queue``, whose one trigger does it (the statements are written once, so a
    connection has little schema to read)."""
    return [f"INSERT INTO {QUEUE_TABLE} (call_id) VALUES ({call_id});"]


_EVENTS = "(" + ", ".join(f"'{k}'" for k in EVENT_KINDS) + ")"

#: name: (event, condition, body)
# fmt: off
_TRIGGERS = {
    "figures_refresh": (f"AFTER INSERT ON {QUEUE_TABLE}", "",
                        [*_refresh("NEW.call_id"),
                         f"DELETE FROM {QUEUE_TABLE} WHERE rowid = NEW.rowid;"]),
    "figures_document_insert": (f"AFTER INSERT ON {DOCUMENTS}", "", _queue("NEW.call_id")),
    "figures_document_update": (f"AFTER UPDATE OF key, call_id ON {DOCUMENTS}", "",
                                [*_forget("OLD.key"), *_queue("NEW.call_id")]),
    "figures_document_delete": (f"AFTER DELETE ON {DOCUMENTS}", "", _forget("OLD.key")),
    "figures_call_update": ("AFTER UPDATE ON calls", changed(_CALL_READ), _queue("NEW.id")),
    "figures_step_insert": ("AFTER INSERT ON call_steps", "", _queue("NEW.call_id")),
    "figures_step_update": ("AFTER UPDATE ON call_steps", changed(STEP_COLUMNS),
                            _queue("NEW.call_id")),
    "figures_step_moved": ("AFTER UPDATE OF call_id ON call_steps",
                           "OLD.call_id IS NOT NEW.call_id", _queue("OLD.call_id")),
    "figures_step_delete": ("AFTER DELETE ON call_steps", "", _queue("OLD.call_id")),
    "figures_event_insert": ("AFTER INSERT ON events", f"NEW.kind IN {_EVENTS}",
                             _queue("NEW.call_id")),
    "figures_event_update": ("AFTER UPDATE ON events",
                             f"(OLD.kind IN {_EVENTS} OR NEW.kind IN {_EVENTS}) AND "
                             f"({changed(('call_id', 'kind', 'step_id', 'data'))})",
                             [*_queue("OLD.call_id"), *_queue("NEW.call_id")]),
    "figures_event_delete": ("AFTER DELETE ON events", f"OLD.kind IN {_EVENTS}",
                             _queue("OLD.call_id")),
}
# fmt: on
TRIGGERS = tuple(_TRIGGERS)


def trigger_sql() -> list[str]:
    """The ``CREATE TRIGGER`` statements that keep the figures current."""
    return call_search.trigger_sql(_TRIGGERS)


def _table_sql() -> list[str]:
    calls = [f"{c} {sql_name(CallRow, c)}" for c in CALL_COLUMNS]
    calls += [f"{p} INTEGER NOT NULL DEFAULT 0" for p in ADHERENCE_PARTS]
    calls += ["shape INTEGER", "marks INTEGER NOT NULL DEFAULT 0"]
    calls += [f"{name} REAL" for name in _SECONDS] + ["extra INTEGER NOT NULL DEFAULT 0"]
    calls += ["checklist TEXT NOT NULL DEFAULT ''", "language TEXT NOT NULL DEFAULT ''"]
    calls += ["phrases INTEGER", "hold INTEGER NOT NULL DEFAULT 0"]
    steps = [f"{flag} INTEGER NOT NULL DEFAULT 0" for flag in FLAGS] + ["seconds REAL"]
    kinds = ", ".join(
        f"{name} {'INTEGER' if name in ('target_seconds', 'position') else 'TEXT'} NOT NULL"
        for name in KIND
    )
    return [
        f"CREATE TABLE {CALLS_TABLE} (key INTEGER PRIMARY KEY, {', '.join(calls)})",
        f"CREATE TABLE {STEPS_TABLE} (key INTEGER NOT NULL, position INTEGER NOT NULL, "
        f"kind INTEGER NOT NULL, {', '.join(steps)}, PRIMARY KEY (key, position)) WITHOUT ROWID",
        f"CREATE TABLE {KINDS_TABLE} (id INTEGER PRIMARY KEY, {kinds}, UNIQUE ({', '.join(KIND)}))",
        f"CREATE TABLE {SHAPES_TABLE} (id INTEGER PRIMARY KEY, kinds TEXT NOT NULL UNIQUE)",
        f"CREATE TABLE {PHRASES_TABLE} (id INTEGER PRIMARY KEY, phrases TEXT NOT NULL UNIQUE)",
        f"CREATE TABLE {QUEUE_TABLE} (call_id TEXT)",
        *(f"CREATE INDEX {n} ON {CALLS_TABLE} ({', '.join(c)})" for n, c in INDEXES.items()),
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
    conn.execute(_shapes_of(None))
    conn.execute(_phrase_sets_of(None))
    conn.execute(f"INSERT INTO {STEPS_TABLE} ({_names(STEPS_TABLE)}) {_extra_of(None)}")
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
    found = dict(
        db.conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
            TRIGGERS,
        ).fetchall()
    )
    expected = _expected()
    tables = db.conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
        f"({', '.join('?' for _ in TABLES)})",
        TABLES,
    ).fetchone()[0]
    return tables == len(TABLES) and all(
        " ".join(str(found.get(n, "")).split()) == expected[n] for n in TRIGGERS
    )


@functools.cache
def _expected() -> dict[str, str]:
    return {name: " ".join(sql.split()) for name, sql in zip(TRIGGERS, trigger_sql(), strict=True)}
