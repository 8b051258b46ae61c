"""A breathing pacer: a bar that grows as you breathe in and shrinks as you breathe out."""

from __future__ import annotations

from textual.widgets import Static

from callmate.language.i18n import _
from callmate.ui.services import services
from callmate.ui.text import esc

INHALE = 4.0
EXHALE = 6.0
WIDTH = 24


def pacer_phase(seconds: float) -> tuple[str, float]:
    """Where in the breath we are: ("in" or "out", how full the lungs are from 0 to 1)."""
    t = seconds % (INHALE + EXHALE)
    if t < INHALE:
        return "in", t / INHALE
    return "out", 1 - (t - INHALE) / EXHALE


class Pacer(Static):
    """Driven by the app's monotonic clock; a timer only asks it to redraw."""

    DEFAULT_CSS = f"""
    Pacer {{ height: 2; width: {WIDTH}; color: $accent; }}
    """

    def on_mount(self) -> None:
        self._start = services(self).clock.monotonic()
        self.tick()
        self._timer = self.set_interval(0.25, self.tick, pause=not self.display)

    def show(self, shown: bool) -> None:
        """Breathe only while shown: a hidden pacer costs nothing."""
        if shown == self.display:
            return
        self.display = shown
        timer = getattr(self, "_timer", None)
        if timer is None:
            return
        if shown:
            self._start = services(self).clock.monotonic()
            timer.resume()
        else:
            timer.pause()

    def tick(self) -> None:
        phase, fullness = pacer_phase(services(self).clock.monotonic() - self._start)
        filled = max(1, round(fullness * WIDTH))
        label = _("Breathe in…") if phase == "in" else _("…and out, slowly")
        bar = f"[b]{'█' * filled}[/b][dim]{'░' * (WIDTH - filled)}[/dim]"
        self.update(f"{esc(label)}\n{bar}", layout=False)
