"""Recognising a file before anything touches it: a new log, one of ours, or one to refuse.

Nothing here changes a byte of the file, nor leaves a ``-wal`` or ``-shm`` file beside it that was
not there before. A SQLite file in WAL mode with no ``-wal`` beside it is read with
``immutable=1`` (SQLite would otherwise create both side files, even read-only); one with a
``-wal`` is read with ``mode=ro`` so its last changes count, and a ``-shm`` SQLite had to create
for that is removed again when the file is refused.

A file is callmate's when it has the tables of the stored models (``callmate.models``) with their
key columns, as every callmate schema has had since the first one. A ``calls`` table alone is not
enough: another program's file that has one is refused, untouched.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from callmate.language.i18n import _
from callmate.models import STORED
from callmate.store.errors import NewerDatabaseError, StoreError, describe_error
from callmate.store.schema import SCHEMA_VERSION

SQLITE_HEADER = b"SQLite format 3\x00"
SIDE_FILES = ("-wal", "-shm", "-journal")
#: The tables every callmate log has, with the columns each must have (their keys).
REQUIRED = {model.TABLE: frozenset(model.KEY) for model in STORED}


@dataclass(frozen=True)
class Identity:
    """What a file is: ``new`` (missing, empty, or a SQLite file without a single table) or a
    callmate log of schema ``version``; ``wal`` when it is in WAL mode."""

    path: Path
    new: bool
    version: int = 0
    wal: bool = False


def side_file(path: Path, suffix: str) -> Path:
    """``calls.db-wal`` for ``calls.db``."""
    return path.with_name(path.name + suffix)


def identify(path: Path) -> Identity:
    """What ``path`` is; a file that is not callmate's, or is from a newer callmate, raises
    :class:`StoreError` (:class:`NewerDatabaseError`) and is left exactly as it was."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            header = f.read(100)
    except FileNotFoundError:
        return Identity(path, new=True)
    except IsADirectoryError:
        raise StoreError(_("{path} is a folder, not a call log").format(path=path)) from None
    except OSError as exc:
        raise StoreError(
            _("{path} cannot be read ({reason})").format(path=path, reason=exc.strerror or exc)
        ) from None
    if not header:
        return Identity(path, new=True)
    if not header.startswith(SQLITE_HEADER):
        raise StoreError(
            _(
                "{path} is not a database callmate can read (not a SQLite file); it was left "
                "untouched"
            ).format(path=path)
        )
    wal = len(header) > 19 and header[18] == 2 and header[19] == 2
    before = {s for s in SIDE_FILES if side_file(path, s).exists()}
    try:
        return _recognise(path, wal, *_read_schema(path, wal, before))
    except StoreError:
        remove_new_side_files(path, before)
        raise


def _recognise(path: Path, wal: bool, version: int, tables: dict[str, set[str]]) -> Identity:
    if not tables and version == 0:
        return Identity(path, new=True, wal=wal)
    ours = _is_ours(tables)
    if version > SCHEMA_VERSION and (ours or "calls" in tables):
        raise NewerDatabaseError(
            _(
                "{path} was written by a newer callmate (schema {version}, this one knows "
                "{known}); it was left untouched: upgrade callmate to open it"
            ).format(path=path, version=version, known=SCHEMA_VERSION)
        )
    if not ours:
        raise StoreError(
            _("{path} is a SQLite database, but not a callmate one; it was left untouched").format(
                path=path
            )
        )
    return Identity(path, new=False, version=version, wal=wal)


def _is_ours(tables: dict[str, set[str]]) -> bool:
    return all(name in tables and keys <= tables[name] for name, keys in REQUIRED.items())


def _read_schema(path: Path, wal: bool, before: set[str]) -> tuple[int, dict[str, set[str]]]:
    """``user_version`` and each table's columns, read without changing anything."""
    # Without a -wal there is nothing beyond the main file to read: immutable creates nothing.
    mode = "immutable=1" if wal and "-wal" not in before else "mode=ro"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True, timeout=1)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            names = [
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            ]
            tables = {
                name: {r[1] for r in conn.execute("SELECT * FROM pragma_table_info(?)", [name])}
                for name in names
                if name in REQUIRED
            }
            tables.update({name: set() for name in names if name not in tables})
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StoreError(describe_error(exc, path)) from None
    return version, tables


def remove_new_side_files(path: Path, before: set[str]) -> None:
    """Remove the side files of ``path`` that were not there ``before`` (a refused file is left
    as it was found)."""
    for suffix in SIDE_FILES:
        if suffix not in before:
            with contextlib.suppress(OSError):
                os.unlink(side_file(path, suffix))
