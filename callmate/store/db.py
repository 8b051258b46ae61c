"""Opening a database: for the live call (created, migrated, repaired) or for reading (never
created, never changed unless it must be brought up to date, and then said so).

Every opening first recognises the file (:mod:`callmate.store.identify`): a file that is not
callmate's, or is from a newer callmate, is refused before anything touches it. Reading a current
log needs plain sqlite3 only (sqlite-utils is imported when a log must be written): read commands
start fast.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callmate.language.i18n import _
from callmate.paths import ensure_private_file
from callmate.store import search_index
from callmate.store.errors import NewerDatabaseError, StoreError, describe_error
from callmate.store.identify import (
    SIDE_FILES,
    Identity,
    identify,
    remove_new_side_files,
    side_file,
)
from callmate.store.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from sqlite_utils import Database

# fmt: off
__all__ = [
    "BUSY_TIMEOUT_MS", "NewerDatabaseError", "ReadOnly", "Say", "StoreError",
    "check_file", "open_db", "open_for_reading", "open_reader",
]
# fmt: on

BUSY_TIMEOUT_MS = 3000
#: Reading: through a memory map of the file (no copy per page read) and a larger page cache, as
#: a search's statistics visit calls all over a big file.
MMAP_BYTES = 1 << 34
#: A log this large (about 20,000 calls) takes long enough to bring up to date to say so first.
SLOW_MIGRATION_BYTES = 100 << 20
CACHE_KIB = 65536
#: Where an opening tells a person what it did to the file (a line on stderr, say).
Say = Callable[[str], None]


def _quiet(message: str) -> None:
    """Say nothing."""


def check_file(path: Path) -> None:
    """Refuse, without modifying it, a file that is not ours or was written by a newer callmate.

    A missing or empty file passes: it will be a new log.
    """
    identify(path)


def open_db(path: Path | str, *, migrate: bool = True, say: Say = _quiet) -> Database:
    """Open (creating if needed) a callmate database for writing, ready for use.

    The file is recognised first; then it is brought up to date, and its search index and
    rollups repaired if a bulk load was interrupted (each said through ``say``).
    """
    from sqlite_utils import Database

    path = Path(path)
    found = identify(path)
    ensure_private_file(path)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        db = Database(conn, execute_plugins=False)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        if migrate:
            older = not found.new and found.version < SCHEMA_VERSION
            if older and path.stat().st_size >= SLOW_MIGRATION_BYTES:  # they wait: say why first
                say(
                    _(
                        "bringing {path} up to date (schema {old} → {new}): a large log takes "
                        "minutes, and nothing it holds is lost if it stops"
                    ).format(path=path, old=found.version, new=SCHEMA_VERSION)
                )
            _prepare(db)
            if older:
                say(
                    _("brought {path} up to date (schema {old} → {new})").format(
                        path=path, old=found.version, new=SCHEMA_VERSION
                    )
                )
            _repair(db, path, say)
        return db
    except sqlite3.Error as exc:
        raise StoreError(describe_error(exc, path)) from None


def _prepare(db: Database) -> None:
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
        # Derived from the schema: made afresh for the new one, unless they stand as defined
        # and kept by their triggers (a migration that touched neither them nor what they sum).
        if not rollup.usable(db):
            rollup.install(db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _repair(db: Database, path: Path, say: Say) -> None:
    """Whatever an interrupted bulk load left broken: the search index, the rollups."""
    from callmate.store import rollup

    broken = search_index.repair(db)
    if broken:
        say(_("repaired the search index of {path} ({broken})").format(path=path, broken=broken))
    if rollup.ensure(db):
        say(_("repaired the statistics tables of {path}").format(path=path))


def _needs_writing(conn: sqlite3.Connection, found: Identity) -> bool:
    """Whether a log must be changed before it can be read: migrated or repaired."""
    from callmate.store import rollup

    if found.version < SCHEMA_VERSION or search_index.problem(conn) is not None:
        return True
    has_rollups = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'rollup_calls'").fetchone()
    return bool(has_rollups) and not rollup.installed(ReadOnly(conn))


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def _read_mode(path: Path, found: Identity) -> str:
    """``rw`` (read through a read-write connection, so SQLite cleans up its side files), ``ro``,
    or ``immutable`` when even the ``-shm`` file cannot be made."""
    if _writable(path):
        return "rw"
    shm = side_file(path, "-shm")
    if found.wal and not shm.exists() and not os.access(path.parent, os.W_OK | os.X_OK):
        return "immutable"
    return "ro"


class ReadOnly:
    """A connection that only reads (``query_only``), shaped as the review's functions use a
    database (``conn``, ``execute``, ``close``), to the file ``path`` opened in ``mode``."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None, mode: str = "ro"):
        self.conn = conn
        self.path = path
        self.mode = mode
        #: How many connections one read may use at once (a search's statistics read in parts,
        #: each on its own thread): one a core, up to four.
        self.threads = min(4, os.cpu_count() or 1)
        #: The fewest calls worth another thread (a thread costs more than it saves below).
        self.part_calls = 20_000
        self._spare: list[ReadOnly] = []
        self._lock = threading.Lock()

    def sibling(self) -> ReadOnly:
        """Another such connection to the same file, for another thread; give it back with
        :meth:`give_back` (it is kept for the next one: its pages are already mapped)."""
        if self.path is None:
            raise StoreError("this connection cannot be opened again")
        with self._lock:
            if self._spare:
                return self._spare.pop()
        return _connect(self.path, self.mode)

    def give_back(self, sibling: ReadOnly) -> None:
        with self._lock:
            self._spare.append(sibling)

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def close(self) -> None:
        with self._lock:
            spare, self._spare = self._spare, []
        for sibling in spare:
            sibling.close()
        self.conn.close()


