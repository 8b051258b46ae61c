"""Search: any text a person types is a valid search, and a call matches when its notes and its
summary together hold every word. Real calls, written through the live path, in a real file."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from callmate.call import Call
from callmate.checklists import catalog
from callmate.cli import cli
from callmate.clock import FakeClock
from callmate.review import queries, stats
from callmate.review.filters import Filter, FilterError
from callmate.review.pages import Typed, read_page, resolve
from callmate.store import live
from callmate.store.db import open_db

pytestmark = pytest.mark.usefixtures("utc_dates")

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

# name: (notes, summary); calls start an hour apart in this order.
CALLS = {
    "item": (["Item arrived broken", "wants a refund"], ""),
    "iban": (["IBAN checked twice"], "Refund sent to the IBAN"),
    "ilik": (["Çay ılık geldi"], "iade istedi"),
    "ILIK": (["ILIK SU"], "İADE YAPILDI"),
    "courier": (["refund approved"], "courier picks the parcel up"),
    "split": (["asked about a refund", "the courier was late"], ""),
    "plain": (["nothing to see"], "all good"),
}


def record_call(
    db,
    call_id: str,
    start: datetime,
    notes=(),
    summary: str = "",
    *,
    agent: str = "Ann",
    wrap: bool = True,
    checklist: str = "default.en",
) -> Call:
    """One call through the call model and the live path: its notes a few seconds apart."""
    chosen = catalog.resolve(checklist)
    clock = FakeClock(start)
    call, change = Call.start(chosen, clock, agent=agent, call_id=call_id)
    live.apply(db, change, chosen)
    for text in notes:
        clock.advance(5)
        live.apply(db, call.add_note(text))
    if wrap:
        clock.advance(30)
        live.apply(db, call.wrap_up(outcome="resolved", summary=summary))
    return call


def call_id(name: str) -> str:
    return name.encode().hex().ljust(32, "0")[:32]


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "calls.db"
    db = open_db(path)
    for n, (name, (notes, summary)) in enumerate(CALLS.items()):
        record_call(db, call_id(name), START + timedelta(hours=n), notes, summary)
    db.close()
    return path


@pytest.fixture
def db(path):
    db = queries.open_for_reading(path)
    yield db
    db.close()


def found(db, text: str, **typed) -> list[str]:
    """The names of the calls a search finds, newest first; the count and statistics agree."""
    names = {call_id(n): n for n in CALLS}
    filt = resolve(db, Typed(search=text, **typed), NOW)
    rows = queries.page(db, filt, limit=100)
    assert queries.count(db, filt) == len(rows) == stats.count_calls(db, filt)
    assert stats.compute(db, filt).calls == len(rows)
    return [names[r["id"]] for r in rows]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Item refund", ["item"]),
        ("item REFUND", ["item"]),
        ("IBAN refund", ["iban"]),  # the IBAN in a note, the refund in the summary
        ("iban", ["iban"]),
        ("ılık iade", ["ILIK", "ilik"]),  # ILIK is folded to ilik: ı looks for i too
        ("ILIK İADE", ["ILIK", "ilik"]),
        ("Ilık", ["ILIK", "ilik"]),
        ("refund courier", ["split", "courier"]),  # in two notes; in a note and the summary
        ("courier refund late", ["split"]),
        ("refund OR nothing", []),  # OR is a word to look for, not an operator
        ("NOT refund", []),
        ('refund" (courier*', ["split", "courier"]),
        ("refund AND courier", []),  # AND too is a word to look for
        ("refund 🙂", ["split", "courier", "iban", "item"]),  # nothing searchable in 🙂
    ],
)
def test_every_word_in_the_notes_or_summary_of_a_call(db, text, expected):
    assert found(db, text) == expected


@pytest.mark.parametrize("text", ["🙂", "—", '"', "*", "🙂 — * ()", "_", "-- ..."])
def test_a_search_with_nothing_to_look_for_is_said_so(db, text):
    with pytest.raises(FilterError, match="nothing searchable was typed"):
        resolve(db, Typed(search=text), NOW)
    with pytest.raises(FilterError, match="nothing searchable was typed"):
        Filter(search=text)


def test_an_empty_search_is_no_search(db):
    assert len(found(db, "")) == len(CALLS)
    assert len(found(db, "   ")) == len(CALLS)


def test_the_command_line_finds_two_word_searches_and_refuses_empty_ones(path):
    def run(*args: str):
        return CliRunner().invoke(cli, [*args, "--db", str(path)])

    listed = run("calls", "list", "--format", "json", "--search", "Item refund")
    assert listed.exit_code == 0, listed.output
    assert '"id": "' + call_id("item") in listed.output
    for command in (["calls", "list"], ["stats"], ["export", "--format", "json"]):
        for text in ("IBAN refund", "ılık iade"):
            result = run(*command, "--search", text)
            assert result.exit_code == 0 and "error" not in result.output, result.output
        result = run(*command, "--search", "🙂")
        assert result.exit_code == 1, result.output
        assert result.output == "callmate: nothing searchable was typed in the search '🙂'\n"


WORDS = st.sampled_from(
    [
        "refund",
        "Item",
        "IBAN",
        "ılık",
        "İADE",
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "(",
        ")",
        '"',
        "*",
        "-",
        "^",
        ":",
        "+",
        "{",
        "}",
        "🙂",
        "—",
        "_",
        "ı",
        "I",
        "İ",
        "courier",
        "x",
        "ß",
        "\x00",
        "'",
        "%",
    ]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.text(max_size=20),
        st.lists(WORDS, max_size=6).map(" ".join),
        st.lists(WORDS, max_size=6).map("".join),
    )
)
def test_any_text_is_a_valid_search_or_says_nothing_was_searchable(db, text):
    try:
        filt = resolve(db, Typed(search=text), NOW)
    except FilterError as exc:
        assert "nothing searchable was typed" in str(exc)
        return
    try:
        read_page(db, filt)
        stats.count_calls(db, filt)
    except sqlite3.Error as exc:  # pragma: no cover - the failure this test exists to catch
        pytest.fail(f"{text!r}: {exc}")


def test_the_search_follows_notes_and_summaries_as_they_are_written(tmp_path):
    path = tmp_path / "calls.db"
    db = open_db(path)
    call = record_call(db, call_id("live"), START, ["first words"], wrap=False)
    reader = queries.open_for_reading(path)

    def hits(text: str) -> int:
        return queries.count(reader, Filter(search=text))

    assert hits("first") == 1 and hits("later") == 0
    live.apply(db, call.add_note("later words"))
    assert hits("first later") == 1
    live.apply(db, call.wrap_up(outcome="resolved", summary="sorted with a voucher"))
    assert hits("voucher first") == 1
    db.execute("UPDATE notes SET text = 'changed' WHERE call_id = ? AND seq = 1", [call.id])
    assert hits("first") == 0 and hits("changed later voucher") == 1
    db.execute("DELETE FROM notes WHERE call_id = ?", [call.id])
    assert hits("later") == 0 and hits("voucher") == 1
    for table in ("call_steps", "events", "calls"):
        db.execute(
            f"DELETE FROM {table} WHERE {'id' if table == 'calls' else 'call_id'} = ?", [call.id]
        )
    assert hits("voucher") == 0
    reader.close()
    db.close()


@pytest.mark.parametrize("per_second", [7, 45])
def test_pages_of_a_search_are_newest_first_with_ties_in_id_order(tmp_path, per_second):
    """Many calls in the same second: a search pages through them exactly as the list does."""
    path = tmp_path / "calls.db"
    db = open_db(path)
    words = {}
    for n in range(60):
        cid = f"{(n * 7919) % 1000:03d}".ljust(32, "f")  # ids in no order of time
        words[cid] = "refund even" if n % 2 == 0 else "refund odd"
        record_call(
            db,
            cid,
            START + timedelta(seconds=n // per_second),
            [words[cid]],
            agent="Ann" if n % 3 else "Ben",
        )
    db.close()
    reader = queries.open_for_reading(path)
    for typed in (
        {"search": "refund"},
        {"search": "even"},
        {"search": "refund", "agent": "ann"},
        {"search": "odd", "since": "2026-11-02 09:00:01"},
    ):
        filt = resolve(reader, Typed(**typed), NOW)
        unsearched = Filter(filt.since, filt.until, filt.agents)
        expected = [
            r["id"]
            for r in queries.page(reader, unsearched, limit=100)
            if typed["search"] in words[r["id"]]
        ]
        pages = [read_page(reader, filt, size=3)]
        while pages[-1].more:
            pages.append(read_page(reader, filt, len(pages), after=pages[-1].last_key, size=3))
        assert [r["id"] for p in pages for r in p.rows] == expected, typed
        assert len(pages) > 2, typed
        back = read_page(reader, filt, 1, before=pages[2].first_key, size=3)
        assert back.rows == pages[1].rows, typed
    reader.close()
