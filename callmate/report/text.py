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
from collections.abc import Sequence
from typing import Any

from callmate.dates import format_duration, show_local
from callmate.labels import (
    ADHERENCE_RATE_LABELS,
    OUTCOME_LABELS,
    adherence_rate_label,
    outcome_label,
)
from callmate.safe import cell_width, fit, pad, visible

BLOCKS = " ▁▂▃▄▅▆▇█"
SHORT_ID = 8


def short_id(call_id: str) -> str:
    """The first characters of a call id, enough to tell calls apart by eye."""
    if call_id.isascii() and call_id.isprintable():
        return call_id[:SHORT_ID]
    return fit(visible(call_id), SHORT_ID)


def when(stored: Any, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored time in local time; anything that is not a time is shown as the text it is."""
    try:
        return show_local(stored, fmt)
    except (ValueError, TypeError, OverflowError):
        return visible(str(stored))


def duration(seconds: Any) -> str:
    """``4:05``, ``–`` for none; a stored value that is not a number is shown as it is."""
    try:
        return format_duration(seconds)
    except (ValueError, TypeError, OverflowError):
        return visible(str(seconds))


def percent(rate: float | None) -> str:
    """A rate (0-1) as a whole percentage, ``–`` for none."""
    return "–" if rate is None else f"{100 * rate:.0f}%"


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


def flags(record: dict[str, Any]) -> str:
    """``E`` escalated, ``W`` warned, ``F`` at fault, ``N`` has a follow-up."""
    return "".join(
        letter
        for letter, on in (
            ("E", record.get("escalated")),
            ("W", record.get("warnings")),
            ("F", record.get("at_fault")),
            ("N", record.get("follow_up_at")),
        )  # fmt: skip
        if on
    )


def table(rows: list[list[str]], head: list[str], limits: dict[int, int] | None = None) -> str:
    """Columns padded to their widest cell, in terminal cells (cells in ``limits`` cut to that
    many cells); every cell shown through ``visible``."""
    limits = limits or {}
    cut = [
        [fit(visible(cell), limits[i]) if i in limits else visible(cell)
         for i, cell in enumerate(row)]
        for row in [head, *rows]
    ]  # fmt: skip
    widths = [max(cell_width(row[i]) for row in cut) for i in range(len(head))]
    return "\n".join(
        "  ".join(pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in cut
    )


LIST_HEAD = ["ID", "STARTED", "AGENT", "CUSTOMER", "OUTCOME", "LENGTH", "FLAGS"]


def list_rows(records: list[dict[str, Any]]) -> list[list[str]]:
    """``calls list`` table cells for list records."""
    return [
        [short_id(r["id"]), when(r["started_at"]), r["agent"] or "", r["customer"] or "",
         outcome_label(r["outcome"]), duration(r["duration_seconds"]), flags(r)]
        for r in records
    ]  # fmt: skip


# -- one call -------------------------------------------------------------------------------------


def _offset(seconds: float | None) -> str:
    return "+" + duration(seconds or 0)


def _yes(value: Any) -> str:
    return "yes" if value else "no"


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
    return f"{adherence['score']:.1f} ({', '.join(rate_parts(adherence))})"


def event_text(event: dict[str, Any]) -> str:
    """An event in words: ``phrase copied 2 (xclip): "I see"`` (shown through ``visible``)."""
    return visible(_event_words(event))


def _event_words(event: dict[str, Any]) -> str:
    data = event.get("data")
    if not isinstance(data, dict):  # a crafted or damaged event: shown as it is
        data = {"data": data} if data not in (None, "") else {}
    kind = str(event.get("kind") or "")
    if kind == "phrase_copied":
        number = f" {data['number']}" if data.get("number") else ""
        return f"phrase copied{number} ({data.get('how', '?')}): “{data.get('text', '')}”"
    if kind == "warning":
        return f"abusive-caller warning {data.get('number', '')}".rstrip()
    if kind in ("step_done", "step_skipped"):
        verb = "done" if kind == "step_done" else "skipped"
        return f"{data.get('step', '')} {verb} after {duration(data.get('seconds'))}"
    if kind == "at_fault":
        return "at fault: " + ("on" if data.get("on") else "off")
    if kind == "wrapped_up":
        outcome = data.get("outcome")
        label = OUTCOME_LABELS.get(outcome, outcome) if isinstance(outcome, str) else outcome
        return f"wrapped up: {label}"
    shown = {k: v for k, v in data.items() if v not in (None, "", {})}
    extra = " " + json.dumps(shown, ensure_ascii=False, default=str) if shown else ""
    return kind.replace("_", " ") + extra


def header_lines(r: dict[str, Any]) -> list[tuple[str, str]]:
    """The call's facts as (label, value) pairs, for text and Markdown alike; every value shown
    through ``visible``."""
    customer = r["customer"] or "—"
    if r.get("reference"):
        customer += f" (ref {r['reference']})"
    facts = [
        ("Started", when(r["started_at"], "%Y-%m-%d %H:%M:%S")),
        ("Agent", r["agent"] or "—"),
        ("Customer", customer),
        ("Checklist", f"{r['checklist']} v{r['checklist_version']} ({r['language']})"),
        ("Outcome", outcome_label(r["outcome"])),
        ("Length", duration(r["duration_seconds"])),
        ("At fault", _yes(r["at_fault"])),
        ("Escalated", _yes(r["escalated"])),
        ("Warnings", str(r["warnings"])),
    ]
    if r.get("follow_up_at"):
        facts.append(("Follow-up", when(r["follow_up_at"])))
    if r.get("difficulty"):
        facts.append(("Difficulty", f"{r['difficulty']}/5"))
    if r.get("summary"):
        facts.append(("Summary", r["summary"]))
    if "adherence" in r:
        facts.append(("Adherence", _adherence_line(r["adherence"])))
    return [(label, visible(str(value))) for label, value in facts]


def step_cells(step: dict[str, Any]) -> list[str]:
    """A step as cells: title, status, time, target, and ``over`` when past its target."""
    target = step.get("target_seconds") or 0
    seconds = step.get("seconds") or 0
    visited = step.get("visits")
    try:
        over = "over" if target and visited and seconds > target else ""
    except TypeError:  # stored values that are not numbers
        over = ""
    return [
        visible(str(step["title"] or step["id"])), visible(str(step["status"])),
        duration(seconds) if visited else "–", duration(target) if target else "–", over,
    ]  # fmt: skip


def _step_titles(r: dict[str, Any]) -> dict[Any, str]:
    return {s["id"]: s["title"] for s in r["steps"]}


def _note_step(titles: dict[Any, str], note: dict[str, Any]) -> str:
    return visible(str(titles.get(note["step_id"], note["step_id"]) or ""))


def call_text(r: dict[str, Any]) -> str:
    """``calls show`` as text; nothing from the data reaches the terminal unless visible."""
    lines = [f"Call {visible(str(r['id']))}"]
    lines += [f"  {label + ':':<11} {value}" for label, value in header_lines(r)]
    lines += ["", "Steps"]
    lines += ["  " + line for line in table(
        [step_cells(s) for s in r["steps"]], ["STEP", "STATUS", "TIME", "TARGET", ""]
    ).splitlines()]  # fmt: skip
    titles = _step_titles(r)
    lines += ["", "Notes" if r["notes"] else "Notes: none"]
    for n in r["notes"]:
        head = f"  {_offset(n.get('offset_seconds'))}  [{_note_step(titles, n)}] "
        text = visible(str(n["text"] or ""), newlines=True)  # a note's lines, indented under it
        lines.append(head + text.replace("\n", "\n" + " " * cell_width(head)))
    lines += ["", "Events"]
    lines += [f"  {_offset(e.get('offset_seconds'))}  {event_text(e)}" for e in r["events"]]
    return visible("\n".join(lines), newlines=True)


def _md(text: Any) -> str:
    """Text for one Markdown line or table cell: visible, its bars escaped, on one line."""
    shown = visible(str(text if text is not None else ""), newlines=True)
    return shown.replace("|", "\\|").replace("\n", " ")


def call_markdown(r: dict[str, Any], level: int = 1) -> str:
    """``calls show --format markdown``, and one section of a Markdown export."""
    h = "#" * level
    started = when(r["started_at"])
    lines = [f"{h} Call {_md(short_id(r['id']))} — {started}, {_md(r['agent'] or '—')}", ""]
    lines += [f"- **{label}:** {_md(value)}" for label, value in header_lines(r)]
    lines += [f"- **Id:** `{_md(r['id']).replace('`', chr(0x2018))}`", "", f"{h}# Steps", ""]
    lines += ["| Step | Status | Time | Target | |", "|---|---|---|---|---|"]
    lines += ["| " + " | ".join(_md(c) for c in step_cells(s)) + " |" for s in r["steps"]]
    lines += ["", f"{h}# Notes", ""]
    titles = _step_titles(r)
    lines += [
        f"- {_offset(n.get('offset_seconds'))} *{_md(_note_step(titles, n))}*: {_md(n['text'])}"
        for n in r["notes"]
    ] or ["*No notes.*"]
    lines += ["", f"{h}# Events", ""]
    lines += [f"- {_offset(e.get('offset_seconds'))} {_md(event_text(e))}" for e in r["events"]]
    return visible("\n".join(lines) + "\n", newlines=True)
