"""Calls and statistics as text for people: tables, one call as text or Markdown, small charts.

Pure functions over the records of ``review.queries`` and the figures of ``review.stats``; the
command line prints them, the exports write them and the review screen shows them. Times are
shown in local time.

Everything taken from the data is shown through :func:`callmate.safe.visible`: control characters,
C1 codes and bidi overrides become visible symbols, so a crafted or merged call cannot drive the
terminal (write the clipboard, change the title, clear the screen) nor hide or reorder what is
shown. Tables measure, cut and pad by terminal cells (``safe.pad``), so wide characters (CJK,
emoji) keep the columns straight and a cut never lands inside a symbol. Whole texts get
``visible(text, newlines=True)`` once more at the end, whatever they hold.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from callmate.dates import format_duration
from callmate.language.i18n import N_, NP_, _, fixed, number, pgettext
from callmate.language.labels import (
    ADHERENCE_RATE_LABELS,
    adherence_rate_label,
    outcome_label,
    step_status_label,
)
from callmate.report.moments import when
from callmate.safe import cell_width, fit, pad, visible

BLOCKS = " ▁▂▃▄▅▆▇█"
SHORT_ID = 8


def short_id(call_id: str) -> str:
    """The first characters of a call id, enough to tell calls apart by eye."""
    if call_id.isascii() and call_id.isprintable():
        return call_id[:SHORT_ID]
    return fit(visible(call_id), SHORT_ID)


def nearest_second(seconds: Any) -> Any:
    """A number of seconds rounded half up to a whole second (anything else as it is)."""
    if (
        isinstance(seconds, (int, float))
        and not isinstance(seconds, bool)
        and math.isfinite(seconds)
    ):
        return math.floor(seconds + 0.5)
    return seconds


def duration(seconds: Any) -> str:
    """``4:05``, to the nearest second as a spreadsheet rounds it (433.6 s is 7:14), ``–`` for
    none; a stored value that is not a number is shown as it is."""
    try:
        return format_duration(nearest_second(seconds))
    except (ValueError, TypeError, OverflowError):
        return visible(str(seconds))


def percent(rate: float | None) -> str:
    """A rate (0-1) as a whole percentage, ``–`` for none."""
    return "–" if rate is None else percent_text(f"{100 * rate:.0f}")


def percent_text(value: str) -> str:
    """A figure already formatted as a percentage, the sign where the language puts it
    (``90%``, Turkish ``%90``)."""
    # TRANSLATORS: a percentage; {value} is the figure ("90"). Turkish writes the sign first.
    return _("{value}%").format(value=value)


def sparkline(values: Sequence[float]) -> str:
    """One character per value, its height relative to the largest (``▁▃█``)."""
    top = max(values, default=0)
    if top <= 0:
        return BLOCKS[1] * len(values)
    return "".join(BLOCKS[max(1, round(8 * v / top))] if v else BLOCKS[0] for v in values)


def bar(fraction: float, width: int) -> str:
    """A horizontal bar of ``width`` cells filled to ``fraction`` (eighths of a cell)."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")).ljust(width)


#: The flags of a call: the field that sets each, its letter (in Turkish and Estonian the
#: initial of its word) and its word, for the legends.
# fmt: off
FLAGS = (
    # TRANSLATORS: the flag of a call escalated, one letter: the initial of its word below
    ("escalated", NP_("flag", "E"), NP_("flag", "escalated")),
    # TRANSLATORS: the flag of a call with a warning, one letter: the initial of its word below
    ("warnings", NP_("flag", "W"), NP_("flag", "warned")),
    # TRANSLATORS: the flag of a call at fault, one letter: the initial of its word below
    ("at_fault", NP_("flag", "F"), NP_("flag", "at fault")),
    # TRANSLATORS: the flag of a call with a follow-up, one letter: the initial of its word below
    ("follow_up_at", NP_("flag", "N"), NP_("flag", "follow-up booked")),
)
# fmt: on


def flags(record: dict[str, Any]) -> str:
    """The letters of the flags a call has (``E`` escalated, ``W`` warned, ``F`` at fault,
    ``N`` has a follow-up in English), in the language shown."""
    return "".join(pgettext("flag", letter) for name, letter, _w in FLAGS if record.get(name))


def flags_legend() -> str:
    """What each letter of the flags means, in the language shown: ``E escalated · W warned ·
    F at fault · N follow-up booked``."""
    return " · ".join(
        pgettext("flag", letter) + " " + pgettext("flag", word) for _name, letter, word in FLAGS
    )


