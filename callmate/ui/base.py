"""The base of callmate's screens: typed access to the services, and keys in the language
spoken."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen

from callmate.ui.commands import translated
from callmate.ui.services import Services, services

ResultType = TypeVar("ResultType")


class Translated:
    """For a screen: the footer (and Textual's key panel) show its keys translated. Bindings are
    declared in English, marked with ``N_``; they are translated here, when shown, so the
    language chosen at start-up (or later) applies to screens whose classes exist already."""

    #: The first line of the help screen for this screen (an English msgid, marked with ``N_``).
    HELP_TITLE: ClassVar[str] = ""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        found: dict[str, ActiveBinding] = super().active_bindings  # type: ignore[misc]
        shown = {}
        for key, active in found.items():
            binding = translated(active.binding)
            shown[key] = active._replace(binding=binding, tooltip=binding.tooltip)
        return shown


class CallmateScreen(Translated, Screen[None]):
    @property
    def services(self) -> Services:
        return services(self)


class CallmateModal(Translated, ModalScreen[ResultType]):
    """A dialog over a screen, with its keys translated like a screen's."""