def _connect(path: Path, mode: str) -> ReadOnly:
    """A connection that only reads, whatever ``mode`` the file is opened in."""
    flag = "immutable=1" if mode == "immutable" else f"mode={mode}"
    conn = sqlite3.connect(
        f"{path.resolve().as_uri()}?{flag}",
        uri=True,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only = 1")
        conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    except sqlite3.Error:
        conn.close()
        raise
    return ReadOnly(conn, path, mode)


def require_log(path: Path | str) -> Identity:
    """What ``path`` is, when it is a call log: a missing or empty file is a
    :class:`StoreError` (a command that reads or deletes never makes a new log)."""
    found = identify(Path(path))
    if found.new:
        raise StoreError(
            _("no call log at {path} (record a call first, or try: {command})").format(
                path=path, command="callmate demo-data --calls 1000"
            )
        )
    return found


def open_for_reading(path: Path | str, *, say: Say = _quiet) -> ReadOnly:
    """An existing call log, opened for reading only.

    A missing or empty file is an error, never a new log. A current log is read as it is; one
    from an older callmate, or left broken by an interrupted bulk load, is brought up to date
    first if it can be written (``say`` tells so in one line), else refused (older) or read as
    it is. A log that cannot be written is read read-only, and ``say`` tells so.
    """
    path = Path(path)
    found = require_log(path)
    mode = _read_mode(path, found)
    before = {s for s in SIDE_FILES if side_file(path, s).exists()}
    if mode != "rw" and found.version < SCHEMA_VERSION:
        raise StoreError(
            _(
                "{path} is from an older callmate (schema {version}, this one reads {known}) "
                "and is read-only here, so it cannot be brought up to date; copy it to a folder "
                "you can write to"
            ).format(path=path, version=found.version, known=SCHEMA_VERSION)
        )
    reading: ReadOnly | None = None
    try:
        reading = _connect(path, mode)
        if mode == "rw" and _needs_writing(reading.conn, found):
            reading.close()
            open_db(path, say=say).close()  # brought up to date, repaired, and said so
            reading = _connect(path, mode)
        elif mode != "rw":
            say(_("{path} is read-only: reading it as it is").format(path=path))
        return reading
    except sqlite3.Error as exc:
        if reading is not None:
            reading.close()
        remove_new_side_files(path, before)  # what a failed opening made (a full disk)
        raise StoreError(describe_error(exc, path)) from None


def open_reader(path: Path | str) -> ReadOnly:
    """A connection for one worker thread of the review screen: it reads only, never migrates,
    never repairs (the screen's opening did that), and never creates the file."""
    path = Path(path)
    found = identify(path)
    if found.new:
        raise StoreError(_("no call log at {path} (it was moved or deleted)").format(path=path))
    try:
        return _connect(path, _read_mode(path, found))
    except sqlite3.Error as exc:
        raise StoreError(describe_error(exc, path)) from None
