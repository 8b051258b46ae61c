"""The outbox: which of an agent's calls wait for the hub, and what has gone (local SQLite).

A call waits when it is finished (closed or abandoned) and has not gone yet, or when it changed
(its ``updated_at``) since it went. ``team_outbox`` (migration m005) records per call the
``updated_at`` that went and when; a call the hub refused (its data, or another agent's id) is
recorded with the reason and waits again only once it changes. Nothing here talks to the hub,
and nothing here runs on the live path: the live call only writes its rows, as it always did.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from callmate.hub import pgsql
from callmate.models import STATUSES, UNFINISHED, CallRow, ChecklistRow, columns

TABLE = "team_outbox"
#: A call waits for the hub once it has ended this way (closed, abandoned).
FINISHED = tuple(s for s in STATUSES if s not in UNFINISHED)
UPDATED = columns(CallRow).index("updated_at")
CHECKLIST_KEY = columns(CallRow).index("checklist_key")
_FINISHED = ", ".join(f"'{s}'" for s in FINISHED)
_WAITING = (
    f"FROM calls c LEFT JOIN {TABLE} o ON o.call_id = c.id "
    f"WHERE (CASE WHEN o.call_id IS NULL THEN c.status IN ({_FINISHED}) "
    "ELSE c.updated_at IS NOT o.updated_at END)"
)


@dataclass(frozen=True)
class Counts:
    """What waits, what has gone (and when last), and what the hub refused."""

    waiting: int
    gone: int
    refused: int
    last_pushed_at: str | None


def _agent(agent: str | None) -> tuple[str, list[Any]]:
    return (" AND c.agent = ?", [agent]) if agent is not None else ("", [])


def waiting(conn: sqlite3.Connection, agent: str | None) -> list[str]:
    """The ids of the calls that wait, oldest first (``agent`` None: every agent's)."""
    where, params = _agent(agent)
    sql = f"SELECT c.id {_WAITING}{where} ORDER BY c.started_at, c.id"
    return [row[0] for row in conn.execute(sql, params)]


def counts(conn: sqlite3.Connection, agent: str | None) -> Counts:
    where, params = _agent(agent)
    waiting = conn.execute(f"SELECT count(*) {_WAITING}{where}", params).fetchone()[0]
    gone, refused, last = conn.execute(
        f"SELECT count(o.pushed_at), count(o.problem), max(o.pushed_at) FROM {TABLE} o "
        f"JOIN calls c ON c.id = o.call_id WHERE true{where}",
        params,
    ).fetchone()
    return Counts(int(waiting), int(gone), int(refused), last)


def refused(conn: sqlite3.Connection, agent: str | None, limit: int = 20) -> list[tuple[str, str]]:
    """``(call id, why)`` of calls the hub refused, at most ``limit``."""
    where, params = _agent(agent)
    sql = (
        f"SELECT o.call_id, o.problem FROM {TABLE} o JOIN calls c ON c.id = o.call_id "
        f"WHERE o.problem IS NOT NULL{where} ORDER BY c.started_at LIMIT ?"
    )
    return [(r[0], r[1]) for r in conn.execute(sql, [*params, limit])]


def record(
    conn: sqlite3.Connection, calls: Sequence[tuple[Any, ...]], at: str, problem: str | None = None
) -> None:
    """Note that these call rows went to the hub at ``at`` (or were refused for ``problem``)."""
    rows = [(c[0], c[UPDATED], None if problem else at, problem) for c in calls]
    with conn:
        conn.executemany(
            f"INSERT INTO {TABLE} (call_id, updated_at, pushed_at, problem) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(call_id) DO UPDATE SET updated_at = excluded.updated_at, "
            f"pushed_at = coalesce(excluded.pushed_at, {TABLE}.pushed_at), "
            "problem = excluded.problem",
            rows,
        )


def read(
    conn: sqlite3.Connection, ids: Sequence[str], cleaned: bool = False
) -> dict[type, list[tuple[Any, ...]]]:
    """The rows of these calls, as the hub takes them: per model, values in column order;
    ``cleaned``: with any NUL shown as ␀ (the hub refused them as they are)."""
    tidy = clean if cleaned else tuple
    marks = ", ".join("?" for _ in ids)
    out: dict[type, list[tuple[Any, ...]]] = {}
    for model in pgsql.MODELS:
        if model is ChecklistRow:
            continue
        link = "id" if model is CallRow else "call_id"
        sql = f"SELECT {pgsql.sqlite_select(model)} FROM {model.TABLE} WHERE {link} IN ({marks})"  # type: ignore[attr-defined]
        out[model] = [tidy(r) for r in conn.execute(sql, list(ids))]
    keys = sorted({c[CHECKLIST_KEY] for c in out[CallRow] if c[CHECKLIST_KEY]})
    found: list[tuple[Any, ...]] = []
    if keys:
        sql = (
            f"SELECT {pgsql.sqlite_select(ChecklistRow)} FROM {ChecklistRow.TABLE} "
            f"WHERE key IN ({', '.join('?' for _ in keys)})"
        )
        found = [tidy(r) for r in conn.execute(sql, keys)]
    out[ChecklistRow] = found
    return out


NUL = "\x00"
#: PostgreSQL text cannot hold NUL: it reaches the hub as the visible symbol for it.
NUL_SHOWN = "\u2400"


def clean(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A row with any NUL character (which PostgreSQL text cannot hold) shown as ␀."""
    if not any(isinstance(v, str) and (NUL in v or "\\u0000" in v) for v in row):
        return tuple(row)
    return tuple(_clean_text(v) if isinstance(v, str) else v for v in row)


def _clean_text(text: str) -> str:
    text = text.replace(NUL, NUL_SHOWN)
    if "\\u0000" in text:
        # JSON data: the escaped NUL, not a backslash followed by "u0000"
        with contextlib.suppress(ValueError):
            text = json.dumps(_clean_json(json.loads(text)), ensure_ascii=False)
    return text


def _clean_json(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace(NUL, NUL_SHOWN)
    if isinstance(value, list):
        return [_clean_json(v) for v in value]
    if isinstance(value, dict):
        return {_clean_json(k): _clean_json(v) for k, v in value.items()}
    return value
