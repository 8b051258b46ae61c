"""The line at the top of the call screen: timers, flags and whether everything is saved.

When the line is short of room, the customer's name gives way first (shortened, then left out):
the timers, the flags and the save state always stay.
"""

from __future__ import annotations

from textual.widgets import Static

from callmate.call import Call
from callmate.dates import format_duration
from callmate.safe import cell_width, fit, visible
from callmate.ui.text import esc

WIDE, NARROW = "  ·  ", " · "
HOLD_ANGRY_SECONDS = 60  # on hold longer than this, callers get angrier

Part = tuple[str, str, str]  # the text, a shorter form, the style


def _parts(call: Call, *, calm: bool, save_error: str, unsaved: int) -> list[Part]:
    """Each part shown (the name left out), in order, with a shorter form for a short line."""
    elapsed = format_duration(call.elapsed(), calm=calm)
    parts = [(f"Call {elapsed}", elapsed, "b")]
    step, spent = call.step, format_duration(call.step_seconds(), calm=calm)
    if not step.target_seconds:
        parts.append((f"step {spent}", spent, ""))
    else:
        target = format_duration(step.target_seconds, calm=calm)
        if step.soft_target:
            parts.append((f"step {spent} / ~{target}", f"{spent}/~{target}", ""))
        elif call.over_target():
            parts.append((f"step {spent} / {target} · over", f"{spent}/{target} over",
                          "b $error"))  # fmt: skip
        else:
            parts.append((f"step {spent} / {target}", f"{spent}/{target}", ""))
    if call.on_hold:
        waited = call.hold_seconds()
        style = "b $error" if waited > HOLD_ANGRY_SECONDS else "b $warning"
        parts.append((f"ON HOLD {format_duration(waited)}", f"HOLD {format_duration(waited)}",
                      style))  # fmt: skip
    if call.at_fault:
        parts.append(("AT FAULT", "AT FAULT", "b $warning"))
    if call.escalated:
        parts.append(("ESCALATED", "ESCALATED", "b $warning"))
    if call.warnings:
        total = len(call.checklist.warning)
        count = f"{call.warnings}/{total}" if total else str(call.warnings)
        parts.append((f"warned {count}", f"W{count}", "b $error"))
    if save_error:
        parts.append(("✗ not saved", "✗ not saved", "b $error"))
    elif unsaved:
        parts.append(("saving…", "…", "dim"))
    else:
        parts.append(("✓ saved", "✓", "$success"))
    return parts


def _width(texts: list[str], sep: str) -> int:
    return sum(cell_width(t) for t in texts) + len(sep) * (len(texts) - 1)


def render_status(call: Call, *, calm: bool, save_error: str, unsaved: int,
                  width: int = 200) -> str:  # fmt: skip
    """The status line as markup, fitted to ``width`` cells: the separators narrow first, then
    the parts take their short forms; the customer's name gets what room is left."""
    parts = _parts(call, calm=calm, save_error=save_error, unsaved=unsaved)
    styles = [style for _, _, style in parts]
    texts, sep = [long for long, _, _ in parts], WIDE
    for texts, sep in (([p[0] for p in parts], WIDE), ([p[0] for p in parts], NARROW),
                       ([p[1] for p in parts], NARROW)):  # fmt: skip
        if _width(texts, sep) <= width:
            break
    name = visible(call.addressed_as or call.customer)
    room = width - _width(texts, sep) - len(sep)
    if name and room >= 4:
        texts.insert(2, fit(name, room))
        styles.insert(2, "")
    return sep.join(f"[{s}]{esc(t)}[/]" if s else esc(t) for t, s in zip(texts, styles,
                                                                           strict=True))


class StatusBar(Static):
    def show(self, call: Call, *, calm: bool, save_error: str, unsaved: int) -> None:
        width = max(20, self.content_size.width or self.app.size.width - 2)
        text = render_status(call, calm=calm, save_error=save_error, unsaved=unsaved, width=width)
        self.update(text, layout=False)  # one line, always
