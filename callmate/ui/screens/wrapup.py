"""Wrap-up: outcome and how hard it was by number keys, a follow-up time typed as text, a summary.

Nothing typed here is lost: Esc only leaves a field; going back to the call is its own key
(ctrl+r) and what was chosen and typed is kept for when the call ends again. The summary is saved
as it is typed. A stray key cannot falsify the record: the choice shown is the one saved, marked
without relying on colour, and saving a call that lasted seconds asks once.
"""

from __future__ import annotations

from datetime import datetime

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from callmate.call import OUTCOMES, Call
from callmate.dates import EXAMPLES_BY_LANGUAGE, DateError, describe, format_duration, parse_when
from callmate.i18n import N_, _, language, ngettext
from callmate.labels import outcome_label
from callmate.ui.base import CallmateScreen
from callmate.ui.text import esc, marked
from callmate.ui.widgets.footer import FittingFooter

#: How hard the call was, 1 to 5: only the two ends have words.
DIFFICULTY = (N_("easy"), "", "", "", N_("very hard"))
#: The keys 2-5 for the outcome, in the palette (1 stands for all five in the footer).
OUTCOME_KEYS = (N_("Outcome"), N_("Outcome 2"), N_("Outcome 3"), N_("Outcome 4"), N_("Outcome 5"))
#: Shift with a digit, as the three keyboards the agents use type it (US, Turkish Q, Estonian).
SHIFTED_DIGITS = {"!": 1, "@": 2, "'": 2, '"': 2, "#": 3, "^": 3, "$": 4, "+": 4, "¤": 4, "%": 5}
#: A call this short with no step done is more likely a slip of the keys than a call.
SHORT_CALL_SECONDS = 20
SUMMARY_SAVE_SECONDS = 1.0


def choice_lines(title: str, labels: list[str], chosen: int | None, key: str) -> str:
    """A list to choose from by number: the chosen one marked ● (and bold), the others ○."""
    lines = [marked("b", title)]
    for number, label in enumerate(labels, 1):
        mark = "●" if number == chosen else "○"
        text = f"{key}{number} {mark} {esc(label)}".rstrip()
        lines.append(f"[b reverse]{text}[/]" if number == chosen else text)
    return "\n".join(lines)


