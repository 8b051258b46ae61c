"""Errors of the store, and SQLite's failures told truthfully in one sentence for a person."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from callmate.language.i18n import N_, _
from callmate.safe import visible


class StoreError(Exception):
    """A database that cannot be used; the message is one sentence for a person."""


class NewerDatabaseError(StoreError):
    """A file from a newer callmate: refused, never modified."""


#: SQLite's primary result codes (the name before any "_" extension) and what they mean here.
_WHY = {
    "SQLITE_FULL": N_("the disk is full"),
    "SQLITE_IOERR": N_(
        "the disk is full or failing (SQLite could not read or write the file or create its "
        "-shm file beside it)"
    ),
    "SQLITE_CANTOPEN": N_("the file or its folder cannot be opened (check the permissions)"),
    "SQLITE_PERM": N_("permission denied"),
    "SQLITE_READONLY": N_("it is read-only"),
    "SQLITE_BUSY": N_("it is locked by another program"),
    "SQLITE_LOCKED": N_("it is locked by another program"),
    "SQLITE_NOTADB": N_("it is not a database callmate can read"),
    "SQLITE_CORRUPT": N_("it is damaged (the database disk image is malformed)"),
}


def describe_error(exc: sqlite3.Error, path: Path | str) -> str:
    """``PATH cannot be used: the disk is full (database or disk is full)`` and the like."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    primary = "_".join(name.split("_")[:2])
    text = str(exc)
    lowered = text.lower()
    why = _WHY.get(primary)
    if why is None:
        if "disk i/o" in lowered or "full" in lowered:
            why = _WHY["SQLITE_IOERR"]
        elif "locked" in lowered or "busy" in lowered:
            why = _WHY["SQLITE_BUSY"]
        elif "not a database" in lowered:
            why = _WHY["SQLITE_NOTADB"]
        else:
            why = N_("SQLite reported an error")
    return visible(
        _("{path} cannot be used: {why} ({error})").format(path=path, why=_(why), error=text)
    )
