"""Redaction leaves no part of a customer's name, in English, Turkish and Estonian."""

from __future__ import annotations

import pytest

from callmate.privacy.names import fold, name_parts
from callmate.privacy.redact import redact_text

ENGLISH = "Anna Smith-Jones"
TURKISH = "Işıl Özkan-Şahin"
ESTONIAN = "Jüri Tamm"


@pytest.mark.parametrize(
    "name, parts",
    [
        (ENGLISH, ["Anna", "Smith", "Jones"]),
        (TURKISH, ["Işıl", "Özkan", "Şahin"]),
        (ESTONIAN, ["Jüri", "Tamm"]),
        ("  Mrs  Ayşe   Yılmaz ", ["Ayşe", "Yılmaz"]),  # titles are not parts
        ("Ayşe Hanım", ["Ayşe"]),
        ("J. R. Hartley", ["Hartley"]),  # initials are not parts
        ("Seán O'Brien", ["Seán", "Brien"]),
        ("Kalle-Kusta Õun", ["Kalle", "Kusta", "Õun"]),
        ("", []),
    ],
)
def test_name_parts(name, parts):
    assert name_parts(name) == parts


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Mrs Smith called again", "[name] called again"),
        ("Mr Jones called", "[name] called"),
        ("SMITH-JONES", "[name]"),
        ("Anna Smith-Jones called", "[name] called"),
        ("anna smith - jones", "[name]"),
        ("Mrs. Smith-Jones's order", "[name]'s order"),
        ("Ms Anna called; Dr.Smith too", "[name] called; [name] too"),
        ("ANNA wrote to smith", "[name] wrote to [name]"),
        ("Jones, Anna", "[name], [name]"),
        ("Smith–Jones (en dash)", "[name] (en dash)"),
        ("Jones\nSmith", "[name]\n[name]"),  # the line break stays
        ("user anna_smith", "user [name]_[name]"),
        ("Mr and Mrs Smith", "Mr and [name]"),
        ("Annabel and Smithson are other people", "Annabel and Smithson are other people"),
        ("announcement from the jones-ing team", "announcement from the [name]-ing team"),
    ],
)
def test_english_name_and_its_parts(text, redacted):
    assert redact_text(text, [ENGLISH]) == redacted


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Özkan called", "[name] called"),
        ("ŞAHİN called", "[name] called"),
        ("şahin aradı", "[name] aradı"),
        ("ÖZKAN-ŞAHİN", "[name]"),
        ("IŞIL ÖZKAN", "[name]"),
        ("Isil Ozkan", "[name]"),  # typed without a Turkish keyboard
        ("ISIL", "[name]"),
        ("Özkan'ın siparişi", "[name]'ın siparişi"),
        ("Şahin’e iletildi", "[name]’e iletildi"),
        ("Işıl Hanım", "[name]"),
        ("ışıl hanım", "[name]"),
        ("IŞIL HANIM", "[name]"),
        ("Işıl Hanım'a söyledim", "[name]'a söyledim"),
        ("Işıl Hanıma söyledim", "[name] söyledim"),
        ("Sayın Özkan-Şahin", "[name]"),
        ("Sn. Şahin", "[name]"),
        ("Bayan Özkan", "[name]"),
        ("Şahinle görüştüm", "[name] görüştüm"),
        ("Özkana söyledim", "[name] söyledim"),
        ("özkanın siparişi", "[name] siparişi"),
        ("Özkandan haber yok", "[name] haber yok"),
        ("Özkanlar aradı", "[name] aradı"),
        ("Calls: search Özkan", "Calls: search [name]"),  # an export's title
        ("Özkanyurt başka biri", "Özkanyurt başka biri"),  # a longer name is not a case ending
    ],
)
def test_turkish_name_in_any_case_and_with_suffixes(text, redacted):
    assert redact_text(text, [TURKISH]) == redacted


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("härra Tamm helistas", "[name] helistas"),
        ("HÄRRA TAMM", "[name]"),
        ("hr. Tamm", "[name]"),
        ("pr Tamm", "[name]"),
        ("TAMM", "[name]"),
        ("Tammele helistati", "[name] helistati"),
        ("Tammega rääkisin", "[name] rääkisin"),
        ("Tammest ei tea", "[name] ei tea"),
        ("Tamme tellimus", "[name] tellimus"),
        ("Jürile saadeti", "[name] saadeti"),
        ("nägin Jürit", "nägin [name]"),
        ("Juri Tamm", "[name]"),
        ("tammepuu ja tammik", "tammepuu ja tammik"),  # words that merely start with the name
    ],
)
def test_estonian_name_with_titles_and_case_endings(text, redacted):
    assert redact_text(text, [ESTONIAN]) == redacted


