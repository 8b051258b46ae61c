"""What goes with calls that end well (``review.insights``) for people: a table, and CSV.

Each line says what goes with what ("goes with", never "causes": see ``docs/insights.md``):
the rate with it and without it, each with its calls and 95% interval, and the difference.
Names from the data (checklists, steps, phrases, agents) are shown through ``safe.visible``.
"""

from __future__ import annotations

import csv
from typing import TextIO

from callmate.language.i18n import N_, _, ngettext, number
from callmate.measures.comparisons import MIN_CALLS, Finding, Insights
from callmate.report.text import heads, percent, percent_text, table
from callmate.safe import cell_width, csv_cell, fit, pad, visible

#: How a step's state, a band of time and a measure are told (English msgids, by code).
STATES = {
    "on_time": N_("done on time"),
    "late": N_("done late"),
    "skipped": N_("skipped"),
    "not_reached": N_("not reached"),
}
BANDS = {
    "ack_30": N_("within 30 s"),
    "ack_60": N_("in 30–60 s"),
    "ack_120": N_("in 1–2 min"),
    "ack_later": N_("after 2 min"),
}
MEASURES = {
    "resolved": N_("resolved"),
    "escalated": N_("escalated"),
    "follow_up": N_("follow-up"),
}
# TRANSLATORS: the column heads of tables are written in capitals.
HEAD = [
    N_("CHECKLIST"),
    N_("WHAT"),
    N_("GOES WITH"),
    N_("WITH"),
    N_("WITHOUT"),
    N_("DIFFERENCE"),
]
#: The CSV's columns (machine names, as ``insights --format json`` has them).
CSV_COLUMNS = [
    "checklist", "language", "group", "kind", "step", "title", "what", "text", "measure",
    "with_calls", "with_rate", "with_low", "with_high",
    "without_calls", "without_rate", "without_low", "without_high",
    "difference", "difference_low", "difference_high", "beyond_chance",
]  # fmt: skip


def what(f: Finding) -> str:
    """The thing compared, in words: "Restate: done late", "Acknowledge: phrase 2 “…”",
    "a hold", "Acknowledge reached within 30 s"."""
    title = visible(f.title or f.step)
    if f.kind == "step":
        return _("{step}: {state}").format(step=title, state=_(STATES.get(f.what, f.what)))
    if f.kind == "phrase":
        words = _("{step}: phrase {number}").format(step=title, number=visible(f.what))
        return f"{words} “{visible(f.text)}”" if f.text else words
    if f.kind == "hold":
        return _("customer put on hold")
    return _("{step} reached {band}").format(step=title, band=_(BANDS.get(f.what, f.what)))


def where(f: Finding) -> str:
    """The checklist, with the language and group compared within."""
    parts = [visible(f.checklist or "–")]
    if f.language:
        parts.append(visible(f.language))
    if f.group:
        parts.append(visible(f.group))
    return " · ".join(parts)


def side(calls: int, rate: float, low: float, high: float) -> str:
    """``62% (58–66%) of 412``: a rate, its 95% interval and its calls."""
    return _("{rate} ({low}–{high}) of {calls}").format(
        rate=percent(rate), low=percent(low), high=percent(high), calls=number(calls)
    )


def difference(f: Finding) -> str:
    low, high = f.interval
    points = round(100 * f.difference)
    text = _("{points:+d} points ({low:+d} to {high:+d})").format(
        points=points, low=round(100 * low), high=round(100 * high)
    )
    return text + (" *" if f.beyond_chance else "")


def rows(found: Insights, limit: int | None = None) -> list[list[str]]:
    """The table's cells, the largest difference first."""
    shown = found.findings if limit is None else found.findings[:limit]
    return [
        [
            where(f),
            what(f),
            _(MEASURES.get(f.measure, f.measure)),
            side(f.with_.calls, f.with_.rate, *f.with_.interval),
            side(f.without.calls, f.without.rate, *f.without.interval),
            difference(f),
        ]
        for f in shown
    ]


def blocks(found: Insights, width: int, limit: int | None = None) -> list[str]:
    """The table for a narrow screen: each comparison a few lines that fit ``width`` cells (what
    is compared; what it goes with and the difference; each side), the largest difference
    first."""
    goes, with_, without, diff = (_(HEAD[i]) for i in (2, 3, 4, 5))
    label = max(cell_width(with_), cell_width(without))
    lines = []
    for row in rows(found, limit):
        where_, what_, measure, with_side, without_side, difference_ = row
        lines += [
            fit(f"{where_} · {what_}", width),
            fit(f"  {goes}: {measure} · {diff}: {difference_}", width),
            fit(f"  {pad(with_, label)}  {with_side}", width),
            fit(f"  {pad(without, label)}  {without_side}", width),
        ]
    return lines


def notes(found: Insights) -> list[str]:
    """What the table means, and what it leaves out."""
    beyond = sum(f.beyond_chance for f in found.findings)
    lines = [
        ngettext(
            "{calls} wrapped-up call read.", "{calls} wrapped-up calls read.", found.calls
        ).format(calls=number(found.calls)),
        _(
            "Each line: calls with it against calls without it. It goes with the outcome; "
            "it does not show that it causes it."
        ),
        _(
            "Rates with their {level} intervals; shown where each side has at least {n} calls."
        ).format(level=percent_text("95"), n=number(MIN_CALLS)),
        ngettext(
            "* beyond what chance gives (the two intervals apart): {n} line.",
            "* beyond what chance gives (the two intervals apart): {n} lines.",
            beyond,
        ).format(n=number(beyond)),
    ]
    if found.small:
        lines.append(
            ngettext(
                "{n} comparison left out: too few calls on one side.",
                "{n} comparisons left out: too few calls on one side.",
                found.small,
            ).format(n=number(found.small))
        )
    return lines


def insights_text(found: Insights, title: str, limit: int | None = None) -> str:
    """``callmate insights``: the title, the table (or that nothing could be compared), and
    what it means."""
    if not found.findings:
        body = _("Nothing to compare: no side has enough calls.")
    else:
        body = table(rows(found, limit), heads(HEAD), {1: 60})
    return "\n".join([title, "", body, "", *notes(found)])


def write_csv(found: Insights, out: TextIO) -> None:
    """``insights --format csv``: one row a comparison, machine names and plain figures."""
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for f in found.findings:
        shape = f.to_json()
        flat = {
            **{k: shape[k] for k in CSV_COLUMNS if k in shape},
            **{f"with_{k}": shape["with"][k] for k in ("calls", "rate", "low", "high")},
            **{f"without_{k}": shape["without"][k] for k in ("calls", "rate", "low", "high")},
        }
        writer.writerow([_cell(flat[c]) for c in CSV_COLUMNS])


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return int(value)
    return csv_cell(visible(value) if isinstance(value, str) else value)
