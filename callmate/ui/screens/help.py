"""Every key of the screen underneath, read from the same bindings as the footer and palette."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from callmate.ui.commands import screen_bindings
from callmate.ui.text import esc

GENERAL = [
    ("ctrl+p", "Command palette: every action, and (on a call) phrase search"),
    ("ctrl+t", "Light or dark theme (remembered)"),
    ("Esc", "Leave a text field and go back to the keys"),
    ("ctrl+q", "Quit at once (a call in progress stays saved)"),
]


def help_text(screen: Screen) -> str:
    title = (type(screen).__doc__ or "").strip().splitlines()[0] if type(screen).__doc__ else ""
    lines = [f"[b]Keys[/b]  [dim]{esc(title)}[/]", ""]
    bindings = screen_bindings(screen)
    shown = {b.description for b in bindings if b.show}
    for binding in bindings:
        if not binding.show and any(binding.description.startswith(d) for d in shown):
            continue  # "Copy phrase 2" is covered by "Copy phrase" on 1-9
        key = screen.app.get_key_display(binding)
        if binding.key.startswith("space"):
            key = "space / enter"
        elif binding.key == "tab,n":
            key = "n / tab"
        about = f"  [dim]{esc(binding.tooltip)}[/]" if binding.tooltip else ""
        lines.append(f"[b $accent]{esc(key):>14}[/]  {esc(binding.description)}{about}")
    lines += ["", "[b]Everywhere[/b]", ""]
    lines += [f"[b $accent]{esc(k):>14}[/]  {esc(v)}" for k, v in GENERAL]
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    """Help."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close help", id="help.close"),
    ]

    def __init__(self, under: Screen):
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Static(help_text(self.under))
            yield Static("[dim]Esc or ? closes this help.[/]")

    def action_dismiss(self) -> None:
        self.dismiss(None)
