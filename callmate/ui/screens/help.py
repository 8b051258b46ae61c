"""Every key of the screen underneath, read from the same bindings as the footer and palette."""

from __future__ import annotations

import textwrap

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from callmate.language.i18n import N_, _
from callmate.ui.base import CallmateModal
from callmate.ui.commands import described
from callmate.ui.text import esc, marked

#: Textual's own keys, which no binding of ours declares.
BUILT_IN = [
    ("ctrl+p", N_("Command palette: every action, and (on a call) phrase search")),
    ("Esc", N_("Leave a text field and go back to the keys")),
    ("ctrl+q", N_("Quit at once (a call in progress stays saved)")),
]


def key_names(screen: Screen, binding: Binding) -> str:
    """The keys of a binding as the footer names them, every one (``space / enter``)."""
    keys = [k.strip() for k in binding.key.split(",")]
    if len(keys) == 1:
        return screen.app.get_key_display(binding)
    return " / ".join(screen.app.get_key_display(Binding(k, "")) for k in keys)


def _action_name(binding: Binding) -> str:
    return binding.action.split("(")[0]


def _line(key: str, description: str, tooltip: str = "", *, key_room: int, width: int) -> str:
    """A key and what it does; a long line goes on under the words, not under the key."""
    text = f"{description}  {tooltip}" if tooltip else description
    room = max(20, width - key_room - 2)
    first, *rest = textwrap.wrap(text, room) or [""]
    if tooltip and first.startswith(description):
        head = esc(description) + f"[dim]{esc(first[len(description) :])}[/]"
    else:
        head = esc(first)
    indent = " " * (key_room + 2)
    style = "dim" if tooltip else ""
    more = [indent + (f"[{style}]{esc(part)}[/]" if style else esc(part)) for part in rest]
    return "\n".join([f"[b $accent]{esc(key):>{key_room}}[/]  {head}", *more])


def screen_title(screen: Screen) -> str:
    """What the screen is, in a line: its HELP_TITLE translated, else its docstring's first line."""
    title = getattr(screen, "HELP_TITLE", "")
    if title:
        return _(title)
    doc = (type(screen).__doc__ or "").strip()
    return doc.splitlines()[0] if doc else ""


def help_text(screen: Screen, width: int = 68) -> str:
    """Every key of ``screen``, one to a line, wrapped to ``width`` cells."""
    own = described(screen)
    shown = {_action_name(b) for b in own if b.show}
    moved = getattr(screen.app, "agent_keys", {})  # a key the agent chose is named on its own
    rows = [
        (key_names(screen, b), b.description, b.tooltip)
        for b in own
        # "Copy phrase 2" is covered by 1-9, unless it is on a key of the agent's
        if b.show or _action_name(b) not in shown or b.id in moved
    ]
    everywhere = [(key_names(screen, b), b.description, b.tooltip) for b in described(screen.app)]
    everywhere += [(key, _(about), "") for key, about in BUILT_IN]
    key_room = max(len(key) for key, _d, _t in rows + everywhere)

    def lines(found: list[tuple[str, str, str]]) -> list[str]:
        return [_line(k, d, t or "", key_room=key_room, width=width) for k, d, t in found]

    title = marked("b", _("Keys")) + "  " + marked("dim", screen_title(screen))
    head = [title, ""]
    return "\n".join(
        [*head, *lines(rows), "", marked("b", _("Everywhere")), "", *lines(everywhere)]
    )


class HelpScreen(CallmateModal[None]):
    """Help."""

    HELP_TITLE = N_("Help")
    BINDINGS = [
        Binding("escape,question_mark,q", "close", N_("Close help"), id="help.close"),
    ]

    def __init__(self, under: Screen):
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            # The dialog's width less its border, padding and scroll bar (#help in app.tcss).
            yield Static(help_text(self.under, width=min(100, self.app.size.width) - 8))
            yield Static(marked("dim", _("Esc or ? closes this help.")))

    def action_close(self) -> None:
        self.dismiss(None)
