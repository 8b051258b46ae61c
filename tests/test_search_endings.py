"""A Turkish or Estonian lead searches a word as they would say it in the sentence in their
head: with a case ending ("kargoyu", "kullerit"). The search reads past the endings of the
language they work in, so the word is found in any form the agent wrote it; in English nothing
changes, and a word written with the ending is found as before."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from callmate.review import queries, stats
from callmate.review.filters import fts_query
from callmate.review.pages import Typed, resolve
from callmate.store.db import open_db
from tests.test_search import call_id, record_call

pytestmark = pytest.mark.usefixtures("utc_dates")

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

# name: (notes, checklist); calls start an hour apart in this order.
CALLS = {
    "kargo": (["Kargo iki kez gecikti"], "default.tr"),
    "iade": (["Müşteri iade istedi, faturası yok"], "default.tr"),
    "kuller": (["Kuller ei tulnud, pakk on kadunud"], "default.et"),
    "kullerile": (["Helistasin kullerile"], "default.et"),
    "english": (["Courier will update the delivery date"], "default.en"),
}


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "calls.db"
    writer = open_db(path)
    for n, (name, (notes, checklist)) in enumerate(CALLS.items()):
        record_call(writer, call_id(name), START + timedelta(hours=n), notes, checklist=checklist)
    writer.close()
    reader = queries.open_for_reading(path)
    yield reader
    reader.close()


def found(db, text: str, language: str) -> set[str]:
    names = {call_id(n): n for n in CALLS}
    filt = resolve(db, Typed(search=text), NOW, language=language)
    rows = queries.page(db, filt, limit=100)
    assert queries.count(db, filt) == len(rows) == stats.compute(db, filt).calls
    return {names[r["id"]] for r in rows}


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("kargoyu", "tr", {"kargo"}),  # accusative: "kargoyu bekliyor"
        ("kargodan", "tr", {"kargo"}),  # ablative
        ("iadeyi", "tr", {"iade"}),
        ("faturasını", "tr", {"iade"}),  # faturası, written with one ending, typed with two
        ("kullerit", "et", {"kuller", "kullerile"}),  # partitive
        ("kullerile", "et", {"kuller", "kullerile"}),  # allative: the stem finds both
        ("kullerist", "et", {"kuller", "kullerile"}),  # elative
        ("kargo", "tr", {"kargo"}),  # the plain word, as before
        ("kargoyu", "en", set()),  # in English no Turkish ending is read past
        ("update", "tr", {"english"}),  # read past "te", its stem still finds it as written
        ("update", "en", {"english"}),
    ],
)
def test_a_word_typed_with_a_case_ending_finds_it_in_any_form(db, text, language, expected):
    assert found(db, text, language) == expected


def test_the_endings_are_read_past_only_for_a_long_enough_stem():
    assert fts_query("kargoyu", folded=True, endings=("yu",)) == '"kargo"*'
    assert fts_query("suyu", folded=True, endings=("yu",)) == '"suyu"*'  # "su": too short
    assert fts_query("kargoyu", folded=True) == '"kargoyu"*'
