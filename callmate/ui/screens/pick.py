"""Choosing the checklist (and so the language) for the next calls."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from callmate import catalog
from callmate.checklist import Checklist
from callmate.checklist_load import ChecklistError, load_file
from callmate.ui.text import esc


class ChecklistPicker(ModalScreen[Checklist | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="pick.cancel")]

    def compose(self) -> ComposeResult:
        self.found: dict[str, Checklist] = {}
        options = []
        for entry in catalog.entries():
            try:
                checklist = load_file(entry.path, entry.source)
            except ChecklistError as exc:
                label = f"{esc(entry.name)}  [$error]invalid ({len(exc.problems)} problems)[/]"
                options.append(Option(label, id=entry.name, disabled=True))
                continue
            self.found[entry.name] = checklist
            label = (
                f"[b]{esc(entry.name)}[/b]  {esc(checklist.name)} · {esc(checklist.language)}"
                f" · {len(checklist.steps)} steps"
            )
            options.append(Option(label, id=entry.name))
        with Vertical(classes="dialog"):
            yield Static("[b]Checklist for the next calls[/b]  [dim]Enter picks · Esc cancels[/]")
            yield OptionList(*options, id="checklists")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.found.get(event.option.id or ""))

    def action_cancel(self) -> None:
        self.dismiss(None)
