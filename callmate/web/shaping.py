"""What the pages show, shaped for their templates from what ``web.reading`` read.

Words and figures are made by the functions the command line uses (``report.text``,
``report.stats_text``, ``labels``), so a page says what ``calls show`` and ``stats`` say, in the
same language. Every text from the data is shown through ``safe.visible`` (control and bidi
characters as visible symbols) and escaped by the templates (Jinja's autoescape): a note holding
``<script>`` is shown as those characters.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from callmate.language.i18n import _, fixed, ngettext, number
from callmate.language.labels import UNFINISHED_KEY, outcome_label
from callmate.measures.figures import Stats
from callmate.report import stats_text, text
from callmate.review import stats as figures, trends
from callmate.safe import visible
from callmate.store.call_search import Connected
from callmate.web import charts, facets, reading
from callmate.web.reading import Asked
from callmate.web.words import WORDS

#: The facets' titles, from the words of the pages.
FACET_TITLES = {
    "agent": "agent",
    "outcome": "outcome",
    "checklist_id": "checklist",
    "language": "language",
    "day": "day",
}
#: The address parameter each facet sets.
FACET_PARAMS = {"checklist_id": "checklist"}
#: Kinds of event listed apart on a call's page, each under its heading.
PHRASES = ("phrase_copied",)
WARNINGS = ("warning", "warning_withdrawn")
HOLD = ("hold_started", "hold_ended")


def address(path: str, params: dict[str, Any]) -> str:
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return path + ("?" + urlencode(kept) if kept else "")


# -- the calls -----------------------------------------------------------------------------------


def calls(db: Connected, wanted: Asked, names: bool) -> dict[str, Any]:
    """The calls page: the filter, the facets, a page of calls and the links to the next."""
    filt = reading.resolve(db, wanted)
    page = reading.read_page(db, filt, wanted)
    total, found = facets.count(db, filt, wanted.chosen)
    records = [reading.shown(row, names) for row in page.rows]
    params = wanted.params()
    rows = [
        {
            "id": r["id"],
            "href": "/-/call/" + r["id"],
            "cells": [visible(str(c)) for c in text.list_rows([r])[0]],
        }
        for r in records
    ]
    newer = older = None
    if page.index > 0 and page.first_key is not None:
        newer = address(
            "/", {**params, "before": reading.key_text(page.first_key), "page": page.index - 1}
        )
    if page.more and page.last_key is not None:
        older = address(
            "/", {**params, "after": reading.key_text(page.last_key), "page": page.index + 1}
        )
    return {
        "asked": wanted,
        "typed": {name: getattr(wanted.typed, name) for name in reading.TYPED},
        "hidden": {k: v for k, v in params.items() if k in reading.CHOSEN},
        "total": ngettext("{n} call", "{n} calls", total).format(n=number(total)),
        "total_value": total,
        "heads": text.heads(text.LIST_HEAD),
        "rows": rows,
        "facets": [_facet(f, params) for f in found],
        "chosen": _chosen(params),
        "newer": newer,
        "older": older,
        "stats_href": address("/-/stats", {k: v for k, v in params.items() if k in STATS}),
    }


#: The filters the statistics take (as ``callmate stats`` does).
STATS = ("since", "until", "agent", "outcome", "search", "day")


def _facet_label(name: str, value: str) -> str:
    if name == "outcome":
        return outcome_label(None if value == UNFINISHED_KEY else value)
    return visible(value) if value else "—"


def _facet(facet: facets.Facet, params: dict[str, str]) -> dict[str, Any]:
    param = FACET_PARAMS.get(facet.name, facet.name)
    base = {k: v for k, v in params.items() if k != param}
    return {
        "name": facet.name,
        "title": _(WORDS[FACET_TITLES[facet.name]]),
        "entries": [
            {
                "label": _facet_label(facet.name, value),
                "count": number(n),
                "value": n,
                "href": address("/", {**base, param: value}),
                "selected": params.get(param) == value,
            }
            for value, n in facet.values
            if value or facet.name != "day"
        ],
    }


def _chosen(params: dict[str, str]) -> list[dict[str, str]]:
    """Each filter in force, with the address of the same page without it."""
    out = []
    for key, value in params.items():
        shown = _facet_label(key, value) if key in ("outcome",) else visible(value)
        title_key = "day" if key == "day" else key
        out.append(
            {
                "title": _(WORDS[title_key]) if title_key in WORDS else key,
                "value": shown,
                "href": address("/", {k: v for k, v in params.items() if k != key}),
            }
        )
    return out


# -- one call ------------------------------------------------------------------------------------


def call(record: dict[str, Any]) -> dict[str, Any]:
    """A call's page: what ``calls show`` says of it, and its steps as a chart."""
    titles = {s["id"]: s["title"] for s in record["steps"]}
    events = [
        {
            "at": "+" + text.duration(e.get("offset_seconds") or 0),
            "kind": visible(str(e.get("kind") or "")),
            "text": text.event_text(e, titles),
        }
        for e in record["events"]
    ]
    notes = [
        {
            "at": "+" + text.duration(n.get("offset_seconds") or 0),
            "step": visible(str(titles.get(n["step_id"], n["step_id"]) or "")),
            "text": visible(str(n["text"] or ""), newlines=True),
        }
        for n in record["notes"]
    ]
    timeline = charts.bars(
        "steps",
        [
            (
                visible(str(s["title"] or s["id"])),
                float(s["seconds"] or 0) if s.get("visits") else None,
                float(s["target_seconds"] or 0) or None,
            )
            for s in record["steps"]
        ],
        text.duration,
    )

    def only(kinds: tuple[str, ...]) -> list[dict[str, Any]]:
        return [e for e in events if e["kind"] in kinds]

    return {
        "call_id": visible(str(record["id"])),
        "facts": text.header_lines(record),
        "step_heads": text.heads(text.STEP_HEAD),
        "steps": [text.step_cells(s) for s in record["steps"]],
        "timeline": timeline,
        "notes": notes,
        "phrases": only(PHRASES),
        "warnings": only(WARNINGS),
        "hold": only(HOLD),
        "events": events,
        "evaluations": _evaluations(record),
    }


