"""The team hub from the live app: finished calls pushed in the background, never waited for.

The pusher (``callmate.hub.background``, with its own thread and connections) starts once the
local database is open, is nudged when a call is finished, and reports how many calls wait; the
status lines show "team: 3 calls waiting" while any do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from textual.app import App

    from callmate.hub.background import PushStatus


@dataclass
class TeamStatus(Message):
    """The pusher says where the team hub stands (posted from its thread)."""

    status: PushStatus


class Team:
    """The app's link to the team hub: nothing at all when no hub is set."""

    def __init__(self, app: App[Any], db_path: Path, hub: str, agent: str):
        self.app = app
        self.db_path = db_path
        self.hub = hub
        self.agent = agent
        self.waiting = 0
        self._pusher: Any = None

    def start(self) -> None:
        """Begin pushing (after the local database has been opened and brought up to date)."""
        if not self.hub or self._pusher is not None:
            return
        from callmate.hub import missing_extra

        missing = missing_extra()
        if missing:  # the hub is set but its driver is not installed: said, calls kept locally
            self.app.notify(missing, severity="warning", timeout=30)
            return
        from callmate.hub.background import Pusher  # psycopg only for a team that has a hub

        self._pusher = Pusher(self.db_path, self.hub, self.agent, on_status=self._status)
        self._pusher.start()

    def _status(self, status: PushStatus) -> None:
        """From the pusher's thread: handed to the app's queue, never waited for."""
        self.app.post_message(TeamStatus(status))

    def nudge(self) -> None:
        """A call was finished: look at the outbox now rather than at the next round."""
        if self._pusher is not None:
            self._pusher.nudge()

    def stop(self) -> None:
        if self._pusher is not None:
            self._pusher.stop(timeout=2.0)
