"""The break after a call: a countdown with the pacer; skippable; its real length is logged."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Static

from callmate.call import Call
from callmate.dates import format_duration
from callmate.language.i18n import N_, _, language
from callmate.ui.debounce import SAME_PRESS_SECONDS
from callmate.ui.text import esc, marked
from callmate.ui.typing_guard import TypingGuard
from callmate.ui.widgets.footer import FittingFooter
from callmate.ui.widgets.pacer import Pacer

#: A call this long is tiring whatever happened on it.
LONG_CALL_SECONDS = 15 * 60


def break_reason(call: Call, planned: float) -> str:
    """Why a break now, in words that fit what happened on the call."""
    if call.outcome == "abuse" or call.warnings:
        return _("That caller was abusive. It was not about you: take the full break.")
    if planned > call.checklist.break_seconds:
        return _("That was a hard call: take a little longer.")
    if call.escalated or call.outcome == "escalated":
        return _("Handed over: your part is done. Breathe with the bar before the next one.")
    if (call.duration_seconds or 0) >= LONG_CALL_SECONDS:
        return _("A long call. Stand up, breathe with the bar, drink some water.")
    if call.outcome == "hung_up":
        return _("They hung up; that happens. Let it go with a few slow breaths.")
    return _("A breather before the next call: breathe with the bar.")


class BreakScreen(TypingGuard):
    """Break. A sentence typed into it neither skips it nor starts a call
    (``ui.typing_guard``)."""

    HELP_TITLE = N_("Break.")
    AUTO_FOCUS = ""
    # fmt: off
    BINDINGS = [
        Binding("s,space,enter,escape", "finish(True)", N_("Skip the break"), key_display="s",
                id="break.skip"),
        Binding("n", "next_call", N_("Skip, new call"), id="break.new"),
    ]
    # fmt: on

    def __init__(self, call: Call):
        super().__init__()
        self.call = call
        self.planned = call.suggested_break()
        self._finished = False

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="break-box"):
            yield Static(marked("b", _("Take a break")), id="break-title")
            yield Static(esc(self._reason()), id="break-reason")
            yield Static("", id="break-left")
            yield Pacer()
            tips = self.call.checklist.break_step.tips if self.call.checklist.break_step else ()
            yield Static("\n".join(f"• {t}" for t in tips), id="break-tips")
        yield FittingFooter()

    def _reason(self) -> str:
        return break_reason(self.call, self.planned)

    def on_mount(self) -> None:
        self.services.saving.save(self.call.start_break())
        self._started = self.services.clock.monotonic()
        self.tick()
        self.set_interval(1.0, self.tick)

    def remaining(self) -> float:
        return self.planned - (self.services.clock.monotonic() - self._started)

    def tick(self) -> None:
        left = self.remaining()
        if left <= 0:
            self.action_finish(False)
            return
        calm = self.services.settings.calm_mode
        time = marked("b", format_duration(left, calm=calm, language=language()))
        self.query_one("#break-left", Static).update(esc(_("{time} left")).format(time=time))

    def guarding(self) -> bool:
        return not self._finished

    def action_finish(self, skipped: bool, then_new_call: bool = False) -> None:
        if self._finished:
            return
        if skipped and self.services.clock.monotonic() - self._started < SAME_PRESS_SECONDS:
            return  # the key that saved the wrap-up, pressed twice: not a skip of the break
        self._finished = True
        self.services.saving.save(self.call.end_break(skipped=skipped))
        if not skipped:
            self.notify(_("Break over. Ready for the next call."), timeout=4)
        self.services.go.show_call(self.call, then_new_call=then_new_call)

    def action_next_call(self) -> None:
        self.action_finish(True, then_new_call=True)
