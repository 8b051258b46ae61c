"""Calls and statistics as text for people: tables, one call as text or Markdown, small charts.

Pure functions over the records of ``store.queries`` and the figures of ``store.stats``; the
command line prints them and the exports write them. Times are shown in local time.
"""

from __future__ import annotations

import json
from typing import Any

from callmate.dates import format_duration, show_local
from callmate.labels import ADHERENCE_RATE_LABELS, OUTCOME_LABELS, outcome_label

BLOCKS = " ▁▂▃▄▅▆▇█"
SHORT_ID = 8


def short_id(call_id: str) -> str:
    """The first characters of a call id, enough to tell calls apart by eye."""
    return call_id[:SHORT_ID]


def percent(rate: float | None) -> str:
    """A rate (0-1) as a whole percentage, ``–`` for none."""
    return "–" if rate is None else f"{100 * rate:.0f}%"


def sparkline(values: list[float]) -> str:
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
    """Columns padded to their widest cell (cells in ``limits`` cut to that many characters)."""
    limits = limits or {}
    cut = [
        [cell if i not in limits or len(cell) <= limits[i] else cell[: limits[i] - 1] + "…"
         for i, cell in enumerate(row)]
        for row in [head, *rows]
    ]  # fmt: skip
    widths = [max(len(row[i]) for row in cut) for i in range(len(head))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in cut
    )


LIST_HEAD = ["ID", "STARTED", "AGENT", "CUSTOMER", "OUTCOME", "LENGTH", "FLAGS"]


def list_rows(records: list[dict[str, Any]]) -> list[list[str]]:
    """``calls list`` table cells for list records."""
    return [
        [short_id(r["id"]), show_local(r["started_at"]), r["agent"] or "", r["customer"] or "",
         outcome_label(r["outcome"]), format_duration(r["duration_seconds"]), flags(r)]
        for r in records
    ]  # fmt: skip


# -- one call -------------------------------------------------------------------------------------


def _offset(seconds: float | None) -> str:
    return "+" + format_duration(seconds or 0)


def _yes(value: Any) -> str:
    return "yes" if value else "no"


def rate_parts(adherence: dict[str, Any]) -> list[str]:
    """The adherence rates that apply, in words: ``in order 90%``."""
    return [
        f"{label} {percent(adherence[key])}"
        for key, label in ADHERENCE_RATE_LABELS.items()
        if adherence.get(key) is not None
    ]


def _adherence_line(adherence: dict[str, Any] | None) -> str:
    if not adherence or adherence.get("score") is None:
        return "–"
    return f"{adherence['score']:.1f} ({', '.join(rate_parts(adherence))})"


def event_text(event: dict[str, Any]) -> str:
    """An event in words: ``phrase copied 2 (xclip): "I see"``."""
    data = event.get("data") or {}
    kind = event["kind"]
    if kind == "phrase_copied":
        number = f" {data['number']}" if data.get("number") else ""
        return f"phrase copied{number} ({data.get('how', '?')}): “{data.get('text', '')}”"
    if kind == "warning":
        return f"abusive-caller warning {data.get('number', '')}".rstrip()
    if kind in ("step_done", "step_skipped"):
        verb = "done" if kind == "step_done" else "skipped"
        return f"{data.get('step', '')} {verb} after {format_duration(data.get('seconds'))}"
    if kind == "at_fault":
        return "at fault: " + ("on" if data.get("on") else "off")
    if kind == "wrapped_up":
        return f"wrapped up: {OUTCOME_LABELS.get(data.get('outcome'), data.get('outcome'))}"
    shown = {k: v for k, v in data.items() if v not in (None, "", {})}
    extra = " " + json.dumps(shown, ensure_ascii=False) if shown else ""
    return kind.replace("_", " ") + extra


