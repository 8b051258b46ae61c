"""Filters and search return exactly the right calls, FTS syntax in a query included."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from callmate.dates import DateError
from callmate.review import queries
from callmate.review.filters import FilterError, fts_query, parse_outcome
from callmate.review.pages import Typed, read_page, resolve
from tests.test_review_dataset import build

pytestmark = pytest.mark.usefixtures("utc_dates")

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
def log(tmp_path):
    ids = build(tmp_path / "calls.db")
    db = queries.open_for_reading(tmp_path / "calls.db")
    yield db, {v: k for k, v in ids.items()}
    db.close()


def matching(log, **typed) -> list[str]:
    """The names of the calls the typed filter selects, newest first (and the count agrees)."""
    db, names = log
    filt = resolve(db, Typed(**typed), NOW)
    rows = queries.page(db, filt, limit=100)
    assert queries.count(db, filt) == len(rows)
    return [names[r["id"]] for r in rows]


def test_no_filter_lists_every_call_newest_first(log):
    assert matching(log) == ["G", "F", "E", "D", "C", "B", "A"]


@pytest.mark.parametrize(
    "typed, expected",
    [
        ({"since": "2026-11-05"}, ["G", "F", "E", "D", "C"]),
        ({"until": "2026-11-05"}, ["C", "B", "A"]),  # a plain date includes that whole day
        ({"since": "2026-11-03", "until": "2026-11-10"}, ["D", "C", "B"]),
        ({"since": "2026-11-02 09:00", "until": "2026-11-20 23:30"}, ["E", "D", "C", "B", "A"]),
        ({"since": "2026-11-02 09:01"}, ["G", "F", "E", "D", "C", "B"]),
        ({"since": "3d"}, ["G", "F"]),  # from 20 Nov 12:00 (NOW less three days)
        ({"since": "2d"}, []),  # from 21 Nov 12:00: G started at 10:00
        ({"agent": "ann"}, ["G", "F", "B", "A"]),
        ({"agent": "  BEN "}, ["D", "C"]),
        ({"agent": "nobody"}, []),
        ({"outcome": "esc"}, ["B"]),
        ({"outcome": "hung up"}, ["E"]),
        ({"outcome": "Customer hung up"}, ["E"]),
        ({"outcome": "hung_up"}, ["E"]),
        ({"agent": "ben", "outcome": "abuse"}, ["D"]),
        ({"agent": "ann", "since": "2026-11-03", "until": "2026-11-20"}, ["F", "B"]),
    ],
)
def test_filters(log, typed, expected):
    assert matching(log, **typed) == expected


@pytest.mark.parametrize(
    "search, expected",
    [
        ("refund", ["G", "F", "B", "A"]),  # "refunded" too: words of 3+ letters match as prefixes
        ('refund"', ["G", "F", "B", "A"]),
        ('"refund', ["G", "F", "B", "A"]),
        ("-refund", ["G", "F", "B", "A"]),
        ("refund kettle", ["A"]),  # every word must match
        ("AND", ["C"]),
        ("and", ["C"]),
        ("OR", []),
        ("NOT refund", []),
        ("foo-bar", ["C"]),
        ("foo bar", ["C"]),
        ("NEAR(refund", []),
        ("refund*", ["G", "F", "B", "A"]),
        ("(late)", ["D", "C"]),
        ("carla@example.com", ["B"]),
        ("hilineb", ["E"]),
        ("HİLİNEB", ["E"]),  # case and diacritics fold, the Turkish dotted İ too
        ("tellimus", ["E"]),
        ("kettle", ["A"]),
        ("ket", ["A"]),
        ("ke", []),  # two letters: a whole word only
        ("", ["G", "F", "E", "D", "C", "B", "A"]),  # nothing typed: no search
        ("refund manager", ["B"]),  # every word, in the notes or the summary
        ("Refund MANAGER", ["B"]),
    ],
)
def test_search_in_notes_treats_fts_syntax_as_plain_text(log, search, expected):
    assert matching(log, search=search) == expected


def test_search_combines_with_the_other_filters(log):
    assert matching(log, search="refund", agent="ann", until="2026-11-10") == ["B", "A"]
    assert matching(log, search="refund", agent="ben") == []
    assert matching(log, search="late", outcome="abuse") == ["D"]


def test_fts_query_quotes_every_word_and_writes_and_between_them():
    assert fts_query('refund"') == '"refund"""*'
    assert fts_query("AND foo-bar x") == '"AND"* AND "foo-bar"* AND "x"'
    assert fts_query("Item refund") == '("Item"* OR "ıtem"*) AND "refund"*'
    assert fts_query("ılık iade") == '("ılık"* OR "ilik"*) AND "iade"*'
    assert fts_query(' " * ') is None
    assert fts_query(None) is None


def test_bad_dates_and_outcomes_are_errors_for_people(log):
    db, _ = log
    with pytest.raises(DateError, match="yesterdayish"):
        resolve(db, Typed(since="yesterdayish"), NOW)
    with pytest.raises(FilterError, match="unknown outcome “happy”.*Resolved, Escalated"):
        resolve(db, Typed(outcome="happy"), NOW)
    with pytest.raises(FilterError, match="not after"):
        resolve(db, Typed(since="2026-11-10", until="2026-11-01"), NOW)
    with pytest.raises(FilterError):
        parse_outcome("c")  # callback or customer hung up: ambiguous


def test_pages_follow_each_other_without_gaps_or_repeats(log):
    db, names = log
    filt = resolve(db, Typed(), NOW)
    first = read_page(db, filt, 0, size=3)
    second = read_page(db, filt, 1, after=first.last_key, size=3)
    third = read_page(db, filt, 2, after=second.last_key, size=3)
    assert [names[r["id"]] for r in first.rows + second.rows + third.rows] == list("GFEDCBA")
    assert first.more and second.more and not third.more
    back = read_page(db, filt, 1, before=third.first_key, size=3)
    assert [r["id"] for r in back.rows] == [r["id"] for r in second.rows]
    top = read_page(db, filt, 0, before=second.first_key, size=3)
    assert [r["id"] for r in top.rows] == [r["id"] for r in first.rows] and top.index == 0


def test_a_call_is_found_by_a_unique_start_of_its_id(log):
    db, names = log
    ids = {name: call_id for call_id, name in names.items()}
    assert queries.find_call_id(db, ids["C"][:4].upper()) == ids["C"]
    assert queries.find_call_id(db, ids["C"]) == ids["C"]
    with pytest.raises(queries.CallNotFound, match="no call with id 'zz'"):
        queries.find_call_id(db, "zz")
    with pytest.raises(queries.CallNotFound, match="no call id"):
        queries.find_call_id(db, "  ")
