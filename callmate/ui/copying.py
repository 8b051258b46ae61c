"""Copying a phrase: the terminal clipboard (OSC 52) always, and the system clipboard where one
can work, checked on a worker thread so a slow tool never holds up a key."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from callmate import clipboard


def copy_text(screen: Screen, text: str, done: Callable[[str | None], None]) -> None:
    """Copy ``text``; ``done(tool)`` follows on the event loop: the system tool that took it,
    or ``None`` when only the terminal clipboard was sent it."""
    screen.app.copy_to_clipboard(text)
    if clipboard.system_command() is None:
        done(None)
        return

    def work() -> None:
        result = clipboard.copy(text)
        screen.app.call_from_thread(done, result.tool if result.copied else None)

    screen.run_worker(work, thread=True, exit_on_error=False, group="clipboard")
