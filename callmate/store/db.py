"""Opening a database: private files, WAL, a busy timeout, and refusing files we must not touch."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from callmate.paths import ensure_private_file
from callmate.store.schema import SCHEMA_VERSION

BUSY_TIMEOUT_MS = 3000


class StoreError(Exception):
    """A database that cannot be used; the message is one sentence for a person."""


class NewerDatabaseError(StoreError):
    pass




def check_file(path: Path) -> None:
    """Refuse, without modifying it, a file that is not ours or was written by a newer callmate.

    Uses a read-only connection and plain sqlite3, so it is cheap enough to run before anything.
    """
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a database callmate can read ({exc})") from None
    if version > SCHEMA_VERSION:
        raise NewerDatabaseError(
            f"{path} was written by a newer callmate (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); it was left untouched: upgrade callmate to open it"
        )
    if names and "calls" not in names:
        raise StoreError(
            f"{path} is a SQLite database, but not a callmate one; it was left untouched"
        )


def open_db(path: Path | str, *, migrate: bool = True):
    """Open (creating if needed) a callmate database, ready for use, as a sqlite-utils Database."""
    from sqlite_utils import Database

    path = Path(path)
    check_file(path)
    ensure_private_file(path)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        db = Database(conn, execute_plugins=False)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        if migrate:
            _migrate(db)
        return db
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} cannot be opened ({exc})") from None


def _migrate(db) -> None:
    current = db.execute("PRAGMA user_version").fetchone()[0]
    mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "wal":
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    if current == SCHEMA_VERSION:
        return
    from callmate.store import rollup
    from callmate.store.schema import migrations

    with db.atomic():
        migrations().apply(db)
        rollup.install(db)  # derived from the schema: made afresh for the new one
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
