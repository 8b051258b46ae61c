"""The checklist at a glance: every step with its state and time."""

from __future__ import annotations

import textwrap

from textual.widgets import Static

from callmate.call import Call
from callmate.dates import format_duration
from callmate.language.i18n import language
from callmate.ui.services import services
from callmate.ui.text import esc

GLYPHS = {"done": "✓", "skipped": "↷", "not_reached": "·", "current": "▶", "pending": "·"}
#: Room kept for a step's time ("12:34"), so a title wraps the same before and after its visit.
TIME_ROOM = 5


def wrap_title(title: str, room: int) -> list[str]:
    """A step's title on as many lines as it needs, whole words kept whole where they fit."""
    return textwrap.wrap(title, room, break_on_hyphens=False) or [""]


def render_steps(call: Call, *, calm: bool, width: int = 28) -> str:
    """A step: glyph, title (wrapped, never cut) and, once visited, its time; red when over."""
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
        room = max(6, width - 3 - max(TIME_ROOM, len(shown)))
        first, *rest = wrap_title(step.title, room)
        title = esc(first.ljust(room))
        if state.status == "current":
            line = f"[b $accent]{glyph} {title}[/]"
        elif state.status == "done":
            line = f"[$success]{glyph}[/] {title}"
        elif state.status in ("skipped", "not_reached"):
            line = f"[dim]{glyph} {title}[/]"
        else:
            line = f"[dim]{glyph}[/] {title}"
        if shown:
            style = "$error" if call.over_target(state.position) else "dim"
            line += f" [{style}]{shown}[/]"
        lines.append(line)
        more_style = "b $accent" if state.status == "current" else "dim"
        lines += [f"[{more_style}]  {esc(part)}[/]" for part in rest]
    return "\n".join(lines)


class StepList(Static):
    def show(self, call: Call, *, calm: bool) -> None:
        width = self.content_size.width or 28
        text = render_steps(call, calm=calm, width=width)
        # Same number of lines as before (titles wrap the same at one width): no layout needed.
        lines = text.count("\n")
        self.update(text, layout=lines != self._lines)
        self._lines = lines

    _lines = -1

    def on_resize(self) -> None:
        call = getattr(self.screen, "call", None)
        if call is not None:
            self.show(call, calm=services(self).settings.calm_mode)
