"""The command palette: every key binding of the screen as a command, and phrase search."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen


def screen_bindings(screen: Screen) -> list[Binding]:
    """The screen's described bindings: one declaration for the footer, help and palette."""
    found = []
    for item in type(screen).BINDINGS:
        if isinstance(item, Binding) and item.description:
            found.append(item)
    return found


def screen_commands(screen: Screen) -> Iterable[SystemCommand]:
    for binding in screen_bindings(screen):
        key = screen.app.get_key_display(binding)
        help_text = binding.tooltip or binding.description

        def run(action: str = binding.action) -> None:
            screen.call_later(screen.run_action, action)

        yield SystemCommand(f"{binding.description}  ({key})", help_text, run)
