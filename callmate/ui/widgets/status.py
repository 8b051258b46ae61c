"""The line at the top of the call screen: timers, flags and whether everything is saved."""

from __future__ import annotations

from textual.widgets import Static

from callmate.call import Call
from callmate.dates import format_duration
from callmate.ui.text import esc


def render_status(call: Call, *, calm: bool, save_error: str, unsaved: int) -> str:
    parts = [f"[b]Call {format_duration(call.elapsed(), calm=calm)}[/b]"]
    # The step's name is on the card and in the list; here only its time, so the flags fit.
    step = call.step
    spent = format_duration(call.step_seconds(), calm=calm)
    if step.target_seconds:
        target = format_duration(step.target_seconds, calm=calm)
        if call.over_target():
            parts.append(f"[b $error]step {spent} / {target} · over[/]")
        else:
            parts.append(f"step {spent} / {target}")
    else:
        parts.append(f"step {spent}")
    if call.customer:
        parts.append(esc(call.customer))
    if call.at_fault:
        parts.append("[b $warning]AT FAULT[/]")
    if call.escalated:
        parts.append("[b $warning]ESCALATED[/]")
    if call.warnings:
        parts.append(f"[b $error]warned ×{call.warnings}[/]")
    if save_error:
        parts.append("[b $error]✗ not saved[/]")
    elif unsaved:
        parts.append("[dim]saving…[/]")
    else:
        parts.append("[$success]✓ saved[/]")
    return "  ·  ".join(parts)


class StatusBar(Static):
    def show(self, call: Call, *, calm: bool, save_error: str, unsaved: int) -> None:
        text = render_status(call, calm=calm, save_error=save_error, unsaved=unsaved)
        self.update(text, layout=False)  # one line, always
