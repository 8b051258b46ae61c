"""The Textual application: shared services (clock, writer, settings) and the top-level screens."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import gc
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from callmate import config
from callmate.checklist import Checklist
from callmate.clock import Clock, SystemClock
from callmate.ui.commands import screen_commands
from callmate.ui.messages import SaveStateChanged

THEMES = ("textual-dark", "textual-light")
log = logging.getLogger(__name__)


class CallmateApp(App):
    """callmate: the live-call companion (and, with ``mode="review"``, the team lead's review)."""

    CSS_PATH = "app.tcss"
    TITLE = "callmate"
    BINDINGS = [
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False, id="app.theme"),
    ]

    def __init__(
        self,
        *,
        db_path: Path,
        checklist: Checklist,
        settings: config.Settings | None = None,
        clock: Clock | None = None,
        mode: str = "live",
        save_settings: bool = True,
        writer_factory: Callable[..., Any] | None = None,
    ):
        super().__init__()
        self.db_path = db_path
        self.checklist = checklist
        self.settings = settings or config.Settings()
        self.clock = clock or SystemClock()
        self.start_mode = mode
        self._save_settings = save_settings
        self._writer_factory = writer_factory
        self.writer = None
        self.save_error: str = ""
        #: Changes that could not be saved before the program ended (reported by the CLI).
        self.unsaved_at_exit = 0
        self._event_loop: asyncio.AbstractEventLoop | None = None
        self._deferred: list = []

    # -- start and stop -----------------------------------------------------------------------

    def on_mount(self) -> None:
        self._event_loop = asyncio.get_running_loop()
        self._callback_context = contextvars.copy_context()  # Textual's active app, for callbacks
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.call_after_refresh(self._settle_memory)
        if self.start_mode == "review":
            from callmate.ui.screens.review import ReviewScreen

            self.push_screen(ReviewScreen())
        else:
            from callmate.ui.screens.ready import ReadyScreen

            self.push_screen(ReadyScreen())

    def _settle_memory(self) -> None:
        """After the first paint, move everything built so far out of the garbage collector's
        sight: later full collections stay short, so no key waits behind one."""
        gc.collect()
        gc.freeze()

    def start_writer(self):
        """The background writer, started on first use (off the path to the first paint)."""
        if self.writer is None:
            from callmate.store.writer import Writer

            factory = self._writer_factory or Writer
            self.writer = factory(
                self.db_path,
                on_error=lambda message: self._from_thread(self._saving_failed, message),
                on_recovered=lambda: self._from_thread(self._saving_recovered),
            )
        return self.writer

    def run_db(self, job: Callable[[Any], Any], then: Callable[[Any], None] | None = None) -> None:
        """Run ``job(db)`` on the writer thread; ``then(result)`` runs back on the event loop."""
        writer = self.start_writer()
        if then is None:
            writer.submit(job)
        else:
            writer.submit(job, lambda result: self._from_thread(then, result))

    def _from_thread(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run ``callback`` on the event loop soon, without making the writer wait for it.

        (``call_from_thread`` would block the writer until the loop answers; at exit the loop
        waits for the writer, and the two would wait for each other.)
        """
        loop = self._event_loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop closed in between
            loop.call_soon_threadsafe(self._guarded, callback, args, context=self._callback_context)

    def _guarded(self, callback: Callable[..., Any], args: tuple) -> None:
        if not self.is_running:
            return
        try:
            callback(*args)
        except Exception as exc:  # a bug in a screen update must not take the call down
            log.exception("update after a database job failed")
            self.notify(f"Display not updated: {exc}", severity="error")

    def save(self, change, checklist: Checklist | None = None) -> None:
        """Persist one change of a call, in the background."""
        from callmate.store import live

        self.run_db(lambda db: live.apply(db, change, checklist))

    def save_soon(self, change) -> None:
        """Persist a change once the screen has been redrawn: a key's answer comes first.

        Changes keep their order; anything still waiting is handed over before the app ends.
        """
        self._deferred.append(change)
        if len(self._deferred) == 1:
            self.call_after_refresh(self._hand_over_deferred)

    def _hand_over_deferred(self) -> None:
        waiting, self._deferred = self._deferred, []
        for change in waiting:
            self.save(change)

    def _saving_failed(self, message: str) -> None:
        first = not self.save_error
        self.save_error = message
        if first:
            self.notify(message, title="Database", severity="error", timeout=8)
        self.screen.post_message(SaveStateChanged())

    def _saving_recovered(self) -> None:
        self.save_error = ""
        self.notify("Everything is saved again.", title="Database", timeout=4)
        self.screen.post_message(SaveStateChanged())

    @property
    def unsaved(self) -> int:
        return self.writer.pending if self.writer is not None else 0

    async def action_quit(self) -> None:
        """Quit at once; what is being typed on a call is handed to the store first."""
        save_typing = getattr(self.screen, "save_typing", None)
        if save_typing is not None:
            save_typing()
        self.exit()

    async def on_unmount(self) -> None:
        self._hand_over_deferred()
        if self.writer is not None and not self.writer.close(timeout=3.0):
            self.unsaved_at_exit = self.writer.pending

    # -- settings -------------------------------------------------------------------------------

    def remember(self, **changes: Any) -> None:
        for key, value in changes.items():
            setattr(self.settings, key, value)
        if self._save_settings:
            try:
                config.save(self.settings)
            except OSError as exc:
                self.notify(f"Settings not saved: {exc.strerror}", severity="warning")

    def watch_theme(self, theme: str) -> None:
        if self.is_mounted and theme != self.settings.theme:
            self.remember(theme=theme)

    def action_toggle_theme(self) -> None:
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]

    # -- the command palette --------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from screen_commands(screen)
        yield SystemCommand(
            "Light or dark theme", "Switch between light and dark", self.action_toggle_theme
        )
        yield from super().get_system_commands(screen)
