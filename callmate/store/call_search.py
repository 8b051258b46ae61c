"""The search document of each call: all its notes and its summary in one full-text row.

A call matches a search when its notes and summary *together* hold every word, so each call is one
row of ``call_search`` (its notes joined in order, and its summary), indexed by the FTS5 table
``calls_fts`` (external content: the text is stored once, in ``call_search``). Triggers on
``calls`` and ``notes`` keep the documents current as calls are written, and triggers on
``call_search`` keep the index current, so no writing code has to know about any of it.

The row's ``key`` (the index's rowid) orders calls by time: the second ``started_at`` names,
shifted left by :data:`TIE_BITS`, plus a number for calls started in the same second. Reading the
index by rowid, newest first, therefore gives the newest matches first and can stop at a page
without counting every match. Its ``tags`` hold the call's agent and outcome as one word each
(:func:`tag`), so a search narrowed to an agent or outcome is answered by the index alone.

The documents hold the text as it is searched: the tokenizer folds case and strips diacritics
(ş ğ ç ö ü õ ä as s g c o u o a; I and İ as i), but the Turkish dotless ı is a letter of its own
to it, so the documents and every query fold it to i first (:data:`FOLDED`, :func:`fold` and
:func:`fold_sql`, one table for both): ``kirik`` finds ``kırık``.
"""

from __future__ import annotations

import sqlite3
from typing import Protocol

TABLE = "call_search"
INDEX = "calls_fts"
TOKENIZE = "unicode61 remove_diacritics 2"  # as the notes' own index (schema.m001)
#: Bits of the key for calls started in the same second (a million of them).
TIE_BITS = 20
#: Letters people type as another, which the tokenizer keeps apart: folded in the documents and
#: in the queries alike (the tokenizer does the rest).
FOLDED = {"ı": "i"}


class Connected(Protocol):
    """Anything holding a sqlite3 connection as ``conn`` (a sqlite-utils Database, a reader)."""

    @property
    def conn(self) -> sqlite3.Connection: ...


def second_sql(started_at: str) -> str:
    """SQL for the second a stored time names (its text, the offset aside: text order is time
    order), shifted to the start of its range of keys; 0 for text that is not a time."""
    return (
        f"(coalesce(CAST(strftime('%s', substr({started_at}, 1, 19)) AS INTEGER), 0) << {TIE_BITS})"
    )


def fold(text: str) -> str:
    """Typed text as the documents hold it (:data:`FOLDED`): ``kırık`` is ``kirik``."""
    for letter, plain in FOLDED.items():
        text = text.replace(letter, plain)
    return text


def fold_sql(expression: str) -> str:
    """SQL for the text of ``expression`` folded as :func:`fold` folds it."""
    for letter, plain in FOLDED.items():
        expression = f"replace({expression}, '{letter}', '{plain}')"
    return expression


def tag(kind: str, value: str | None) -> str:
    """The word that stands for an agent (``kind`` "a") or an outcome ("o") in ``tags``: the
    value's UTF-8 bytes in hex, so any name is one exact word."""
    return kind + (value or "").encode().hex()


def tags_sql(call: str) -> str:
    """SQL for the ``tags`` of the call ``call`` (NEW, OLD, or an alias of ``calls``)."""
    return (
        f"'a' || lower(hex(coalesce({call}.agent, ''))) || ' o' || "
        f"lower(hex(coalesce({call}.outcome, '')))"
    )


def notes_sql(call_id: str) -> str:
    """SQL for the notes of a call, joined in the order they were taken."""
    return (
        "coalesce((SELECT group_concat(text, char(10)) FROM (SELECT text FROM notes "
        f"WHERE call_id = {call_id} AND text IS NOT NULL ORDER BY seq)), '')"
    )


def _written(call_id: str, summary: str) -> str:
    """SQL for the ``notes, summary`` of a document, folded as they are searched."""
    summary = f"coalesce({summary}, '')"
    return f"{fold_sql(notes_sql(call_id))}, {fold_sql(summary)}"


def _new_key(started_at: str) -> str:
    """The next free key in the second of ``started_at``."""
    base = second_sql(started_at)
    return (
        f"coalesce((SELECT max(key) + 1 FROM {TABLE} WHERE key BETWEEN {base} AND "
        f"{base} + {(1 << TIE_BITS) - 1}), {base})"
    )


def _document(row: str) -> str:
    """``INSERT`` of the document of the call ``row`` (NEW or OLD of ``calls``)."""
    return (
        f"INSERT INTO {TABLE} (key, call_id, notes, summary, tags) VALUES "
        f"({_new_key(f'{row}.started_at')}, {row}.id, {_written(f'{row}.id', f'{row}.summary')}, "
        f"{tags_sql(row)});"
    )


def _renote(call_id: str) -> str:
    return f"UPDATE {TABLE} SET notes = {fold_sql(notes_sql(call_id))} WHERE call_id = {call_id};"


