"""The sums ``review.insights`` compares: for each step's state, each phrase, hold and time to
the acknowledgement, the wrapped-up calls with it and how many of them were resolved, escalated
and followed up, by checklist and each split asked (``by``); and each group's totals.

Two sources give the same sums: the figures kept for each call (``store.call_figures``: one
row a call, its steps' marks in slots, its checklist, language, set of phrases and hold), read
when the log keeps them current; and the calls, steps and events themselves, for a log whose
kept figures are not (a bulk load under way) and as the reference the tests hold the first to.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from callmate.review.filters import Filter
from callmate.store import call_figures
from callmate.store.call_search import Connected
from callmate.store.rollup_defs import CALL_MEASURES, STEP_MEASURES

#: What is measured of a call, each a yes or no over ``c`` (a call, or its kept figures).
MEASURES = {
    "resolved": "c.outcome = 'resolved'",
    "escalated": f"coalesce({CALL_MEASURES['escalated']}, 0)",  # at some point, as stats count
    "follow_up": CALL_MEASURES["follow_ups"],
}
#: A step's state on a wrapped-up call, in the order shown.
STATES = ("on_time", "late", "skipped", "not_reached")
#: The time to the acknowledgement (the steps before it, holds left out), in bands: each
#: band's upper bound in seconds, the last open.
ACK_STEP = "acknowledge"
ACK_BANDS = (("ack_30", 30), ("ack_60", 60), ("ack_120", 120), ("ack_later", None))
#: What the comparisons may also be split by, besides the checklist.
BY = {
    "language": "coalesce(c.language, '')",
    "agent": "coalesce(c.agent, '')",
    "month": "substr(c.started_at, 1, 7)",
}
SUMS = ", ".join(["count(*)", *(f"sum({m})" for m in MEASURES.values())])
WIDTH = 1 + len(MEASURES)


#: (checklist, language, group) → a comparison's key → its sums: calls, then each measure.
Sums = dict[tuple[str, str, str], dict[tuple[str, str, str], list[int]]]


def add(into: list[int], sums: Iterable[int]) -> None:
    for i, value in enumerate(sums):
        into[i] += value


def both_from_figures(
    db: Connected,
    filt: Filter,
    by: tuple[str, ...],
    step: str | None,
    steps: Sums,
    titles: dict[tuple[str, str, str], str],
) -> tuple[Sums, dict[tuple[str, str, str], list[int]]]:
    """The steps (into ``steps``), the phrases, holds and totals off the kept figures: the two
    passes at once, the second on another connection of a reader (SQLite lets go of the
    interpreter while it reads), else one after the other."""
    sibling = getattr(db, "sibling", None)
    if sibling is None:
        steps_from_figures(db, filt, by, step, steps, titles)
        return events_from_figures(db, filt, by, step)
    from concurrent.futures import ThreadPoolExecutor

    def other() -> tuple[Sums, dict[tuple[str, str, str], list[int]]]:
        conn = sibling()
        try:
            return events_from_figures(conn, filt, by, step)
        finally:
            db.give_back(conn)  # type: ignore[attr-defined]

    with ThreadPoolExecutor(1) as pool:
        later = pool.submit(other)
        steps_from_figures(db, filt, by, step, steps, titles)
        return later.result()


def _group_sql(by: tuple[str, ...], alias: str) -> list[str]:
    """The SQL of each split of ``by`` over the calls (or their kept figures) ``alias``."""
    return [BY[b].replace("c.", f"{alias}.") for b in by]


def _group(
    by: tuple[str, ...],
    checklist: str,
    language: str,
    values: Sequence[Any],
    *,
    spoken: bool = False,
) -> tuple[str, str, str]:
    """The group a row of the splits' ``values`` (in the order of ``by``) belongs to; its
    language only when split by it, or ``spoken`` (a phrase is words of one language)."""
    split = dict(zip(by, values, strict=True))
    rest = " ".join(str(split[b]) for b in by if b != "language")
    return checklist, (language if spoken or "language" in by else ""), rest


def _figures_where(filt: Filter) -> tuple[str, list[Any]]:
    """The filter over the kept figures ``f``: on their own columns where it can be, else
    through the calls they are kept for."""
    kept = frozenset(call_figures.CALL_COLUMNS)
    if not filt.fts and set(filt.reads) <= kept:
        conditions, params = filt.conditions("f", search=False)
        return " AND ".join(["f.status = 'closed'", *conditions]), params
    where, params = filt.where("c")
    return (
        "f.status = 'closed' AND f.key IN (SELECT s.key FROM call_search s JOIN calls c "
        f"ON c.id = s.call_id {where})",
        params,
    )


def _kinds(db: Connected) -> dict[int, tuple[str, str, str, str]]:
    """Each kind of step kept: its checklist, language, step id and title."""
    rows = db.conn.execute(
        f"SELECT id, checklist_id, language, step_id, title FROM {call_figures.KINDS_TABLE}"
    )
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}


def _state(visited: int, skipped: int, excused: int, over: int) -> str:
    """A step's state on a wrapped-up call from its kept marks."""
    del visited  # a done step may be one the call ended on, barely visited
    if excused:
        return "not_reached"
    if skipped:
        return "skipped"
    return "late" if over else "on_time"


