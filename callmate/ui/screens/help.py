"""Every key of the screen underneath, read from the same bindings as the footer and palette."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from callmate.ui.commands import described
from callmate.ui.text import esc

#: Textual's own keys, which no binding of ours declares.
BUILT_IN = [
    ("ctrl+p", "Command palette: every action, and (on a call) phrase search"),
    ("Esc", "Leave a text field and go back to the keys"),
    ("ctrl+q", "Quit at once (a call in progress stays saved)"),
]


def key_names(screen: Screen, binding: Binding) -> str:
    """The keys of a binding as the footer names them, every one (``space / enter``)."""
    keys = [k.strip() for k in binding.key.split(",")]
    if len(keys) == 1:
        return screen.app.get_key_display(binding)
    return " / ".join(screen.app.get_key_display(Binding(k, "")) for k in keys)


def _line(key: str, description: str, tooltip: str = "") -> str:
    about = f"  [dim]{esc(tooltip)}[/]" if tooltip else ""
    return f"[b $accent]{esc(key):>14}[/]  {esc(description)}{about}"


def help_text(screen: Screen) -> str:
    title = (type(screen).__doc__ or "").strip().splitlines()[0] if type(screen).__doc__ else ""
    lines = [f"[b]Keys[/b]  [dim]{esc(title)}[/]", ""]
    own = described(screen)
    shown = {b.description for b in own if b.show}
    for binding in own:
        if not binding.show and any(binding.description.startswith(d) for d in shown):
            continue  # "Copy phrase 2" is covered by "Copy phrase" on 1-9
        lines.append(_line(key_names(screen, binding), binding.description, binding.tooltip))
    lines += ["", "[b]Everywhere[/b]", ""]
    lines += [_line(key_names(screen, b), b.description, b.tooltip) for b in described(screen.app)]
    lines += [_line(key, about) for key, about in BUILT_IN]
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    """Help."""

    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close help", id="help.close"),
    ]

    def __init__(self, under: Screen):
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Static(help_text(self.under))
            yield Static("[dim]Esc or ? closes this help.[/]")

    def action_close(self) -> None:
        self.dismiss(None)