def heads(head: list[str]) -> list[str]:
    """Column heads marked with ``N_``, in the language spoken (an empty head stays empty)."""
    return [_(h) if h else "" for h in head]


def table(rows: list[list[str]], head: list[str], limits: dict[int, int] | None = None) -> str:
    """Columns padded to their widest cell, in terminal cells (cells in ``limits`` cut to that
    many cells); every cell shown through ``visible``."""
    limits = limits or {}
    cut = [
        [
            fit(visible(cell), limits[i]) if i in limits else visible(cell)
            for i, cell in enumerate(row)
        ]
        for row in [head, *rows]
    ]
    widths = [max(cell_width(row[i]) for row in cut) for i in range(len(head))]
    return "\n".join(
        "  ".join(pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in cut
    )


# TRANSLATORS: the column heads of tables are written in capitals.
LIST_HEAD = [
    N_("ID"),
    N_("STARTED"),
    N_("AGENT"),
    N_("CUSTOMER"),
    N_("OUTCOME"),
    N_("LENGTH"),
    N_("FLAGS"),
]


def list_rows(records: list[dict[str, Any]]) -> list[list[str]]:
    """``calls list`` table cells for list records."""
    return [
        [
            short_id(r["id"]),
            when(r["started_at"]),
            r["agent"] or "",
            r["customer"] or "",
            outcome_label(r["outcome"]),
            duration(r["duration_seconds"]),
            flags(r),
        ]
        for r in records
    ]


# -- one call -------------------------------------------------------------------------------------


def _offset(seconds: float | None) -> str:
    return "+" + duration(seconds or 0)


def _yes(value: Any) -> str:
    return _("yes") if value else _("no")


def _escalated(r: dict[str, Any]) -> str:
    """Whether the call was escalated, and whether that was taken back (the outcome says how
    it was wrapped up)."""
    if r["escalated"] and r.get("escalation_withdrawn"):
        return _("yes, taken back")
    return _yes(r["escalated"])


def rate_parts(adherence: dict[str, Any]) -> list[str]:
    """The adherence rates that apply, in words: ``in order 90%``."""
    return [
        f"{adherence_rate_label(key)} {percent(adherence[key])}"
        for key in ADHERENCE_RATE_LABELS
        if adherence.get(key) is not None
    ]


def _adherence_line(adherence: dict[str, Any] | None) -> str:
    if not adherence or adherence.get("score") is None:
        return "–"
    return f"{fixed(adherence['score'])} ({', '.join(rate_parts(adherence))})"


def event_text(event: dict[str, Any], titles: dict[Any, str] | None = None) -> str:
    """An event as a sentence in the reader's language, its step named by ``titles`` (step id
    to title): ``“Let them vent” done after 3:50`` (shown through ``visible``)."""
    return visible(_event_words(event, titles or {}))


#: Events told without their data (the English is the code in words).
EVENT_NAMES = {
    "abandoned": N_("closed as abandoned (nothing deleted)"),
    "reopened": N_("call reopened"),
    "escalated": N_("escalated to a manager"),
    "escalation_withdrawn": N_("escalation taken back"),
    "customer_hung_up": N_("the customer hung up"),
    "hold_started": N_("customer put on hold"),
}

#: What ctrl+z undid, in words (the ``action`` of an ``undone`` event).
UNDONE = {
    "next": N_("a step done"),
    "skip": N_("a skip"),
    "escalate": N_("an escalation"),
    "hold": N_("a hold"),
    "fault": N_("at fault"),
    "warn": N_("a warning"),
    "note": N_("a note"),
}


def _step_sentence(kind: str, title: str, after: str) -> str:
    if kind == "step_done":
        return _("“{step}” done after {time}").format(step=title, time=after)
    if kind == "step_skipped":
        return _("“{step}” skipped after {time}").format(step=title, time=after)
    return _("back from “{step}” after {time}").format(step=title, time=after)


def _event_words(event: dict[str, Any], titles: dict[Any, str]) -> str:
    data = event.get("data")
    if not isinstance(data, dict):  # a crafted or damaged event: shown as it is
        data = {"data": data} if data not in (None, "") else {}
    kind = str(event.get("kind") or "")
    if kind == "phrase_copied":
        how, text = data.get("how", "?"), data.get("text", "")
        if data.get("number"):
            words = _("phrase copied {number} ({how}): “{text}”")
            return words.format(number=data["number"], how=how, text=text)
        return _("phrase copied ({how}): “{text}”").format(how=how, text=text)
    if kind == "warning":
        if data.get("number", "") not in ("", None):
            return _("abusive-caller warning {number}").format(number=data["number"]).rstrip()
        return _("abusive-caller warning")
    if kind in ("step_done", "step_skipped", "step_back"):
        step = data.get("step", "")
        title = str(titles.get(step) or step)
        return _step_sentence(kind, title, duration(data.get("seconds")))
    if kind == "at_fault":
        return _("at fault: on") if data.get("on") else _("at fault: off")
    if kind == "wrapped_up":
        outcome = data.get("outcome")
        label = outcome_label(outcome) if isinstance(outcome, str) and outcome else outcome
        return _("wrapped up: {outcome}").format(outcome=label)
    told = _told(kind, data)
    if told is not None:
        return told
    shown = {k: v for k, v in data.items() if v not in (None, "", {})}
    extra = " " + json.dumps(shown, ensure_ascii=False, default=str) if shown else ""
    name = _(EVENT_NAMES[kind]) if kind in EVENT_NAMES else kind.replace("_", " ")
    return name + extra


def _told(kind: str, data: dict[str, Any]) -> str | None:
    """The events whose data reads as part of the sentence; ``None`` for the others."""
    if kind == "started":
        return _("call started with the checklist {checklist} (version {version})").format(
            checklist=data.get("checklist", "?"), version=data.get("version", "?")
        )
    if kind == "call_ended":
        return _("call ended after {time}").format(time=duration(data.get("seconds")))
    if kind == "resumed":
        if data.get("gap_seconds") is None:
            return _("call resumed")
        return _("call resumed after {time} away").format(time=duration(data["gap_seconds"]))
    if kind == "hold_ended":
        return _("back from hold after {time}").format(time=duration(data.get("seconds")))
    if kind == "break_started":
        planned = duration(data.get("planned_seconds"))
        return _("break started ({time} planned)").format(time=planned)
    if kind == "break_ended":
        after = duration(data.get("seconds"))
        if data.get("skipped"):
            return _("break skipped after {time}").format(time=after)
        return _("break ended after {time}").format(time=after)
    if kind == "note_edited":
        return _("note {note} corrected; it said “{before}”").format(
            note=data.get("note", "?"), before=data.get("before", "")
        )
    if kind == "note_deleted":
        return _("note {note} removed; it said “{text}”").format(
            note=data.get("note", "?"), text=data.get("text", "")
        )
    if kind == "card_masked":
        return _("card number masked in note {note}").format(note=data.get("note", "?"))
    if kind == "undone":
        action = data.get("action")
        what = _(UNDONE[action]) if isinstance(action, str) and action in UNDONE else action
        return _("undone: {what} (a correction)").format(what=what)
    if kind == "warning_withdrawn":
        return _("warning taken back")
    return None


def header_lines(r: dict[str, Any]) -> list[tuple[str, str]]:
    """The call's facts as (label, value) pairs, for text and Markdown alike; every value shown
    through ``visible``."""
    customer = r["customer"] or "—"
    if r.get("reference"):
        customer = _("{customer} (ref {reference})").format(
            customer=customer, reference=r["reference"]
        )
    warnings = r["warnings"]
    facts = [
        (_("Started"), when(r["started_at"], "numeric_seconds")),
        (_("Agent"), r["agent"] or "—"),
        (_("Customer"), customer),
        (_("Checklist"), f"{r['checklist']} v{r['checklist_version']} ({r['language']})"),
        (_("Outcome"), outcome_label(r["outcome"])),
        (_("Length"), duration(r["duration_seconds"])),
        (_("At fault"), _yes(r["at_fault"])),
        (_("Escalated"), _escalated(r)),
        (_("Warnings"), number(warnings) if type(warnings) is int else str(warnings)),
    ]
    if r.get("follow_up_at"):
        facts.append((_("Follow-up"), when(r["follow_up_at"])))
    if r.get("difficulty"):
        facts.append((_("Difficulty"), f"{r['difficulty']}/5"))
    if r.get("summary"):
        facts.append((_("Summary"), r["summary"]))
    if "adherence" in r:
        facts.append((_("Adherence"), _adherence_line(r["adherence"])))
    return [(label, visible(str(value))) for label, value in facts]


def step_cells(step: dict[str, Any]) -> list[str]:
    """A step as cells: title, status, time, target, and ``over`` when past its target."""
    target = step.get("target_seconds") or 0
    seconds = step.get("seconds") or 0
    visited = step.get("visits")
    try:
        # TRANSLATORS: in a narrow column beside a step that took longer than its target.
        over = _("over") if target and visited and seconds > target else ""
    except TypeError:  # stored values that are not numbers
        over = ""
    return [
        visible(str(step["title"] or step["id"])),
        visible(step_status_label(str(step["status"]))),
        duration(seconds) if visited else "–",
        duration(target) if target else "–",
        over,
    ]


def _step_titles(r: dict[str, Any]) -> dict[Any, str]:
    return {s["id"]: s["title"] for s in r["steps"]}


def _note_step(titles: dict[Any, str], note: dict[str, Any]) -> str:
    return visible(str(titles.get(note["step_id"], note["step_id"]) or ""))


STEP_HEAD = [N_("STEP"), N_("STATUS"), N_("TIME"), N_("TARGET"), ""]
MARKDOWN_STEP_HEAD = [N_("Step"), N_("Status"), N_("Time"), N_("Target")]


def call_text(r: dict[str, Any]) -> str:
    """``calls show`` as text; nothing from the data reaches the terminal unless visible."""
    lines = [_("Call {id}").format(id=visible(str(r["id"])))]
    facts = [(_("{label}:").format(label=label), value) for label, value in header_lines(r)]
    width = max([11, *(cell_width(label) for label, _value in facts)])
    lines += [f"  {pad(label, width)} {value}" for label, value in facts]
    lines += ["", _("Steps")]
    lines += [
        "  " + line
        for line in table([step_cells(s) for s in r["steps"]], heads(STEP_HEAD)).splitlines()
    ]
    titles = _step_titles(r)
    lines += ["", _("Notes") if r["notes"] else _("Notes: none")]
    for n in r["notes"]:
        head = f"  {_offset(n.get('offset_seconds'))}  [{_note_step(titles, n)}] "
        text = visible(str(n["text"] or ""), newlines=True)  # a note's lines, indented under it
        lines.append(head + text.replace("\n", "\n" + " " * cell_width(head)))
    lines += ["", _("Events")]
    lines += [f"  {_offset(e.get('offset_seconds'))}  {event_text(e, titles)}" for e in r["events"]]
    if r.get("evaluations"):
        from callmate.report import evaluation_text as ev

        form = ev.reader_form()
        lines += ["", _("Evaluations")]
        for evaluation in r["evaluations"]:
            lines.append("  " + ev.heading(evaluation))
            lines += ["    " + line for line in ev.answer_lines(evaluation, form)]
    return visible("\n".join(lines), newlines=True)


def _md(text: Any) -> str:
    """Text for one Markdown line or table cell: visible, its bars escaped, on one line."""
    shown = visible(str(text if text is not None else ""), newlines=True)
    return shown.replace("|", "\\|").replace("\n", " ")


def call_markdown(r: dict[str, Any], level: int = 1) -> str:
    """``calls show --format markdown``, and one section of a Markdown export."""
    h = "#" * level
    started = when(r["started_at"])
    heading = _("Call {id} — {started}, {agent}").format(
        id=_md(short_id(r["id"])), started=started, agent=_md(r["agent"] or "—")
    )
    lines = [f"{h} {heading}", ""]
    colon = _("{label}:")
    lines += [f"- **{colon.format(label=label)}** {_md(value)}" for label, value in header_lines(r)]
    id_label = colon.format(label=_("Id"))
    lines += [f"- **{id_label}** `{_md(r['id']).replace('`', chr(0x2018))}`", ""]
    steps_head = _("Steps")
    lines += [f"{h}# {steps_head}", ""]
    lines += ["| " + " | ".join(heads(MARKDOWN_STEP_HEAD)) + " | |", "|---|---|---|---|---|"]
    lines += ["| " + " | ".join(_md(c) for c in step_cells(s)) + " |" for s in r["steps"]]
    notes_head, no_notes = _("Notes"), _("No notes.")
    lines += ["", f"{h}# {notes_head}", ""]
    titles = _step_titles(r)
    lines += [
        f"- {_offset(n.get('offset_seconds'))} *{_md(_note_step(titles, n))}*: {_md(n['text'])}"
        for n in r["notes"]
    ] or [f"*{no_notes}*"]
    events_head = _("Events")
    lines += ["", f"{h}# {events_head}", ""]
    lines += [
        f"- {_offset(e.get('offset_seconds'))} {_md(event_text(e, titles))}" for e in r["events"]
    ]
    if r.get("evaluations"):
        from callmate.report import evaluation_text as ev

        form = ev.reader_form()
        evaluations_head = _("Evaluations")
        lines += ["", f"{h}# {evaluations_head}", ""]
        for evaluation in r["evaluations"]:
            lines += [f"**{_md(ev.heading(evaluation))}**", ""]
            lines += [f"- {_md(line)}" for line in ev.answer_lines(evaluation, form)] + [""]
    return visible("\n".join(lines) + "\n", newlines=True)
