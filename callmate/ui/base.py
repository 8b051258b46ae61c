"""The base of callmate's screens: typed access to the services, and keys in the language
spoken."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, TypeVar

from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

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

    def key_arrives(self, key: str, character: str | None) -> None:
        """A key, the moment it reaches the app (before bindings and widgets): a screen that
        gives keys a meaning by state decides here (see ``CallmateApp.on_event``)."""

    def in_order(self, then: Callable[[], object], via: Widget | None = None) -> None:
        """Run ``then`` after every key that came before the one acting now.

        A priority key (ctrl+e, ctrl+s, Enter in a field) acts when it arrives, but the keys
        typed just before it may still wait in the queue of the field (or the screen) they went
        to. Queued behind them, ``then`` sees all of them: nothing typed is left out or
        reordered. (Two hops: a key no widget takes goes on to the app, whose bindings act on
        it from the app's queue; ``then`` waits there behind it.)
        """
        app = self.app
        (via or self.focused or self).call_later(lambda: app.call_later(then))


class CallmateModal(Translated, ModalScreen[ResultType]):
    """A dialog over a screen, with its keys translated like a screen's."""
