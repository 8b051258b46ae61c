"""``callmate report``: the figures of ``stats`` for a period, to send upward.

One report is the statistics of the calls a filter selects (the same :func:`review.stats.compute`
as ``stats``, so the same numbers), their trend day by day, week by week or month by month (each
period computed the same way over its own part of the range), the agents side by side, and the
calls worth a look (the longest, the latest escalated, the most warned). It is written in the
reader's language as Markdown (readable as pasted into an e-mail), CSV (one table after another)
or HTML (one self-contained file: its charts are inline SVG, nothing is fetched).

Customers are never named in a report: a call is told by its short id, agent, time and outcome.
"""

from __future__ import annotations

import csv
import html
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from callmate.dates import from_iso, show_date, to_iso
from callmate.language.i18n import N_, _, fixed, language, number
from callmate.language.labels import outcome_label
from callmate.measures.figures import Stats
from callmate.report.text import duration, percent, short_id
from callmate.review import stats as figures
from callmate.review.filters import Filter
from callmate.safe import visible
from callmate.store.call_search import Connected

#: A range up to this many days is told day by day; up to TREND_WEEKS_DAYS week by week; beyond,
#: month by month.
TREND_DAYS_DAYS = 14
TREND_WEEKS_DAYS = 120
#: Calls shown in each list of calls worth a look.
WORTH_A_LOOK = 5


@dataclass(frozen=True)
class Period:
    """One step of the trend: ``[since, until)`` (UTC ISO) and its figures."""

    since: str
    until: str
    stats: Stats


@dataclass(frozen=True)
class Report:
    title: str
    stats: Stats
    #: "day", "week" or "month".
    step: str
    trend: tuple[Period, ...]
    #: "longest", "escalated", "warned": a few calls each, newest or longest first.
    worth_a_look: dict[str, list[dict[str, Any]]]


def build(db: Connected, filt: Filter, title: str, now: datetime) -> Report:
    """The report of the calls ``filt`` selects (a range without an end ends ``now``)."""
    whole = figures.compute(db, filt)
    start, end = _range(db, filt, now)
    step = _step(start, end)
    trend = tuple(
        Period(
            to_iso(a),
            to_iso(b),
            figures.compute(db, replace(filt, since=to_iso(a), until=to_iso(b))),
        )
        for a, b in _periods(start, end, step)
    )
    return Report(title, whole, step, trend, _worth_a_look(db, filt))


def _range(db: Connected, filt: Filter, now: datetime) -> tuple[datetime, datetime]:
    """The filter's range; a side it leaves open is where its calls begin (or ``now``)."""
    where, params = filt.where("c")
    first, last = db.conn.execute(
        f"SELECT min(c.started_at), max(c.started_at) FROM calls c {where}", params
    ).fetchone()
    start = from_iso(filt.since) if filt.since else _parsed(first, now)
    end = (
        from_iso(filt.until) if filt.until else max(now, _parsed(last, now) + timedelta(seconds=1))
    )
    return start.astimezone(UTC), max(end.astimezone(UTC), start.astimezone(UTC))


def _parsed(text: Any, default: datetime) -> datetime:
    try:
        return from_iso(str(text)) if text else default
    except ValueError:
        return default


def _step(start: datetime, end: datetime) -> str:
    days = (end - start).total_seconds() / 86400
    if days <= TREND_DAYS_DAYS:
        return "day"
    return "week" if days <= TREND_WEEKS_DAYS else "month"


def _periods(start: datetime, end: datetime, step: str) -> Iterator[tuple[datetime, datetime]]:
    """``[a, b)`` pieces covering ``[start, end)``, cut at UTC days, Mondays or months."""
    day = start.replace(hour=0, minute=0, second=0, microsecond=0)
    if step == "week":
        day -= timedelta(days=day.weekday())
    elif step == "month":
        day = day.replace(day=1)
    while day < end:
        if step == "day":
            following = day + timedelta(days=1)
        elif step == "week":
            following = day + timedelta(days=7)
        else:
            following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        yield max(day, start), min(following, end)
        day = following