class WrapUpScreen(CallmateScreen):
    """Wrap-up after the call."""

    HELP_TITLE = N_("Wrap-up after the call.")
    AUTO_FOCUS = ""
    # fmt: off
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save, then break"), priority=True, id="wrapup.save"),
        *[Binding(str(n), f"outcome({n})", OUTCOME_KEYS[n - 1], key_display="1-5",
                  show=n == 1, id=f"wrapup.outcome{n}") for n in range(1, 6)],
        Binding("exclamation_mark", "difficulty(1)", N_("How hard"), key_display="⇧1-5",
                id="wrapup.difficulty", tooltip=N_("Shift and a digit: 1 easy … 5 very hard")),
        Binding("ctrl+r", "back_to_call", N_("Back to the call"), priority=True,
                id="wrapup.back",
                tooltip=N_("The call goes on; what you chose and typed here is kept")),
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

    def compose(self) -> ComposeResult:
        call = self.call
        code = language()
        length = _("call {time}").format(time=format_duration(call.elapsed(), language=code))
        who = f" · {esc(call.addressed_as or call.customer)}" if call.customer else ""
        yield Static(marked("b", _("Wrap-up")) + f" · {esc(length)}{who}", id="wrapup-title")
        with Horizontal(id="wrapup-choices"):
            yield Static(id="outcome")
            yield Static(id="difficulty")
        examples = EXAMPLES_BY_LANGUAGE.get(code, EXAMPLES_BY_LANGUAGE["en"])
        yield Label(
            _("Follow-up (optional), e.g. {examples}").format(examples=examples),
            id="follow-up-label",
        )
        yield Input(
            call.wrapup_choices.get("follow_up", ""),
            placeholder=_("when to follow up"),
            id="follow-up",
        )
        yield Static("", id="follow-up-shown")
        yield Label(_("Summary"))
        yield Input(
            call.summary, placeholder=_("one line: what happened, what was agreed"), id="summary"
        )
        keys = _(
            "1–5 outcome · ⇧1–5 how hard · Tab: the fields · ctrl+s saves · "
            "ctrl+r back to the call · Esc leaves a field"
        )
        yield Static(marked("dim", keys), id="wrapup-keys")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.show_choices()
        self._follow_up_typed()
        self.set_interval(SUMMARY_SAVE_SECONDS, self.save_summary)

    def check_action(self, action: str, _parameters: tuple) -> bool | None:
        if action in ("leave_field", "field_enter") and not isinstance(self.focused, Input):
            return None
        return True

    def action_next_field(self) -> None:
        """At once, so what is typed right behind Tab lands in the next field."""
        order = [self.query_one("#follow-up", Input), self.query_one("#summary", Input)]
        focused = self.focused
        following = order[(order.index(focused) + 1) % 2] if focused in order else order[0]
        self.set_focus(following)

    def action_field_enter(self) -> None:
        if self.focused is self.query_one("#summary", Input):
            self.action_save()
        else:
            self.action_next_field()

    # -- choosing -------------------------------------------------------------------------------

    def show_choices(self) -> None:
        outcomes = [outcome_label(code) for code in OUTCOMES]
        chosen = OUTCOMES.index(self.outcome) + 1
        self.query_one("#outcome", Static).update(
            choice_lines(_("Outcome (1–5)"), outcomes, chosen, "")
        )
        levels = [_(label) if label else "" for label in DIFFICULTY]
        self.query_one("#difficulty", Static).update(
            choice_lines(_("How hard was it? (⇧1–5)"), levels, self.difficulty, "⇧")
        )
        self.call.wrapup_choices.update(outcome=self.outcome, difficulty=self.difficulty)

    def action_outcome(self, number: int) -> None:
        self.outcome = OUTCOMES[number - 1]
        self.show_choices()

    def action_difficulty(self, number: int) -> None:
        self.difficulty = number
        self.show_choices()

    def on_key(self, event: events.Key) -> None:
        """Shift and a digit on any of the agents' keyboards chooses how hard it was."""
        if isinstance(self.focused, Input) or event.character not in SHIFTED_DIGITS:
            return
        event.stop()
        event.prevent_default()
        self.action_difficulty(SHIFTED_DIGITS[event.character])

    def action_leave_field(self) -> None:
        self.save_summary()
        self.set_focus(None)

    # -- follow-up time --------------------------------------------------------------------------

    def follow_up(self) -> datetime | None:
        """The follow-up time typed, or None; raises DateError for text that is not a time."""
        text = self.query_one("#follow-up", Input).value.strip()
        self.call.wrapup_choices["follow_up"] = text
        if not text:
            return None
        return parse_when(text, now=self.services.clock.now(), future=True, language=language())

    @on(Input.Changed, "#follow-up")
    def _follow_up_typed(self) -> None:
        shown = self.query_one("#follow-up-shown", Static)
        try:
            moment = self.follow_up()
        except DateError:
            shown.update(marked("$error", _("Not a time I can read yet")))
            return
        if moment is None:
            shown.update("")
            return
        past = self._past_by(moment)
        note = ""
        if past:
            note = "  " + marked("b $warning", _("that is {time} ago").format(time=past))
        shown.update(f"→ {esc(describe(moment, language()))}{note}")

    def _past_by(self, moment: datetime) -> str:
        """How far in the past a follow-up time is, in words ("" when it is not)."""
        seconds = (self.services.clock.now() - moment).total_seconds()
        if seconds < 60:
            return ""
        if seconds < 2 * 3600:
            n = int(seconds // 60)
            return ngettext("{n} minute", "{n} minutes", n).format(n=n)
        if seconds < 2 * 86400:
            n = int(seconds // 3600)
            return ngettext("{n} hour", "{n} hours", n).format(n=n)
        n = int(seconds // 86400)
        return ngettext("{n} day", "{n} days", n).format(n=n)

    @on(Input.Changed, "#summary")
    def _summary_typed(self) -> None:
        self._summary_dirty = True

    def save_summary(self) -> None:
        if self._summary_dirty:
            self._summary_dirty = False
            text = self.query_one("#summary", Input).value
            self.services.saving.save(self.call.set_summary(text))

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
        try:
            follow_up = self.follow_up()
        except DateError as exc:
            self.notify(str(exc), title=_("Follow-up"), severity="error")
            self.query_one("#follow-up", Input).focus()
            return
        past = self._past_by(follow_up) if follow_up else ""
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
        )
        call.wrapup_choices.clear()
        self.services.saving.save(change)
        self.services.go.show_call(call)

    def action_back_to_call(self) -> None:
        self.in_order(self._back_to_call)

    def _back_to_call(self) -> None:
        self.save_summary()
        change = self.call.reopen()
        if change is None:
            self.notify(_("This call has ended; save the wrap-up to finish it."), timeout=3)
            return
        self.services.saving.save(change)
        self.services.go.show_call(self.call)
