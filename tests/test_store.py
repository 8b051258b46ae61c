"""The store on a real SQLite file: live writes, reading a call back, refusing files it must not
touch, Turkish and Estonian text, full-text search of notes, and WAL."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from callmate.call import Call, Change, checklist_key
from callmate.clock import FakeClock
from callmate.store import db as store_db, live
from callmate.store.db import NewerDatabaseError, StoreError, open_db
from callmate.store.schema import SCHEMA_VERSION

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Session:
    """Drives a call through the model and saves every change, as the live screen does."""

    def __init__(self, db, checklist, clock, **start):
        self.db = db
        self.changes: list[Change] = []
        self.call, change = Call.start(checklist, clock, **start)
        live.apply(db, change, checklist)
        self.changes.append(change)

    def __call__(self, change: Change | None) -> Change | None:
        if change is not None:
            live.apply(self.db, change)
            self.changes.append(change)
        return change

    @property
    def events(self) -> list[dict]:
        return [e for c in self.changes for e in c.events]

    @property
    def step_rows(self) -> list[dict]:
        last = {}
        for change in self.changes:
            for row in change.steps:
                last[row.position] = row
        return [last[p] for p in sorted(last)]


def dump(db) -> dict[str, list[tuple]]:
    """Every row of every table, to compare a whole database before and after."""
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    # Sorted by text: some of the full-text index's own tables have no rowid to order by.
    return {t: sorted(map(repr, db.execute(f"SELECT * FROM [{t}]").fetchall())) for t in tables}


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "data" / "calls.db"


@pytest.fixture
def db(db_path):
    database = open_db(db_path)
    yield database
    database.close()


def whole_call(db, checklist, clock) -> Session:
    s = Session(db, checklist, clock, agent="Mert", customer="Ayşe Yılmaz", reference="A-1042")
    call = s.call
    clock.advance(12)
    s(call.next())
    clock.advance(40)
    s(call.add_note("Kargo 2 hafta gecikmiş; müşteri çok kızgın"))
    clock.advance(20)
    s(call.toggle_escalation())
    clock.advance(5)
    s(call.toggle_escalation())  # taken back: on "vent" again
    for _ in range(3):
        s(call.next())  # on to "apologise"
    s(call.back())
    s(call.next())
    s(call.toggle_fault())
    clock.advance(8)
    s(call.warn()[1])
    s(call.phrase_copied(call.phrases()[0], 1, "clipboard"))
    s(call.add_note("Kart 4111 1111 1111 1111 ile ödemiş"))
    s(call.skip())
    clock.advance(90)
    s(call.next())
    clock.advance(10)
    s(call.next())
    s(call.wrap_up(outcome="resolved", difficulty=5, summary="İade onaylandı"))
    s(call.start_break())
    clock.advance(300)
    s(call.end_break(skipped=False))
    return s


# -- a whole call, written and read back ----------------------------------------------------------


def test_a_whole_call_reads_back_exactly_as_it_was_written(db, checklist, clock):
    s = whole_call(db, checklist, clock)
    record = live.load_call(db, s.call.id)

    assert record.call.checklist_key == checklist_key(checklist)
    assert record.call == s.changes[-1].call
    assert list(record.steps) == s.step_rows
    assert [r.status for r in record.steps] == [st.status for st in s.call.steps]
    assert list(record.notes) == s.call.notes
    assert list(record.events) == s.events
    assert record.checklist_toml == checklist.text

    assert record.call.status == "closed"
    assert record.call.duration_seconds == s.call.duration_seconds
    assert "[card ••••1111]" in record.notes[1].text
    assert "4111 1111" not in str(record)


def test_load_call_of_an_unknown_id_is_none(db):
    assert live.load_call(db, "no-such-call") is None


def test_two_calls_with_one_checklist_store_its_text_once(db, checklist, clock):
    first = Session(db, checklist, clock, agent="Mert")
    second = Session(db, checklist, clock, agent="Mert")
    assert db["checklists"].count == 1
    keys = {live.load_call(db, s.call.id).call.checklist_key for s in (first, second)}
    assert keys == {checklist_key(checklist)}


# -- picking a call up again ----------------------------------------------------------------------


def test_a_restored_call_continues_where_it_was(db, checklist, clock):
    s = Session(db, checklist, clock, agent="Mert", customer="Kalle Õun")
    clock.advance(10)
    s(s.call.next())  # vent from t=10
    clock.advance(30)
    s(s.call.add_note("esimene märkus"))
    clock.advance(20)
    s(s.call.next())  # acknowledge from t=60
    clock.advance(5)
    s(s.call.add_note("teine märkus"))  # last save at t=65, then the program dies

    # Started again a minute later: a new process, so a new monotonic clock.
    later = FakeClock(start=START + timedelta(seconds=125), monotonic=7.0)
    record = live.load_call(db, s.call.id)
    call = Call.restore(record, checklist, later)

    assert call.is_open and call.step.id == "acknowledge"
    assert call.customer == "Kalle Õun"
    assert call.step_seconds(0) == 10 and call.step_seconds(1) == 50
    assert call.step_seconds() == 65  # the call went on while the program was down
    assert call.elapsed() == 125
    assert call.notes == s.call.notes
    assert call.note_seq == 2 and call.event_seq == s.call.event_seq

    resumed = call.resumed(record.call.updated_at)
    assert resumed.events[0].data == {"gap_seconds": 60.0}
    live.apply(db, resumed)
    later.advance(5)
    note = call.add_note("kolmas märkus")
    live.apply(db, note)
    later.advance(5)
    live.apply(db, call.next())

    again = live.load_call(db, s.call.id)
    assert [n.seq for n in again.notes] == [1, 2, 3]
    assert again.notes[2].step_id == "acknowledge"
    assert again.notes[2].offset_seconds == 130.0
    assert [e.kind for e in again.events][-2:] == ["resumed", "step_done"]
    assert len(again.events) == s.call.event_seq + 2
    step = again.steps[2]
    assert step.status == "done" and step.seconds == 75.0
    assert again.steps[3].status == "current"


def test_a_restored_call_that_was_in_wrap_up_can_be_wrapped_up(db, checklist, clock):
    s = Session(db, checklist, clock, agent="Mert")
    clock.advance(30)
    s(s.call.end())
    call = Call.restore(live.load_call(db, s.call.id), checklist, FakeClock(START, 1.0))
    assert call.status == "wrapup" and call.duration_seconds == 30.0
    live.apply(db, call.wrap_up(outcome="callback"))
    stored = live.load_call(db, s.call.id)
    assert stored.call.status == "closed"
    assert stored.call.outcome == "callback"
    assert [e.kind for e in stored.events][-1] == "wrapped_up"


# -- writes are idempotent ------------------------------------------------------------------------


def test_applying_the_same_change_twice_adds_nothing(db, checklist, clock):
    s = Session(db, checklist, clock, agent="Mert")
    before = dump(db)
    live.apply(db, s.changes[0], checklist)  # the start, with its checklist
    assert dump(db) == before
    s(s.call.next())
    clock.advance(3)
    change = s(s.call.add_note("Kart 4111111111111111, iade"))
    before = dump(db)
    live.apply(db, change)  # a retried write after a failure that had in fact landed
    assert dump(db) == before
    assert db["notes"].count == 1 and db["events"].count == 3
    assert len(list(db["notes"].search("iade", quote=True))) == 1


# -- the file -------------------------------------------------------------------------------------


def test_the_directory_is_created_private_and_the_file_too(tmp_path):
    path = tmp_path / "new" / "callmate" / "calls.db"
    open_db(path).close()
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_the_wal_files_are_private_too(db, db_path, checklist, clock):
    Session(db, checklist, clock, agent="Mert")
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        assert side.exists()
        assert stat.S_IMODE(os.stat(side).st_mode) == 0o600


def test_a_new_database_is_in_wal_mode_with_its_schema_version(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 1
    assert {"calls", "call_steps", "notes", "events", "checklists", "notes_fts"} <= set(
        db.table_names()
    )
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_opening_again_keeps_everything_and_migrates_nothing(db_path, checklist, clock):
    first = open_db(db_path)
    s = Session(first, checklist, clock, agent="Mert")
    migrations = first["_sqlite_migrations"].count
    first.close()
    again = open_db(db_path)
    assert live.load_call(again, s.call.id).call.agent == "Mert"
    assert again["_sqlite_migrations"].count == migrations
    again.close()


def test_a_file_from_a_newer_callmate_is_refused_and_left_byte_identical(db_path):
    open_db(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(NewerDatabaseError) as caught:
        open_db(db_path)
    assert str(db_path) in str(caught.value) and "999" in str(caught.value)
    assert db_path.read_bytes() == before
    conn = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 999
    conn.close()


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Müşteri listesi, bir veritabanı değil.\n" * 100, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        open_db(path)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before


def test_a_foreign_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "recipes.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('ıspanaklı börek')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        open_db(path)
    assert "not a callmate one" in str(caught.value)
    assert path.read_bytes() == before
    assert not path.with_name("recipes.db-wal").exists()


# -- text -----------------------------------------------------------------------------------------

TURKISH_NAME = "İSTANBUL'lu Şükrü Ağaoğlu ıspanak"
ESTONIAN_NOTE = "Kõik on hästi: õun, äädikas, öö, ülikool. Ja İ ı ş ğ Ş Ğ Ü Ö Ç ç."


def test_turkish_and_estonian_text_round_trips_exactly(db, checklist, clock):
    s = Session(db, checklist, clock, agent="Jüri Õunapuu", customer=TURKISH_NAME)
    s(s.call.set_customer(reference="ŞİKÂYET-İ-1"))
    s(s.call.add_note(ESTONIAN_NOTE))
    s(s.call.add_note("İSTANBUL / ıspanak / istanbul / ISPANAK"))
    s(s.call.set_draft("yarım kalmış not: ğüşiöç"))
    record = live.load_call(db, s.call.id)
    assert record.call.customer == TURKISH_NAME
    assert record.call.agent == "Jüri Õunapuu"
    assert record.call.reference == "ŞİKÂYET-İ-1"
    assert record.call.draft == "yarım kalmış not: ğüşiöç"
    assert record.notes[0].text == ESTONIAN_NOTE
    assert record.notes[1].text == "İSTANBUL / ıspanak / istanbul / ISPANAK"
    warning = s(s.call.warn()[1])
    stored_warning = live.load_call(db, s.call.id).events[-1]
    assert stored_warning.data == warning.events[0].data


@pytest.fixture
def searchable(db, checklist, clock):
    s = Session(db, checklist, clock, agent="Mert")
    texts = [
        "Müşteri iade istiyor, kargo gecikmiş",
        "İSTANBUL şubesi aradı",
        "ıspanak siparişi eksik",
        "Kõik on korras, õun jõudis kohale",
        'refund" requested AND foo-bar order',
        "Şikâyet: ağır üslup",
    ]
    for text in texts:
        s(s.call.add_note(text))
    return db


def found(db, query: str) -> list[int]:
    return [row["seq"] for row in db["notes"].search(query, quote=True)]


@pytest.mark.parametrize(
    "query, seqs",
    [
        ("iade", [1]),
        ("İade", [1]),
        ("müşteri", [1]),
        ("MÜŞTERİ", [1]),
        ("istanbul", [2]),
        ("İSTANBUL", [2]),
        ("ıspanak", [3]),
        ("şubesi", [2]),
        ("kõik", [4]),
        ("ÕUN", [4]),
        ("ağır", [6]),
        ("şikayet", [6]),  # diacritics folded: the circumflex is optional
        ("kargo gecikmiş", [1]),
    ],
)
def test_notes_full_text_search_finds_turkish_and_estonian_words(searchable, query, seqs):
    assert found(searchable, query) == seqs


@pytest.mark.parametrize(
    "query, seqs",
    [('refund"', [5]), ("AND", [5]), ("foo-bar", [5]), ("OR NOT", []), ("(", []), ("near(", [])],
)
def test_notes_search_with_quoting_survives_fts_syntax_in_user_input(searchable, query, seqs):
    assert found(searchable, query) == seqs


# -- readers and writers at once ------------------------------------------------------------------


def test_a_second_connection_reads_while_the_first_holds_a_write_transaction(
    db, db_path, checklist, clock, monkeypatch
):
    s = Session(db, checklist, clock, agent="Mert", customer="Ayşe")
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 200)
    writer = sqlite3.connect(db_path, timeout=0.2, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")  # in rollback-journal mode this would shut readers out
    writer.execute("UPDATE calls SET customer = 'Değişti' WHERE id = ?", (s.call.id,))
    try:
        reader = open_db(db_path)
        record = live.load_call(reader, s.call.id)
        assert record.call.customer == "Ayşe"  # the uncommitted change is not seen
        assert len(live.unfinished_calls(reader)) == 1
        reader.close()
    finally:
        writer.execute("COMMIT")
        writer.close()
    assert live.load_call(db, s.call.id).call.customer == "Değişti"


# -- unfinished calls -----------------------------------------------------------------------------


def test_unfinished_calls_finds_open_and_unwrapped_calls_not_closed_ones(db, checklist, clock):
    closed = Session(db, checklist, clock, agent="Mert")
    closed(closed.call.wrap_up(outcome="resolved"))
    clock.advance(60)
    ended = Session(db, checklist, clock, agent="Mert")
    ended(ended.call.end())
    clock.advance(60)
    open_ = Session(db, checklist, clock, agent="Mert")
    clock.advance(60)
    abandoned = Session(db, checklist, clock, agent="Mert")
    abandoned(abandoned.call.abandon())

    unfinished = live.unfinished_calls(db)
    assert [c["id"] for c in unfinished] == [open_.call.id, ended.call.id]  # newest first
    assert [c["status"] for c in unfinished] == ["open", "wrapup"]


def test_unfinished_calls_on_an_empty_database_is_empty(db):
    assert live.unfinished_calls(db) == []


def test_the_schema_version_checked_before_start_up_counts_every_migration():
    from callmate.store import db, schema

    assert db.SCHEMA_VERSION == schema.SCHEMA_VERSION == len(schema.migrations()._migrations)


@pytest.mark.parametrize(
    "query, seqs",
    [("ISPANAK", [3]), ("ıspanak", [3]), ("AĞIR", [6]), ("İSTANBUL", [2]), ("istanbul", [2])],
)
def test_the_review_search_finds_turkish_dotless_i_in_either_case(searchable, query, seqs):
    from callmate.review.filters import fts_query

    rows = searchable.execute(
        "SELECT n.seq FROM notes n JOIN notes_fts f ON f.rowid = n.id "
        "WHERE notes_fts MATCH ? ORDER BY n.seq",
        [fts_query(query)],
    ).fetchall()
    assert [r[0] for r in rows] == seqs
