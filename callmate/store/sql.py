"""SQL for the stored models, derived from their declarations in ``callmate.models``."""

from __future__ import annotations

from callmate.models import columns


def _head(model: type) -> str:
    names = columns(model)
    return (
        f"INSERT INTO {model.TABLE} ({', '.join(names)}) "  # type: ignore[attr-defined]
        f"VALUES ({', '.join('?' for _ in names)})"
    )


def upsert_sql(model: type) -> str:
    """Insert a row of ``model``, or update every column of the row with its key; a row that
    is already as given is not written again (so writing a change twice changes nothing)."""
    table, key = model.TABLE, model.KEY  # type: ignore[attr-defined]
    rest = [c for c in columns(model) if c not in key]
    updates = ", ".join(f"{c} = excluded.{c}" for c in rest)
    differs = " OR ".join(f"{table}.{c} IS NOT excluded.{c}" for c in rest)
    return f"{_head(model)} ON CONFLICT({', '.join(key)}) DO UPDATE SET {updates} WHERE {differs}"


def insert_sql(model: type, *, keep_existing: bool = True) -> str:
    """Insert a row of ``model``; one already there (by its key) is kept, or, with
    ``keep_existing=False``, the insert fails (a bulk load that must not meet old rows)."""
    if not keep_existing:
        return _head(model)
    return f"{_head(model)} ON CONFLICT({', '.join(model.KEY)}) DO NOTHING"  # type: ignore[attr-defined]
