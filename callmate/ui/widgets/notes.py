"""The notes taken during the call, newest last, each with its call time and step."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Static

from callmate.dates import format_duration
from callmate.language.i18n import _, language
from callmate.models import NoteRow
from callmate.ui.text import esc, marked


def render_notes(notes: list[NoteRow], titles: dict[str, str]) -> str:
    if not notes:
        empty = _("No notes yet. Just type: Enter saves the note, Esc goes back to the keys.")
        return marked("dim", empty)
    lines = []
    code = language()
    for note in notes:
        at = format_duration(note.offset_seconds, language=code)
        step = titles.get(note.step_id, note.step_id)
        lines.append(f"[dim]{at} {esc(step)}[/]  {esc(note.text)}")
    return "\n".join(lines)


class NotesView(VerticalScroll, can_focus=False):
    def compose(self):
        yield Static(id="notes-text")

    def show(self, notes: list[NoteRow], titles: dict[str, str]) -> None:
        self.query_one("#notes-text", Static).update(render_notes(notes, titles))
        self.scroll_end(animate=False)