_LOOK = {
    "longest": ("", "c.duration_seconds DESC, c.started_at DESC"),
    "escalated": ("c.escalated = 1", "c.started_at DESC"),
    "warned": ("c.warnings > 0", "c.warnings DESC, c.started_at DESC"),
}


def _worth_a_look(db: Connected, filt: Filter) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for name, (condition, order) in _LOOK.items():
        conditions, params = filt.conditions("c")
        if condition:
            conditions.append(condition)
        if name == "longest":
            conditions.append("c.duration_seconds IS NOT NULL")
        where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
        sql = (
            "SELECT c.id, c.started_at, c.agent, c.outcome, c.duration_seconds, c.warnings, "
            f"c.escalated FROM calls c {where} ORDER BY {order} LIMIT {WORTH_A_LOOK}"
        )
        cursor = db.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        found[name] = [dict(zip(names, row, strict=True)) for row in cursor]
    return found


# -- words ------------------------------------------------------------------------------------

LOOK_TITLES = {
    "longest": N_("The longest calls"),
    "escalated": N_("The latest escalated calls"),
    "warned": N_("The most warned calls"),
}
STEP_WORDS = {"day": N_("Day by day"), "week": N_("Week by week"), "month": N_("Month by month")}


def _period_label(period: Period, step: str) -> str:
    code = language()
    if step == "day":
        return show_date(period.since, code, "date", tz=UTC)
    if step == "week":
        return _("week of {day}").format(day=show_date(period.since, code, "date", tz=UTC))
    return show_date(period.since, code, "date", tz=UTC)


def summary_rows(s: Stats) -> list[tuple[str, str]]:
    """The headline figures, as (label, value)."""
    return [
        (_("Calls"), number(s.calls)),
        (_("Handled"), number(s.handled)),
        (_("Average handle time"), duration(s.average_seconds)),
        (_("Median handle time"), duration(s.median_seconds)),
        (_("Escalated at some point"), f"{number(s.escalated)} ({percent(s.escalation_rate)})"),
        (_("At fault"), f"{number(s.at_fault)} ({percent(s.at_fault_rate)})"),
        (_("Warned"), number(s.warned)),
        (_("Follow-ups booked"), number(s.follow_ups)),
        (_("Adherence score"), "–" if s.adherence.score is None else fixed(s.adherence.score)),
    ]


def trend_head() -> list[str]:
    return [_("Period"), _("Calls"), _("Average"), _("Escalation rate"), _("Adherence")]


def trend_rows(r: Report) -> list[list[str]]:
    return [
        [
            _period_label(p, r.step),
            number(p.stats.calls),
            duration(p.stats.average_seconds),
            percent(p.stats.escalation_rate),
            "–" if p.stats.adherence.score is None else fixed(p.stats.adherence.score),
        ]
        for p in r.trend
    ]


def agent_head() -> list[str]:
    return [
        _("Agent"),
        _("Calls"),
        _("Handled"),
        _("Average"),
        _("Escalation rate"),
        _("Adherence"),
    ]


def agent_rows(s: Stats) -> list[list[str]]:
    return [
        [
            visible(a.agent or "—"),
            number(a.calls),
            number(a.handled),
            duration(a.average_seconds),
            percent(a.escalation_rate),
            "–" if a.adherence is None else fixed(a.adherence),
        ]
        for a in s.agents
    ]


def look_head() -> list[str]:
    return [_("Call"), _("Started"), _("Agent"), _("Outcome"), _("Length"), _("Warnings")]


def look_rows(calls: list[dict[str, Any]]) -> list[list[str]]:
    return [
        [
            short_id(str(c["id"])),
            show_date(c["started_at"], language(), "numeric_short"),
            visible(str(c["agent"] or "—")),
            outcome_label(c["outcome"]),
            duration(c["duration_seconds"]),
            number(c["warnings"]) if isinstance(c["warnings"], int) else "–",
        ]
        for c in calls
    ]


