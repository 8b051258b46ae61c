"""PostgreSQL for the stored models, derived from their declarations in ``callmate.models``.

Types: ``str`` is ``text``, ``int`` ``bigint``, ``float`` ``double precision`` and a mapping (an
event's data) ``jsonb``; a field that cannot be ``None`` is ``NOT NULL``; the model's ``KEY`` is
the primary key; what each column may hold is a CHECK constraint built from its rule in
``callmate.validate`` (:func:`checks`). No column name is written here: every statement is built
from the models and their rules.
"""

from __future__ import annotations

import hashlib
from dataclasses import MISSING, fields
from typing import Any

from callmate.models import STORED, CallRow, ChecklistRow, columns, sql_type
from callmate.validate import KEY_DIGITS, MAX_TEXT, ORDER, RULES, TIME_PATTERN, Rule

#: The PostgreSQL schema (namespace) that holds callmate's tables on the hub.
SCHEMA = "callmate"
#: A hub-only column of ``calls``: the transaction that last wrote the row, so a pull can ask for
#: what changed since the last one (see ``hub.pull``).
XID_COLUMN = "hub_xid"
#: Parents first: the order rows are written in.
MODELS: tuple[type, ...] = (ChecklistRow, *(m for m in STORED if m is not ChecklistRow))
_PG = {str: "text", int: "bigint", float: "double precision"}


def table(model: type) -> str:
    return f"{SCHEMA}.{model.TABLE}"  # type: ignore[attr-defined]


def stage(model: type) -> str:
    """The session's temporary table a push copies ``model``'s rows into first."""
    return f"pg_temp.stage_{model.TABLE}"  # type: ignore[attr-defined]


def _declared(model: type, name: str) -> str:
    return str(next(f.type for f in fields(model) if f.name == name))


def pg_type(model: type, name: str) -> str:
    """The PostgreSQL type of a field."""
    if _declared(model, name).startswith("dict"):
        return "jsonb"
    return _PG[sql_type(model, name)]


def nullable(model: type, name: str) -> bool:
    return "None" in _declared(model, name)


def is_json(model: type, name: str) -> bool:
    return pg_type(model, name) == "jsonb"


def key(model: type) -> tuple[str, ...]:
    return tuple(model.KEY)  # type: ignore[attr-defined]


def create_table(model: type) -> str:
    """``CREATE TABLE`` for a model: its columns, ``NOT NULL`` where it has no ``None``, its key,
    and for a call's rows a foreign key to the call."""
    parts = [
        f"{c} {pg_type(model, c)}{'' if nullable(model, c) else ' NOT NULL'}"
        for c in columns(model)
    ]
    if model is CallRow:
        parts.append(f"{XID_COLUMN} xid8 NOT NULL DEFAULT pg_current_xact_id()")
    parts.append(f"PRIMARY KEY ({', '.join(key(model))})")
    if "call_id" in columns(model) and model is not CallRow:
        parts.append(f"FOREIGN KEY (call_id) REFERENCES {table(CallRow)} (id)")
    return f"CREATE TABLE {table(model)} ({', '.join(parts)})"


def add_column(model: type, name: str) -> str:
    """``ALTER TABLE … ADD COLUMN`` for a field a model gained after the hub was made: rows
    already there take the field's default (as ``models.from_row`` reads a missing value)."""
    field = next(f for f in fields(model) if f.name == name)
    column = f"{name} {pg_type(model, name)}"
    if field.default is not MISSING and field.default is not None:
        column += f" DEFAULT {_literal(field.default)}"
        column += "" if nullable(model, name) else " NOT NULL"
    return f"ALTER TABLE {table(model)} ADD COLUMN IF NOT EXISTS {column}"


def create_stage(model: type) -> str:
    """A temporary table with the model's columns, emptied at every commit."""
    cols = ", ".join(f"{c} {pg_type(model, c)}" for c in columns(model))
    return f"CREATE TEMP TABLE IF NOT EXISTS stage_{model.TABLE} ({cols}) ON COMMIT DELETE ROWS"  # type: ignore[attr-defined]


def copy_in(model: type) -> str:
    return f"COPY {stage(model)} ({', '.join(columns(model))}) FROM STDIN"


def upsert_from_stage(model: type) -> str:
    """Write the staged rows: new ones are inserted, changed ones updated, equal ones left alone
    (so pushing the same rows again writes nothing, not even a new row version).

    A checklist is keyed by a hash of its text: one already there is kept as it is."""
    names = ", ".join(columns(model))
    head = (
        f"INSERT INTO {table(model)} ({names}) SELECT {names} FROM {stage(model)} "
        f"ON CONFLICT ({', '.join(key(model))}) DO "
    )
    rest = [c for c in columns(model) if c not in key(model)]
    if model is ChecklistRow or not rest:
        return head + "NOTHING"
    sets = ", ".join(f"{c} = excluded.{c}" for c in rest)
    old = ", ".join(f"{table(model)}.{c}" for c in rest)
    new = ", ".join(f"excluded.{c}" for c in rest)
    return f"{head}UPDATE SET {sets} WHERE ({old}) IS DISTINCT FROM ({new})"


