"""One press, one action: the same confirming key twice within a blink is one press.

A worn key, or an impatient hand, sends Enter or Space twice in well under a tenth of a second;
nobody means two steps by that. Screens ask ``Presses.again`` before a key that moves the call
on, with the app's monotonic clock (injected, so tests need no sleeping). A screen that also
reports every key as it arrives (``Presses.arrived``, from ``key_arrives``) gets the finer rule:
only a repeat with nothing typed in between is the same press, so "Enter, ok, Enter" typed fast
is two presses.
"""

from __future__ import annotations

from collections.abc import Callable

#: Presses of the same key closer than this are one press (seconds).
SAME_PRESS_SECONDS = 0.15


class Presses:
    """``again(action)``: True when this press of ``action`` repeats the last one (ignore it)."""

    def __init__(self, monotonic: Callable[[], float], window: float = SAME_PRESS_SECONDS):
        self._monotonic = monotonic
        self._window = window
        #: Keys reported so far; a press remembers how many had arrived when it came.
        self._keys = 0
        self._last: dict[str, tuple[float, int]] = {}

    def arrived(self) -> None:
        """A key reached the screen, before its action runs (report each key once: from the
        screen's ``key_arrives``): a key between two presses of an action makes them two."""
        self._keys += 1

    def again(self, action: str) -> bool:
        """True when ``action`` was pressed less than a blink ago, with no other key reported
        in between (ignore this press)."""
        now = self._monotonic()
        last = self._last.get(action)
        self._last[action] = (now, self._keys)
        if last is None:
            return False
        at, keys = last
        return now - at < self._window and self._keys - keys <= 1
