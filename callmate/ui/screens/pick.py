"""Choosing the checklist (and so the language) for the next calls."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from callmate.checklists import catalog
from callmate.checklists.load import ChecklistError, load_file
from callmate.checklists.model import Checklist
from callmate.language.i18n import N_, _, ngettext
from callmate.ui.base import CallmateModal
from callmate.ui.text import esc, marked


class ChecklistPicker(CallmateModal[Checklist | None]):
    HELP_TITLE = N_("Checklist for the next calls")
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="pick.cancel")]

    def compose(self) -> ComposeResult:
        self.found: dict[str, Checklist] = {}
        options = []
        for entry in catalog.entries():
            try:
                checklist = load_file(entry.path, entry.source)
            except ChecklistError as exc:
                count = len(exc.problems)
                invalid = ngettext("invalid ({n} problem)", "invalid ({n} problems)", count)
                label = f"{esc(entry.name)}  [$error]{esc(invalid.format(n=count))}[/]"
                options.append(Option(label, id=entry.name, disabled=True))
                continue
            self.found[entry.name] = checklist
            count = len(checklist.steps)
            steps = ngettext("{n} step", "{n} steps", count).format(n=count)
            label = (
                f"[b]{esc(entry.name)}[/b]  {esc(checklist.name)} · {esc(checklist.language)}"
                f" · {esc(steps)}"
            )
            options.append(Option(label, id=entry.name))
        with Vertical(classes="dialog"):
            title = marked("b", _("Checklist for the next calls"))
            yield Static(title + "  " + marked("dim", _("Enter picks · Esc cancels")))
            yield OptionList(*options, id="checklists")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.found.get(event.option.id or ""))

    def action_cancel(self) -> None:
        self.dismiss(None)
