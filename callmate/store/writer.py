"""A background thread that owns the live database connection.

The screen hands it work and goes on; nothing waits for the disk on the event loop. A failed write
(a locked or read-only database, a full disk) stays at the head of the queue and is retried, so
nothing handed over is dropped; the failure and the recovery are reported through callbacks.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

Job = Callable[[Any], Any]
RETRY_SECONDS = (0.5, 1.0, 2.0, 3.0)


@dataclass
class _Item:
    job: Job
    on_done: Callable[[Any], None] | None


class Writer:
    """Runs database jobs in order on one thread with one connection."""

    def __init__(
        self,
        path: Path,
        *,
        on_error: Callable[[str], None] = lambda message: None,
        on_recovered: Callable[[], None] = lambda: None,
        opener: Callable[[Path], Any] | None = None,
    ):
        self.path = path
        self._on_error = on_error
        self._on_recovered = on_recovered
        self._opener = opener
        self._queue: queue.Queue[_Item | None] = queue.Queue()
        self._db = None
        self._failing = False
        self._pending = 0
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="callmate-writer", daemon=True)
        self._thread.start()

    @property
    def pending(self) -> int:
        """Jobs handed over but not yet done."""
        return self._pending

    @property
    def failing(self) -> bool:
        return self._failing

    def submit(self, job: Job, on_done: Callable[[Any], None] | None = None) -> None:
        """Queue ``job(db)``; ``on_done(result)`` is called on the writer thread afterwards."""
        with self._lock:
            self._pending += 1
            self._idle.clear()
        self._queue.put(_Item(job, on_done))

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every job handed over is done; False if that took longer than ``timeout``."""
        return self._idle.wait(timeout)

    def close(self, timeout: float = 5.0) -> bool:
        """Finish what is queued (up to ``timeout``), then close the connection."""
        done = self.flush(timeout)
        self._stopping = True
        self._queue.put(None)
        self._thread.join(timeout=1.0)
        return done

    def _open(self):
        if self._db is None:
            if self._opener is not None:
                self._db = self._opener(self.path)
            else:
                from callmate.store.db import open_db

                self._db = open_db(self.path)
        return self._db

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                break
            attempt = 0
            while True:
                try:
                    result = item.job(self._open())
                except Exception as exc:  # any database or disk failure: report, keep, retry
                    log.warning("database job failed: %s", exc, exc_info=True)
                    self._reset_after_failure(exc)
                    self._failing = True
                    self._report(self._on_error, _describe(exc, self.path))
                    if self._stopping:
                        break
                    time.sleep(RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)])
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
                break
            with self._lock:
                self._pending -= 1
                if self._pending == 0:
                    self._idle.set()
        if self._db is not None:
            try:
                self._db.close()
            except Exception:
                log.exception("closing the database failed")

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
    """One sentence for the agent about why saving failed."""
    text = str(exc)
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        why = "the database is busy (locked by another program)"
    elif "readonly" in lowered or "read-only" in lowered or "permission" in lowered:
        why = "the database is read-only"
    elif "disk" in lowered and "full" in lowered:
        why = "the disk is full"
    else:
        why = text
    return f"Not saved yet: {why}. Keep going; it will be retried. ({path})"