def _sections(r: Report) -> list[tuple[str, list[str], list[list[str]]]]:
    """Every table of the report: (heading, column heads, rows)."""
    sections = [(_(STEP_WORDS[r.step]), trend_head(), trend_rows(r))]
    sections.append((_("Agents side by side"), agent_head(), agent_rows(r.stats)))
    for name, calls in r.worth_a_look.items():
        sections.append((_(LOOK_TITLES[name]), look_head(), look_rows(calls)))
    return sections


# -- Markdown -----------------------------------------------------------------------------------


def _md(text: str) -> str:
    return visible(text).replace("|", "\\|")


def markdown(r: Report) -> str:
    lines = [f"# {_md(r.title)}", ""]
    lines += [f"- **{_md(label)}:** {_md(value)}" for label, value in summary_rows(r.stats)]
    for heading, head, rows in _sections(r):
        lines += ["", f"## {_md(heading)}", ""]
        if not rows:
            lines.append(_("None."))
            continue
        lines.append("| " + " | ".join(_md(h) for h in head) + " |")
        lines.append("|" + "---|" * len(head))
        lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


# -- CSV ----------------------------------------------------------------------------------------


def write_csv(r: Report, out: Any) -> None:
    """The summary, then each table, a blank row between them (a spreadsheet opens it as one
    sheet, table under table)."""
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow([r.title])
    writer.writerows(summary_rows(r.stats))
    for heading, head, rows in _sections(r):
        writer.writerow([])
        writer.writerow([heading])
        writer.writerow(head)
        writer.writerows(rows)


# -- HTML ---------------------------------------------------------------------------------------

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; } td, th { padding: .25rem .75rem; text-align: left; }
th { border-bottom: 1px solid #999; } tr:nth-child(even) td { background: #f4f4f4; }
dl { display: grid; grid-template-columns: max-content auto; gap: .25rem 1rem; }
dt { color: #555; } dd { margin: 0; font-weight: 600; }
svg text { font: 11px system-ui, sans-serif; fill: #333; }
"""


def _e(text: Any) -> str:
    return html.escape(visible(str(text)))


def _bars(labels: list[str], values: list[float], title: str) -> str:
    """A horizontal bar chart as inline SVG (no script, no external file)."""
    if not values:
        return ""
    top = max(max(values), 1)
    row, left, width = 18, 140, 360
    height = row * len(values) + 10
    parts = [
        f'<svg role="img" aria-label="{_e(title)}" width="{left + width + 60}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 5 + i * row
        bar = width * value / top
        parts.append(f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">{_e(label)}</text>')
        parts.append(
            f'<rect x="{left}" y="{y + 2}" width="{bar:.1f}" height="{row - 5}" fill="#3a7bd5"/>'
        )
        parts.append(f'<text x="{left + bar + 4:.1f}" y="{y + 12}">{_e(number(int(value)))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def html_page(r: Report) -> str:
    code = language()
    out = [
        f'<!doctype html><html lang="{code}"><head><meta charset="utf-8">',
        f"<title>{_e(r.title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_e(r.title)}</h1><dl>",
    ]
    out += [f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>" for label, value in summary_rows(r.stats)]
    out.append("</dl>")
    trend_labels = [_period_label(p, r.step) for p in r.trend]
    out.append(_bars(trend_labels, [p.stats.calls for p in r.trend], _(STEP_WORDS[r.step])))
    for heading, head, rows in _sections(r):
        out.append(f"<h2>{_e(heading)}</h2>")
        if heading == _("Agents side by side"):
            agents = [a.agent or "—" for a in r.stats.agents]
            out.append(_bars(agents, [a.calls for a in r.stats.agents], heading))
        if not rows:
            out.append("<p>" + _e(_("None.")) + "</p>")
            continue
        out.append("<table><tr>" + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr>")
        out += ["<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows]
        out.append("</table>")
    out.append("</body></html>\n")
    return "\n".join(out)
