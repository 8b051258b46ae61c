"""One press, one action: the same confirming key twice within a blink is one press.

A worn key, or an impatient hand, sends Enter or Space twice in well under a tenth of a second;
nobody means two steps by that. Screens ask ``Presses.again`` before a key that moves the call
on, with the app's monotonic clock (injected, so tests need no sleeping).
"""

from __future__ import annotations

from collections.abc import Callable

#: Presses of the same key closer than this are one press (seconds).
SAME_PRESS_SECONDS = 0.15


class Presses:
    def __init__(self, monotonic: Callable[[], float], window: float = SAME_PRESS_SECONDS):
        self._monotonic = monotonic
        self._window = window
        self._last: dict[str, float] = {}

    def again(self, action: str) -> bool:
        """True when ``action`` was pressed less than a blink ago (ignore this press)."""
        now = self._monotonic()
        last = self._last.get(action)
        self._last[action] = now
        return last is not None and now - last < self._window
