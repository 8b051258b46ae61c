"""Keeping the notes' search index whole: checked on every writable opening, repaired if not.

The index (``notes_fts``, FTS5 with the notes as its content) is kept current by three triggers
on ``notes``. A bulk load (``demo-data``) drops the insert trigger while it writes and puts it back
at the end; killed in between, it left later notes unfound for good. So an opening checks that the
three triggers are there and that the newest note is indexed (two lookups, no scan), and repairs
whatever is missing: the triggers made again and the index rebuilt from the notes.
"""

from __future__ import annotations

import re
import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

TABLE = "notes"
INDEX = "notes_fts"
#: How notes are split into words; as the first migration made the index (``schema.m001``).
TOKENIZE = "unicode61 remove_diacritics 2"
#: The triggers sqlite-utils makes for an index kept current: after insert, delete, update.
TRIGGERS = tuple(f"{TABLE}_{suffix}" for suffix in ("ai", "ad", "au"))


def _names(conn: sqlite3.Connection, kind: str) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = ?", [kind])}


def problem(conn: sqlite3.Connection) -> str | None:
    """What is wrong with the search index, or ``None`` when it is whole (or there are no notes
    to search: not a log of ours). Reads only; plain sqlite3, for the quick way to read a log."""
    tables = _names(conn, "table")
    if TABLE not in tables:
        return None
    if INDEX not in tables:
        return "the index is missing"
    if not set(TRIGGERS) <= _names(conn, "trigger"):
        return "a trigger that indexes notes is missing"
    if f"{INDEX}_docsize" in tables:
        newest = conn.execute(f"SELECT max(rowid) FROM {TABLE}").fetchone()[0]
        indexed = conn.execute(f"SELECT max(id) FROM {INDEX}_docsize").fetchone()[0]
        if newest != indexed:
            return "notes are missing from the index"
    return None


def repair(db: Database) -> str | None:
    """Make the index whole if it is not; return what was wrong (``None``: nothing was).

    Every step can be repeated: a repair that is itself interrupted is finished by the next one.
    """
    found = problem(db.conn)
    if found is None:
        return None
    conn = db.conn
    triggers_whole = INDEX in _names(conn, "table") and set(TRIGGERS) <= _names(conn, "trigger")
    if triggers_whole:
        with db.atomic():
            conn.execute(f"INSERT INTO {INDEX} ({INDEX}) VALUES ('rebuild')")
    else:
        db[TABLE].enable_fts(  # type: ignore[union-attr]
            ["text"], create_triggers=True, replace=True, tokenize=_tokenize(db)
        )
    return found


def _tokenize(db: Database) -> str:
    """The tokenizer the index was made with (kept when it is made again), else the default."""
    row = db.conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [INDEX]).fetchone()
    found = re.search(r"tokenize\s*=\s*'([^']*)'", row[0] if row and row[0] else "")
    return found.group(1) if found else TOKENIZE
