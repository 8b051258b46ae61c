"""The recovery journal: the changes of a call that could not be saved when the program ended.

Quitting while another program holds the write lock (a long ``merge``), or with the disk full,
used to lose the call. Instead, :func:`finish` closes the writer and appends what it could not save
to a journal beside the database (``calls.db-unsaved.jsonl``, private: 0600): one JSON object per
change, holding the stored rows it carried (``callmate.models``). The next time the live database
is opened the journal is saved into it (:func:`replay`) and removed. Saving a change again changes
nothing (``live.apply`` is idempotent), so a journal replayed twice, or one whose changes had in
fact landed, does no harm.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from callmate.call import Change
from callmate.language.i18n import ngettext, number
from callmate.models import (
    CallRow,
    ChecklistRow,
    EventRow,
    NoteRow,
    StepRow,
    columns,
    from_row,
    values,
)
from callmate.store import live
from callmate.store.sql import insert_sql

if TYPE_CHECKING:
    from sqlite_utils import Database

    from callmate.checklists.model import Checklist

SUFFIX = "-unsaved.jsonl"
FORMAT = 1
_NESTED = {"steps": StepRow, "notes": NoteRow, "events": EventRow}


def journal_path(db_path: Path | str) -> Path:
    """The journal beside a database: ``calls.db-unsaved.jsonl`` for ``calls.db``."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + SUFFIX)


def _row(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in columns(type(row))}


def entry(change: Change, checklist: Checklist | None = None) -> dict[str, Any]:
    """One change as a journal line holds it."""
    key = change.call.checklist_key
    found = _row(live.checklist_row(checklist, key)) if checklist is not None and key else None
    return {
        "format": FORMAT,
        "call": _row(change.call),
        **{name: [_row(r) for r in getattr(change, name)] for name in _NESTED},
        "deleted_notes": list(change.deleted_notes),
        "checklist": found,
    }


def _change(data: dict[str, Any]) -> tuple[Change, ChecklistRow | None]:
    nested = {
        name: tuple(from_row(model, r) for r in data[name]) for name, model in _NESTED.items()
    }
    change = Change(
        call=from_row(CallRow, data["call"]),
        **nested,
        deleted_notes=tuple(int(seq) for seq in data.get("deleted_notes", ())),
    )
    found = data.get("checklist")
    return change, (from_row(ChecklistRow, found) if found else None)


def keep(path: Path, changes: Iterable[tuple[Change, Checklist | None]]) -> int:
    """Append ``changes`` to the journal at ``path`` (made private), on disk before returning."""
    lines = [json.dumps(entry(c, checklist), ensure_ascii=True) + "\n" for c, checklist in changes]
    if not lines:
        return 0
    data = "".join(lines).encode("ascii")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    return len(lines)


def read(path: Path) -> tuple[list[tuple[Change, ChecklistRow | None]], int]:
    """The changes a journal holds, in order, and how many of its lines could not be read (a
    line cut short when the program was killed while writing it)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return [], 0
    found, bad = [], 0
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            found.append(_change(json.loads(line)))
        except (ValueError, KeyError, TypeError):
            bad += 1
    return found, bad


def count(path: Path) -> int:
    """How many changes the journal at ``path`` holds (0: there is none)."""
    return len(read(path)[0])


def replay(db: Database, path: Path) -> str:
    """Save every change the journal holds into ``db`` (in one transaction), then remove it.

    Returns what was done, in words for a person, or ``""`` when there was no journal. A database
    error (still locked) is raised and the journal kept for the next try.
    """
    if not path.exists():
        return ""
    changes, bad = read(path)
    keep_checklist = insert_sql(ChecklistRow)
    with db.atomic():
        for change, checklist in changes:
            if checklist is not None:
                db.conn.execute(keep_checklist, values(checklist))
            live.apply(db, change)
    said = ngettext(
        "saved {n} change kept from an earlier session in {path}",
        "saved {n} changes kept from an earlier session in {path}",
        len(changes),
    ).format(n=number(len(changes)), path=path)
    if bad:
        damaged = path.with_name(path.name + ".damaged")
        path.replace(damaged)
        return said + ngettext(
            "; {n} damaged line could not be read and is kept in {damaged}",
            "; {n} damaged lines could not be read and are kept in {damaged}",
            bad,
        ).format(n=number(bad), damaged=damaged)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    return said


@dataclass(frozen=True)
class Leftover:
    """What the end of a session could not save: ``unsaved`` changes, ``kept`` of them in the
    journal (``error`` says why not, when the journal could not be written either)."""

    db_path: Path
    journal: Path
    unsaved: int = 0
    kept: int = 0
    error: str = ""

    @property
    def lost(self) -> int:
        return self.unsaved - self.kept

    def line(self) -> str:
        """One line for a person, or ``""`` when everything was saved."""
        if self.lost:
            return ngettext(
                "{n} change could not be saved to {path}, nor kept in {journal} ({error})",
                "{n} changes could not be saved to {path}, nor kept in {journal} ({error})",
                self.lost,
            ).format(n=number(self.lost), path=self.db_path, journal=self.journal, error=self.error)
        if self.kept:
            return kept_line(self.db_path, self.kept)
        return ""


def kept_line(db_path: Path, kept: int) -> str:
    """``3 changes could not be saved to PATH; they are kept in JOURNAL and will be saved at the
    next start``."""
    return ngettext(
        "{n} change could not be saved to {path}; it is kept in {journal} and will be saved at "
        "the next start",
        "{n} changes could not be saved to {path}; they are kept in {journal} and will be saved "
        "at the next start",
        kept,
    ).format(n=number(kept), path=db_path, journal=journal_path(db_path))


class Closing(Protocol):
    """What :func:`finish` asks of a writer (``store.writer.Writer``: the journal does not import
    it, so the two never import each other)."""

    path: Path

    def close(self, timeout: float = ...) -> bool: ...

    def unsaved_changes(self) -> list[tuple[Change, Checklist | None]]: ...


def finish(writer: Closing, timeout: float = 3.0) -> Leftover:
    """Close ``writer`` (waiting up to ``timeout`` for its queue) and keep in the journal every
    change it could not save. Never raises: the app calls this as it ends."""
    path = journal_path(writer.path)
    writer.close(timeout=timeout)
    changes = writer.unsaved_changes()
    if not changes:
        return Leftover(writer.path, path)
    try:
        kept = keep(path, changes)
    except OSError as exc:
        return Leftover(writer.path, path, len(changes), 0, exc.strerror or str(exc))
    return Leftover(writer.path, path, len(changes), kept)
