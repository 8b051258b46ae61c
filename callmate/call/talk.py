"""What happens while talking: the at-fault switch, warnings, hold, phrases copied, notes, names."""

from __future__ import annotations

import re

from callmate.call.state import CallState, Change
from callmate.dates import to_iso
from callmate.privacy.redact import mask_cards
from callmate.safe import replace_hidden

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_name(text: str) -> str:
    """A name as it may go into a phrase the customer is sent: no control, C1 or bidi
    characters (pasted by mistake, they would garble or reorder the text)."""
    return replace_hidden(_CONTROL.sub("", text), lambda ch: "").strip()


class Talk(CallState):
    def toggle_fault(self) -> Change:
        self.at_fault = not self.at_fault
        return self._change(events=[self._event("at_fault", {"on": self.at_fault})])

    # -- an abusive caller ----------------------------------------------------------------------

    @property
    def next_warning(self) -> tuple[int, int]:
        """Which warning comes next, of how many (mildest first; the last ends the call)."""
        total = len(self.checklist.warning)
        return min(self.warnings + 1, max(total, 1)), total

    def warn(self) -> tuple[str, Change]:
        """Give the next abusive-caller warning: the phrase to say, and the logged event.

        The checklist lists them mildest first; after the last (the line that ends the call)
        the last one is given again.
        """
        lines = self.checklist.warning
        phrase = self.render(lines[min(self.warnings, len(lines) - 1)]) if lines else ""
        self.warnings += 1
        data = {"number": self.warnings, "of": len(lines), "phrase": phrase}
        return phrase, self._change(events=[self._event("warning", data)])

    def withdraw_warning(self) -> Change | None:
        """Take back the last warning logged (copied by mistake, not said)."""
        if self.warnings == 0:
            return None
        self.warnings -= 1
        return self._change(events=[self._event("warning_withdrawn", {"now": self.warnings})])

    def undone(self, action: str) -> Change:
        """Log that the agent undid ``action`` (the change that undid it is logged as well):
        a correction, so the record never reads as if the first action had not happened."""
        return self._change(events=[self._event("undone", {"action": action})])

    # -- hold -------------------------------------------------------------------------------------

    @property
    def on_hold(self) -> bool:
        return self.hold_since is not None

    def toggle_hold(self) -> Change:
        """Put the customer on hold, or take them off it (how long they waited is logged)."""
        if self.hold_since is not None:
            return self._change(events=[self._end_hold()])
        self.hold_since = self.clock.monotonic()
        return self._change(events=[self._event("hold_started", {})])

    # -- phrases and notes ------------------------------------------------------------------------

    def phrase_copied(self, text: str, number: int | None, how: str) -> Change:
        self.phrases_copied += 1
        data = {"number": number, "text": text, "step": self.step.id, "how": how}
        return self._change(events=[self._event("phrase_copied", data)])

    def add_note(self, text: str, at: str | None = None) -> Change | None:
        """Store a note against the current step; card numbers are masked first."""
        made = self._note(text, at)
        if made is None:
            return None
        note, events = made
        return self._change(notes=[note], events=events)

    def keep_draft(self) -> Change | None:
        """Keep a note left half-typed (when a call is resumed) as a note: never dropped."""
        return self.add_note(self.draft, self.draft_at) if self.draft.strip() else None

    def edit_last_note(self, text: str) -> Change | None:
        """Correct the last note; the change is logged with what it said before."""
        if not self.notes or not text.strip():
            return None
        last = self.notes[-1]
        after = mask_cards(text.strip())[0]
        self.notes[-1] = edited = type(last)(**{**vars(last), "text": after})
        data = {"note": last.seq, "before": last.text, "after": after}
        return self._change(notes=[edited], events=[self._event("note_edited", data)])

    def delete_last_note(self) -> Change | None:
        """Take the last note out (typed by mistake); what it said stays in the log."""
        if not self.notes:
            return None
        last = self.notes.pop()
        event = self._event("note_deleted", {"note": last.seq, "text": last.text})
        return self._change(events=[event], deleted_notes=[last.seq])

    def set_draft(self, text: str) -> Change:
        """The note being typed, saved as it is typed (masked like a note), with when it
        last changed."""
        masked = mask_cards(text)[0]
        if masked != self.draft:
            self.draft, self.draft_at = masked, to_iso(self.clock.now())
        return self._change()

    def set_customer(
        self,
        *,
        name: str | None = None,
        reference: str | None = None,
        addressed_as: str | None = None,
    ) -> Change:
        if name is not None:
            self.customer = clean_name(name)
        if reference is not None:
            self.reference = clean_name(reference)
        if addressed_as is not None:
            self.addressed_as = clean_name(addressed_as)
        return self._change()
