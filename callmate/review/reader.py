"""Opening a call log for review with plain sqlite3: nothing only writing needs is imported.

A log that is current (its schema, rollups and search documents whole) is read as it is, through
a connection that only reads. Anything else (a log from an older callmate, or one a killed bulk
load left to repair) goes through the store's own opening, which brings it up to date and says
so, or refuses it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from callmate.store import rollup
from callmate.store.call_search import Connected
from callmate.store.errors import StoreError, describe_error
from callmate.store.identify import Identity, identify, side_file
from callmate.store.schema import SCHEMA_VERSION

BUSY_TIMEOUT_MS = 3000


class Reader:
    """A read-only sqlite3 connection, shaped as the review's functions use one (``conn``)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def close(self) -> None:
        self.conn.close()


def _mode(path: Path, found: Identity) -> str:
    """``mode=rw`` when the file can be written (SQLite then tidies its side files), else
    ``mode=ro``, or ``immutable=1`` when not even the ``-shm`` file could be made."""
    folder = os.access(path.parent, os.W_OK | os.X_OK)
    if os.access(path, os.W_OK) and folder:
        return "mode=rw"
    if found.wal and not side_file(path, "-shm").exists() and not folder:
        return "immutable=1"
    return "mode=ro"


def connect(path: Path, found: Identity) -> Reader:
    """A connection to a recognised log that only reads (``query_only``)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{_mode(path, found)}", uri=True,
                               timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)  # fmt: skip
        conn.execute("PRAGMA query_only = 1")
    except sqlite3.Error as exc:
        raise StoreError(describe_error(exc, path)) from None
    return Reader(conn)


def open_log(path: Path | str) -> Connected:
    """An existing call log for reading: a missing file is an error, never a new empty log."""
    path = Path(path)
    found = identify(path)
    if found.new:
        raise StoreError(
            f"no call log at {path} (record a call first, or try: callmate demo-data --calls 1000)"
        )
    if found.version == SCHEMA_VERSION:
        reader = connect(path, found)
        try:
            if rollup.installed(reader):
                return reader
        except sqlite3.Error as exc:
            reader.close()
            raise StoreError(describe_error(exc, path)) from None
        reader.close()
    from callmate.store.db import open_for_reading

    db: Connected = open_for_reading(path)
    return db


def open_worker(path: Path | str) -> Connected:
    """A connection for one worker thread of the review screen: it reads only, and never
    changes the file (the screen's opening brought it up to date)."""
    path = Path(path)
    found = identify(path)
    if found.new:
        raise StoreError(f"no call log at {path} (it was moved or deleted)")
    return connect(path, found)
