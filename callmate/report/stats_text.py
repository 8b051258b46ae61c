"""The figures of ``review.stats`` as plain text (``callmate stats``): tables and small charts.

Names from the data (agents, checklists, steps, outcomes of a merged or crafted log) are shown
through ``safe.visible`` and measured in terminal cells, as in :mod:`callmate.report.text`.
"""

from __future__ import annotations

from callmate.dates import format_duration
from callmate.labels import UNFINISHED_KEY, outcome_label
from callmate.models import Adherence, Stats
from callmate.report.text import bar, percent, rate_parts, sparkline, table
from callmate.safe import pad, visible


def _duration(seconds: float | None) -> str:
    return format_duration(seconds) if seconds is not None else "–"


def summary_lines(s: Stats) -> list[str]:
    """Calls, handle time, escalations and the adherence score, one line each."""
    adherence = s.adherence.score
    escalated_outcome = s.outcomes.get("escalated", 0)
    return [
        f"Calls: {s.calls:,}   handled: {s.handled:,}   unfinished: {s.unfinished:,} "
        "(open, in wrap-up or abandoned; not in handle time)",
        f"Handle time: average {_duration(s.average_seconds)}, "
        f"median {_duration(s.median_seconds)}",
        f"Escalated at some point: {s.escalated:,} ({percent(s.escalation_rate)})   "
        f"escalated outcome: {escalated_outcome:,}",
        f"At fault: {s.at_fault:,} ({percent(s.at_fault_rate)})   warned: {s.warned:,}   "
        f"follow-ups: {s.follow_ups:,}",
        f"Adherence score: {'–' if adherence is None else f'{adherence:.1f} / 100'}"
        + _rates(s.adherence),
    ]


def _rates(adherence: Adherence) -> str:
    parts = rate_parts(adherence.to_json())
    return f"  ({', '.join(parts)})" if parts else ""


def outcome_lines(s: Stats, width: int = 24) -> list[str]:
    """Each outcome with its count, share and a bar."""
    total = max(s.calls, 1)
    return [
        f"  {pad(visible(outcome_label(name if name != UNFINISHED_KEY else None)), 17)} "
        f"{count:>8,}  "
        f"{100 * count / total:5.1f}%  {bar(count / total, width)}".rstrip()
        for name, count in s.outcomes.items()
    ]


def step_rows(s: Stats) -> list[list[str]]:
    """Time per step against its target, as table cells."""
    return [
        [st.checklist, st.title, _duration(st.average_seconds),
         _duration(st.target_seconds) if st.target_seconds else "–",
         percent(st.over_target_rate), f"{st.skipped:,}", percent(st.skip_rate)]
        for st in s.steps
    ]  # fmt: skip


STEP_HEAD = ["CHECKLIST", "STEP", "AVERAGE", "TARGET", "OVER", "SKIPPED", "SKIP %"]
AGENT_HEAD = ["AGENT", "CALLS", "HANDLED", "UNFINISHED", "AVERAGE", "ESCALATED", "ADHERENCE"]


def agent_rows(s: Stats) -> list[list[str]]:
    """Calls, handle time, escalations and adherence per agent, as table cells."""
    return [
        [a.agent or "—", f"{a.calls:,}", f"{a.handled:,}", f"{a.unfinished:,}",
         _duration(a.average_seconds),
         percent(a.escalation_rate),
         "–" if a.adherence is None else f"{a.adherence:.1f}"]
        for a in s.agents
    ]  # fmt: skip


def per_day_lines(s: Stats, width: int = 60) -> list[str]:
    """Calls per day as a sparkline, folded to at most ``width`` columns (weeks, if need be)."""
    days = s.per_day
    if not days:
        return ["  no calls"]
    per = 1
    while len(days) / per > width:
        per += 1
    values = [sum(d.calls for d in days[i : i + per]) for i in range(0, len(days), per)]
    unit = "day" if per == 1 else f"{per} days"
    top = f"{max(values):,}"
    axis = " " * len(top)
    first, middle, last = days[0].day, days[len(days) // 2].day, days[-1].day
    under = first.ljust(max(len(first) + 1, len(values) // 2 - len(middle) // 2))
    under = (under + middle).ljust(max(len(under + middle) + 1, len(values) - len(last))) + last
    return [
        f"  (one column per {unit}, UTC)",
        f"  {top} ┤",
        f"  {axis} ┤{sparkline(values)}",
        f"  {'0'.rjust(len(top))} ┤",
        f"  {axis}  {visible(under)}",
    ]


#: Why a skipped step may not show among the skips.
EXCUSED_NOTE = ("skips that did not apply (the apology when not at fault, steps an escalation "
                "went past) are not counted")  # fmt: skip


def most_skipped_lines(s: Stats) -> list[str]:
    """The most skipped steps: ``Thank (default): 12 (9%)``, or ``none``; then why some skips
    are not counted."""
    skipped = [
        visible(f"{st.title} ({st.checklist}): {st.skipped:,} ({percent(st.skip_rate)})")
        for st in s.most_skipped
    ] or ["none"]
    return [*skipped, f"({EXCUSED_NOTE})"]


def stats_text(s: Stats, title: str = "") -> str:
    """Everything ``callmate stats`` prints as a table."""
    lines = [title] if title else []
    lines += summary_lines(s)
    lines += ["", "Outcomes", *outcome_lines(s)]
    lines += ["", "Time per step against target"]
    lines += ["  " + x for x in table(step_rows(s), STEP_HEAD, {1: 28}).splitlines()]
    lines += ["", "Most skipped steps"]
    lines += ["  " + line for line in most_skipped_lines(s)]
    lines += ["", "Per agent"]
    lines += ["  " + x for x in table(agent_rows(s), AGENT_HEAD).splitlines()]
    lines += ["", "Calls per day", *per_day_lines(s)]
    return visible("\n".join(lines), newlines=True)
