"""The local database as the hub code uses it: a plain ``sqlite3`` connection, migrated."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from callmate.store.db import open_db


def open_local(path: Path | str) -> sqlite3.Connection:
    """Open (creating and migrating if needed) a callmate database; its connection only.

    The connection may be used from the thread that opened it; it waits for the live writer's
    short transactions (the busy timeout) and holds none of its own while the hub is talked to.
    """
    db = open_db(Path(path))
    conn: sqlite3.Connection = db.conn
    return conn
