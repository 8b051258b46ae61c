"""The call screen: the checklist, the current step's card, timers, notes, one key per action."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Input, Label

from callmate import clipboard
from callmate.call import Call, Change
from callmate.ui.base import CallmateScreen
from callmate.ui.commands import PhraseProvider
from callmate.ui.messages import SaveStateChanged
from callmate.ui.text import esc
from callmate.ui.widgets.card import StepCard
from callmate.ui.widgets.notes import NotesView
from callmate.ui.widgets.status import StatusBar
from callmate.ui.widgets.steps import StepList

DRAFT_SAVE_SECONDS = 1.0


def _phrase_bindings() -> list[Binding]:
    first = Binding(
        "1",
        "copy_phrase(1)",
        "Copy",
        key_display="1-9",
        id="call.phrase1",
        tooltip="Copy phrase 1-9 to the clipboard",
    )
    rest = [
        Binding(str(n), f"copy_phrase({n})", f"Copy phrase {n}", show=False, id=f"call.phrase{n}")
        for n in range(2, 10)
    ]
    return [first, *rest]


class CallScreen(CallmateScreen):
    """One call, start to end. Keys act at once; nothing asks twice."""

    AUTO_FOCUS = ""
    COMMANDS = CallmateScreen.COMMANDS | {PhraseProvider}
    BINDINGS = [
        Binding("space,enter", "next", "Next", key_display="space", id="call.next",
                tooltip="Step done, go to the next"),
        *_phrase_bindings(),
        # Keys that move focus are priority bindings: they act when the key arrives, so the
        # letters right behind them go where the agent meant (see check_action).
        Binding("n,tab", "write_note", "Note", key_display="n", priority=True, id="call.note"),
        Binding("f", "toggle_fault", "At fault", id="call.fault"),
        Binding("e", "escalate", "Escalate", id="call.escalate"),
        Binding("w", "warn", "Warn", tooltip="Abusive caller: copy the warning, log it",
                id="call.warn"),
        Binding("ctrl+e", "end_call", "End", priority=True, id="call.end",
                tooltip="End the call and go to wrap-up"),
        Binding("backspace", "back", "Back", id="call.back", tooltip="Back one step"),
        Binding("s", "skip", "Skip", id="call.skip", tooltip="Skip this step"),
        Binding("c", "edit_customer", "Customer", tooltip="Customer name and reference",
                priority=True, id="call.customer"),
        Binding("a", "toggle_avoid_words", "Avoid words", id="call.avoid",
                tooltip="Words to avoid, and what to say instead"),
        Binding("z", "toggle_calm", "Calm mode", show=False,
                tooltip="Hide the ticking seconds", id="call.calm"),
        Binding("escape", "keys", "Back to keys", show=False, priority=True, id="call.keys",
                tooltip="Leave the text field"),
        Binding("q", "quit_call", "Quit", id="call.quit",
                tooltip="Leave callmate; the call stays saved and can be resumed"),
    ]  # fmt: skip

    def __init__(self, call: Call):
        super().__init__()
        self.call = call
        self._draft_dirty = False
        self._customer_dirty = False
        self.show_avoid_words = False

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="main"):
            yield StepList(id="steps")
            yield StepCard(id="card")
        with Horizontal(id="customer-row"):
            yield Label("Name", classes="field-label")
            yield Input(self.call.customer, placeholder="customer name", id="name")
            yield Label("Ref", classes="field-label")
            yield Input(self.call.reference, placeholder="order / ticket", id="reference")
        yield NotesView(id="notes")
        yield Input(
            self.call.draft,
            placeholder="n: write a note · Enter saves · Esc back to keys",
            id="note",
        )
        yield Footer(compact=True)

    _FOCUS_KEYS = {"write_note", "edit_customer"}

    def check_action(self, action: str, _parameters: tuple) -> bool | None:
        """While a field has the focus, n, tab and c are letters again; Esc leaves the field."""
        typing = isinstance(self.focused, Input)
        if action in self._FOCUS_KEYS and typing:
            return None
        if action == "keys" and not typing:
            return None
        return True

    @property
    def calm(self) -> bool:
        return self.services.settings.calm_mode

    # -- drawing ----------------------------------------------------------------------------------

    def tick(self) -> None:
        """Once a second: only the timers move."""
        saving = self.services.saving
        self.query_one(StatusBar).show(
            self.call, calm=self.calm, save_error=saving.error, unsaved=saving.unsaved
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

    def save_typing(self) -> None:
        """At most once a second: the note being typed and the customer fields."""
        if self._draft_dirty:
            self._draft_dirty = False
            self.save(self.call.set_draft(self.query_one("#note", Input).value))
        if self._customer_dirty:
            self._customer_dirty = False
            self.save(
                self.call.set_customer(
                    name=self.query_one("#name", Input).value,
                    reference=self.query_one("#reference", Input).value,
                )
            )

    @on(Input.Changed, "#note")
    def _note_typed(self) -> None:
        self._draft_dirty = True

    @on(Input.Changed, "#name, #reference")
    def _customer_typed(self, event: Input.Changed) -> None:
        self._customer_dirty = True
        if event.input.id == "name":
            # Phrases show the name as it is typed; it is saved with the next tick.
            self.call.customer = event.value.strip()
            self.refresh_card()

    @on(Input.Submitted, "#note")
    def _note_entered(self, event: Input.Submitted) -> None:
        change = self.call.add_note(event.value)  # the stored note clears the draft too
        event.input.value = ""
        self._draft_dirty = False
        if change is not None:
            self.save(change)
            self.refresh_notes()
            if any(e.kind == "card_masked" for e in change.events):
                self.notify("Card number masked: only the last four digits are kept.")

    @on(Input.Submitted, "#name, #reference")
    def _customer_entered(self) -> None:
        self.save_typing()
        self.set_focus(None)

    # -- moving through the call -------------------------------------------------------------------

    def after_move(self, change: Change | None) -> None:
        self.save(change)
        if self.call.status == "wrapup":
            self.open_wrap_up()
            return
        self.refresh_step()
        self.query_one(StepCard).scroll_home(animate=False)

    def action_next(self) -> None:
        self.after_move(self.call.next())

    def action_back(self) -> None:
        change = self.call.back()
        if change is None:
            self.notify("This is the first step.", timeout=2)
        self.after_move(change)

    def action_skip(self) -> None:
        self.after_move(self.call.skip())

    def action_end_call(self) -> None:
        self.save_typing()
        self.after_move(self.call.end())

    def open_wrap_up(self) -> None:
        self.save_typing()
        self.services.go.show_call(self.call)

    # -- things said during the call ----------------------------------------------------------

    def action_toggle_fault(self) -> None:
        self.save(self.call.toggle_fault())
        note = (
            "apology phrases for when we are at fault"
            if self.call.at_fault
            else ("phrases for when it is not our fault")
        )
        self.notify(f"At fault: {'yes' if self.call.at_fault else 'no'} — {note}.", timeout=3)
        self.refresh_step()

    def action_escalate(self) -> None:
        self.after_move(self.call.toggle_escalation())
        if self.call.escalated:
            self.notify("Escalated: hand-over phrases are on the card.", timeout=3)
        else:
            self.notify("Escalation taken back.", timeout=3)

    def action_warn(self) -> None:
        phrase, change = self.call.warn()
        self.save(change)
        self.tick()
        if phrase:
            self.copy(phrase, None, announce="Warning given and logged")
        else:
            self.notify("Warning logged (this checklist has no warning phrase).")

    def action_copy_phrase(self, number: int) -> None:
        phrases = self.call.phrases()
        if not 1 <= number <= len(phrases):
            self.notify(f"No phrase {number} on this step.", severity="warning", timeout=2)
            return
        self.copy(phrases[number - 1], number)

    def copy(self, text: str, number: int | None, announce: str = "Copied") -> None:
        self.app.copy_to_clipboard(text)  # the terminal clipboard (OSC 52), always
        if clipboard.system_command() is None:
            self._copied(text, number, announce, clipboard.CopyResult(False))
        else:
            self._system_copy(text, number, announce)

    @work(thread=True, exit_on_error=False, group="clipboard")
    def _system_copy(self, text: str, number: int | None, announce: str) -> None:
        result = clipboard.copy(text)
        self.app.call_from_thread(self._copied, text, number, announce, result)

    def _copied(self, text, number, announce, result) -> None:
        self.save(self.call.phrase_copied(text, number, result.how))
        if result.copied:
            title = announce
        elif announce == "Copied":
            title = "Sent to the terminal clipboard"
        else:
            title = f"{announce} (sent to the terminal clipboard)"
        self.notify(esc(text), title=title, timeout=4)

    # -- focus and small toggles -----------------------------------------------------------------

    def action_write_note(self) -> None:
        # At once, not on the next turn of the loop (as Widget.focus does): letters that arrive
        # in the same burst as "n" belong in the note, not to the call keys (e is escalate).
        self.set_focus(self.query_one("#note", Input))

    def action_edit_customer(self) -> None:
        self.set_focus(self.query_one("#name", Input))

    def action_keys(self) -> None:
        self.save_typing()
        self.set_focus(None)

    def action_toggle_avoid_words(self) -> None:
        self.show_avoid_words = not self.show_avoid_words
        self.refresh_card()

    def action_toggle_calm(self) -> None:
        self.services.remember(calm_mode=not self.calm)
        self.tick()
        self.notify("Calm mode: seconds hidden." if self.calm else "Seconds shown.", timeout=2)


    def action_quit_call(self) -> None:
        self.save_typing()

        def done(leave: bool | None) -> None:
            if leave:
                self.app.exit()

        self.services.go.confirm(
            "Leave callmate during this call?",
            "Everything so far is saved. Start callmate again to resume the call.",
            "Leave", "Stay on the call", done,
        )  # fmt: skip
