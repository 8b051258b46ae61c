"""The figures of ``review.stats`` as plain text (``callmate stats``): tables and small charts.

Names from the data (agents, checklists, steps, outcomes of a merged or crafted log) are shown
through ``safe.visible`` and measured in terminal cells, as in :mod:`callmate.report.text`.
"""

from __future__ import annotations

from datetime import date, timedelta

from callmate.language.i18n import N_, _, fixed, ngettext, number
from callmate.language.labels import UNFINISHED_KEY, outcome_label
from callmate.measures.figures import Adherence, Stats, StepStats
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


#: The most steps the side-by-side table shows (the first of each checklist's, in order).
SIDE_STEPS = 8
#: Weeks of trend in the side-by-side table (the last of the range).
SIDE_WEEKS = 8


def side_by_side_rows(columns: list[tuple[str, Stats]]) -> list[list[str]]:
    """Agents (and the team, named by an empty agent) side by side, a row a figure: calls,
    median handle time, escalation, at-fault and adherence rates, each step's average against
    its target (the target in the row's name), and calls per week as a small chart."""
    figures = [s for _agent, s in columns]
    rows = [
        [_("Calls")] + [number(s.calls) for s in figures],
        [_("Median handle time")] + [_duration(s.median_seconds) for s in figures],
        [_("Escalated at some point")] + [percent(s.escalation_rate) for s in figures],
        [_("At fault")] + [percent(s.at_fault_rate) for s in figures],
        [_("Adherence score")] + [_score(s.adherence.score) for s in figures],
    ]
    for step in _common_steps([s for agent, s in columns if agent] or figures):
        target = _duration(step.target_seconds) if step.target_seconds else _("no target")
        cells = []
        for s in figures:
            same = [
                x for x in s.steps if (x.checklist, x.step_id) == (step.checklist, step.step_id)
            ]
            cells.append(_duration(same[0].average_seconds) if same else "–")
        rows.append([f"{step.checklist} · {step.title} ({target})", *cells])
    weeks = _weeks(figures[-1])
    rows.append([_("Calls per week")] + [sparkline(_weekly(s, weeks)) for s in figures])
    return rows


def _common_steps(figures: list[Stats]) -> list[StepStats]:
    """The steps the agents went through most (at most :data:`SIDE_STEPS`), in checklist order."""
    visits: dict[tuple[str, str], int] = {}
    first: dict[tuple[str, str], StepStats] = {}
    for s in figures:
        for step in s.steps:
            key = (step.checklist, step.step_id)
            visits[key] = visits.get(key, 0) + step.visited
            first.setdefault(key, step)
    top = sorted(visits, key=lambda k: -visits[k])[:SIDE_STEPS]
    return sorted((first[k] for k in top), key=lambda x: (x.checklist, x.position))


def side_by_side_head(columns: list[tuple[str, Stats]]) -> list[str]:
    return ["", *(agent or _("Team") for agent, _s in columns)]


def _score(score: float | None) -> str:
    return "–" if score is None else fixed(score)


def _weeks(s: Stats) -> list[str]:
    """The Mondays (ISO days) of the last :data:`SIDE_WEEKS` weeks the figures have days in."""
    mondays = []
    for d in s.per_day:
        try:
            day = date.fromisoformat(d.day)
        except ValueError:  # a day a hand wrote: in no week
            continue
        mondays.append((day - timedelta(days=day.weekday())).isoformat())
    return sorted(set(mondays))[-SIDE_WEEKS:]


def _weekly(s: Stats, weeks: list[str]) -> list[int]:
    counts = dict.fromkeys(weeks, 0)
    for d in s.per_day:
        try:
            day = date.fromisoformat(d.day)
        except ValueError:
            continue
        monday = (day - timedelta(days=day.weekday())).isoformat()
        if monday in counts:
            counts[monday] += d.calls
    return list(counts.values())


def side_by_side_text(columns: list[tuple[str, Stats]]) -> str:
    """The side-by-side table under its heading, as ``callmate stats --agent "ann, ben"`` ends."""
    rows = table(side_by_side_rows(columns), side_by_side_head(columns), {0: 34})
    lines = ["", _("Agents side by side"), *("  " + line for line in rows.splitlines())]
    return visible("\n".join(lines), newlines=True)
