"""Saving from the screens: changes go to the background writer, answers come back to the loop.

Nothing here waits for the disk on the event loop. A key's answer is drawn first: ``save_soon``
hands the change over after the next refresh, in order, and whatever is still waiting is handed
over before the app ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callmate.language.i18n import _

if TYPE_CHECKING:
    from textual.app import App

    from callmate.call import Change
    from callmate.checklists.model import Checklist

log = logging.getLogger(__name__)


class Saver:
    """The live call's link to its database (one writer thread, started on first use)."""

    def __init__(
        self,
        app: App[Any],
        db_path: Path,
        writer_factory: Callable[..., Any] | None = None,
        on_finished: Callable[[], None] = lambda: None,
    ):
        self.app = app
        self.db_path = db_path
        self.writer: Any = None
        self.error = ""
        #: Changes that could not be saved before the program ended (reported by the CLI).
        self.unsaved_at_exit = 0
        self._writer_factory = writer_factory
        self._deferred: list[Change] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._context: contextvars.Context | None = None
        self.on_state_changed: Callable[[], None] = lambda: None
        #: A call was finished and saved (the team hub may want it).
        self._on_finished = on_finished

    def bind_loop(self) -> None:
        """Remember the event loop (and Textual's active app) to come back to from the thread."""
        self._loop = asyncio.get_running_loop()
        self._context = contextvars.copy_context()

    def _start(self) -> Any:
        if self.writer is None:
            from callmate.store.writer import Writer

            factory = self._writer_factory or Writer
            self.writer = factory(
                self.db_path,
                on_error=lambda message: self._from_thread(self._failed, message),
                on_recovered=lambda: self._from_thread(self._recovered),
                on_replayed=lambda message: self._from_thread(self._replayed, message),
            )
        return self.writer

    def run_db(self, job: Callable[[Any], Any], then: Callable[[Any], None] | None = None) -> None:
        """Run ``job(db)`` on the writer thread; ``then(result)`` runs back on the event loop."""
        writer = self._start()
        if then is None:
            writer.submit(job)
        else:
            writer.submit(job, lambda result: self._from_thread(then, result))

    def save(self, change: Change, checklist: Checklist | None = None) -> None:
        """Persist one change of a call, in the background (kept in the recovery journal if it
        cannot be saved before the program ends)."""
        writer = self._start()
        writer.save(change, checklist)
        if change.call.status in ("closed", "abandoned"):
            writer.submit(lambda db: None, lambda _: self._from_thread(self._on_finished))

    def save_soon(self, change: Change) -> None:
        """Persist a change once the screen has been redrawn: a key's answer comes first."""
        self._deferred.append(change)
        if len(self._deferred) == 1:
            self.app.call_after_refresh(self.hand_over)

    def hand_over(self) -> None:
        waiting, self._deferred = self._deferred, []
        for change in waiting:
            self.save(change)

    @property
    def unsaved(self) -> int:
        return self.writer.pending if self.writer is not None else 0

    def close(self, timeout: float = 3.0) -> None:
        """Hand over what waits and let the writer finish (up to ``timeout``); what it could not
        save goes to the recovery journal, to be saved at the next start."""
        from callmate.store import journal

        self.hand_over()
        if self.writer is None:
            return
        left = journal.finish(self.writer, timeout=timeout)
        self.unsaved_at_exit = left.lost
        self.error = left.error or self.error

    # -- back from the writer thread --------------------------------------------------------------

    def _from_thread(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run ``callback`` on the event loop soon, without making the writer wait for it.

        (``call_from_thread`` would block the writer until the loop answers; at exit the loop
        waits for the writer, and the two would wait for each other.)
        """
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop closed in between
            loop.call_soon_threadsafe(self._guarded, callback, args, context=self._context)

    def _guarded(self, callback: Callable[..., Any], args: tuple[Any, ...]) -> None:
        if not self.app.is_running:
            return
        try:
            callback(*args)
        except Exception as exc:  # a bug in a screen update must not take the call down
            log.exception("update after a database job failed")
            self.app.notify(_("Display not updated: {error}").format(error=exc), severity="error")

    def _failed(self, message: str) -> None:
        first = not self.error
        self.error = message
        if first:
            self.app.notify(message, title=_("Database"), severity="error", timeout=8)
        self.on_state_changed()

    def _replayed(self, message: str) -> None:
        self.app.notify(message, title=_("Database"), timeout=8)

    def _recovered(self) -> None:
        self.error = ""
        self.app.notify(_("Everything is saved again."), title=_("Database"), timeout=4)
        self.on_state_changed()
