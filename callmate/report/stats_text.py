"""The figures of ``review.stats`` as plain text (``callmate stats``): tables and small charts.

Names from the data (agents, checklists, steps, outcomes of a merged or crafted log) are shown
through ``safe.visible`` and measured in terminal cells, as in :mod:`callmate.report.text`.
"""

from __future__ import annotations

from callmate.figures import Adherence, Stats
from callmate.i18n import N_, _, fixed, ngettext, number
from callmate.labels import UNFINISHED_KEY, outcome_label
from callmate.report.text import (
    bar,
    duration,
    heads,
    percent,
    percent_text,
    rate_parts,
    sparkline,
    table,
)
from callmate.safe import cell_width, fit, pad, visible


def _duration(seconds: float | None) -> str:
    return duration(seconds) if seconds is not None else "–"


def summary_lines(s: Stats) -> list[str]:
    """Calls, handle time, escalations and the adherence score, one line each."""
    adherence = s.adherence.score
    escalated_outcome = s.outcomes.get("escalated", 0)
    score = "–" if adherence is None else f"{fixed(adherence)} / 100"
    return [
        _(
            "Calls: {calls}   handled: {handled}   unfinished: {unfinished} "
            "(open, in wrap-up or abandoned; not in handle time)"
        ).format(calls=number(s.calls), handled=number(s.handled), unfinished=number(s.unfinished)),
        _("Handle time: average {average}, median {median}").format(
            average=_duration(s.average_seconds), median=_duration(s.median_seconds)
        ),
        _(
            "Escalated at some point: {escalated} ({rate}), escalated and returned: {returned}   "
            "escalated outcome: {outcome}"
        ).format(
            escalated=number(s.escalated),
            rate=percent(s.escalation_rate),
            returned=number(s.escalations_withdrawn),
            outcome=number(escalated_outcome),
        ),
        _("At fault: {at_fault} ({rate})   warned: {warned}   follow-ups: {follow_ups}").format(
            at_fault=number(s.at_fault),
            rate=percent(s.at_fault_rate),
            warned=number(s.warned),
            follow_ups=number(s.follow_ups),
        ),
        _("Adherence score: {score}").format(score=score) + _rates(s.adherence),
    ]


def _rates(adherence: Adherence) -> str:
    parts = rate_parts(adherence.to_json())
    return f"  ({', '.join(parts)})" if parts else ""


#: The widest an outcome's label may be in the statistics before it is cut (with "…").
OUTCOME_LABEL_MAX = 34


def outcome_lines(s: Stats, width: int = 24) -> list[str]:
    """Each outcome with its count, share and a bar (``width`` cells), labels whole."""
    total = max(s.calls, 1)
    labels = {
        name: visible(outcome_label(name if name != UNFINISHED_KEY else None))
        for name in s.outcomes
    }
    room = min(OUTCOME_LABEL_MAX, max((cell_width(label) for label in labels.values()), default=0))
    return [
        f"  {pad(fit(labels[name], room), room)} {number(count):>8}  "
        f"{percent_text(fixed(100 * count / total)):>6}  {bar(count / total, width)}".rstrip()
        for name, count in s.outcomes.items()
    ]


def step_rows(s: Stats) -> list[list[str]]:
    """Time per step against its target, as table cells."""
    return [
        [
            st.checklist,
            st.title,
            _duration(st.average_seconds),
            _duration(st.target_seconds) if st.target_seconds else "–",
            percent(st.over_target_rate),
            number(st.skipped),
            percent(st.skip_rate),
        ]
        for st in s.steps
    ]


# TRANSLATORS: the column heads of tables are written in capitals.
STEP_HEAD = [
    N_("CHECKLIST"),
    N_("STEP"),
    N_("AVERAGE"),
    N_("TARGET"),
    N_("OVER"),
    N_("SKIPPED"),
    N_("SKIP %"),
]
AGENT_HEAD = [
    N_("AGENT"),
    N_("CALLS"),
    N_("HANDLED"),
    N_("UNFINISHED"),
    N_("AVERAGE"),
    N_("ESCALATED"),
    N_("ADHERENCE"),
]


def agent_rows(s: Stats) -> list[list[str]]:
    """Calls, handle time, escalations and adherence per agent, as table cells."""
    return [
        [
            a.agent or "—",
            number(a.calls),
            number(a.handled),
            number(a.unfinished),
            _duration(a.average_seconds),
            percent(a.escalation_rate),
            "–" if a.adherence is None else fixed(a.adherence),
        ]
        for a in s.agents
    ]


def per_day_lines(s: Stats, width: int = 60) -> list[str]:
    """Calls per day as a sparkline, folded to at most ``width`` columns (weeks, if need be)."""
    days = s.per_day
    if not days:
        return ["  " + _("no calls")]
    per = 1
    while len(days) / per > width:
        per += 1
    values = [sum(d.calls for d in days[i : i + per]) for i in range(0, len(days), per)]
    if per == 1:
        unit = _("(one column per day, UTC)")
    else:
        unit = ngettext("(one column per {n} day, UTC)", "(one column per {n} days, UTC)", per)
        unit = unit.format(n=number(per))
    top = number(max(values))
    axis = " " * len(top)
    first, middle, last = days[0].day, days[len(days) // 2].day, days[-1].day
    under = first.ljust(max(len(first) + 1, len(values) // 2 - len(middle) // 2))
    under = (under + middle).ljust(max(len(under + middle) + 1, len(values) - len(last))) + last
    return [
        f"  {unit}",
        f"  {top} ┤",
        f"  {axis} ┤{sparkline(values)}",
        f"  {'0'.rjust(len(top))} ┤",
        f"  {axis}  {visible(under)}",
    ]


#: Why a skipped step may not show among the skips.
EXCUSED_NOTE = N_(
    "skips that did not apply (the apology when not at fault, steps an escalation "
    "went past) are not counted"
)


def most_skipped_lines(s: Stats) -> list[str]:
    """The most skipped steps: ``Thank (default): 12 (9%)``, or ``none``; then why some skips
    are not counted."""
    skipped = [
        visible(
            _("{step} ({checklist}): {skipped} ({rate})").format(
                step=st.title,
                checklist=st.checklist,
                skipped=number(st.skipped),
                rate=percent(st.skip_rate),
            )
        )
        for st in s.most_skipped
    ] or [_("none")]
    note = _(EXCUSED_NOTE)
    return [*skipped, f"({note})"]


def stats_text(s: Stats, title: str = "") -> str:
    """Everything ``callmate stats`` prints as a table."""
    lines = [title] if title else []
    lines += summary_lines(s)
    lines += ["", _("Outcomes"), *outcome_lines(s)]
    lines += ["", _("Time per step against target")]
    lines += ["  " + x for x in table(step_rows(s), heads(STEP_HEAD), {1: 28}).splitlines()]
    lines += ["", _("Most skipped steps")]
    lines += ["  " + line for line in most_skipped_lines(s)]
    lines += ["", _("Per agent")]
    lines += ["  " + x for x in table(agent_rows(s), heads(AGENT_HEAD)).splitlines()]
    lines += ["", _("Calls per day"), *per_day_lines(s)]
    return visible("\n".join(lines), newlines=True)
