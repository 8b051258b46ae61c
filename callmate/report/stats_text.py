"""The figures of ``store.stats`` as plain text (``callmate stats``): tables and small charts."""

from __future__ import annotations

from typing import Any

from callmate.call import OUTCOME_LABELS
from callmate.dates import format_duration
from callmate.store.formats import bar, percent, sparkline, table


def _duration(seconds: float | None) -> str:
    return format_duration(seconds) if seconds is not None else "–"


def summary_lines(s: dict[str, Any]) -> list[str]:
    """Calls, handle time, escalations and the adherence score, one line each."""
    adherence = s["adherence"].get("score")
    return [
        f"Calls: {s['calls']:,}   handled: {s['handled']:,}",
        f"Handle time: average {_duration(s['average_seconds'])}, "
        f"median {_duration(s['median_seconds'])}",
        f"Escalated: {s['escalated']:,} ({percent(s['escalation_rate'])})   "
        f"at fault: {s['at_fault']:,}   warned: {s['warned']:,}   follow-ups: {s['follow_ups']:,}",
        f"Adherence score: {'–' if adherence is None else f'{adherence:.1f} / 100'}"
        + _rates(s["adherence"]),
    ]


def _rates(adherence: dict[str, Any]) -> str:
    parts = [
        f"{label} {percent(adherence[key])}"
        for key, label in (("in_order", "in order"), ("apology", "apology when at fault"),
                           ("thanks", "thanks"), ("on_time", "on time"))
        if key in adherence
    ]  # fmt: skip
    return f"  ({', '.join(parts)})" if parts else ""


def outcome_lines(s: dict[str, Any], width: int = 24) -> list[str]:
    """Each outcome with its count, share and a bar."""
    total = max(s["calls"], 1)
    return [
        f"  {OUTCOME_LABELS.get(name, name.capitalize()):<17} {count:>8,}  "
        f"{100 * count / total:5.1f}%  {bar(count / total, width)}".rstrip()
        for name, count in s["outcomes"].items()
    ]


def step_rows(s: dict[str, Any]) -> list[list[str]]:
    """Time per step against its target, as table cells."""
    return [
        [st["checklist"], st["title"], _duration(st["average_seconds"]),
         _duration(st["target_seconds"]) if st["target_seconds"] else "–",
         percent(st["over_target_rate"]), f"{st['skipped']:,}", percent(st["skip_rate"])]
        for st in s["steps"]
    ]  # fmt: skip


STEP_HEAD = ["CHECKLIST", "STEP", "AVERAGE", "TARGET", "OVER", "SKIPPED", "SKIP %"]
AGENT_HEAD = ["AGENT", "CALLS", "AVERAGE", "ESCALATED", "ADHERENCE"]


def agent_rows(s: dict[str, Any]) -> list[list[str]]:
    """Calls, handle time, escalations and adherence per agent, as table cells."""
    return [
        [a["agent"] or "—", f"{a['calls']:,}", _duration(a["average_seconds"]),
         percent(a["escalation_rate"]),
         "–" if a["adherence"] is None else f"{a['adherence']:.1f}"]
        for a in s["agents"]
    ]  # fmt: skip


def per_day_lines(s: dict[str, Any], width: int = 60) -> list[str]:
    """Calls per day as a sparkline, folded to at most ``width`` columns (weeks, if need be)."""
    days = s["per_day"]
    if not days:
        return ["  no calls"]
    per = 1
    while len(days) / per > width:
        per += 1
    values = [sum(d["calls"] for d in days[i : i + per]) for i in range(0, len(days), per)]
    unit = "day" if per == 1 else f"{per} days"
    return [
        f"  {days[0]['day']} … {days[-1]['day']}  (one column per {unit}, UTC; "
        f"busiest {max(values):,} calls)",
        "  " + sparkline(values),
    ]


def stats_text(s: dict[str, Any], title: str = "") -> str:
    """Everything ``callmate stats`` prints as a table."""
    lines = [title] if title else []
    lines += summary_lines(s)
    lines += ["", "Outcomes", *outcome_lines(s)]
    lines += ["", "Time per step against target"]
    lines += ["  " + x for x in table(step_rows(s), STEP_HEAD, {1: 28}).splitlines()]
    skipped = s["most_skipped"]
    lines += ["", "Most skipped steps"]
    lines += [
        f"  {st['title']} ({st['checklist']}): {st['skipped']:,} ({percent(st['skip_rate'])})"
        for st in skipped
    ] or ["  none"]
    lines += ["", "Per agent"]
    lines += ["  " + x for x in table(agent_rows(s), AGENT_HEAD).splitlines()]
    lines += ["", "Calls per day", *per_day_lines(s)]
    return "\n".join(lines)
