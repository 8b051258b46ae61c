"""The checklist at a glance: every step with its state and time."""

from __future__ import annotations

from textual.widgets import Static

from callmate.call import Call
from callmate.dates import format_duration
from callmate.i18n import language
from callmate.ui.services import services
from callmate.ui.text import esc

GLYPHS = {"done": "✓", "skipped": "↷", "current": "▶", "pending": "·"}


def render_steps(call: Call, *, calm: bool, width: int = 28) -> str:
    """One line a step: glyph, title (cut to fit) and, once visited, its time; red when over."""
    lines = []
    code = language()
    for state in call.steps:
        step = state.step
        if step.kind == "break":
            continue
        glyph = GLYPHS.get(state.status, "·")
        shown = (
            format_duration(call.step_seconds(state.position), calm=calm, language=code)
            if state.visits
            else ""
        )
        room = max(6, width - 3 - len(shown))
        title = step.title if len(step.title) <= room else step.title[: room - 1] + "…"
        title = esc(title.ljust(room))
        if state.status == "current":
            line = f"[b $accent]{glyph} {title}[/]"
        elif state.status == "done":
            line = f"[$success]{glyph}[/] {title}"
        elif state.status == "skipped":
            line = f"[dim]{glyph} {title}[/]"
        else:
            line = f"[dim]{glyph}[/] {title}"
        if shown:
            style = "$error" if call.over_target(state.position) else "dim"
            line += f" [{style}]{shown}[/]"
        lines.append(line)
    return "\n".join(lines)


class StepList(Static):
    def show(self, call: Call, *, calm: bool) -> None:
        width = self.content_size.width or 28
        # Same number of lines, same width: no layout needed.
        self.update(render_steps(call, calm=calm, width=width), layout=False)

    def on_resize(self) -> None:
        call = getattr(self.screen, "call", None)
        if call is not None:
            self.show(call, calm=services(self).settings.calm_mode)
