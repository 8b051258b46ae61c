"""Every key of the screen underneath, read from the same bindings as the footer and palette."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from callmate.i18n import N_, _
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


def _line(key: str, description: str, tooltip: str = "") -> str:
    about = f"  [dim]{esc(tooltip)}[/]" if tooltip else ""
    return f"[b $accent]{esc(key):>14}[/]  {esc(description)}{about}"


def screen_title(screen: Screen) -> str:
    """What the screen is, in a line: its HELP_TITLE translated, else its docstring's first line."""
    title = getattr(screen, "HELP_TITLE", "")
    if title:
        return _(title)
    doc = (type(screen).__doc__ or "").strip()
    return doc.splitlines()[0] if doc else ""


def help_text(screen: Screen) -> str:
    lines = [marked("b", _("Keys")) + "  " + marked("dim", screen_title(screen)), ""]
    own = described(screen)
    shown = {_action_name(b) for b in own if b.show}
    for binding in own:
        if not binding.show and _action_name(binding) in shown:
            continue  # "Copy phrase 2" is covered by "Copy" on 1-9
        lines.append(_line(key_names(screen, binding), binding.description, binding.tooltip))
    lines += ["", marked("b", _("Everywhere")), ""]
    lines += [_line(key_names(screen, b), b.description, b.tooltip) for b in described(screen.app)]
    lines += [_line(key, _(about)) for key, about in BUILT_IN]
    return "\n".join(lines)


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
            yield Static(help_text(self.under))
            yield Static(marked("dim", _("Esc or ? closes this help.")))

    def action_close(self) -> None:
        self.dismiss(None)