#: How many of a call's facts (``report.text.header_lines``: start, agent, customer, checklist,
#: outcome, length) the scoring page shows above the form.
SCORING_FACTS = 6


def call_facts(record: dict[str, Any]) -> list[tuple[str, str]]:
    """The first facts of a call, for the page that scores it: which call this is."""
    return list(text.header_lines(record))[:SCORING_FACTS]


def _evaluations(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The call's evaluations, newest first, as ``calls show`` words them: a heading (who,
    when, the score), then a line a question."""
    from callmate.report import evaluation_text

    form = evaluation_text.reader_form()
    return [
        {
            "heading": visible(evaluation_text.heading(e)),
            "lines": [visible(line) for line in evaluation_text.answer_lines(e, form)],
        }
        for e in reversed(record.get("evaluations") or [])
    ]


# -- the statistics ------------------------------------------------------------------------------


def statistics(db: Connected, wanted: Asked) -> dict[str, Any]:
    """The statistics page: ``callmate stats``'s figures, and its trends as charts."""
    filt = reading.resolve(db, wanted)
    found = figures.gather(db, filt)
    s = figures.compute(db, filt, found)
    days = trends.per_day(db, filt, found)
    shape = s.to_json()
    # fmt: off
    shape["filter"] = {
        "since": filt.since, "until": filt.until, "agent": wanted.typed.agent or None,
        "outcome": filt.outcome, "search": filt.search or None,
    }
    # fmt: on
    params = {k: v for k, v in wanted.params().items() if k in STATS}
    return {
        "asked": wanted,
        "typed": {name: getattr(wanted.typed, name) for name in reading.TYPED},
        "hidden": {k: v for k, v in params.items() if k == "day"},
        "json": shape,
        "json_href": address("/-/stats.json", params),
        "calls_href": address("/", params),
        "summary": stats_text.summary_lines(s),
        "figures": _figures(s),
        "outcomes": _outcomes(s),
        "charts": _charts(s, days),
        "step_heads": text.heads(stats_text.STEP_HEAD),
        "step_rows": [[visible(c) for c in row] for row in stats_text.step_rows(s)],
        "agent_heads": text.heads(stats_text.AGENT_HEAD),
        "agent_rows": [[visible(c) for c in row] for row in stats_text.agent_rows(s)],
        "most_skipped": stats_text.most_skipped_lines(s),
    }