def _band(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    for name, most in ACK_BANDS:
        if most is None or seconds <= most:
            return name
    return None  # pragma: no cover - the last band is open


def steps_from_figures(
    db: Connected,
    filt: Filter,
    by: tuple[str, ...],
    step: str | None,
    into: Sums,
    titles: dict[tuple[str, str, str], str],
) -> None:
    kinds = _kinds(db)
    for _kind_id, (checklist, spoken, step_id, title) in kinds.items():
        titles.setdefault((checklist, step_id, spoken), title)
    shapes = {
        r[0]: [int(k) for k in r[1].split()]
        for r in db.conn.execute(f"SELECT id, kinds FROM {call_figures.SHAPES_TABLE}")
    }
    # The slot of the acknowledgement in each shape, as SQL: the time to it is the seconds of
    # the slots before it, when it was reached.
    ack = {
        shape: j
        for shape, ids in shapes.items()
        for j, k in enumerate(ids)
        if k in kinds and kinds[k][2] == ACK_STEP
    }
    # Written once for each slot the acknowledgement is in (the shapes with it there listed),
    # and worked out once a call: the inner query is kept apart (``LIMIT -1``: not merged into
    # the grouping, which would repeat it in each band and each key).
    at: dict[int, list[int]] = defaultdict(list)
    for shape, j in ack.items():
        at[j].append(shape)
    time = "".join(
        f"WHEN f.shape IN ({', '.join(map(str, sorted(at[j])))}) THEN CASE WHEN "
        f"(f.marks >> {4 * j}) & 1 THEN "
        f"{' + '.join(f'coalesce(f.s{i}, 0)' for i in range(j)) or '0'} END "
        for j in sorted(at)
    )
    time = f"CASE {time}END" if at else "NULL"
    band = (
        "CASE WHEN a.t IS NULL THEN NULL "
        + "".join(f"WHEN a.t <= {most} THEN {i} " for i, (_n, most) in enumerate(ACK_BANDS) if most)
        + f"ELSE {len(ACK_BANDS) - 1} END"
    )
    where, params = _figures_where(filt)
    # A call's language is its steps' (the kept figures have none of their own).
    kept_by = tuple(b for b in by if b != "language")
    splits = _group_sql(kept_by, "f")
    measures = [m.replace("c.", "f.") for m in MEASURES.values()]
    inner = ", ".join(
        [
            "f.shape",
            "f.marks",
            *(f"{s} AS b{i}" for i, s in enumerate(splits)),
            *(f"{m} AS m{i}" for i, m in enumerate(measures)),
            f"{time} AS t",
        ]
    )
    keys = ["a.shape", "a.marks", band, *(f"a.b{i}" for i in range(len(kept_by)))]
    sums = ", ".join(["count(*)", *(f"sum(a.m{i})" for i in range(len(MEASURES)))])
    sql = (
        f"SELECT {', '.join(keys)}, {sums} FROM (SELECT {inner} FROM "
        f"{call_figures.CALLS_TABLE} f WHERE {where} LIMIT -1) a "
        f"GROUP BY {', '.join(str(i + 1) for i in range(len(keys)))}"
    )
    width = len(keys)
    for row in db.conn.execute(sql, params):
        shape, marks, seconds = row[0], row[1], row[2]
        values = list(row[3:width])
        sums_row = list(row[width:])
        ids = shapes.get(shape, [])
        for j, k in enumerate(ids[: call_figures.SLOTS]):
            if k not in kinds:
                continue
            checklist, language, step_id, _title = kinds[k]
            if step is not None and step_id != step:
                continue
            bits = (marks >> (4 * j)) & 15
            state = _state(bits & 1, bits >> 1 & 1, bits >> 2 & 1, bits >> 3 & 1)
            group = _group(by, checklist, language, _values(by, kept_by, values, language))
            add(into[group].setdefault(("step", step_id, state), [0] * WIDTH), sums_row)
            if step_id == ACK_STEP and state != "not_reached" and seconds is not None:
                thing = ("acknowledged", step_id, ACK_BANDS[seconds][0])
                add(into[group].setdefault(thing, [0] * WIDTH), sums_row)
    # A long checklist's steps past the slots are rows of their own.
    extra = (
        f"SELECT x.kind, x.skipped, x.excused, x.over, "
        f"{', '.join([*splits, 'count(*)', *(f'sum({m})' for m in measures)])} "
        f"FROM {call_figures.CALLS_TABLE} f JOIN {call_figures.STEPS_TABLE} x ON x.key = f.key "
        f"WHERE f.extra AND {where} GROUP BY {', '.join(['1', '2', '3', '4', *splits])}"
    )
    for row in db.conn.execute(extra, params):
        if row[0] not in kinds:
            continue
        checklist, language, step_id, _title = kinds[row[0]]
        if step is not None and step_id != step:
            continue
        state = _state(0, row[1], row[2], row[3])
        values = _values(by, kept_by, row[4 : 4 + len(kept_by)], language)
        group = _group(by, checklist, language, values)
        add(into[group].setdefault(("step", step_id, state), [0] * WIDTH), row[4 + len(kept_by) :])


def _values(
    by: tuple[str, ...], kept_by: tuple[str, ...], values: Sequence[Any], language: str
) -> list[Any]:
    """The splits' values in the order of ``by``, the language the step's."""
    split = dict(zip(kept_by, values, strict=True))
    return [language if b == "language" else split[b] for b in by]


def steps_from_calls(
    db: Connected,
    filt: Filter,
    by: tuple[str, ...],
    step: str | None,
    into: Sums,
    titles: dict[tuple[str, str, str], str],
) -> None:
    """The steps' states off the call steps themselves (a log that keeps no figures)."""
    where, params = filt.where("c")
    conditions = [where[len("WHERE ") :]] if where else []
    conditions += ["c.status = 'closed'", "s.kind IS NOT 'break'"]
    if step is not None:
        conditions.append("s.step_id = ?")
        params = [*params, step]
    state = (
        f"CASE WHEN {STEP_MEASURES['excused']} THEN 'not_reached' "
        f"WHEN {STEP_MEASURES['skipped']} THEN 'skipped' "
        f"WHEN coalesce({STEP_MEASURES['over']}, 0) THEN 'late' ELSE 'on_time' END"
    )
    before = (
        "(SELECT coalesce(sum(p.seconds), 0) FROM call_steps p WHERE p.call_id = s.call_id "
        "AND p.position < s.position AND p.kind IS NOT 'break')"
    )
    time = f"CASE WHEN s.step_id = '{ACK_STEP}' AND s.visits > 0 THEN {before} END"
    splits = _group_sql(by, "c")
    keys = ["coalesce(c.checklist_id, '')", "c.language", "s.step_id", state, time, *splits]
    sql = (
        f"SELECT {', '.join(keys)}, min(s.title), {SUMS} FROM call_steps s "
        f"JOIN calls c ON c.id = s.call_id WHERE {' AND '.join(conditions)} "
        f"GROUP BY {', '.join(str(i + 1) for i in range(len(keys)))}"
    )
    width = len(keys)
    for row in db.conn.execute(sql, params):
        checklist, language, step_id, state_name, seconds = row[:5]
        titles.setdefault((checklist, step_id, language or ""), row[width] or "")
        group = _group(by, checklist, language or "", row[5:width])
        sums_row = list(row[width + 1 :])
        add(into[group].setdefault(("step", step_id, state_name), [0] * WIDTH), sums_row)
        band = _band(seconds) if state_name != "not_reached" else None
        if band is not None:
            add(into[group].setdefault(("acknowledged", step_id, band), [0] * WIDTH), sums_row)


def events_from_calls(db: Connected, filt: Filter, by: tuple[str, ...], step: str | None) -> Sums:
    """The calls that copied each phrase (once a call however often) and those that put the
    customer on hold, with their sums."""
    where, params = filt.where("c")
    conditions = [where[len("WHERE ") :]] if where else []
    conditions.append("c.status = 'closed'")
    kinds = "('phrase_copied')" if step is not None else "('phrase_copied', 'hold_started')"
    inner = (
        "SELECT DISTINCT e.call_id, e.kind, CASE WHEN e.kind = 'phrase_copied' THEN "
        "coalesce(e.step_id, '') ELSE '' END AS step, CASE WHEN e.kind = 'phrase_copied' THEN "
        f"{NUMBER} ELSE '' END AS number FROM events e WHERE e.kind IN {kinds}"
        + (" AND e.step_id = ?" if step is not None else "")
    )
    splits = _group_sql(by, "c")
    keys = ["coalesce(c.checklist_id, '')", "coalesce(c.language, '')", *splits]
    keys += ["p.kind", "p.step", "p.number"]
    sql = (
        f"SELECT {', '.join(keys)}, {SUMS} FROM ({inner}) p "
        f"JOIN calls c ON c.id = p.call_id WHERE {' AND '.join(conditions)} "
        f"GROUP BY {', '.join(str(i + 1) for i in range(len(keys)))}"
    )
    found: Sums = defaultdict(dict)
    width = len(keys)
    args = ([step] if step is not None else []) + params
    for row in db.conn.execute(sql, args):
        checklist, language = row[0], row[1]
        kind, step_id, what = row[width - 3 : width]
        group = _group(by, checklist, language, row[2 : width - 3], spoken=True)
        name = "phrase" if kind == "phrase_copied" else "hold"
        add(found[group].setdefault((name, step_id or "", what or ""), [0] * WIDTH), row[width:])
    return found


#: A copied phrase's number, as text (a hand-made row's data that is no JSON: none).
NUMBER = call_figures.NUMBER


def events_from_figures(
    db: Connected, filt: Filter, by: tuple[str, ...], step: str | None
) -> tuple[Sums, dict[tuple[str, str, str], list[int]]]:
    """The phrases and holds (as :func:`events_from_calls`) and the totals (as
    :func:`totals_from_calls`) in one pass over the kept figures: their calls counted by
    checklist, language, set of phrases and hold, each set then parted into its phrases."""
    sets = {
        r[0]: [tuple(p.split("\t", 1)) for p in r[1].split("\n")]
        for r in db.conn.execute(f"SELECT id, phrases FROM {call_figures.PHRASES_TABLE}")
    }
    where, params = _figures_where(filt)
    measures = [m.replace("c.", "f.") for m in MEASURES.values()]
    # In the order of the index kept for it (``call_figures.INDEXES``): walked, not sorted.
    keys = ["f.phrases", "f.hold", "f.checklist", "f.language", *_group_sql(by, "f")]
    sums = ", ".join(["count(*)", *(f"sum({m})" for m in measures)])
    sql = (
        f"SELECT {', '.join(keys)}, {sums} FROM {call_figures.CALLS_TABLE} f WHERE {where} "
        f"GROUP BY {', '.join(str(i + 1) for i in range(len(keys)))}"
    )
    found: Sums = defaultdict(dict)
    totals: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0] * WIDTH)
    width = len(keys)
    for row in db.conn.execute(sql, params):
        group = _group(by, row[2], row[3], row[4:width], spoken=True)
        phrases, hold, sums_row = row[0], row[1], row[width:]
        add(totals[group], sums_row)
        things = found[group]
        for step_id, number in sets.get(phrases, []):
            if step is None or step_id == step:
                add(things.setdefault(("phrase", step_id, number), [0] * WIDTH), sums_row)
        if hold and step is None:
            add(things.setdefault(("hold", "", ""), [0] * WIDTH), sums_row)
    return {g: t for g, t in found.items() if t}, dict(totals)


def totals_from_calls(
    db: Connected, filt: Filter, by: tuple[str, ...]
) -> dict[tuple[str, str, str], list[int]]:
    """The wrapped-up calls of each group and their sums."""
    where, params = filt.where("c")
    conditions = [where[len("WHERE ") :]] if where else []
    conditions.append("c.status = 'closed'")
    keys = ["coalesce(c.checklist_id, '')", "coalesce(c.language, '')", *_group_sql(by, "c")]
    sql = (
        f"SELECT {', '.join(keys)}, {SUMS} FROM calls c WHERE {' AND '.join(conditions)} "
        f"GROUP BY {', '.join(str(i + 1) for i in range(len(keys)))}"
    )
    totals: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0] * WIDTH)
    for row in db.conn.execute(sql, params):
        group = _group(by, row[0], row[1], row[2 : len(keys)], spoken=True)
        add(totals[group], row[len(keys) :])
    return dict(totals)
