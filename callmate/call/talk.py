"""What happens while talking: the at-fault switch, warnings, phrases copied, notes, names."""

from __future__ import annotations

from callmate.call.state import CallState, Change
from callmate.dates import to_iso
from callmate.models import NoteRow
from callmate.redact import mask_cards


class Talk(CallState):
    def toggle_fault(self) -> Change:
        self.at_fault = not self.at_fault
        return self._change(events=[self._event("at_fault", {"on": self.at_fault})])

    def warn(self) -> tuple[str, Change]:
        """Give the abusive-caller warning: the phrase to say, and the logged event."""
        phrase = self.render(self.checklist.warning[0]) if self.checklist.warning else ""
        self.warnings += 1
        event = self._event("warning", {"number": self.warnings, "phrase": phrase})
        return phrase, self._change(events=[event])

    def phrase_copied(self, text: str, number: int | None, how: str) -> Change:
        self.phrases_copied += 1
        data = {"number": number, "text": text, "step": self.step.id, "how": how}
        return self._change(events=[self._event("phrase_copied", data)])

    def add_note(self, text: str) -> Change | None:
        """Store a note against the current step; card numbers are masked first."""
        text = text.strip()
        if not text:
            return None
        masked, cards = mask_cards(text)
        self.note_seq += 1
        note = NoteRow(
            call_id=self.id, seq=self.note_seq, at=to_iso(self.clock.now()),
            offset_seconds=round(self.elapsed(), 1), step_id=self.step.id, text=masked,
        )  # fmt: skip
        self.notes.append(note)
        self.draft = ""
        events = (
            [self._event("card_masked", {"note": self.note_seq, "count": cards})] if cards else []
        )
        return self._change(notes=[note], events=events)

    def set_draft(self, text: str) -> Change:
        """The note being typed, saved as it is typed (masked like a note)."""
        self.draft = mask_cards(text)[0]
        return self._change()

    def set_customer(self, *, name: str | None = None, reference: str | None = None) -> Change:
        if name is not None:
            self.customer = name.strip()
        if reference is not None:
            self.reference = reference.strip()
        return self._change()
