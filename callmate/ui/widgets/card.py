"""The current step's card: goal, tips, what to avoid, numbered phrases, and the pacer."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Static

from callmate.call import Call
from callmate.dates import format_duration
from callmate.ui.text import esc
from callmate.ui.widgets.pacer import Pacer


def phrase_heading(call: Call) -> str:
    step = call.step
    if step.kind == "apology":
        return (
            "Say — we are at fault (f switches)"
            if call.at_fault
            else ("Say — not our fault (f switches)")
        )
    if call.escalated:
        return "Say — handing over to a manager (e takes it back)"
    return "Say (1–9 copies)"


def render_card(call: Call, *, show_avoid_words: bool) -> str:
    step = call.step
    target = (
        f"target {format_duration(step.target_seconds)}" if step.target_seconds else "no target"
    )
    out = [f"[b]{esc(step.title)}[/b]  [dim]{target}[/]", esc(step.goal)]
    # Phrases first: on a small terminal they are what must stay in sight.
    phrases = call.phrases()
    if phrases:
        out += ["", f"[b $accent]{phrase_heading(call)}[/]"]
        for number, phrase in enumerate(phrases[:9], 1):
            out.append(f"[b $accent]{number}[/] {esc(phrase)}")
    if step.tips:
        out.append("")
        out += [f"[$success]•[/] {esc(tip)}" for tip in step.tips]
    if step.avoid:
        out.append("")
        out += [f"[$error]✗[/] [dim]{esc(item)}[/]" for item in step.avoid]
    if show_avoid_words and call.checklist.avoid_words:
        out += ["", "[b]Instead of… say…[/b]  [dim](a hides)[/]"]
        for word in call.checklist.avoid_words:
            out.append(f"[$error]{esc(word.word)}[/] → {esc(word.instead)}")
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
