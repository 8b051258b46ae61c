"""Search without Turkish letters: a lead on any keyboard types ı as i (and ş ğ ç ö ü as s g c o u),
and finds what the agent wrote with them; İ, I and capitals fold as before, and words of three
letters or more still match as a prefix. Real calls through the live path, in real files: the
list, the count, the statistics, the commands, the review screen, and a log from before
(schema 10) brought up to date."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from callmate.cli import cli
from callmate.language.i18n import ngettext, number, set_language
from callmate.review import queries, stats
from callmate.review.filters import Filter, document_query
from callmate.review.pages import Typed, resolve
from callmate.store import call_search
from callmate.store.db import open_db
from callmate.store.schema import SCHEMA_VERSION
from tests.test_search import record_call

pytestmark = pytest.mark.usefixtures("utc_dates")

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

# name: (notes, summary); calls start an hour apart in this order.
CALLS = {
    "kirik": (["Ürün kırık geldi, ekranı çatlak"], ""),
    "KIRIK": (["KIRIK EKRAN"], ""),
    "ascii": (["kirik kablo, yazarken Turkce harf yok"], ""),
    "letters": (["Şikâyet: çok üzgün, öğrenci, yağmur"], "Iİıi ılık"),
    "summary": (["iade istedi"], "Kırılmış kutu"),
    "plain": (["nothing to see"], "all good"),
}
#: Newest first, as the list shows them.
ORDER = list(CALLS)[::-1]


def call_id(name: str) -> str:
    return name.encode().hex().ljust(32, "0")[:32]


def write(path) -> None:
    db = open_db(path)
    for n, (name, (notes, summary)) in enumerate(CALLS.items()):
        record_call(db, call_id(name), START + timedelta(hours=n), notes, summary)
    db.close()


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "calls.db"
    write(path)
    return path


@pytest.fixture
def db(path):
    db = queries.open_for_reading(path)
    yield db
    db.close()


def found(db, text: str) -> list[str]:
    """The calls a search finds, newest first; its count and statistics agree."""
    names = {call_id(n): n for n in CALLS}
    filt = resolve(db, Typed(search=text), NOW)
    rows = queries.page(db, filt, limit=100)
    assert queries.count(db, filt) == len(rows) == stats.count_calls(db, filt)
    assert stats.compute(db, filt).calls == len(rows)
    return [names[r["id"]] for r in rows]


def newest_first(*names: str) -> list[str]:
    return [n for n in ORDER if n in names]


BROKEN = newest_first("kirik", "KIRIK", "ascii")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("kirik", BROKEN),  # ı typed as i
        ("kırık", BROKEN),  # as written, and KIRIK, and the i typed by the agent
        ("KIRIK", BROKEN),
        ("KİRİK", BROKEN),  # the dotted capital: as today
        ("Kırık", BROKEN),
        ("kir", newest_first("kirik", "KIRIK", "ascii", "summary")),  # a prefix: Kırılmış too
        ("kiril", ["summary"]),
        ("ekrani", ["kirik"]),  # ekranı
        ("EKRANI", ["kirik"]),
        ("ekran", newest_first("kirik", "KIRIK")),  # EKRAN, and ekranı as a prefix
        ("catlak", ["kirik"]),  # ç as c: the tokenizer's own folding
        ("sikayet cok uzgun ogrenci yagmur", ["letters"]),  # ş â ç ü ö ğ
        ("şikâyet ÇOK", ["letters"]),
        ("ilik", ["letters"]),  # in the summary
        ("ILIK", ["letters"]),
        ("iiii", ["letters"]),  # Iİıi: every i is one letter
        ("kirik kablo", ["ascii"]),
        ("kırık kutu", []),  # every word must match
        ("ki", []),  # two letters: a whole word only
    ],
)
def test_turkish_letters_typed_without_them_find_what_was_written(db, text, expected):
    assert found(db, text) == expected


def test_the_documents_and_the_query_fold_dotless_i_in_one_place():
    assert call_search.fold("Kırık KIRIK ılık") == "Kirik KIRIK ilik"
    assert document_query("kırık") == document_query("kirik") == '{notes summary} : ("kirik"*)'
    assert Filter(search="ılık İADE").fts == '"ilik"* AND "İADE"*'


def test_notes_typed_later_are_folded_too(path):
    db = open_db(path)
    record_call(db, call_id("later"), START + timedelta(days=1), ["Kapı kırıldı"], "Işık yok")
    db.close()
    reader = queries.open_for_reading(path)
    try:
        for text in ("kapi kirildi", "isik", "KAPI", "ışık"):
            assert queries.count(reader, Filter(search=text)) == 1, text
    finally:
        reader.close()


def test_the_commands_find_kirik(path):
    def run(*args: str):
        result = CliRunner().invoke(cli, [*args, "--db", str(path)])
        assert result.exit_code == 0, result.output
        return result.output

    listed = json.loads(run("calls", "list", "--search", "kirik", "--format", "json"))
    assert [r["id"] for r in listed] == [call_id(n) for n in BROKEN]
    figures = json.loads(run("stats", "--search", "kirik", "--format", "json"))
    assert figures["calls"] == 3
    exported = json.loads(run("export", "--format", "json", "--search", "KIRIK"))
    assert [r["id"] for r in exported] == [call_id(n) for n in BROKEN]
    table = run("calls", "list", "--search", "kırık", "--lang", "tr").splitlines()
    assert [line.split()[0] for line in table[1:]] == [call_id(n)[:8] for n in BROKEN]


def as_schema_10(path) -> None:
    """Take the file back to what callmate 10 kept: documents holding ı as it was typed."""
    conn = sqlite3.connect(path)
    with conn:
        call_search.drop_triggers(conn)
        conn.execute(
            f"UPDATE call_search SET notes = (SELECT {call_search.notes_sql('calls.id')} FROM "
            "calls WHERE calls.id = call_search.call_id), summary = (SELECT coalesce(summary, '') "
            "FROM calls WHERE calls.id = call_search.call_id)"
        )
        conn.execute("INSERT INTO calls_fts (calls_fts) VALUES ('rebuild')")
        # Every trigger in place, as callmate 10 left them: the migration must not rely on a
        # missing one to notice that the documents are out of date.
        call_search.add_triggers(conn)
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm011_search_folds_dotless_i'")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.close()


def test_a_log_from_before_has_its_search_index_made_again(path):
    as_schema_10(path)
    conn = sqlite3.connect(path)
    unfolded = conn.execute(
        "SELECT count(*) FROM calls_fts WHERE calls_fts MATCH 'kirik'"
    ).fetchone()
    assert unfolded[0] == 2  # KIRIK and the i typed by the agent, not kırık
    conn.close()
    result = CliRunner().invoke(
        cli, ["calls", "list", "--search", "kirik", "--format", "json", "--db", str(path)]
    )
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(result.stdout)] == [call_id(n) for n in BROKEN]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    reader = queries.open_for_reading(path)
    try:
        assert found(reader, "kırık") == BROKEN  # the figures kept follow the new documents
        assert stats.compute(reader, Filter(search="kirik")).calls == 3
    finally:
        reader.close()


@pytest.fixture
def english_afterwards():
    yield
    set_language("en")


@pytest.mark.usefixtures("english_afterwards")
@pytest.mark.parametrize("language", ["en", "tr", "et"])
@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_the_review_finds_kirik_as_typed(path, language, size):
    from tests.test_review_screen import review_app, settle, table_ids, type_into

    set_language(language)
    app = review_app(path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_into(pilot, "kirik")
        await pilot.press("enter")
        await settle(pilot)
        assert table_ids(app) == [call_id(n) for n in BROKEN]
        three = ngettext("{n} call", "{n} calls", 3).format(n=number(3))
        assert three in str(app.screen.query_one("#review-status").content)
