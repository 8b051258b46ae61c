"""A checklist's genuine text, when what came with a call cannot be trusted.

A checklist's key is the hash of its exact text (``validate.key_of``). A file being merged, or a
team hub being pulled, may deliver a checklist whose text does not hash to its key; its calls
are then kept only if the genuine text is at hand: in the file they are written to, or among
callmate's built-in checklists (read once per process).
"""

from __future__ import annotations

import functools
import sqlite3
from typing import Any

from callmate import validate


def held(conn: sqlite3.Connection, keys: list[str]) -> set[str]:
    """Of these checklist keys, those this file holds with the text they are the hash of."""
    if not keys:
        return set()
    found = conn.execute(
        f"SELECT key, toml FROM checklists WHERE key IN ({', '.join('?' for _ in keys)})", keys
    )
    return {k for k, toml in found if isinstance(toml, str) and k == validate.key_of(toml)}


def rows(conn: sqlite3.Connection, keys: list[str]) -> dict[str, tuple[Any, ...] | None]:
    """For these checklist keys, where the genuine text is: ``None`` for those this file holds
    (nothing to write), the row to write for those a built-in checklist is; the rest absent."""
    if not keys:
        return {}
    found: dict[str, tuple[Any, ...] | None] = dict.fromkeys(held(conn, keys))
    if len(found) < len(keys):
        builtin = _builtins()
        found |= {k: builtin[k] for k in keys if k not in found and k in builtin}
    return found


@functools.cache
def _builtins() -> dict[str, tuple[Any, ...]]:
    """Every built-in checklist's row, by its key."""
    from callmate.checklists import catalog
    from callmate.checklists.load import load_file
    from callmate.models import values
    from callmate.store.live import checklist_row

    found = {}
    for entry in catalog.entries():
        if entry.builtin:
            checklist = load_file(entry.path, entry.source)
            key = validate.key_of(checklist.text)
            found[key] = values(checklist_row(checklist, key))
    return found