def select(model: type, alias: str = "t") -> str:
    """The model's columns from ``alias``, in order, JSON as text (as SQLite stores it)."""
    return ", ".join(
        f"{alias}.{c}::text" if is_json(model, c) else f"{alias}.{c}" for c in columns(model)
    )


def sqlite_select(model: type) -> str:
    """The model's columns read from the local SQLite table, ready for the hub: a ``NULL``
    where the model has a default reads as that default (as ``models.from_row`` does), and an
    event's data that is not JSON is kept as ``{"text": ...}`` (as ``models.parse_data``)."""
    out = []
    for f in fields(model):
        if is_json(model, f.name):
            c = f.name
            out.append(
                f"CASE WHEN {c} IS NULL OR {c} = '' THEN '{{}}' WHEN json_valid({c}) "
                f"THEN {c} ELSE json_object('text', {c}) END"
            )
        elif f.default is not MISSING and f.default is not None:
            out.append(f"coalesce({f.name}, {_literal(f.default)})")
        else:
            out.append(f.name)
    return ", ".join(out)


#: The hub's function that says whether text is a stored time (``validate.is_time``).
TIME_FUNCTION = f"{SCHEMA}.is_time"
#: The names of the hub's CHECK constraints made from the rules start so; the rest of the name
#: is what is checked and a hash of how, so a rule that changes is a constraint that changes.
CHECK_PREFIX = "valid_"


def time_function() -> str:
    """The hub's ``is_time(text)``: the pattern, then a real day of its month (a date cast
    only once the pattern holds, so it never fails). Pure SQL, so PostgreSQL inlines it."""
    return (
        f"CREATE OR REPLACE FUNCTION {TIME_FUNCTION}(t text) RETURNS boolean LANGUAGE sql "
        "IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN t ~ "
        f"{_literal('^' + TIME_PATTERN + '$')} THEN substr(t, 9, 2)::int <= extract(day FROM "
        "(substr(t, 1, 7) || '-01')::date + interval '1 month' - interval '1 day') "
        "ELSE false END $$"
    )


def _condition(rule: Rule) -> str | None:
    c = rule.column
    if rule.kind in ("seconds", "count", "range"):
        # NaN is above every number in PostgreSQL, and Infinity above the highest.
        return f"{c} >= {rule.low} AND {c} <= {rule.high}"
    if rule.kind == "flag":
        return f"{c} IN (0, 1)"
    if rule.kind == "time":
        return f"{TIME_FUNCTION}({c})"
    if rule.kind == "choice":
        allowed = [*rule.choices, *([""] if rule.blank else [])]
        return f"{c} IN ({', '.join(map(_literal, allowed))})"
    if rule.kind == "key":
        return f"length({c}) BETWEEN 1 AND {rule.high}"
    if rule.kind == "text":
        return f"length({c}) <= {MAX_TEXT}"
    return None  # an event's data: jsonb holds only JSON


def checks(model: type) -> dict[str, str]:
    """The CHECK constraints of a model's table, by name: one a column (``NULL`` passes: the
    column's ``NOT NULL`` says whether it may be), the order of its times, and a checklist's
    key as the hash of its text."""
    found = {}
    for rule in RULES[model]:
        condition = _condition(rule)
        if condition is not None:
            found[rule.column] = f"{rule.column} IS NULL OR ({condition})"
    for first, then in ORDER.get(model, ()):
        # Stored times are one form, UTC, so their byte order is their time order.
        found[f"{then}_order"] = (
            f'{first} IS NULL OR {then} IS NULL OR {then} COLLATE "C" >= {first} COLLATE "C"'
        )
    if model is ChecklistRow:
        found["key_hash"] = f"key = {key_hash('toml')}"
    return {check_name(what, sql): sql for what, sql in found.items()}


def key_hash(text: str) -> str:
    """SQL for a checklist's key computed from its text (``validate.key_of``)."""
    return f"left(encode(sha256(convert_to({text}, 'UTF8')), 'hex'), {KEY_DIGITS})"


def check_name(what: str, sql: str) -> str:
    return f"{CHECK_PREFIX}{what}_{hashlib.sha256(sql.encode()).hexdigest()[:8]}"


def add_check(model: type, name: str, sql: str) -> str:
    """Add a CHECK constraint to a model's table for new and changed rows (``NOT VALID``: rows
    already there, from before it, are not checked by the hub; a pull checks them)."""
    return f"ALTER TABLE {table(model)} ADD CONSTRAINT {name} CHECK ({sql}) NOT VALID"


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)
