"""Review never dies on what is stored (issue 25): whatever a column of the call log holds, from
the whole domain the schema lets it hold (SQLite keeps any value in any column but the NOT NULL
ones), ``stats``, ``calls list``, ``calls show`` and ``export`` answer without a traceback, and
so do the review screen's statistics.

The boundaries (push, pull, merge) refuse such rows; these are the rows that got in some other
way: an older callmate, a hand-made file, an editor. Values are written as such a tool writes
them, with plain SQL on the file.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from callmate.cli import cli
from callmate.models import OUTCOMES, STATUSES, STEP_STATUSES, CallRow, EventRow, NoteRow, StepRow

TIMES = [
    "",
    "notadate",
    "9999",
    "2026-11-19",
    "2026-11-19T10:00:00",
    "2026-11-19T10:00:00-14:00",
    "2026-11-19T10:00:00.123456+00:00",
    "2026-02-30T10:00:00+00:00",
    "0001-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59+00:00",
    "2026-11-19T10:00:00+00:00",
    "1970-01-01T00:00:00+00:00",
]
CODES = [*OUTCOMES, *STATUSES, *STEP_STATUSES, "speak", "break", "apology", "inner", "resolve"]
FLOATS = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [float("inf"), float("-inf"), 1e12, -5.0, 0.0, 1e308, -1e308, 5e-324]
)
INTS = st.integers(min_value=-(2**63), max_value=2**63 - 1) | st.sampled_from(
    [-5, 0, 1, 2, 5, 99, 2**63 - 1, -(2**63)]
)
TEXTS = st.text(max_size=40) | st.sampled_from(TIMES + CODES)
#: Anything SQLite holds: any column may hold any of these, whatever it was declared as.
ANY = st.none() | FLOATS | INTS | TEXTS | st.binary(max_size=8)


def domain(model: type, name: str) -> st.SearchStrategy:
    """The values of a column: mostly of its declared type, sometimes anything at all."""
    declared = str(next(f.type for f in fields(model) if f.name == name))
    typed = {"float": FLOATS, "int": INTS}.get(declared.replace(" | None", ""), TEXTS)
    if "None" in declared:
        typed = typed | st.none()
    return st.one_of(typed, typed, typed, ANY)


def changes(model: type, skip: tuple[str, ...]) -> st.SearchStrategy:
    names = [f.name for f in fields(model) if f.name not in skip]
    return st.sets(st.sampled_from(names), max_size=5).flatmap(
        lambda picked: st.fixed_dictionaries({n: domain(model, n) for n in sorted(picked)})
    )


WHERE = {
    CallRow: ("id", ("id",)),
    StepRow: ("call_id", ("call_id", "position")),
    NoteRow: ("call_id", ("call_id", "seq")),
    EventRow: ("call_id", ("call_id", "seq")),
}


@pytest.fixture(scope="module")
def base_log(tmp_path_factory) -> Path:
    """A small log made the ordinary way: demo calls from a fixed seed."""
    from callmate.demo.generate import generate
    from callmate.store.db import open_db

    path = tmp_path_factory.mktemp("review") / "base.db"
    db = open_db(path)
    try:
        generate(db, 6, seed=25, end=datetime(2026, 11, 20, 18, tzinfo=UTC), days=5)
    finally:
        db.close()
    return path


def write(path: Path, edits: list[tuple[type, dict]]) -> bool:
    """Write the edits as a hand would (each on the first row of its table of the first calls);
    False when SQLite itself refuses them (a NOT NULL, a trigger's constraint)."""
    conn = sqlite3.connect(path)
    try:
        ids = [r[0] for r in conn.execute("SELECT id FROM calls ORDER BY id LIMIT 2")]
        with conn:
            for n, (model, values) in enumerate(edits):
                if not values:
                    continue
                link, key = WHERE[model]
                target = ids[n % len(ids)]
                sets = ", ".join(f"{c} = ?" for c in values)
                first = f"(SELECT min({key[-1]}) FROM {model.TABLE} WHERE {link} = ?)"
                where = f"{link} = ?" + (f" AND {key[-1]} = {first}" if len(key) > 1 else "")
                params = [*values.values(), target] + ([target] if len(key) > 1 else [])
                conn.execute(f"UPDATE {model.TABLE} SET {sets} WHERE {where}", params)
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return True


def commands(path: Path, call_id: str) -> list[list[str]]:
    db = ["--db", str(path)]
    return [
        ["stats", *db],
        ["stats", *db, "--format", "json"],
        ["stats", *db, "--since", "2026-11-17T10:00"],
        ["stats", *db, "--search", "refund"],
        ["calls", "list", *db],
        ["calls", "list", *db, "--format", "json"],
        ["calls", "list", *db, "--format", "csv"],
        ["calls", "show", call_id, *db],
        ["calls", "show", call_id, *db, "--format", "json"],
        ["calls", "show", call_id, *db, "--format", "markdown"],
        ["export", *db, "--format", "csv"],
        ["export", *db, "--format", "json"],
        ["export", *db, "--format", "markdown", "--redact"],
    ]


def review_screen_statistics(path: Path) -> None:
    """What the review screen's statistics show, as it makes them (without a terminal)."""
    from callmate.review import pages, queries, stats
    from callmate.review.filters import Filter
    from callmate.ui.screens.review_stats import day, render_rest, render_top

    db = queries.open_for_reading(path)
    try:
        figures = stats.compute(db, Filter())
    finally:
        db.close()
    render_top(figures, pages.Typed())
    render_rest(figures, 80)
    for d in figures.per_day:
        day(d.day)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    call=changes(CallRow, ("id",)),
    other=changes(CallRow, ("id",)),
    step=changes(StepRow, ("call_id", "position")),
    note=changes(NoteRow, ("call_id", "seq")),
    event=changes(EventRow, ("call_id", "seq")),
)
def test_review_never_dies_on_what_is_stored(base_log, tmp_path, call, other, step, note, event):
    path = tmp_path / "log.db"
    shutil.copy(base_log, path)
    if not write(
        path,
        [(CallRow, call), (CallRow, other), (StepRow, step), (NoteRow, note), (EventRow, event)],
    ):
        return  # SQLite refused to hold it: not stored
    conn = sqlite3.connect(path)
    call_id = conn.execute("SELECT min(id) FROM calls").fetchone()[0]
    conn.close()
    for args in commands(path, call_id):
        result = CliRunner().invoke(cli, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            result.output,
        )
        assert result.exit_code == 0, (args, result.output)
        if "json" in args:
            json.loads(result.output, parse_constant=_no_constant)  # strict JSON
    review_screen_statistics(path)


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")
