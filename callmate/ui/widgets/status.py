"""The line at the top of the call screen: timers, flags and whether everything is saved.

When the line is short of room, the customer's name gives way first (shortened, then left out):
the timers, the flags and the save state always stay.
"""

from __future__ import annotations

from textual.widgets import Static

from callmate.call import Call
from callmate.dates import format_duration
from callmate.language.i18n import _, language, ngettext, pgettext, upper
from callmate.safe import cell_width, fit, visible
from callmate.ui.text import esc

WIDE, NARROW = "  ·  ", " · "
HOLD_ANGRY_SECONDS = 60  # on hold longer than this, callers get angrier

Part = tuple[str, str, str]  # the text, a shorter form, the style


def _step_part(call: Call, calm: bool, code: str) -> Part:
    """The time on this step against its target, if it has one."""
    step = call.step
    time = format_duration(call.step_seconds(), calm=calm, language=code)
    if not step.target_seconds:
        return _("step {time}").format(time=time), time, ""
    target = format_duration(step.target_seconds, calm=calm, language=code)
    if step.soft_target:
        return (
            _("step {time} / ~{target}").format(time=time, target=target),
            f"{time}/~{target}",
            "",
        )
    if call.over_target():
        return (
            _("step {time} / {target} · over").format(time=time, target=target),
            _("{time}/{target} over").format(time=time, target=target),
            "b $error",
        )
    return _("step {time} / {target}").format(time=time, target=target), f"{time}/{target}", ""


def _parts(call: Call, *, calm: bool, save_error: str, unsaved: int) -> list[Part]:
    """Each part shown (the name left out), in order, with a shorter form for a short line."""
    code = language()
    elapsed = format_duration(call.elapsed(), calm=calm, language=code)
    parts = [(_("Call {time}").format(time=elapsed), elapsed, "b"), _step_part(call, calm, code)]
    if call.on_hold:
        waited = call.hold_seconds()
        held = format_duration(waited, language=code)
        style = "b $error" if waited > HOLD_ANGRY_SECONDS else "b $warning"
        # Capitals after the time is in: a placeholder is no word to capitalise.
        on_hold = upper(_("On hold {time}").format(time=held))
        parts.append((on_hold, upper(pgettext("short", "Hold {time}").format(time=held)), style))
    if call.at_fault:
        flag = upper(_("At fault"))
        parts.append((flag, flag, "b $warning"))
    if call.escalated:
        flag = upper(_("Escalated"))
        parts.append((flag, flag, "b $warning"))
    if call.warnings:
        total = len(call.checklist.warning)
        count = f"{call.warnings}/{total}" if total else str(call.warnings)
        warned = ngettext("warned {count}", "warned {count}", call.warnings)
        parts.append(
            (
                warned.format(count=count),
                pgettext("short", "W{count}").format(count=count),
                "b $error",
            )
        )
    if save_error:
        parts.append(("✗ " + _("not saved"), "✗ " + _("not saved"), "b $error"))
    elif unsaved:
        parts.append((_("saving…"), "…", "dim"))
    else:
        parts.append(("✓ " + _("saved"), "✓", "$success"))
    return parts


def _width(texts: list[str], sep: str) -> int:
    return sum(cell_width(t) for t in texts) + len(sep) * (len(texts) - 1)


def team_text(waiting: int, *, short: bool = False) -> str:
    """The quiet word about the team hub: "team: 3 calls waiting" ("" when none wait)."""
    if not waiting:
        return ""
    if short:
        return pgettext("short", "team {count}").format(count=waiting)
    text = ngettext("team: {count} call waiting", "team: {count} calls waiting", waiting)
    return text.format(count=waiting)


def render_status(
    call: Call,
    *,
    calm: bool,
    save_error: str,
    unsaved: int,
    width: int = 200,
    team_waiting: int = 0,
) -> str:
    """The status line as markup, fitted to ``width`` cells: the separators narrow first, then
    the parts take their short forms; the customer's name gets what room is left."""
    parts = _parts(call, calm=calm, save_error=save_error, unsaved=unsaved)
    styles = [style for _, _, style in parts]
    texts, sep = [long for long, _, _ in parts], WIDE
    for texts, sep in (
        ([p[0] for p in parts], WIDE),
        ([p[0] for p in parts], NARROW),
        ([p[1] for p in parts], NARROW),
    ):
        if _width(texts, sep) <= width:
            break
    name = visible(call.addressed_as or call.customer)
    room = width - _width(texts, sep) - len(sep)
    if name and room >= 4:
        texts.insert(2, fit(name, room))
        styles.insert(2, "")
        room -= cell_width(texts[2]) + len(sep)
    for team in (team_text(team_waiting), team_text(team_waiting, short=True)):
        if team and cell_width(team) <= room:
            texts.append(team)
            styles.append("dim")
            break
    return sep.join(
        f"[{s}]{esc(t)}[/]" if s else esc(t) for t, s in zip(texts, styles, strict=True)
    )


class StatusBar(Static):
    def show(
        self, call: Call, *, calm: bool, save_error: str, unsaved: int, team_waiting: int = 0
    ) -> None:
        width = max(20, self.content_size.width or self.app.size.width - 2)
        text = render_status(
            call,
            calm=calm,
            save_error=save_error,
            unsaved=unsaved,
            width=width,
            team_waiting=team_waiting,
        )
        self.update(text, layout=False)  # one line, always
