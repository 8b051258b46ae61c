"""The call screen: the checklist, the current step's card, timers, notes, one key per action."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import Input

from callmate.call import Call, Change
from callmate.call.talk import clean_name
from callmate.language.i18n import N_
from callmate.ui.base import CallmateScreen
from callmate.ui.commands import PhraseProvider
from callmate.ui.copying import copy_text
from callmate.ui.messages import SaveStateChanged
from callmate.ui.screens import call_text as say
from callmate.ui.screens.call_keys import CALL_BINDINGS
from callmate.ui.text import esc
from callmate.ui.widgets.card import StepCard
from callmate.ui.widgets.customer import CustomerFields
from callmate.ui.widgets.footer import FittingFooter
from callmate.ui.widgets.note_field import NoteField
from callmate.ui.widgets.notes import NotesView
from callmate.ui.widgets.status import StatusBar
from callmate.ui.widgets.steps import StepList

DRAFT_SAVE_SECONDS = 1.0


class CallScreen(CallmateScreen):
    """One call, start to end. Keys act at once; nothing asks twice."""

    HELP_TITLE = N_("One call, start to end. Typing writes a note; the keys act at once.")
    AUTO_FOCUS = ""
    COMMANDS = CallmateScreen.COMMANDS | {PhraseProvider}
    BINDINGS: ClassVar[list[BindingType]] = [*CALL_BINDINGS]

    def __init__(self, call: Call):
        super().__init__()
        self.call = call
        self._draft_dirty = False
        self._customer_dirty = False
        self.show_avoid_words = False
        #: What ctrl+z can undo, the last action last.
        self._undoable: list[str] = []

    def compose(self) -> ComposeResult:
        call = self.call
        yield StatusBar(id="status")
        with Horizontal(id="main"):
            yield StepList(id="steps")
            yield StepCard(id="card")
        yield CustomerFields(
            call.customer,
            call.addressed_as,
            call.reference,
            call.checklist.language,
            id="customer-row",
        )
        yield NotesView(id="notes")
        yield NoteField(call.draft, id="note")
        yield FittingFooter(rows=2)

    _FOCUS_KEYS = {"edit_customer", "edit_last_note"}
    _FIELD_KEYS = {"keys", "field_enter"}
    #: Printable keys that act (bindings above) when no field has the focus; every other
    #: printable key is text.
    _ACTING_CHARACTERS = frozenset("123456789 ?")

    def check_action(self, action: str, _parameters: tuple) -> bool | None:
        """The one place that says what a key means here, by state: while a field has the
        focus, its keys are text (Esc and Enter leave it); once the call has ended, the
        screen takes no more of the call's keys; a second "next" within a blink is the same
        press (a worn key, an impatient hand)."""
        typing = isinstance(self.focused, Input)
        if action in self._FIELD_KEYS:
            return True if typing else None
        if not self.call.is_open and action != "app.quit":
            return False
        if action in self._FOCUS_KEYS and typing:
            return None
        return True

    def key_arrives(self, key: str, character: str | None) -> None:
        """A key as it reaches the app, before it goes anywhere: text typed while the keys
        are the call's opens the note, and the key (and every one behind it) goes into it.
        Nothing typed becomes an action, and nothing typed is lost."""
        if not (self.is_mounted and self.call.is_open) or isinstance(self.focused, Input):
            return
        if character and character.isprintable() and character not in self._ACTING_CHARACTERS:
            self.set_focus(self.query_one(NoteField))

    @property
    def calm(self) -> bool:
        return self.services.settings.calm_mode

    # -- drawing ----------------------------------------------------------------------------------

    def tick(self) -> None:
        """Once a second: only the timers move."""
        saving = self.services.saving
        self.query_one(StatusBar).show(
            self.call,
            calm=self.calm,
            save_error=saving.error,
            unsaved=saving.unsaved,
            team_waiting=self.services.team.waiting,
        )
        self.query_one(StepList).show(self.call, calm=self.calm)

    def refresh_card(self) -> None:
        self.query_one(StepCard).show(self.call, show_avoid_words=self.show_avoid_words)

    def refresh_notes(self) -> None:
        titles = {s.id: s.title for s in self.call.checklist.steps}
        self.query_one(NotesView).show(self.call.notes, titles)

    def refresh_step(self) -> None:
        """After a move or a toggle: the timers, the step list and the card (not the notes)."""
        self.tick()
        self.refresh_card()

    def on_mount(self) -> None:
        self.refresh_step()
        self.refresh_notes()
        self.set_interval(1.0, self.tick)
        self.set_interval(DRAFT_SAVE_SECONDS, self.save_typing)

    def on_save_state_changed(self, _: SaveStateChanged) -> None:
        self.tick()

    # -- saving ------------------------------------------------------------------------------------

    def save(self, change: Change | None) -> None:
        """Hand a change to the store once the screen has answered the key (keys come first)."""
        if change is not None:
            self.services.saving.save_soon(change)

    def save_typing(self, *, now: bool = False) -> None:
        """At most once a second: the note being typed and the customer fields. ``now``: from
        the fields as they are this instant (keys typed may not have been reported yet)."""
        if not self.call.is_open:
            return  # ended: what was typed is in the call already (a note kept as a note)
        note = self.query_one(NoteField)
        if (self._draft_dirty or now) and not note.editing:
            self._draft_dirty = False
            self.save(self.call.set_draft(note.value))
        if self._customer_dirty or now:
            self._customer_dirty = False
            name, addressed_as, reference = self.query_one(CustomerFields).values()
            self.save(
                self.call.set_customer(name=name, addressed_as=addressed_as, reference=reference)
            )

    def before_exit(self) -> None:
        """The app is closing during the call: what is typed is kept, a note as a note."""
        self.save_typing(now=True)
        self.save(self.call.keep_draft())

    @on(Input.Changed, "#note")
    def _note_typed(self) -> None:
        self._draft_dirty = True

    @on(CustomerFields.Edited)
    def _customer_edited(self, event: CustomerFields.Edited) -> None:
        self._customer_dirty = True
        # Phrases show the name as it is typed; it is saved with the next tick.
        self.call.customer = clean_name(event.name)
        self.call.addressed_as = clean_name(event.addressed_as)
        self.refresh_card()

    def action_field_enter(self) -> None:
        """Enter in a field: the keys go back to the call at once (a space right behind it is
        "next"); what the field holds is taken once every key typed into it has arrived."""
        field = self.focused
        self.set_focus(None)
        if isinstance(field, NoteField):
            self.in_order(
                lambda: self.post_message(NoteField.Entered(field.value, field.editing)), via=field
            )
        elif isinstance(field, Input):
            self.in_order(self._customer_done, via=field)

    def _customer_done(self) -> None:
        self.save_typing(now=True)
        self.refresh_card()
        self.tick()

    @on(NoteField.Entered)
    def _note_entered(self, event: NoteField.Entered) -> None:
        field = self.query_one(NoteField)
        if event.editing:
            self._forget("note")
            change = self.call.edit_last_note(event.text) or self.call.delete_last_note()
            gone = not event.text.strip()
            if change is not None and gone:
                self.notify(say.note_removed(), timeout=3)
        else:
            change = self.call.add_note(event.text)  # the stored note clears the draft too
            if change is not None:
                self._undoable.append("note")
        field.done()
        self._draft_dirty = False
        if change is not None:
            self.save(change)
            self.refresh_notes()
            if any(e.kind == "card_masked" for e in change.events):
                self.notify(say.card_masked())

    # -- moving through the call -------------------------------------------------------------------

    def after_move(self, change: Change | None) -> None:
        self.save(change)
        if self.call.status == "wrapup":
            self.open_wrap_up()
            return
        self.refresh_step()
        self.query_one(StepCard).scroll_home(animate=False)

    def action_next(self) -> None:
        if self.services.presses.again("next"):
            return  # the same press, twice (a worn key, an impatient hand)
        self._undoable.append("next")
        self.after_move(self.call.next())

    def _forget(self, *actions: str) -> None:
        """Actions ctrl+z can no longer undo as they were (the step or note has moved on)."""
        self._undoable = [a for a in self._undoable if a not in actions]

    def action_back(self) -> None:
        self._forget("next", "skip")
        change = self.call.back()
        if change is None:
            self.notify(say.first_step(), timeout=2)
        self.after_move(change)

    def action_skip(self) -> None:
        self._undoable.append("skip")
        self.after_move(self.call.skip())

    def action_undo(self) -> None:
        """Undo the last action: its opposite is done and logged, with a correction event."""
        if not self._undoable:
            self.notify(say.nothing_to_undo(), timeout=2)
            return
        action = self._undoable.pop()
        undo = {
            "next": self.call.back,
            "skip": self.call.back,
            "escalate": self.call.toggle_escalation,
            "hold": self.call.toggle_hold,
            "fault": self.call.toggle_fault,
            "warn": self.call.withdraw_warning,
            "note": self.call.delete_last_note,
        }[action]
        change = undo()
        if change is None:
            return
        self.save(change)
        self.save(self.call.undone(action))
        self.refresh_step()
        self.refresh_notes()
        self.notify(say.undone(action), timeout=3)

    def action_end_call(self) -> None:
        self.in_order(self._end_call)

    def _end_call(self) -> None:
        if self.call.is_open:
            self.save_typing(now=True)
            self.after_move(self.call.end())

    def action_hung_up(self) -> None:
        self.save_typing(now=True)
        self.after_move(self.call.customer_hung_up())

    def open_wrap_up(self) -> None:
        self.save_typing(now=True)
        self.refresh_notes()
        self.services.go.show_call(self.call)

    # -- things said during the call ----------------------------------------------------------

    def action_toggle_fault(self) -> None:
        self._undoable.append("fault")
        self.save(self.call.toggle_fault())
        self.notify(say.fault_notice(self.call.at_fault), timeout=3)
        self.refresh_step()

    def action_escalate(self) -> None:
        self._undoable.append("escalate")
        self.after_move(self.call.toggle_escalation())
        self.notify(say.escalation_notice(self.call.escalated), timeout=3)

    def action_warn(self) -> None:
        if self.call.warned_to_the_end:
            # The line that ends the call has been said: the next press ends it (for abuse).
            self._end_call()
            return
        number, total = self.call.next_warning
        self._undoable.append("warn")
        phrase, change = self.call.warn()
        self.save(change)
        self.tick()
        if not phrase:
            self.notify(say.no_warning_phrase())
            return
        self.copy(phrase, None, warning=say.warning_title(number, total))
        if self.call.warned_to_the_end:
            self.notify(say.last_warning_given(), severity="warning", timeout=8)

    def action_hold(self) -> None:
        self._undoable.append("hold")
        self.save(self.call.toggle_hold())
        self.tick()

    def action_copy_phrase(self, number: int) -> None:
        phrases = self.call.phrases()
        if not 1 <= number <= len(phrases):
            self.notify(say.no_phrase(number), severity="warning", timeout=2)
            return
        self.copy(phrases[number - 1], number)

    def copy(self, text: str, number: int | None, warning: str | None = None) -> None:
        """Copy a phrase (``warning``: the title of a warning copied, else "Copied")."""
        copy_text(self, text, lambda how: self._copied(text, number, warning, how))

    def _copied(self, text: str, number: int | None, warning: str | None, how: str | None) -> None:
        self.save(self.call.phrase_copied(text, number, how or "terminal"))
        self.notify(esc(text), title=say.copied_title(warning, how), timeout=4)

    # -- focus, fields and small toggles -----------------------------------------------------------

    def action_write_note(self) -> None:
        # At once, not on the next turn of the loop (as Widget.focus does): letters that arrive
        # in the same burst as "n" belong in the note, not to the call keys (e is escalate).
        self.set_focus(self.query_one(NoteField))

    def action_tab(self) -> None:
        moved = self.query_one(CustomerFields).focus_next_field()
        if not moved and not isinstance(self.focused, Input):
            self.action_write_note()

    def action_edit_customer(self) -> None:
        self.query_one(CustomerFields).focus_first()

    def action_edit_last_note(self) -> None:
        if not self.call.notes:
            self.notify(say.no_note_to_correct(), timeout=2)
            return
        field = self.query_one(NoteField)
        field.edit(self.call.notes[-1].text)
        self.set_focus(field)

    def action_keys(self) -> None:
        field = self.query_one(NoteField)
        if field.editing:
            field.done()  # the correction is left: the note stays as it was
        self.save_typing()
        self.set_focus(None)

    def action_scroll_card(self, direction: int) -> None:
        """A page, less two lines kept in sight: a phrase cut at the foot reads whole."""
        card = self.query_one(StepCard)
        card.scroll_relative(y=direction * max(1, card.size.height - 2), animate=False)

    def action_scroll_notes(self, direction: int) -> None:
        notes = self.query_one(NotesView)
        (notes.scroll_down if direction > 0 else notes.scroll_up)(animate=False)

    def action_toggle_avoid_words(self) -> None:
        self.show_avoid_words = not self.show_avoid_words
        self.refresh_card()
        self.query_one(StepCard).scroll_home(animate=False)

    def action_toggle_calm(self) -> None:
        self.services.remember(calm_mode=not self.calm)
        self.tick()
        self.notify(say.calm_notice(self.calm), timeout=2)
