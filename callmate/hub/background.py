"""Pushing in the background: the live call never waits on the network.

:class:`Pusher` runs on its own thread with its own connections (the local database and the hub).
It looks at the outbox when started, when nudged (a call was finished) and every ``interval``
seconds; when calls wait it pushes them, and while connected brings the agent's new
evaluations (``hub.evaluations``), which the Ready screen's line then counts. A failure is
retried after each delay of ``retry`` (backoff), then only every ``interval``: an unreachable
hub costs nothing while nothing waits and a few quick attempts when something does. Nothing it
meets is raised into the caller: every state is reported through ``on_status`` (called on the
pusher's thread) as a :class:`PushStatus`.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import psycopg

from callmate.hub import connect, local, outbox, push

log = logging.getLogger(__name__)

RETRY_SECONDS = (1.0, 2.0, 5.0, 15.0)
INTERVAL_SECONDS = 60.0


@dataclass(frozen=True)
class PushStatus:
    """What the status line says about the team hub.

    ``problem`` is a code ("" when all is well; offline, newer_hub, older_hub, no_hub, login,
    refused, locked, slow, error); ``message`` one English sentence about it, without any
    password.
    """

    waiting: int = 0
    gone: int = 0
    refused: int = 0
    pushing: bool = False
    problem: str = ""
    message: str = ""

    def line(self) -> str:
        """The quiet status-line text: "team: 3 calls waiting", or "" when nothing waits."""
        if not self.waiting:
            return ""
        return f"team: {self.waiting:,} call{'s' if self.waiting != 1 else ''} waiting"


class Pusher:
    """Pushes an agent's finished calls from ``db_path`` to the hub ``team_db`` on a thread."""

    def __init__(
        self,
        db_path: Path | str,
        team_db: str,
        agent: str | None,
        *,
        on_status: Callable[[PushStatus], None] = lambda status: None,
        interval: float = INTERVAL_SECONDS,
        retry: Sequence[float] = RETRY_SECONDS,
        batch: int = push.BATCH,
        known: int | None = None,
        connect_timeout: int = connect.CONNECT_TIMEOUT,
    ):
        self.db_path = Path(db_path)
        self.team_db = team_db
        self.agent = agent
        self._on_status = on_status
        self._interval = interval
        self._retry = tuple(retry)
        self._batch = batch
        self._known = known
        self._timeout = connect_timeout
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._status = PushStatus()
        self._thread = threading.Thread(target=self._run, name="callmate-pusher", daemon=True)

    @property
    def status(self) -> PushStatus:
        return self._status

    def start(self) -> None:
        self._thread.start()

    def nudge(self) -> None:
        """Look at the outbox now (call it when a call has been finished and saved)."""
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop after the batch being sent, if any; True if the thread ended within ``timeout``.
        Whatever had not gone stays in the outbox for next time."""
        self._stopping.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def _report(self, status: PushStatus) -> None:
        self._status = status
        try:
            self._on_status(status)
        except Exception:  # the app's callback must not end the pusher
            log.exception("team status callback failed")

    def _run(self) -> None:
        db: sqlite3.Connection | None = None
        hub: psycopg.Connection | None = None
        failures = 0
        while not self._stopping.is_set():
            try:
                db = db or local.open_local(self.db_path)
                hub = self._round(db, hub)
                failures = 0
            except connect.HubError as exc:
                _close(hub)
                hub = None
                failures += 1
                self._report(replace(self._count(db), problem=exc.code, message=str(exc)))
                if exc.lasting:
                    failures = len(self._retry) + 1
            except Exception as exc:  # a broken local file, a bug: reported, never raised
                log.exception("pushing to the team hub failed")
                _close(hub)
                hub = None
                failures += 1
                self._report(replace(self._count(db), problem="error", message=str(exc)))
            self._wait(failures)
        _close(hub)
        if db is not None:
            db.close()

    def _wait(self, failures: int) -> None:
        delay = self._interval
        if 0 < failures <= len(self._retry):
            delay = self._retry[failures - 1]
        self._wake.wait(delay)
        self._wake.clear()

    def _count(self, db: sqlite3.Connection | None) -> PushStatus:
        if db is None:
            return PushStatus()
        try:
            c = outbox.counts(db, self.agent)
        except sqlite3.Error:
            return self._status
        return PushStatus(waiting=c.waiting, gone=c.gone, refused=c.refused)

    def _round(
        self, db: sqlite3.Connection, hub: psycopg.Connection | None
    ) -> psycopg.Connection | None:
        status = self._count(db)
        self._report(status)
        if not status.waiting:
            return hub
        if hub is None or hub.closed or hub.broken:
            hub = connect.connect(self.team_db, timeout=self._timeout)
        self._report(replace(status, pushing=True))

        def progress(report: push.PushReport) -> None:
            self._report(replace(self._count(db), pushing=True))

        push.push(
            db,
            hub,
            self.agent,
            batch=self._batch,
            known=self._known,
            stop=self._stopping.is_set,
            on_batch=progress,
        )
        from callmate.hub import evaluations

        evaluations.receive(hub, db)  # the agent's new evaluations come down while connected
        self._report(self._count(db))
        return hub


def _close(hub: psycopg.Connection | None) -> None:
    if hub is not None:
        with contextlib.suppress(psycopg.Error):
            hub.close()