def _figure(name: str, value: Any, shown: str) -> dict[str, Any]:
    return {"name": name, "value": "" if value is None else repr(value), "shown": shown}


def _seconds(value: float | None) -> str:
    return text.duration(value) if value is not None else "–"


def _figures(s: Stats) -> list[dict[str, Any]]:
    """The headline figures, each with its exact value for programs (``data-value``)."""
    score = s.adherence.score
    return [
        _figure("calls", s.calls, number(s.calls)),
        _figure("handled", s.handled, number(s.handled)),
        _figure("unfinished", s.unfinished, number(s.unfinished)),
        _figure("average_seconds", s.average_seconds, _seconds(s.average_seconds)),
        _figure("median_seconds", s.median_seconds, _seconds(s.median_seconds)),
        _figure("escalated", s.escalated, number(s.escalated)),
        _figure("escalation_rate", s.escalation_rate, text.percent(s.escalation_rate)),
        _figure("at_fault", s.at_fault, number(s.at_fault)),
        _figure("at_fault_rate", s.at_fault_rate, text.percent(s.at_fault_rate)),
        _figure("warned", s.warned, number(s.warned)),
        _figure("follow_ups", s.follow_ups, number(s.follow_ups)),
        _figure("adherence", score, "–" if score is None else fixed(score)),
    ]


def _outcomes(s: Stats) -> list[dict[str, Any]]:
    total = max(s.calls, 1)
    return [
        {
            "name": name,
            "label": outcome_label(None if name == UNFINISHED_KEY else name),
            "value": n,
            "shown": number(n),
            "share": text.percent_text(fixed(100 * n / total)),
        }
        for name, n in s.outcomes.items()
    ]


def _charts(s: Stats, days: list[trends.Day]) -> list[dict[str, Any]]:
    def rate(value: float) -> str:
        return text.percent(value)

    per_day = [(d.day, float(d.calls)) for d in s.per_day]
    steps = [
        (
            visible(f"{st.title} ({st.checklist})"),
            st.average_seconds,
            st.target_seconds or None,
        )
        for st in s.steps
    ]
    agents = [(visible(a.agent or "—"), a.adherence, None) for a in s.agents]
    return [
        {
            "title": _(WORDS["calls_per_day"]),
            "svg": charts.columns("calls_per_day", per_day, lambda v: number(int(v))),
        },
        {
            "title": _(WORDS["handle_time_per_day"]),
            "svg": charts.columns(
                "handle_time_per_day", [(d.day, d.average_seconds) for d in days], _seconds
            ),
        },
        {
            "title": _(WORDS["rates_per_day"]),
            "svg": charts.lines(
                "rates_per_day",
                [
                    (_(WORDS["escalation_rate"]), [(d.day, d.escalation_rate) for d in days]),
                    (_(WORDS["resolution_rate"]), [(d.day, d.resolution_rate) for d in days]),
                ],
                rate,
            ),
        },
        {
            "title": _(WORDS["steps_against_target"]),
            "svg": charts.bars("steps", steps, _seconds),
        },
        {
            "title": _(WORDS["adherence_by_agent"]),
            "svg": charts.bars("adherence", agents, lambda v: fixed(v), top=100),
        },
    ]
