"""The screens between calls (Ready, the break) act on plain letters; a sentence meant for
another window that lands in callmate must not become those actions.

:class:`TypingGuard` is the screen's ``on_key``: a printable key right behind another (with
nothing else between) is typing and does nothing. One of the screen's own printable keys first
waits ``services.typing_hold``: a letter right behind it makes both typing (the first letter of a
sentence starts no call, quits nothing, skips no break), and the agent is told; the same key
again is one press made twice in a hurry; a key that types nothing, or the wait running out,
lets it act. The gap is read on the app's clock; the wait is a Textual timer.
"""

from __future__ import annotations

from textual import events
from textual.actions import parse
from textual.timer import Timer

from callmate.language.i18n import _
from callmate.ui.base import CallmateScreen

#: A printable key this soon after another is typing (seconds).
TYPING_GAP = 0.5


class TypingGuard(CallmateScreen):
    """A screen whose plain letters act, guarded against sentences typed into it."""

    def __init__(self) -> None:
        super().__init__()
        #: When the last printable key came (the app's monotonic clock).
        self._typed_at = float("-inf")
        #: The action of a key waiting to see whether a sentence follows, its key, its timer.
        self._held: str | None = None
        self._held_key = ""
        self._hold_timer: Timer | None = None

    def guarding(self) -> bool:
        """Whether the screen's keys still act (False: it is leaving, and takes none)."""
        return True

    def on_key(self, event: events.Key) -> None:
        if not (event.character and event.character.isprintable()):
            self._typed_at = float("-inf")  # Enter, Esc, an arrow: what follows is a key again
            self._release()  # the key held was a key: it acts first
            return
        now = self.services.clock.monotonic()
        typing = now - self._typed_at < TYPING_GAP
        self._typed_at = now
        if typing:
            event.stop()
            event.prevent_default()
            if self._held is not None and event.key == self._held_key:
                return  # the same key again, pressed twice in a hurry: one press
            if self._held is not None:
                self._held = None
                self._stop_hold()
                self.notify(
                    _("That was typing, not a key for callmate: nothing happened."), timeout=3
                )
            return
        bound = self.active_bindings.get(event.key)
        hold = self.services.typing_hold
        if bound is None or bound.node is not self or hold <= 0 or not self.guarding():
            return
        event.stop()
        event.prevent_default()
        self._held, self._held_key = bound.binding.action, event.key
        self._stop_hold()
        self._hold_timer = self.set_timer(hold, self._release)

    def on_screen_resume(self) -> None:
        self._typed_at = float("-inf")  # another screen came between: no longer one sentence
        self._held = None
        self._stop_hold()

    def _stop_hold(self) -> None:
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None

    def _release(self) -> None:
        """The key held acts (if the screen still lets it)."""
        action, self._held = self._held, None
        self._stop_hold()
        if action is None or not self.is_current:
            return
        _namespace, name, params = parse(action)
        if self.check_action(name, params):
            self.run_worker(self.app.run_action(action, self), exclusive=False)
