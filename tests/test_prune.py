"""``callmate prune --before DATE`` (issue 23's retention): the ended calls started before the
date go with everything kept of them, a call still on someone's screen stays, the statistics
follow (equal to a rebuild's, and to a log merged from the calls that stay), the search forgets
them; a count comes first and no "yes" deletes nothing; a batch that fails leaves the file as
the batches before it left it; bad dates and missing logs are one clear line."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from callmate.cli import cli
from callmate.demo.generate import generate
from callmate.store import prune, rollup
from callmate.store.db import ReadOnly, open_db
from callmate.store.rollup_defs import ROLLUPS

END = datetime(2026, 11, 30, 18, tzinfo=UTC)
CUTOFF = datetime(2026, 11, 1, tzinfo=UTC)
pytestmark = pytest.mark.usefixtures("utc_dates")
#: Tables that hold rows of a call, by its id.
BY_CALL = ("call_steps", "notes", "events", "evaluations", "team_outbox", "call_search")


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


@pytest.fixture
def log(tmp_path):
    """Demo calls over 60 days (evaluations among them, one of an old call), two old calls
    still being worked on, and old and new calls waiting for the team hub."""
    path = tmp_path / "calls.db"
    db = open_db(path)
    try:
        generate(db, 500, seed=11, end=END, days=60)
        old = [
            r[0]
            for r in db.execute(
                "SELECT id FROM calls WHERE started_at < ? LIMIT 4", [CUTOFF.isoformat()]
            )
        ]
        new = db.execute(
            "SELECT id FROM calls WHERE started_at >= ? LIMIT 1", [CUTOFF.isoformat()]
        ).fetchone()[0]
        with db.conn:
            db.execute("UPDATE calls SET status = 'open' WHERE id = ?", [old[0]])
            db.execute("UPDATE calls SET status = 'wrapup' WHERE id = ?", [old[1]])
            db.execute(  # an evaluation of an old call, copied from a demo one
                "INSERT INTO evaluations (id, call_id, form_id, form_version, language, lead, "
                "created_at, updated_at, score, comment, answers) SELECT 'old' || id, ?, "
                "form_id, form_version, language, lead, created_at, updated_at, score, comment, "
                "answers FROM evaluations LIMIT 1",
                [old[2]],
            )
            for call_id in (old[2], old[3], new):
                db.execute(
                    "INSERT INTO team_outbox (call_id, updated_at) VALUES (?, ?)",
                    [call_id, END.isoformat()],
                )
    finally:
        db.close()
    return path


def _ids(path, where: str = "1", params=()) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute(f"SELECT id FROM calls WHERE {where}", params)}
    finally:
        conn.close()


def _rows_by_call(path) -> dict[str, dict[str, int]]:
    conn = sqlite3.connect(path)
    try:
        found: dict[str, dict[str, int]] = {}
        for table in BY_CALL:
            for call_id, n in conn.execute(f"SELECT call_id, count(*) FROM {table} GROUP BY 1"):
                found.setdefault(call_id, {})[table] = n
        return found
    finally:
        conn.close()


def _rollups(db) -> list[dict[tuple, tuple]]:
    """Each rollup's rows that count something, their sums rounded (a sum less its part may
    differ from the sum made afresh in the last bits)."""
    found = []
    for r in ROLLUPS:
        rows = {}
        counts = [i for i, m in enumerate(r.measures) if "seconds" not in m]
        names = [*r.key, *r.attrs, *r.measures]
        for row in db.conn.execute(f"SELECT {', '.join(names)} FROM {r.table}"):
            sums = row[len(r.key) + len(r.attrs) :]
            if any(sums[i] for i in counts):
                cells = tuple(round(v, 6) if isinstance(v, float) else v for v in row)
                rows[cells[: len(r.key)]] = cells[len(r.key) :]
        found.append(rows)
    return found


def assert_rollups_as_rebuilt(db) -> None:
    """The rollups as they stand equal those made again from the calls that are left."""
    kept = _rollups(db)
    with db.conn:
        rollup.rebuild(db)
    assert _rollups(db) == kept


def _stats(path) -> dict:
    result = run("stats", "--db", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    shown.pop("filter", None)
    return shown


def test_the_old_ended_calls_go_with_all_kept_of_them_and_nothing_else(log, tmp_path):
    before = _rows_by_call(log)
    cutoff = CUTOFF.isoformat()
    going = _ids(log, "started_at < ? AND status IN ('closed', 'abandoned')", [cutoff])
    working = _ids(log, "started_at < ? AND status IN ('open', 'wrapup')", [cutoff])
    staying = _ids(log) - going
    assert going and len(working) == 2
    assert any(before.get(c, {}).get("evaluations") for c in going)  # evaluations go too
    result = run("prune", "--db", str(log), "--before", "2026-11-01", "--yes")
    assert result.exit_code == 0, result.output
    assert f"Deleted {len(going):,} ended calls" in result.output
    assert _ids(log) == staying and working <= staying
    after = _rows_by_call(log)
    assert set(after) <= staying  # no row of a deleted call left anywhere
    raw = ReadOnly(sqlite3.connect(log))  # as the file is: opening it for writing would repair
    try:
        assert rollup.installed(raw)  # every trigger back
    finally:
        raw.close()
    assert {c: after.get(c) for c in staying} == {c: before.get(c) for c in staying}
    db = open_db(log)
    try:
        conn = db.conn
        for table in ("call_figures", "step_figures"):
            keys = {r[0] for r in conn.execute(f"SELECT key FROM {table}")}
            assert keys <= {r[0] for r in conn.execute("SELECT key FROM call_search")}
        assert conn.execute("SELECT count(*) FROM call_figures").fetchone()[0] == len(staying)
        for index in ("calls_fts", "notes_fts"):
            conn.execute(f"INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)")
        assert_rollups_as_rebuilt(db)
    finally:
        db.close()
    # The statistics equal those of a log made only of the calls that stayed.
    merged = tmp_path / "merged.db"
    assert run("merge", str(log), "--db", str(merged)).exit_code == 0
    assert _stats(log) == _stats(merged)


def test_a_word_only_the_deleted_calls_said_is_found_no_more(log):
    cutoff = CUTOFF.isoformat()
    conn = sqlite3.connect(log)
    with conn:
        conn.execute(
            "UPDATE notes SET text = text || ' zanzibar' WHERE call_id IN (SELECT DISTINCT "
            "n.call_id FROM notes n JOIN calls c ON c.id = n.call_id "
            "WHERE c.started_at < ? AND c.status = 'closed' LIMIT 3)",
            [cutoff],
        )
    conn.close()
    found = run("calls", "list", "--db", str(log), "--search", "zanzibar", "--format", "json")
    assert len(json.loads(found.stdout)) == 3
    assert run("prune", "--db", str(log), "--before", "2026-11-01", "--yes").exit_code == 0
    found = run("calls", "list", "--db", str(log), "--search", "zanzibar", "--format", "json")
    assert json.loads(found.stdout) == []


def test_the_count_comes_first_and_anything_but_yes_deletes_nothing(log):
    everyone = _ids(log)
    going = len(
        _ids(
            log,
            "started_at < ? AND status = 'closed' OR started_at < ? AND status = 'abandoned'",
            [CUTOFF.isoformat()] * 2,
        )
    )
    for answer in ("n\n", "", "maybe\nno\n"):
        result = run("prune", "--db", str(log), "--before", "2026-11-01", input=answer)
        assert result.exit_code == 1
        assert f"{going:,} ended calls started before" in result.output
        assert "2 of them have not reached the team hub yet, and never will." in result.output
        assert "Nothing deleted." in result.output
        assert _ids(log) == everyone
    dry = run("prune", "--db", str(log), "--before", "2026-11-01", "--dry-run")
    assert dry.exit_code == 0 and f"{going:,} ended calls" in dry.output
    assert _ids(log) == everyone
    agreed = run("prune", "--db", str(log), "--before", "2026-11-01", input="y\n")
    assert agreed.exit_code == 0 and len(_ids(log)) == len(everyone) - going
    again = run("prune", "--db", str(log), "--before", "2026-11-01", "--yes")
    assert again.exit_code == 0 and "nothing to delete" in again.output


def test_a_batch_that_fails_leaves_the_file_as_the_batches_before_it(log):
    cutoff = CUTOFF.isoformat()
    db = open_db(log)
    try:
        order = [
            r[0]
            for r in db.execute(
                "SELECT id FROM calls WHERE started_at < ? AND status IN ('closed', 'abandoned') "
                "ORDER BY started_at, id",
                [cutoff],
            )
        ]
        # A trigger of the user's own refuses to let the 60th call go: the second batch of 50.
        with db.conn:
            db.execute(
                "CREATE TRIGGER keep_one BEFORE DELETE ON calls WHEN OLD.id = "
                f"'{order[59]}' BEGIN SELECT RAISE(ABORT, 'kept by hand'); END"
            )
        heard = []
        with pytest.raises(sqlite3.IntegrityError, match="kept by hand"):
            prune.prune(db, cutoff, batch=50, progress=lambda done: heard.append(done.calls))
        assert heard == [50]
        left = {r[0] for r in db.execute("SELECT id FROM calls")}
        assert not left & set(order[:50]) and set(order[50:]) <= left
        assert rollup.installed(db)  # the failed batch's dropped triggers came back with it
        assert_rollups_as_rebuilt(db)
    finally:
        db.close()


def test_in_batches_each_heard(log):
    cutoff = CUTOFF.isoformat()
    db = open_db(log)
    try:
        expected = prune.count(db, cutoff)
        heard = []
        done = prune.prune(db, cutoff, batch=40, progress=lambda d: heard.append(d.calls))
    finally:
        db.close()
    assert done.calls == expected.calls and done.events == expected.events
    assert heard == [min(40 * (i + 1), expected.calls) for i in range(len(heard))]
    assert heard[-1] == expected.calls


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("tomorrow", "is not in the past"),
        ("next week", "is not in the past"),
        ("the day my cat was born", "cannot read"),
    ],
)
def test_a_date_ahead_or_unreadable_deletes_nothing(log, typed, said):
    everyone = _ids(log)
    result = run("prune", "--db", str(log), "--before", typed, "--yes")
    assert result.exit_code == 1 and said in result.output.lower()
    assert "Traceback" not in result.output
    assert _ids(log) == everyone


def test_a_missing_log_is_said_and_not_made(tmp_path):
    missing = tmp_path / "nowhere.db"
    result = run("prune", "--db", str(missing), "--before", "2026-01-01", "--yes")
    assert result.exit_code == 1 and "no call log at" in result.output
    assert not missing.exists()


def test_prune_speaks_turkish_and_estonian(log):
    turkish = run("--lang", "tr", "prune", "--db", str(log), "--before", "2026-11-01", "--dry-run")
    assert turkish.exit_code == 0 and "silinecek" in turkish.output
    estonian = run("--lang", "et", "prune", "--db", str(log), "--before", "2026-11-01", "--dry-run")
    assert estonian.exit_code == 0 and "Kustutatakse" in estonian.output
    nothing = run(
        "--lang",
        "tr",
        "prune",
        "--db",
        str(log),
        "--before",
        (END - timedelta(days=365)).date().isoformat(),
        "--dry-run",
    )
    assert nothing.exit_code == 0 and "silinecek bir şey yok" in nothing.output


def test_a_writer_beside_it_waits_a_moment_and_the_prune_goes_on(log):
    """An agent's writes to the same file while the prune runs (a short transaction every
    5 ms, waiting a second at most, as the live path does): both go through, the prune to the
    end, in transactions sized to their time."""
    import threading
    import time

    cutoff = CUTOFF.isoformat()
    stop, written, failed = threading.Event(), [], []

    def agent() -> None:
        conn = sqlite3.connect(log, timeout=1)
        try:
            while not stop.is_set() and len(written) < 2000:
                try:
                    with conn:
                        conn.execute("UPDATE calls SET summary = summary WHERE status = 'open'")
                    written.append(1)
                except sqlite3.Error as exc:
                    failed.append(exc)
                time.sleep(0.005)
        finally:
            conn.close()

    db = open_db(log)
    beside = threading.Thread(target=agent)
    beside.start()
    try:
        expected = prune.count(db, cutoff).calls
        done = prune.prune(db, cutoff)
    finally:
        stop.set()
        beside.join(timeout=30)
        db.close()
    assert done.calls == expected and written and not failed