def header_lines(r: dict[str, Any]) -> list[tuple[str, str]]:
    """The call's facts as (label, value) pairs, for text and Markdown alike."""
    customer = r["customer"] or "—"
    if r.get("reference"):
        customer += f" (ref {r['reference']})"
    facts = [
        ("Started", show_local(r["started_at"], "%Y-%m-%d %H:%M:%S")),
        ("Agent", r["agent"] or "—"),
        ("Customer", customer),
        ("Checklist", f"{r['checklist']} v{r['checklist_version']} ({r['language']})"),
        ("Outcome", outcome_label(r["outcome"])),
        ("Length", format_duration(r["duration_seconds"])),
        ("At fault", _yes(r["at_fault"])),
        ("Escalated", _yes(r["escalated"])),
        ("Warnings", str(r["warnings"])),
    ]
    if r.get("follow_up_at"):
        facts.append(("Follow-up", show_local(r["follow_up_at"])))
    if r.get("difficulty"):
        facts.append(("Difficulty", f"{r['difficulty']}/5"))
    if r.get("summary"):
        facts.append(("Summary", r["summary"]))
    if "adherence" in r:
        facts.append(("Adherence", _adherence_line(r["adherence"])))
    return facts


def step_cells(step: dict[str, Any]) -> list[str]:
    """A step as cells: title, status, time, target, and ``over`` when past its target."""
    target = step.get("target_seconds") or 0
    seconds = step.get("seconds") or 0
    over = "over" if target and seconds > target and step.get("visits") else ""
    return [
        step["title"] or step["id"], step["status"],
        format_duration(seconds) if step.get("visits") else "–",
        format_duration(target) if target else "–", over,
    ]  # fmt: skip


def call_text(r: dict[str, Any]) -> str:
    """``calls show`` as text."""
    lines = [f"Call {r['id']}"]
    lines += [f"  {label + ':':<11} {value}" for label, value in header_lines(r)]
    lines += ["", "Steps"]
    lines += ["  " + line for line in table(
        [step_cells(s) for s in r["steps"]], ["STEP", "STATUS", "TIME", "TARGET", ""]
    ).splitlines()]  # fmt: skip
    titles = {s["id"]: s["title"] for s in r["steps"]}
    lines += ["", "Notes" if r["notes"] else "Notes: none"]
    lines += [
        f"  {_offset(n.get('offset_seconds'))}  [{titles.get(n['step_id'], n['step_id'])}] "
        f"{n['text']}"
        for n in r["notes"]
    ]
    lines += ["", "Events"]
    lines += [f"  {_offset(e.get('offset_seconds'))}  {event_text(e)}" for e in r["events"]]
    return "\n".join(lines)


def _md(text: Any) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def call_markdown(r: dict[str, Any], level: int = 1) -> str:
    """``calls show --format markdown``, and one section of a Markdown export."""
    h = "#" * level
    started = show_local(r["started_at"])
    lines = [f"{h} Call {short_id(r['id'])} — {started}, {_md(r['agent'] or '—')}", ""]
    lines += [f"- **{label}:** {_md(value)}" for label, value in header_lines(r)]
    lines += [f"- **Id:** `{r['id']}`", "", f"{h}# Steps", ""]
    lines += ["| Step | Status | Time | Target | |", "|---|---|---|---|---|"]
    lines += ["| " + " | ".join(_md(c) for c in step_cells(s)) + " |" for s in r["steps"]]
    lines += ["", f"{h}# Notes", ""]
    titles = {s["id"]: s["title"] for s in r["steps"]}
    lines += [
        f"- {_offset(n.get('offset_seconds'))} *{_md(titles.get(n['step_id'], n['step_id']))}*: "
        f"{_md(n['text'])}"
        for n in r["notes"]
    ] or ["*No notes.*"]
    lines += ["", f"{h}# Events", ""]
    lines += [f"- {_offset(e.get('offset_seconds'))} {_md(event_text(e))}" for e in r["events"]]
    return "\n".join(lines) + "\n"