def test_decomposed_text_is_matched_and_cut_whole():
    nfd = "O\u0308zkan ve S\u0327ahin"
    assert redact_text(nfd, [TURKISH]) == "[name] ve [name]"
    assert redact_text("i\u0307smail", ["İsmail"]) == "[name]"  # İ lower-cased by str.lower


def test_a_decomposed_name_finds_composed_text():
    assert redact_text("Özkan called", ["Işıl O\u0308zkan"]) == "[name] called"


@pytest.mark.parametrize(
    "name, text, redacted",
    [
        ("Ann", "announcement about Anna and Annie", "announcement about Anna and Annie"),
        ("Ann", "Ann said, ann agreed", "[name] said, [name] agreed"),
        # Whole words only: a Turkish first name that is also an English word goes as a word...
        ("Can Demir", "I can help Can", "I [name] help [name]"),
        ("Can Demir", "Can'ın siparişi; Canan", "[name]'ın siparişi; Canan"),
        # ...but the English "n't" is never taken for it.
        ("Can Demir", "can't, don't", "can't, don't"),
        ("Tim Cole", "it is time, Tim", "it is time, [name]"),  # three letters: no "Tim"+"e"
        ("Sam Lee", "same as Sam's", "same as [name]'s"),
        ("Mehmet Bey", "Mehmet Bey aradı, Mehmet Beye ilettim", "[name] aradı, [name] ilettim"),
        ("Mehmet Yıldız", "Bey and Hanım alone stay", "Bey and Hanım alone stay"),
        ("Seán O'Brien", "Mr O'Brien and o’brien; Sean", "[name] and [name]; [name]"),
        ("Ayşe Yılmaz", "Ayşegül is fine, Ayşeye söyledim", "Ayşegül is fine, [name] söyledim"),
        ("Li Na", "Li and Na, linen", "[name] and [name], linen"),
    ],
)
def test_whole_words_only_and_what_that_costs(name, text, redacted):
    assert redact_text(text, [name]) == redacted


def test_several_names_at_once():
    text = "Özkan and Smith and Tamm spoke; nobody else"
    result = redact_text(text, [TURKISH, ENGLISH, ESTONIAN])
    assert result == "[name] and [name] and [name] spoke; nobody else"


def test_names_with_emails_and_phones_together():
    text = "Mrs Smith-Jones (anna.smith-jones@example.co.uk, +44 20 7946 0958) asked for Jones."
    assert redact_text(text, [ENGLISH]) == "[name] ([email], [phone]) asked for [name]."


def test_a_bare_string_is_one_name_not_letters():
    assert redact_text("Tamm and a t", ESTONIAN) == "[name] and a t"


def test_empty_and_missing_names_change_nothing():
    assert redact_text("Anna called", []) == "Anna called"
    assert redact_text("Anna called", ["", None]) == "Anna called"  # type: ignore[list-item]
    assert redact_text("", [ENGLISH]) == ""


@pytest.mark.parametrize(
    "text",
    ["İade", "IŞIK", "ııı", "straße", "ΟΔΟΣ", "ǅ", "e\u0301", "日本語", "\udcff", "ﬁ", "İİ"],
)
def test_fold_keeps_the_length(text):
    assert len(fold(text)) == len(text)


def test_fold_applies_turkish_and_estonian_rules():
    assert fold("İI ıi ŞşĞğÇçÖöÜü ÕõÄäŠšŽž") == "ii ii ssggccoouu ooaassz" + "z"