#: The index follows the documents (the usual triggers of an external-content FTS5 table).
_COLUMNS = "notes, summary, tags"
# fmt: off
_INDEX_TRIGGERS = {
    "call_search_ai": (f"AFTER INSERT ON {TABLE}", "",
                       [f"INSERT INTO {INDEX} (rowid, {_COLUMNS}) "
                        "VALUES (NEW.key, NEW.notes, NEW.summary, NEW.tags);"]),
    "call_search_ad": (f"AFTER DELETE ON {TABLE}", "",
                       [f"INSERT INTO {INDEX} ({INDEX}, rowid, {_COLUMNS}) "
                        "VALUES ('delete', OLD.key, OLD.notes, OLD.summary, OLD.tags);"]),
    "call_search_au": (f"AFTER UPDATE ON {TABLE}", "",
                       [f"INSERT INTO {INDEX} ({INDEX}, rowid, {_COLUMNS}) "
                        "VALUES ('delete', OLD.key, OLD.notes, OLD.summary, OLD.tags);",
                        f"INSERT INTO {INDEX} (rowid, {_COLUMNS}) "
                        "VALUES (NEW.key, NEW.notes, NEW.summary, NEW.tags);"]),
}
# fmt: on
#: The documents follow the calls and their notes.
# fmt: off
_DOCUMENT_TRIGGERS = {
    "call_search_call_insert": ("AFTER INSERT ON calls", "",
                                [f"DELETE FROM {TABLE} WHERE call_id = NEW.id;",
                                 _document("NEW")]),
    "call_search_call_update": (
        "AFTER UPDATE ON calls",
        "OLD.summary IS NOT NEW.summary OR OLD.started_at IS NOT NEW.started_at "
        "OR OLD.id IS NOT NEW.id OR OLD.agent IS NOT NEW.agent OR OLD.outcome IS NOT NEW.outcome",
        [f"DELETE FROM {TABLE} WHERE call_id = OLD.id;", _document("NEW")],
    ),
    "call_search_call_delete": ("AFTER DELETE ON calls", "",
                                [f"DELETE FROM {TABLE} WHERE call_id = OLD.id;"]),
    "call_search_note_insert": ("AFTER INSERT ON notes", "", [_renote("NEW.call_id")]),
    "call_search_note_update": (
        "AFTER UPDATE ON notes",
        "OLD.text IS NOT NEW.text OR OLD.call_id IS NOT NEW.call_id OR OLD.seq IS NOT NEW.seq",
        [_renote("OLD.call_id"), _renote("NEW.call_id")],
    ),
    "call_search_note_delete": ("AFTER DELETE ON notes", "", [_renote("OLD.call_id")]),
}
# fmt: on
TRIGGERS = (*_INDEX_TRIGGERS, *_DOCUMENT_TRIGGERS)
#: The triggers that make the documents follow the calls and notes (the index's are apart).
DOCUMENT_TRIGGERS = tuple(_DOCUMENT_TRIGGERS)


def trigger_sql(triggers: dict[str, tuple[str, str, list[str]]]) -> list[str]:
    """``CREATE TRIGGER`` statements: name -> (event, condition or empty, body statements)."""
    return [
        f"CREATE TRIGGER {name} {event}{f' WHEN {when}' if when else ''} BEGIN\n"
        + "\n".join(body)
        + "\nEND"
        for name, (event, when, body) in triggers.items()
    ]


def create(conn: sqlite3.Connection) -> None:
    """Make the documents and their index (afresh), fill them from the calls stored, add the
    triggers."""
    drop_triggers(conn)
    conn.execute(f"DROP TABLE IF EXISTS {INDEX}")
    conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
    conn.execute(
        f"CREATE TABLE {TABLE} (key INTEGER PRIMARY KEY, call_id TEXT NOT NULL UNIQUE, "
        "notes TEXT NOT NULL DEFAULT '', summary TEXT NOT NULL DEFAULT '', "
        "tags TEXT NOT NULL DEFAULT '')"
    )
    conn.execute(
        f"CREATE VIRTUAL TABLE {INDEX} USING fts5({_COLUMNS}, content='{TABLE}', "
        f"content_rowid='key', tokenize='{TOKENIZE}')"
    )
    rebuild(conn)


def current(db: Connected) -> bool:
    """Whether the documents have today's shape (their tags too)."""
    columns = {r[1] for r in db.conn.execute(f"PRAGMA table_info({TABLE})")}
    return "tags" in columns


def present(db: Connected) -> bool:
    """Whether this log has the documents (a file from before them is searched note by note)."""
    found = db.conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE name IN (?, ?)", [TABLE, INDEX]
    ).fetchone()[0]
    return bool(found == 2)


def installed(db: Connected) -> bool:
    """Whether the documents are there and kept current (their triggers all present)."""
    marks = ", ".join("?" for _ in TRIGGERS)
    found = db.conn.execute(
        f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
        TRIGGERS,
    ).fetchone()[0]
    return bool(found == len(TRIGGERS)) and present(db) and current(db)


def drop_triggers(conn: sqlite3.Connection) -> None:
    """Stop keeping the documents current (a bulk load; :func:`rebuild` puts them back)."""
    for name in TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")


def rebuild(conn: sqlite3.Connection) -> None:
    """Every call's document made again from its notes and summary, the index rebuilt from them,
    and the triggers put back (in the caller's transaction)."""
    drop_triggers(conn)
    conn.execute(f"DELETE FROM {TABLE}")
    # Keys in one statement: the calls of each second numbered in id order.
    base = second_sql("c.started_at")
    conn.execute(
        f"INSERT INTO {TABLE} (key, call_id, notes, summary, tags) "
        f"SELECT {base} + row_number() OVER (PARTITION BY {base} ORDER BY c.id) - 1, c.id, "
        f"{_written('c.id', 'c.summary')}, {tags_sql('c')} FROM calls c"
    )
    conn.execute(f"INSERT INTO {INDEX} ({INDEX}) VALUES ('rebuild')")
    add_triggers(conn)


def add_triggers(conn: sqlite3.Connection) -> None:
    """Keep the documents and their index current from now on."""
    for sql in trigger_sql({**_INDEX_TRIGGERS, **_DOCUMENT_TRIGGERS}):
        conn.execute(sql)
