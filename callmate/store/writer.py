"""A background thread that owns the live database connection.

The screen hands it work and goes on; nothing waits for the disk on the event loop. A failed write
(a locked or read-only database, a full disk) stays at the head of the queue and is retried, so
nothing handed over is dropped; the failure and the recovery are reported through callbacks.

At the end, :meth:`Writer.close` gives the queue a while to drain; the changes of a call it could
not save (:meth:`Writer.save`) are then handed back by :meth:`Writer.unsaved_changes`, for the
recovery journal (:mod:`callmate.store.journal`), never dropped. When the writer opens the database
it first saves what such a journal holds.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

    from callmate.call import Change
    from callmate.checklists.model import Checklist

log = logging.getLogger(__name__)

Job = Callable[[Any], Any]
RETRY_SECONDS = (0.5, 1.0, 2.0, 3.0)
#: How long :meth:`Writer.close` waits for a write under way once it has given up on the queue.
STOP_SECONDS = 1.0


@dataclass
class _Item:
    job: Job
    on_done: Callable[[Any], None] | None
    #: The call change this job saves, kept for the journal if it cannot be saved.
    change: tuple[Change, Checklist | None] | None = None


class Writer:
    """Runs database jobs in order on one thread with one connection."""

    def __init__(
        self,
        path: Path,
        *,
        on_error: Callable[[str], None] = lambda message: None,
        on_recovered: Callable[[], None] = lambda: None,
        on_replayed: Callable[[str], None] = lambda message: None,
        opener: Callable[[Path], Any] | None = None,
    ):
        self.path = path
        self._on_error = on_error
        self._on_recovered = on_recovered
        self._on_replayed = on_replayed
        self._opener = opener
        self._items: deque[_Item] = deque()  # the head stays until its job is done
        self._cond = threading.Condition()
        self._wake = threading.Event()  # cuts a wait between retries short when closing
        self._db: Database | None = None
        self._failing = False
        self._stopping = False
        self._abandoned = False
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(target=self._run, name="callmate-writer", daemon=True)
        self._thread.start()

    @property
    def pending(self) -> int:
        """Jobs handed over but not yet done."""
        with self._cond:
            return len(self._items)

    @property
    def failing(self) -> bool:
        return self._failing

    def submit(self, job: Job, on_done: Callable[[Any], None] | None = None) -> None:
        """Queue ``job(db)``; ``on_done(result)`` is called on the writer thread afterwards."""
        self._put(_Item(job, on_done))

    def save(self, change: Change, checklist: Checklist | None = None) -> None:
        """Queue one change of a call (``live.apply``); kept for the journal if never saved."""
        from callmate.store import live

        self._put(_Item(lambda db: live.apply(db, change, checklist), None, (change, checklist)))

    def _put(self, item: _Item) -> None:
        with self._cond:
            if self._stopping:  # too late to run: kept, so unsaved_changes still has it
                log.warning("a database job was handed over after the writer was closed")
            self._items.append(item)
            self._idle.clear()
            self._cond.notify()

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every job handed over is done; False if that took longer than ``timeout``."""
        return self._idle.wait(timeout)

    def close(self, timeout: float = 5.0) -> bool:
        """Finish what is queued (up to ``timeout``), then close the connection; False if some
        jobs were left undone (:meth:`unsaved_changes` has the changes among them)."""
        done = self.flush(timeout)
        with self._cond:
            self._stopping = True
            self._abandoned = not done
            self._cond.notify_all()
        self._wake.set()
        if not done:
            self._interrupt()
        self._thread.join(timeout=STOP_SECONDS)
        return done and not self._thread.is_alive()

    def unsaved_changes(self) -> list[tuple[Change, Checklist | None]]:
        """The call changes handed over and not saved, in order (after :meth:`close`)."""
        with self._cond:
            return [item.change for item in self._items if item.change is not None]

    def _interrupt(self) -> None:
        db = self._db
        if db is not None:
            try:
                db.conn.interrupt()  # a write waiting for a lock gives up now
            except Exception:
                log.debug("interrupting the database failed", exc_info=True)

    def _open(self) -> Database:
        if self._db is None:
            if self._opener is not None:
                self._db = self._opener(self.path)
            else:
                from callmate.store import journal
                from callmate.store.db import open_db

                db = open_db(self.path)
                try:
                    said = journal.replay(db, journal.journal_path(self.path))
                except Exception:
                    db.close()
                    raise
                if said:
                    self._report(self._on_replayed, said)
                self._db = db
        return self._db

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._items and not self._stopping:
                    self._cond.wait()
                if self._abandoned or not self._items:
                    break
                item = self._items[0]
            if not self._attempt(item):
                break
            with self._cond:
                self._items.popleft()
                if not self._items:
                    self._idle.set()
        if self._db is not None:
            try:
                self._db.close()
            except Exception:
                log.exception("closing the database failed")

    def _attempt(self, item: _Item) -> bool:
        """Run one job until it succeeds (True), or until the writer is abandoned (False)."""
        attempt = 0
        while True:
            try:
                result = item.job(self._open())
            except Exception as exc:  # any database or disk failure: report, keep, retry
                if self._abandoned:  # closing: the change goes to the journal, quietly
                    log.debug("database job given up at close: %s", exc)
                    return False
                log.warning("database job failed: %s", exc)
                log.debug("database job failed", exc_info=True)
                self._reset_after_failure(exc)
                self._failing = True
                self._report(self._on_error, _describe(exc, self.path))
                if self._wake.wait(RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)]):
                    return False
                attempt += 1
                continue
            if self._failing:
                self._failing = False
                self._report(self._on_recovered)
            if item.on_done is not None:
                try:
                    item.on_done(result)
                except Exception:
                    log.exception("callback after a database job failed")
            return True

    @staticmethod
    def _report(callback: Callable[..., None], *args: Any) -> None:
        # A failing callback must not kill the thread: every later job would be lost.
        try:
            callback(*args)
        except Exception:
            log.exception("database status callback failed")

    def _reset_after_failure(self, exc: Exception) -> None:
        db = self._db
        if db is None:
            return
        try:
            if db.conn.in_transaction:
                db.conn.rollback()
        except Exception:
            # A broken connection: drop it and open a fresh one next time.
            self._db = None
            return
        if "readonly" in str(exc).lower():
            # A connection opened read-only stays so: retry on a fresh one (permissions fixed).
            self._db = None
            try:
                db.close()
            except Exception:
                log.exception("closing the database failed")


def _describe(exc: Exception, path: Path) -> str:
    """One sentence for the agent about why saving failed, in the language spoken."""
    from callmate.language.i18n import _
    from callmate.safe import visible

    text = str(exc)
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        why = _("the database is busy (locked by another program)")
    elif "readonly" in lowered or "read-only" in lowered or "permission" in lowered:
        why = _("the database is read-only")
    elif "disk" in lowered and "full" in lowered:
        why = _("the disk is full")
    else:
        why = text
    sentence = _("Not saved yet: {reason}. Keep going; it will be retried. ({path})")
    return visible(sentence.format(reason=why, path=path))
