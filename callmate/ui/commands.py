"""The command palette: every key binding of the screen as a command, and phrase search.

Binding descriptions and tooltips are English msgids, marked with ``N_`` where they are declared
(class bodies run before the language is chosen) and translated here, where they are shown: the
footer, the help and the palette all read them through :func:`translated`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen

from callmate.language.i18n import N_, _
from callmate.ui.keymap import rekeyed

N_("palette")  # Textual's own word in the footer (ctrl+p), translated like ours


def translated(binding: Binding) -> Binding:
    """The binding as people read it: its description, tooltip and the name of a key spelt as
    a word ("space", marked with ``N_``) in the language spoken."""
    description = _(binding.description) if binding.description else ""
    tooltip = _(binding.tooltip) if binding.tooltip else ""
    shown = _(binding.key_display) if binding.key_display else binding.key_display
    if (description, tooltip, shown) == (binding.description, binding.tooltip, binding.key_display):
        return binding
    return dataclasses.replace(binding, description=description, tooltip=tooltip, key_display=shown)


def described(node: DOMNode) -> list[Binding]:
    """The described bindings a screen or the app declares, translated, on the keys the agent
    chose (the settings' ``[keys]``): one declaration for the footer, the help and the
    palette."""
    keys: dict[str, str] = getattr(node.app, "agent_keys", {})
    declared = [b for b in type(node).BINDINGS if isinstance(b, Binding) and b.description]
    return [translated(rekeyed(b, keys)) for b in declared]


def screen_bindings(screen: Screen) -> list[Binding]:
    """Every key that acts on this screen: its own, then the app's (help, theme)."""
    return [*described(screen), *described(screen.app)]


def screen_commands(screen: Screen) -> Iterable[SystemCommand]:
    for binding in screen_bindings(screen):
        key = screen.app.get_key_display(binding)
        help_text = binding.tooltip or binding.description

        target: Screen | App = screen if binding in described(screen) else screen.app

        def run(action: str = binding.action, target: Screen | App = target) -> None:
            screen.call_later(target.run_action, action)

        yield SystemCommand(f"{binding.description}  ({key})", help_text, run)


class PhraseProvider(Provider):
    """Search every phrase of the call's checklist by text; choosing one copies it."""

    def _phrases(self) -> list[tuple[str, str]]:
        screen = self.screen
        call = getattr(screen, "call", None)
        if call is None:
            return []
        found: list[tuple[str, str]] = []
        seen: set[str] = set()
        checklist = call.checklist
        sources = [(step.title, p) for step in checklist.steps for p in step.all_phrases()]
        sources += [(_("Warning"), p) for p in checklist.warning]
        sources += [(_("Manager"), p) for p in checklist.manager]
        for where, phrase in sources:
            text = call.render(phrase)
            if text not in seen:
                seen.add(text)
                found.append((where, text))
        return found

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for where, text in self._phrases():
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(getattr(self.screen, "copy"), text, None),  # noqa: B009
                    text=text,
                    help=_("Copy · {where}").format(where=where),
                )
