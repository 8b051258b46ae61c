"""Saved views of the review: the filters kept under a name, listed, recalled, saved, removed."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from callmate.language.i18n import N_, _
from callmate.review.pages import Typed
from callmate.ui.base import CallmateModal
from callmate.ui.text import esc, marked
from callmate.ui.widgets.review_filters import describe


@dataclass(frozen=True)
class Chosen:
    """What the lead chose: ``recall`` a view, ``save`` the filters as ``name``, or the views
    left after some were removed (``removed``)."""

    what: str
    name: str = ""
    removed: tuple[str, ...] = ()


class ViewsDialog(CallmateModal[Chosen | None]):
    """The saved views: Enter on one recalls it; a name typed and Enter saves the filters."""

    HELP_TITLE = N_("Saved views")
    # fmt: off
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="views.cancel"),
        Binding("delete,ctrl+d", "remove", N_("Remove the view"), id="views.remove"),
    ]
    # fmt: on

    def __init__(self, views: dict[str, Typed], typed: Typed):
        super().__init__()
        self.views = views
        self.typed = typed
        self.removed: list[str] = []

    def compose(self) -> ComposeResult:
        options = [
            Option(f"[b]{esc(name)}[/b]  {esc(describe(typed))}", id=name)
            for name, typed in self.views.items()
        ]
        with Vertical(classes="dialog"):
            title = marked("b", _("Saved views"))
            hint = _("Enter recalls · Del removes · Esc closes")
            yield Static(title + "  " + marked("dim", hint))
            if options:
                yield OptionList(*options, id="views")
            else:
                yield Static(esc(_("No view is saved yet.")), id="no-views")
            if self.typed.is_empty:
                yield Static(marked("dim", _("Type a filter first to save it as a view.")))
            else:
                now = describe(self.typed)
                yield Static(esc(_("Save the filters ({filters}) as:").format(filters=now)))
                yield Input(placeholder=_("a name, then Enter"), id="view-name", max_length=40)

    def on_mount(self) -> None:
        if self.query("#views"):
            self.query_one("#views", OptionList).focus()
        elif self.query("#view-name"):
            self.query_one("#view-name", Input).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(Chosen("recall", event.option.id or "", tuple(self.removed)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.dismiss(Chosen("save", event.value, tuple(self.removed)))

    def action_remove(self) -> None:
        if not self.query("#views") or isinstance(self.focused, Input):
            return
        options = self.query_one("#views", OptionList)
        index = options.highlighted
        if index is None:
            return
        name = options.get_option_at_index(index).id or ""
        self.removed.append(name)
        options.remove_option_at_index(index)
        self.notify(_("View “{name}” removed.").format(name=name), timeout=2, markup=False)

    def action_cancel(self) -> None:
        self.dismiss(Chosen("closed", removed=tuple(self.removed)) if self.removed else None)
