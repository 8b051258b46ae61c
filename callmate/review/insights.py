"""What goes with calls that end well: for each step's state, each phrase, hold and the time to
the acknowledgement, the resolution, escalation and follow-up rates of the calls with it and
without it, each with a 95% Wilson interval.

Only wrapped-up calls count (``status`` ``closed``): an unfinished call has no outcome yet. The
sums come from ``review.insights_counts`` (in SQL, off the figures kept for each call, or the
calls themselves); here they become comparisons, each measure of the calls with a thing
against the rest. What is compared is always within one checklist (a step or a phrase is that
checklist's), and within a language, an agent or a month when asked (``by``).

These are associations in the log, not causes: an agent who acknowledges early may also be the
one who solves well, and a call that went badly has its later steps "not reached" because it
ended. ``docs/insights.md`` says more.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence

from callmate.measures.comparisons import MIN_CALLS, Finding, Insights, Rate
from callmate.review.filters import Filter
from callmate.review.insights_counts import (
    BY,
    MEASURES,
    NUMBER,
    WIDTH,
    Sums,
    add,
    both_from_figures,
    events_from_calls,
    steps_from_calls,
    totals_from_calls,
)
from callmate.store import call_figures
from callmate.store.call_search import Connected


def compute(
    db: Connected,
    filt: Filter,
    *,
    by: Sequence[str] = (),
    step: str | None = None,
    min_calls: int = MIN_CALLS,
    figures: bool | None = None,
    language: str = "en",
) -> Insights:
    """The comparisons for the wrapped-up calls ``filt`` selects, split by checklist and by
    each of ``by`` (:data:`BY`); ``step``: only that step's (its states, its phrases and, for
    the acknowledgement, the time to it). ``figures``: read the steps off the kept figures
    (``None``: when the log keeps them current). A step is named by its title in ``language``
    where the checklist has it."""
    unknown = set(by) - set(BY)
    if unknown:
        raise ValueError(f"unknown split {sorted(unknown)}")
    by = tuple(b for b in BY if b in by)
    if figures is None:
        figures = call_figures.installed(db)
    titles: dict[tuple[str, str, str], str] = {}
    steps: Sums = defaultdict(dict)
    if figures:
        events, totals = both_from_figures(db, filt, by, step, steps, titles)
    else:
        steps_from_calls(db, filt, by, step, steps, titles)
        events, totals = events_from_calls(db, filt, by, step), totals_from_calls(db, filt, by)
    findings: list[Finding] = []
    named = _names(titles, language)
    for group, things in steps.items():
        # A step's states part its calls: the calls with the step are the sum over its states.
        whole: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * WIDTH)
        for (kind, step_id, _what), sums in things.items():
            add(whole[kind, step_id], sums)
        for (kind, step_id, what), sums in things.items():
            _compare(findings, group, (kind, step_id, what), sums, whole[kind, step_id], named)
    for group, things in events.items():
        base = totals.get(group)
        if base is None:
            continue
        for (kind, step_id, what), sums in things.items():
            _compare(findings, group, (kind, step_id, what), sums, base, named)
    kept = [f for f in findings if f.with_.calls >= min_calls and f.without.calls >= min_calls]
    texts = examples(
        db, {(f.checklist, f.language, f.step, f.what) for f in kept if f.kind == "phrase"}
    )
    kept = [
        dataclasses.replace(f, text=texts.get((f.checklist, f.language, f.step, f.what), ""))
        if f.kind == "phrase"
        else f
        for f in kept
    ]
    small = (len(findings) - len(kept)) // len(MEASURES)
    kept.sort(key=lambda f: (-abs(f.difference), f.checklist, f.kind, f.step, f.what, f.measure))
    return Insights(kept, sum(sums[0] for sums in totals.values()), small, by)


def _names(
    titles: dict[tuple[str, str, str], str], language: str
) -> dict[tuple[str, str, str], str]:
    """Each step's title in each language, and (language ``""``) in ``language`` where the
    checklist has it, else in English, else in any."""
    named = dict(titles)
    for (checklist, step_id, spoken), title in sorted(titles.items()):
        rank = 0 if spoken == language else 1 if spoken == "en" else 2
        best = named.get((checklist, step_id, "#"))
        if best is None or rank < int(best):
            named[checklist, step_id, "#"] = str(rank)
            named[checklist, step_id, ""] = title
    return {k: v for k, v in named.items() if k[2] != "#"}


def _compare(
    findings: list[Finding],
    group: tuple[str, str, str],
    thing: tuple[str, str, str],
    sums: list[int],
    base: list[int],
    named: dict[tuple[str, str, str], str],
) -> None:
    """Each measure's comparison of ``sums`` (the calls with ``thing``) against the rest of
    ``base``."""
    checklist, language, rest = group
    kind, step_id, what = thing
    calls, others = sums[0], base[0] - sums[0]
    title = named.get((checklist, step_id, language)) or named.get((checklist, step_id, ""), "")
    for i, measure in enumerate(MEASURES, start=1):
        findings.append(
            Finding(
                checklist,
                language,
                rest,
                kind,
                step_id,
                title,
                what,
                "",
                measure,
                Rate(sums[i], calls),
                Rate(base[i] - sums[i], others),
            )  # fmt: skip
        )


def examples(
    db: Connected, phrases: set[tuple[str, str, str, str]]
) -> dict[tuple[str, str, str, str], str]:
    """The words of the first copy of each of ``phrases`` (checklist, language, step, number;
    the customer's name in it as it was copied), or ``""``: the copies of their steps read in
    the log's order (by call, then as written), once, until each has been met (not one search
    through them a phrase)."""
    found: dict[tuple[str, str, str, str], str] = {}
    steps = sorted({p[2] for p in phrases})
    if not steps:
        return found
    rows = db.conn.execute(
        "SELECT coalesce(c.checklist_id, ''), coalesce(c.language, ''), e.step_id, "
        f"{NUMBER}, json_extract(e.data, '$.text') FROM events e CROSS JOIN calls c "
        f"ON c.id = e.call_id WHERE e.kind = 'phrase_copied' AND e.step_id IN "
        f"({', '.join('?' for _ in steps)}) ORDER BY e.call_id, e.seq",
        steps,
    )
    for row in rows:
        key = (row[0], row[1], row[2], row[3])
        if key in phrases and key not in found:
            found[key] = str(row[4]) if row[4] is not None else ""
            if len(found) == len(phrases):
                break
    rows.close()
    return {p: found.get(p, "") for p in phrases}
