"""Wrap-up: outcome and how hard it was by number keys, a follow-up time typed as text, a summary.

Nothing typed here is lost: Esc only leaves a field; going back to the call is its own key
(ctrl+r) and what was chosen and typed is kept for when the call ends again. The summary is saved
as it is typed. A stray key cannot falsify the record: the choice shown is the one saved, marked
without relying on colour, and saving a call that lasted seconds asks once. Text typed with no
field focused goes into the summary (a sentence never becomes choices); a key is text in a field
and an action only outside one; a worn Enter pressed twice is one press; once the wrap-up is
saved or left, the screen takes no more keys.

The after-call work (how long the agent has been in wrap-up, by the monotonic clock) shows beside
the call's length and is saved in the "wrapped_up" event. The checklist may give the outcome and
summary to start with (``[wrapup]``); ctrl+n adds the call's notes to the summary.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from callmate.call import OUTCOMES, Call
from callmate.dates import DateError, format_duration
from callmate.language.i18n import N_, _, language, number
from callmate.language.labels import outcome_label
from callmate.models import OUTCOME_KINDS
from callmate.ui.base import CallmateScreen
from callmate.ui.text import esc, marked
from callmate.ui.widgets.follow_up import FollowUpField
from callmate.ui.widgets.footer import FittingFooter

#: How hard the call was, 1 to 5: only the two ends have words.
DIFFICULTY = (N_("easy"), "", "", "", N_("very hard"))
#: The outcomes are chosen with the digits 1 to LAST_OUTCOME, in their declared order; in the
#: palette the digits from 2 say their outcome, and 1 ("Outcome") stands for them all, as in
#: the footer.
LAST_OUTCOME = len(OUTCOME_KINDS)
assert LAST_OUTCOME <= 9, "one digit an outcome"
OUTCOME_KEYS = (N_("Outcome"), *(outcome.label for outcome in OUTCOME_KINDS[1:]))
#: Shift with a digit, as the three keyboards the agents use type it (US, Turkish Q, Estonian).
SHIFTED_DIGITS = {"!": 1, "@": 2, "'": 2, '"': 2, "#": 3, "^": 3, "$": 4, "+": 4, "¤": 4, "%": 5}
#: A call this short with no step done is more likely a slip of the keys than a call.
SHORT_CALL_SECONDS = 20
#: The summary is saved, and the timers drawn, this often (seconds).
TICK_SECONDS = 1.0
#: Printable keys that choose (outcome, how hard) or help when no field has the focus; any other
#: printable key is text, and goes into the summary.
ACTING_CHARACTERS = frozenset("123456789"[:LAST_OUTCOME] + "?" + "".join(SHIFTED_DIGITS))
#: What ends a summary so that the notes can follow with a space alone.
SENTENCE_END = ".;:!?…,"


def choice_lines(title: str, labels: list[str], chosen: int | None, key: str) -> str:
    """A list to choose from by number: the chosen one marked ● (and bold), the others ○."""
    lines = [marked("b", title)]
    for n, label in enumerate(labels, 1):
        mark = "●" if n == chosen else "○"
        text = f"{key}{n} {mark} {esc(label)}".rstrip()
        lines.append(f"[b reverse]{text}[/]" if n == chosen else text)
    return "\n".join(lines)


class WrapUpScreen(CallmateScreen):
    """Wrap-up after the call."""

    HELP_TITLE = N_("Wrap-up after the call.")
    AUTO_FOCUS = ""
    # fmt: off
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save, then break"), priority=True, id="wrapup.save"),
        *[Binding(str(n), f"outcome({n})", OUTCOME_KEYS[n - 1], key_display=f"1-{LAST_OUTCOME}",
                  show=n == 1, id=f"wrapup.outcome{n}") for n in range(1, LAST_OUTCOME + 1)],
        Binding("exclamation_mark", "difficulty(1)", N_("How hard"), key_display="⇧1-5",
                id="wrapup.difficulty", tooltip=N_("Shift and a digit: 1 easy … 5 very hard")),
        Binding("ctrl+r", "back_to_call", N_("Back to the call"), priority=True,
                id="wrapup.back",
                tooltip=N_("The call goes on; what you chose and typed here is kept")),
        Binding("ctrl+n", "notes_to_summary", N_("Notes into the summary"), show=False,
                priority=True, id="wrapup.notes",
                tooltip=N_("Adds the call's notes to the end of the summary")),
        Binding("tab", "next_field", N_("Next field"), show=False, priority=True,
                id="wrapup.next_field", tooltip=N_("Follow-up time, then summary")),
        Binding("enter", "field_enter", N_("Next field or save"), show=False, priority=True,
                id="wrapup.enter", tooltip=N_("From the follow-up to the summary; there, save")),
        Binding("escape", "leave_field", N_("Leave the field"), show=False, priority=True,
                id="wrapup.leave",
                tooltip=N_("Esc leaves a field; it never discards the wrap-up")),
    ]
    # fmt: on

    def __init__(self, call: Call):
        super().__init__()
        self.call = call
        kept = call.wrapup_choices
        self.outcome: str = kept.get("outcome") or call.suggested_outcome()
        self.difficulty: int | None = kept.get("difficulty")
        self._confirmed: set[str] = set()
        self._summary_dirty = False
        #: Since when (monotonic) the agent is in this wrap-up; earlier visits are kept in the
        #: call's wrap-up choices.
        self._since: float | None = None
        #: Saved or gone back to the call: the screen takes no more keys.
        self._left = False

    def compose(self) -> ComposeResult:
        call = self.call
        yield Static(self._title(), id="wrapup-title")
        with Horizontal(id="wrapup-choices"):
            yield Static(id="outcome")
            yield Static(id="difficulty")
        yield FollowUpField(call.wrapup_choices.get("follow_up", ""))
        yield Label(self._summary_label(), id="summary-label")
        summary = call.suggested_summary(self.services.settings.agent)
        yield Input(
            summary,
            placeholder=_("one line: what happened, what was agreed"),
            id="summary",
            select_on_focus=False,
        )
        keys = _(
            "1–{last} outcome · ⇧1–5 how hard · Tab: the fields · ctrl+s saves · "
            "ctrl+r back to the call · Esc leaves a field"
        ).format(last=LAST_OUTCOME)
        yield Static(marked("dim", keys), id="wrapup-keys")
        yield FittingFooter()

    def on_mount(self) -> None:
        # The call's notices (a warning's words, "Copied") sat over its step list; here they
        # would cover the summary, and they speak of a call that has ended.
        self.app.clear_notifications()
        self._since = self.services.clock.monotonic()
        self.show_choices()
        self.set_interval(TICK_SECONDS, self.tick)

    def tick(self) -> None:
        """Once a second: the summary typed is saved, the timers move."""
        self.save_summary()
        self.query_one("#wrapup-title", Static).update(self._title())

    def after_call_work(self) -> float:
        """Seconds in wrap-up so far, over every visit (going back to the call pauses it)."""
        before = float(self.call.wrapup_choices.get("after_call_work", 0.0))
        if self._since is None:
            return before
        return before + max(0.0, self.services.clock.monotonic() - self._since)

    def _title(self) -> str:
        call, code = self.call, language()
        length = _("call {time}").format(time=format_duration(call.elapsed(), language=code))
        work = format_duration(self.after_call_work(), language=code)
        # TRANSLATORS: after-call work (ACW): how long the agent has been in wrap-up.
        acw = _("after-call work {time}").format(time=work)
        who = f" · {esc(call.addressed_as or call.customer)}" if call.customer else ""
        return marked("b", _("Wrap-up")) + f" · {esc(length)} · {esc(acw)}{who}"

    def _summary_label(self) -> str:
        n = len(self.call.notes)
        if not n:
            return esc(_("Summary"))
        offer = _("ctrl+n adds the call's notes ({n})").format(n=number(n))
        return esc(_("Summary")) + "  " + marked("dim", offer)

    # -- what a key means here -------------------------------------------------------------------

    def check_action(self, action: str, _parameters: tuple) -> bool | None:
        if self._left:
            return False
        if action in ("leave_field", "field_enter") and not isinstance(self.focused, Input):
            return None
        return True

    def key_arrives(self, key: str, character: str | None) -> None:
        """A key as it reaches the app: printable text typed with no field focused opens the
        summary and goes into it, at its end (nothing typed is lost, none of it chooses)."""
        self.services.presses.arrived()
        if self._left or not self.is_mounted or isinstance(self.focused, Input):
            return
        text = bool(character and character.isprintable() and character.strip())
        if text and character not in ACTING_CHARACTERS:
            summary = self.query_one("#summary", Input)
            self.set_focus(summary)
            summary.cursor_position = len(summary.value)

    def action_next_field(self) -> None:
        """At once, so what is typed right behind Tab lands in the next field."""
        order = [self.query_one("#follow-up", Input), self.query_one("#summary", Input)]
        focused = self.focused
        following = order[(order.index(focused) + 1) % 2] if focused in order else order[0]
        self.set_focus(following)

    def action_field_enter(self) -> None:
        if self.services.presses.again("wrapup.enter"):
            return  # the same press, twice (a worn key, an impatient hand)
        if self.focused is self.query_one("#summary", Input):
            self.action_save()
        else:
            self.action_next_field()

    def action_leave_field(self) -> None:
        self.save_summary()
        self.set_focus(None)

    # -- choosing -------------------------------------------------------------------------------

    def show_choices(self) -> None:
        outcomes = [outcome_label(code) for code in OUTCOMES]
        chosen = OUTCOMES.index(self.outcome) + 1
        self.query_one("#outcome", Static).update(
            choice_lines(_("Outcome (1–{last})").format(last=LAST_OUTCOME), outcomes, chosen, "")
        )
        levels = [_(label) if label else "" for label in DIFFICULTY]
        self.query_one("#difficulty", Static).update(
            choice_lines(_("How hard was it? (⇧1–5)"), levels, self.difficulty, "⇧")
        )
        self.call.wrapup_choices.update(outcome=self.outcome, difficulty=self.difficulty)

    def action_outcome(self, n: int) -> None:
        self.outcome = OUTCOMES[n - 1]
        self.show_choices()

    def action_difficulty(self, n: int) -> None:
        self.difficulty = n
        self.show_choices()

    def on_key(self, event: events.Key) -> None:
        """Shift and a digit on any of the agents' keyboards chooses how hard it was."""
        if self._left or isinstance(self.focused, Input) or event.character not in SHIFTED_DIGITS:
            return
        event.stop()
        event.prevent_default()
        self.action_difficulty(SHIFTED_DIGITS[event.character])

    # -- the fields -----------------------------------------------------------------------------

    @on(Input.Changed, "#follow-up")
    def _follow_up_typed(self, event: Input.Changed) -> None:
        self.call.wrapup_choices["follow_up"] = event.value.strip()

    @on(Input.Changed, "#summary")
    def _summary_typed(self) -> None:
        self._summary_dirty = True

    def save_summary(self) -> None:
        if self._summary_dirty:
            self._summary_dirty = False
            text = self.query_one("#summary", Input).value
            self.services.saving.save(self.call.set_summary(text))

    def action_notes_to_summary(self) -> None:
        """The call's notes at the end of the summary, in order with the keys typed around
        ctrl+n; what the agent typed stays, and a note already in it is not added again."""
        if self.services.presses.again("wrapup.notes"):
            return
        # In the summary's own queue: behind the keys typed into it before ctrl+n, ahead of
        # those typed after it (which the app hands on to the summary later).
        self.query_one("#summary", Input).call_later(self._notes_to_summary)

    def _notes_to_summary(self) -> None:
        summary = self.query_one("#summary", Input)
        if not self.call.notes:
            self.notify(_("This call has no notes."), timeout=3)
            return
        texts = [n.text for n in self.call.notes if n.text.strip() and n.text not in summary.value]
        if not texts:
            self.notify(_("The notes are in the summary already."), timeout=3)
            return
        typed = summary.value.rstrip()
        joint = "" if not typed else " " if typed[-1] in SENTENCE_END else "; "
        summary.value = typed + joint + "; ".join(texts)
        self.set_focus(summary)
        summary.cursor_position = len(summary.value)

    # -- saving ----------------------------------------------------------------------------------

    def _ask_first(self, question: str, key: str) -> bool:
        """Ask once; True when the question is open (saving waits for the answer)."""
        if key in self._confirmed:
            return False

        def answered(yes: bool | None) -> None:
            if yes:
                self._confirmed.add(key)
                self._save()

        self.services.go.confirm(question, "", _("Save"), _("Not yet"), answered)
        return True

    def action_save(self) -> None:
        self.in_order(self._save)

    def _save(self) -> None:
        if self._left:
            return
        field = self.query_one(FollowUpField)
        try:
            follow_up = field.moment()
        except DateError as exc:
            self.notify(str(exc), title=_("Follow-up"), severity="error")
            self.query_one("#follow-up", Input).focus()
            return
        past = field.past_by(follow_up) if follow_up else ""
        question = _("The follow-up time is {time} ago. Save it anyway?").format(time=past)
        if past and self._ask_first(question, "past"):
            return
        call = self.call
        seconds = call.elapsed()
        question = _("Save this {time} call as {outcome}?").format(
            time=format_duration(seconds, language=language()), outcome=outcome_label(self.outcome)
        )
        if (
            seconds < SHORT_CALL_SECONDS
            and not call.steps_taken
            and self._ask_first(question, "short")
        ):
            return
        change = call.wrap_up(
            outcome=self.outcome,
            follow_up_at=follow_up,
            difficulty=self.difficulty,
            summary=self.query_one("#summary", Input).value,
            wrapup_seconds=self.after_call_work(),
        )
        self._left = True
        call.wrapup_choices.clear()
        self.services.saving.save(change)
        self.services.go.show_call(call)

    def action_back_to_call(self) -> None:
        self.in_order(self._back_to_call)

    def _back_to_call(self) -> None:
        if self._left:
            return
        self.save_summary()
        change = self.call.reopen()
        if change is None:
            self.notify(_("This call has ended; save the wrap-up to finish it."), timeout=3)
            return
        self.call.wrapup_choices["after_call_work"] = self.after_call_work()
        self._left = True
        self.services.saving.save(change)
        self.services.go.show_call(self.call)
