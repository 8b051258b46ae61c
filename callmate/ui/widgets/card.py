"""The current step's card: goal, numbered phrases, tips, what to avoid, and the pacer.

What the agent needs in the moment comes first: the words to avoid when asked for (key a), then
the goal and the phrases; tips follow. The card scrolls from the keyboard (PgUp / PgDn).
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Static

from callmate.call import Call
from callmate.dates import format_duration
from callmate.language.i18n import N_, _, language
from callmate.ui.text import esc, marked
from callmate.ui.widgets.pacer import Pacer


def phrase_heading(call: Call) -> str:
    """The heading of the step's own phrases: what they are for."""
    step = call.step
    if step.kind == "apology":
        if call.at_fault:
            return _("Say — we are at fault (ctrl+f switches)")
        return _("Say — not our fault (ctrl+f switches)")
    if step.kind == "resolve" and call.escalated:
        return _("Say — handing over to a manager (ctrl+u takes it back)")
    return _("Say (1–9 copies)")


HAND_OVER_HEADING = N_("Handing over to a manager (ctrl+u takes it back)")


def target_text(call: Call) -> str:
    target = call.step.target_seconds
    if not target:
        return _("no target")
    time = format_duration(target, language=language())
    if call.step.soft_target:
        return _("about {time} (a guide, never over)").format(time=time)
    return _("target {time}").format(time=time)


def _avoid_lines(call: Call) -> list[str]:
    words = call.checklist.avoid_words
    hides = marked("dim", _("(a hides)"))
    if not words:
        return [marked("dim", _("This checklist lists no words to avoid.")) + "  " + hides, ""]
    out = [marked("b", _("Instead of… say…")) + "  " + hides]
    out += [f"[$error]{esc(w.word)}[/] → {esc(w.instead)}" for w in words]
    return [*out, ""]


def render_card(call: Call, *, show_avoid_words: bool) -> str:
    step = call.step
    out = _avoid_lines(call) if show_avoid_words else []
    out += [marked("b", step.title) + "  " + marked("dim", target_text(call)), esc(step.goal)]
    own, hand_over = call.phrase_sets()
    number = 0
    for heading, phrases in ((phrase_heading(call), own), (_(HAND_OVER_HEADING), hand_over)):
        if not phrases:
            continue
        out += ["", marked("b $accent", heading)]
        for phrase in phrases:
            number += 1
            key = str(number) if number <= 9 else " "
            out.append(f"[b $accent]{key}[/] {esc(phrase)}")
    if step.tips:
        out.append("")
        out += [f"[$success]•[/] {esc(tip)}" for tip in step.tips]
    if step.avoid:
        out.append("")
        out += [f"[$error]✗[/] [dim]{esc(item)}[/]" for item in step.avoid]
    return "\n".join(out)


class StepCard(VerticalScroll, can_focus=False):
    def compose(self):
        yield Pacer(id="pacer")
        yield Static(id="card-text")

    def show(self, call: Call, *, show_avoid_words: bool) -> None:
        self.query_one("#pacer", Pacer).show(call.step.has_pacer)
        self.query_one("#card-text", Static).update(
            render_card(call, show_avoid_words=show_avoid_words)
        )
