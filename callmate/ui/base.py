"""The base of callmate's screens: typed access to the services."""

from __future__ import annotations

from textual.screen import Screen

from callmate.ui.services import Services, services


class CallmateScreen(Screen[None]):
    @property
    def services(self) -> Services:
        return services(self)
