"""``callmate merge``: bring the calls of other callmate files into one team database.

A call the target lacks is added, with its steps, notes, events and the checklist snapshot it ran
with. A call the target has is brought up to date when the source's copy changed since (a later
``updated_at``: merged while open, closed later with more notes): its row, steps, notes and events
become the source's. Otherwise it is current and left alone, so merging twice changes nothing.

Sources are opened read-only and checked first (a file from a newer callmate is refused); the
calls of a file from an older one are read again as this one stores them (``store.older_calls``).
The target is written in short transactions of whole calls (:data:`BATCH_SECONDS`) with a pause
between them, so an agent writing to it meanwhile waits a fraction of a second at most; a
failure keeps the calls merged so far, each whole, and merging again finishes the job.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from callmate import validate
from callmate.language.i18n import _, ngettext, number
from callmate.models import CallRow, ChecklistRow, EventRow, NoteRow, StepRow
from callmate.safe import visible
from callmate.store import evaluations, genuine, older_calls
from callmate.store.call_search import Connected
from callmate.store.db import StoreError, check_file
from callmate.store.schema import FAIR_FIGURES

CHUNK = 50  # calls looked up and copied at a time
BATCH_SECONDS = 0.4  # the longest a transaction on the target goes on adding chunks
#: The pause between transactions: a writer kept waiting meanwhile retries within it (SQLite's
#: busy handler sleeps 100 ms at most between tries), so it never waits on batch after batch.
PAUSE_SECONDS = 0.12
TABLES = ("calls", "call_steps", "notes", "events")
_CHILDREN = (StepRow, NoteRow, EventRow)
#: The calls whose copy in the target is the team hub's (``hub.pull`` records them there with
#: the ``updated_at`` the hub holds, as a push records an agent's own): from their own agent.
VOUCHED = "team_outbox"
#: The most call ids named on one line of the report.
SHOWN_IDS = 20
#: Progress: calls of the source gone through, and how many it has.
Progress = Callable[[int, int], None]


@dataclass
class MergeReport:
    """What merging one source did."""

    source: Path
    added: int = 0
    updated: int = 0
    current: int = 0
    steps: int = 0
    notes: int = 0
    events: int = 0
    checklists: int = 0
    #: Evaluations of calls (``store.evaluations``) added or brought up to date.
    evaluations: int = 0
    #: Calls set aside: (id, agent, why).
    refused: list[tuple[str, str, str]] = field(default_factory=list)
    #: Checklists refused: (key, why).
    checklists_refused: list[tuple[str, str]] = field(default_factory=list)
    #: Calls the hub delivered here, of which the source holds a later copy: (id, agent).
    conflicts: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        """What the merge of one source did, in a line in the language spoken."""
        added = ngettext("{n} call", "{n} calls", self.added).format(n=number(self.added))
        return _(
            "{source}: added {added} ({steps} steps, {notes} notes, {events} events written), "
            "updated {updated}, {current} already current"
        ).format(
            source=self.source,
            added=added,
            steps=number(self.steps),
            notes=number(self.notes),
            events=number(self.events),
            updated=number(self.updated),
            current=number(self.current),
        )

    def told(self) -> list[str]:
        """What the lead is told besides, each line safe to print: the calls set aside (by
        agent and reason, with their ids), the checklists refused, and the calls the source
        would have changed that the hub delivered."""
        groups: dict[tuple[str, str], list[str]] = {}
        for call_id, agent, why in self.refused:
            groups.setdefault((agent, why), []).append(call_id)
        lines = []
        for (agent, why), ids in groups.items():
            shown = ", ".join(visible(i) for i in ids[:SHOWN_IDS])
            more = f" and {len(ids) - SHOWN_IDS:,} more" if len(ids) > SHOWN_IDS else ""
            lines.append(
                f"  {len(ids):,} call{'s' if len(ids) != 1 else ''} of {visible(agent)} "
                f"refused: {visible(why)} ({shown}{more})"
            )
        lines += [
            f"  checklist {visible(k)} refused: {visible(why)}"
            for k, why in self.checklists_refused
        ]
        lines += [
            f"  {visible(agent)}'s call {visible(i)}: this file holds a later copy than the one "
            f"{visible(agent)} sent through the team hub; the hub's copy is kept"
            for i, agent in self.conflicts
        ]
        return lines


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _open_source(source: Path) -> sqlite3.Connection:
    if not source.is_file():
        raise StoreError(_("{path}: no such database file").format(path=source))
    check_file(source)  # a newer schema or a foreign file is refused here, untouched
    try:
        conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=3)
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            _("{path} cannot be read ({reason})").format(path=source, reason=exc)
        ) from None
    if not {*TABLES, "checklists"} <= names:
        conn.close()
        raise StoreError(
            _("{path} is not a callmate call log (no calls table); left untouched").format(
                path=source
            )
        )
    return conn


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken at once (``IMMEDIATE``): it waits for a writer already at
    work rather than fail on a snapshot that went stale under it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def merge_file(
    db: Connected, source: Path, target: Path | None = None, *, progress: Progress | None = None
) -> MergeReport:
    """Add the calls of ``source`` that ``db`` lacks and update those that changed since."""
    source = Path(source)
    if target is not None and _same_file(source, target):
        raise StoreError(_("{path} is the target database itself").format(path=source))
    src = _open_source(source)
    report = MergeReport(source)
    try:
        shared = {
            t: [c for c in _columns(db.conn, t) if c in set(_columns(src, t))]
            for t in (*TABLES, "checklists")
        }
        older = int(src.execute("PRAGMA user_version").fetchone()[0]) < FAIR_FIGURES
        total = int(src.execute("SELECT count(*) FROM calls").fetchone()[0])
        calls = src.execute("SELECT id, updated_at FROM calls ORDER BY started_at, id")
        done, chunk = 0, [None]
        while chunk:
            with _transaction(db.conn):
                started = time.monotonic()
                while time.monotonic() - started < BATCH_SECONDS:
                    chunk = calls.fetchmany(CHUNK)
                    if not chunk:
                        break
                    _merge_chunk(src, db.conn, chunk, shared, report, older)
                    done += len(chunk)
            if progress is not None:
                progress(done, total)
            if chunk:
                time.sleep(PAUSE_SECONDS)
        report.evaluations = evaluations.merge(src, db.conn)
    except sqlite3.DatabaseError as exc:
        merged = report.added + report.updated
        raise StoreError(
            f"merging {source} stopped after {merged:,} calls, each whole ({exc}); "
            "merge it again to finish"
        ) from None
    finally:
        src.close()
    return report


def _newer(theirs: str | None, ours: str | None) -> bool:
    """Whether the source's copy of a call (its ``updated_at``) changed after the target's."""
    return theirs is not None and (ours is None or theirs > ours)


def _merge_chunk(
    src: sqlite3.Connection,
    dst: sqlite3.Connection,
    chunk: list[Any],
    shared: dict[str, list[str]],
    report: MergeReport,
    older: bool = False,
) -> None:
    ids = [row[0] for row in chunk]
    marks = ", ".join("?" for _ in ids)
    have = {
        r[0]: r[1:]
        for r in dst.execute(
            f"SELECT c.id, c.updated_at, c.agent, o.updated_at IS c.updated_at FROM calls c "
            f"LEFT JOIN {VOUCHED} o ON o.call_id = c.id WHERE c.id IN ({marks})",
            ids,
        )
    }
    new = [i for i, _ in chunk if i not in have]
    newer = [i for i, updated in chunk if i in have and _newer(updated, have[i][0])]
    report.current += len(chunk) - len(new) - len(newer)
    # The hub's copy of a call came from its own agent: a file's never replaces it.
    report.conflicts += [(i, have[i][1]) for i in newer if have[i][2]]
    changed = [i for i in newer if not have[i][2]]
    if not (new or changed):
        return
    rows = _read(src, [*new, *changed], shared)
    refused = _refuse(dst, rows, shared, {i: have[i][1] for i in changed}, report)
    new, changed = [i for i in new if i not in refused], [i for i in changed if i not in refused]
    if new or changed:
        _write(dst, rows, changed, shared, report)
        if older:
            older_calls.read_again(dst, [*new, *changed])
        report.added += len(new)
        report.updated += len(changed)


def _read(
    src: sqlite3.Connection, ids: list[str], shared: dict[str, list[str]]
) -> dict[type, list[tuple[Any, ...]]]:
    """The rows of the calls ``ids`` in the source (the columns both files have), and the
    checklists they ran with."""
    marks = ", ".join("?" for _ in ids)
    rows: dict[type, list[tuple[Any, ...]]] = {}
    for model in (CallRow, *_CHILDREN):
        link = "id" if model is CallRow else "call_id"
        order = "" if model is CallRow else " ORDER BY call_id, " + model.KEY[1]
        rows[model] = src.execute(
            f"SELECT {', '.join(shared[model.TABLE])} FROM {model.TABLE} "
            f"WHERE {link} IN ({marks}){order}",
            ids,
        ).fetchall()
    key = _index(shared["calls"], "checklist_key")
    keys = sorted({c[key] for c in rows[CallRow] if c[key]}) if key is not None else []
    rows[ChecklistRow] = (
        src.execute(
            f"SELECT {', '.join(shared['checklists'])} FROM checklists "
            f"WHERE key IN ({', '.join('?' for _ in keys)})",
            keys,
        ).fetchall()
        if keys
        else []
    )
    return rows


def _refuse(
    dst: sqlite3.Connection,
    rows: dict[type, list[tuple[Any, ...]]],
    shared: dict[str, list[str]],
    agents: dict[str, str],
    report: MergeReport,
) -> set[str]:
    """Set aside the calls of ``rows`` that may not be stored (``validate``), that ran with a
    checklist whose key is not the hash of its text (unless the target has the genuine one), or
    that a copy in the target holds under another agent (``agents``); their ids."""
    names = {m: shared[m.TABLE] for m in rows}  # type: ignore[attr-defined]
    bad, checklists = validate.refusals(rows, names)
    ident = names[CallRow].index("id")
    agent, key = (_index(names[CallRow], n) for n in ("agent", "checklist_key"))
    found = genuine.held(dst, sorted(checklists))
    for call in rows[CallRow]:
        if call[ident] in bad:
            continue
        theirs = call[agent] if agent is not None else ""
        if call[ident] in agents and theirs != agents[call[ident]]:
            bad[call[ident]] = f"the copy here is under agent {agents[call[ident]]}, not {theirs}"
        elif key is not None and call[key] in checklists and call[key] not in found:
            bad[call[ident]] = f"its checklist {call[key]}: {checklists[call[key]]}"
    known = report.checklists_refused
    known += [c for c in checklists.items() if c not in known]
    checklist_key = names[ChecklistRow].index("key")
    rows[ChecklistRow] = [r for r in rows[ChecklistRow] if r[checklist_key] not in checklists]
    for call in rows[CallRow]:
        if call[ident] in bad:
            who = call[agent] if agent is not None else ""
            report.refused.append((call[ident], who, bad[call[ident]]))
    for model in (CallRow, *_CHILDREN):
        link = names[model].index("id" if model is CallRow else "call_id")
        rows[model] = [r for r in rows[model] if r[link] not in bad]
    return set(bad)


def _index(names: list[str], name: str) -> int | None:
    return names.index(name) if name in names else None


def _write(
    dst: sqlite3.Connection,
    rows: dict[type, list[tuple[Any, ...]]],
    changed: list[str],
    shared: dict[str, list[str]],
    report: MergeReport,
) -> None:
    def insert(table: str, found: list[tuple[Any, ...]], skip: str = "", conflict: str = "") -> int:
        names = shared[table]
        keep = [i for i, n in enumerate(names) if n != skip]
        if found:
            dst.executemany(
                f"INSERT INTO {table} ({', '.join(names[i] for i in keep)}) "
                f"VALUES ({', '.join('?' for _ in keep)}){conflict}",
                [tuple(r[i] for i in keep) for r in found] if skip else found,
            )
        return len(found)

    before = dst.total_changes
    insert("checklists", rows[ChecklistRow], conflict=" ON CONFLICT(key) DO NOTHING")
    report.checklists += dst.total_changes - before
    if changed:
        # The old rows go first, counted out of the rollups under the call as it stood.
        old = ", ".join("?" for _ in changed)
        for table in ("call_steps", "notes", "events"):
            dst.execute(f"DELETE FROM {table} WHERE call_id IN ({old})", changed)
    # The call first, then its rows: the rollup triggers count each step under its call.
    updates = ", ".join(f"{c} = excluded.{c}" for c in shared["calls"] if c != "id")
    insert("calls", rows[CallRow], conflict=f" ON CONFLICT(id) DO UPDATE SET {updates}")
    report.steps += insert("call_steps", rows[StepRow])
    # Notes and events get new row ids here; (call_id, seq) is what identifies them.
    report.notes += insert("notes", rows[NoteRow], skip="id")
    report.events += insert("events", rows[EventRow], skip="id")
