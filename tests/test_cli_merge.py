"""``callmate merge``: adds the calls it lacks, twice adds nothing, never touches sources."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from click.testing import CliRunner

from callmate.cli import cli
from callmate.review import queries
from callmate.review.filters import Filter
from callmate.store import rollup
from callmate.store.db import open_db
from tests.test_review_dataset import play


def make_log(path, names: str) -> dict[str, str]:
    db = open_db(path)
    try:
        return {name: play(db, name) for name in names}
    finally:
        db.close()


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(cli, list(args))
    if ok:
        assert result.exit_code == 0, result.output
    return result


def table_counts(path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("calls", "call_steps", "notes", "events", "checklists")
        }
    finally:
        conn.close()


@pytest.fixture
def sources(tmp_path):
    one, two = tmp_path / "ann.db", tmp_path / "ben.db"
    ids = make_log(one, "ABC")
    ids |= make_log(two, "CDE")  # C is in both: the same call, merged twice
    return one, two, ids


def test_merge_adds_what_is_missing_and_twice_adds_nothing(sources, tmp_path):
    one, two, ids = sources
    target = tmp_path / "team.db"
    before = {one: digest(one), two: digest(two)}
    events = table_counts(one)["events"]
    out = run("merge", str(one), str(two), "--db", str(target)).output.splitlines()
    assert out[0] == (
        f"{one}: added 3 calls (24 steps, 3 notes, {events} events written), "
        "updated 0, 0 already current"
    )
    assert out[1].startswith(f"{two}: added 2 calls (") and out[1].endswith("1 already current")
    assert out[2] == f"In all: 5 calls added and 0 updated in {target}"
    counts = table_counts(target)
    assert counts["calls"] == 5 and counts["checklists"] == 4  # default.en/tr, heard, default.et
    assert counts["call_steps"] == 8 + 8 + 8 + 6 + 8
    again = run("merge", str(one), str(two), "--db", str(target)).output
    assert "added 0 calls" in again and "3 already current" in again
    assert table_counts(target) == counts
    assert {one: digest(one), two: digest(two)} == before  # the sources were only read


def test_merged_calls_are_whole_searchable_and_counted(sources, tmp_path):
    one, two, ids = sources
    target = tmp_path / "team.db"
    run("merge", str(one), str(two), "--db", str(target))
    db = queries.open_for_reading(target)
    found = queries.page(db, Filter(search="late"))
    assert {r["id"] for r in found} == {ids["C"], ids["D"]}
    merged = queries.call_record(db, ids["B"])
    original = queries.call_record(queries.open_for_reading(one), ids["B"])
    assert merged == original
    kept = sorted(tuple(r) for r in db.conn.execute("SELECT * FROM rollup_steps WHERE steps"))
    writer = open_db(target)
    with writer.atomic():
        rollup.rebuild(writer)
    assert sorted(tuple(r) for r in db.conn.execute("SELECT * FROM rollup_steps WHERE steps")) == (
        kept
    )


def test_a_source_from_a_newer_callmate_is_refused_untouched(sources, tmp_path):
    one, _, _ = sources
    newer = tmp_path / "newer.db"
    make_log(newer, "F")
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    target = tmp_path / "team.db"
    run("merge", str(one), "--db", str(target))
    before, target_before = digest(newer), table_counts(target)
    result = run("merge", str(newer), "--db", str(target), ok=False)
    assert result.exit_code == 1 and "newer callmate" in result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert digest(newer) == before and table_counts(target) == target_before


def test_bad_sources_are_refused_before_anything_is_merged(sources, tmp_path):
    one, _, _ = sources
    target = tmp_path / "team.db"
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE things (x)")
    conn.close()
    for bad, message in (
        (tmp_path / "missing.db", "no such database file"),
        (foreign, "not a callmate one"),
    ):
        result = run("merge", str(one), str(bad), "--db", str(target), ok=False)
        assert result.exit_code == 1 and message in result.output, result.output
        assert not target.exists()  # the good source was not merged either
    run("merge", str(one), "--db", str(target))
    itself = run("merge", str(target), "--db", str(target), ok=False)
    assert itself.exit_code == 1 and "is the target database itself" in itself.output
