"""Properties of redaction over generated names, numbers, addresses and arbitrary text."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import assume, given, settings, strategies as st

from callmate.privacy.names import fold, name_parts
from callmate.privacy.redact import mask_cards, redact_text

FAST = settings(max_examples=200, deadline=None)
ANY_CHAR = st.characters(blacklist_categories=())
ANY_TEXT = st.text(alphabet=ANY_CHAR, max_size=200)
# Filler around what must go: words, spaces and punctuation, but no digits and no "@".
FILLER = st.text(alphabet=st.sampled_from("abcçdefgğhıijklmnoöprsştuüvyzõäABCÇŞİÖÜ ,.;:!?()'-"))

# fmt: off
NAMES = [
    "Anna Smith-Jones", "Işıl Özkan-Şahin", "Jüri Tamm", "Ayşe Yılmaz", "Kalle-Kusta Õun",
    "Mehmet Çağlar", "İsmail Irmak", "Seán O'Brien", "Tiiu Sepp", "Ümit Güneş", "Fay Wong",
]
# fmt: on


def turkish_upper(text: str) -> str:
    return text.replace("i", "İ").replace("ı", "I").upper()


def ascii_only(text: str) -> str:
    """As typed without Turkish or Estonian letters: Işıl → Isil, Õun → Oun."""
    plain = unicodedata.normalize("NFD", text.replace("ı", "i").replace("İ", "I"))
    return "".join(ch for ch in plain if not unicodedata.combining(ch))


# fmt: off
WRITINGS = [
    str, str.upper, str.lower, str.title, turkish_upper, ascii_only,
    lambda t: unicodedata.normalize("NFD", t),
    lambda t: t.replace("i", "ı").replace("I", "İ"),  # the "wrong" i, as a hurried agent types
]
# fmt: on
TITLES = ["", "Mr ", "Mrs. ", "Dr.", "Sayın ", "Sn. ", "härra ", "pr ", "HÄRRA "]
# After an apostrophe, or glued on: "ga" is Estonian "with", after the stem vowel ("Tamm-e-ga").
SUFFIXES = ["", "'ın", "’e", "'s", "'a", "le", "ler", "ga"]


def letter_words(text: str) -> set[str]:
    """The words of ``text`` as redaction compares them: folded, without combining marks."""
    plain = "".join(ch for ch in fold(text) if not unicodedata.combining(ch))
    return set(re.findall(r"[^\W\d_]+", plain))


@FAST
@given(ANY_TEXT, st.lists(ANY_TEXT, max_size=3))
def test_redaction_never_fails_on_any_text_or_name(text, names):
    result = redact_text(text, names)
    assert isinstance(result, str)


@FAST
@given(ANY_TEXT)
def test_fold_keeps_the_length_of_any_text(text):
    assert len(fold(text)) == len(text)


@FAST
@given(
    st.sampled_from(NAMES),
    st.sampled_from(WRITINGS),
    st.sampled_from(TITLES),
    st.sampled_from(SUFFIXES),
    FILLER,
    FILLER,
    st.data(),
)
def test_no_part_of_a_name_survives_however_it_is_written(
    name, write, title, suffix, before, after, data
):
    parts = name_parts(name)
    part = data.draw(st.sampled_from([*parts, name]))
    glued = suffix and not suffix.startswith(("'", "’"))
    if glued and len(part.split()[-1]) < 4:
        suffix = ""  # glued endings are only read after parts of four letters or more
    elif suffix == "ga" and fold(part)[-1] not in "aeiou":
        suffix = "iga"  # Smithiga, Tammiga
    text = f"{before} {title}{write(part)}{suffix} {after}"
    result = redact_text(text, [name])
    assert "[name]" in result
    leaked = letter_words(result) & {w for p in parts for w in letter_words(p)}
    assert not leaked, (text, result)
    assert not letter_words(result) & {fold(p) + suffix for p in parts}


# -- phone numbers ---------------------------------------------------------------------------------

# fmt: off
PHONE_FORMATS = [
    "05XX XXX XX XX", "05XX/XXX XX XX", "+90 5XX XXX XX XX", "(0XXX) XXX-XXXX",
    "0 (XXX) XXX XX XX", "05XXXXXXXXX", "0XXX.XXX.XX.XX", "(0212) XXX-XX-XX",
    "+372 5XXX XXXX", "5XXX XXXX", "+372 6XXX XXX", "5XX XXXX",
    "+44 20 XXXX XXXX", "020 XXXX XXXX", "+44 7XXX XXXXXX", "07XXX XXXXXX", "+44 (0)20 XXXX XXXX",
    "(XXX) XXX-XXXX", "XXX.XXX.XXXX", "XXX-XXX-XXXX", "+1 XXX XXX XXXX",
]
# fmt: on


@st.composite
def phone_numbers(draw) -> str:
    pattern = draw(st.sampled_from(PHONE_FORMATS))
    return re.sub("X", lambda _: str(draw(st.integers(0, 9))), pattern)


@FAST
@given(phone_numbers(), FILLER, FILLER)
def test_no_digit_of_a_phone_number_survives(phone, before, after):
    result = redact_text(f"{before} {phone} {after}")
    assert "[phone]" in result
    assert not re.search(r"\d", result), (phone, result)


@FAST
@given(st.lists(phone_numbers(), min_size=2, max_size=4), st.sampled_from([" ", ", ", " / ", "\n"]))
def test_several_phone_numbers_leave_no_digit(phones, separator):
    result = redact_text(separator.join(phones))
    assert not re.search(r"\d", result), result


# -- what must stay --------------------------------------------------------------------------------


@st.composite
def dates_and_times(draw) -> str:
    year = draw(st.integers(1990, 2039))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    hour = draw(st.integers(0, 23))
    minute = draw(st.integers(0, 59))
    # fmt: off
    forms = [
        f"{year}-{month:02}-{day:02}", f"{year}-{month:02}-{day:02} {hour:02}:{minute:02}",
        f"{day:02}.{month:02}.{year}", f"{day}.{month}.{year}",
        f"{day}.{month}.{year} {hour}.{minute:02}",
        f"{month}/{day}/{year}", f"{hour:02}:{minute:02}", f"{hour}.{minute:02}",
        f"{hour}.{minute:02}-{(hour + 1) % 24}.{minute:02}", f"{year}-{year + 1}",
        f"{day:02}.{month:02}.{year} {hour:02}:{minute:02}:{minute:02}",
        f"{year}-{month:02}-{day:02}T{hour:02}:{minute:02}:{minute:02}+03:00",
        f"{year}-{month:02}-{day:02} {hour:02}:{minute:02}:{minute:02}.{day * 4567}",
    ]
    # fmt: on
    return draw(st.sampled_from(forms))


@FAST
@given(dates_and_times(), FILLER)
def test_dates_and_times_are_never_taken_for_phone_numbers(when, words):
    text = f"{words} {when} {words}"
    assert redact_text(text) == text


@FAST
@given(st.emails(), FILLER, FILLER)
def test_no_email_address_survives(email, before, after):
    result = redact_text(f"{before} {email} {after}")
    assert "@" not in result and "[email]" in result


@FAST
@given(FILLER)
def test_text_without_personal_data_is_unchanged(text):
    assume("@" not in text)
    assert redact_text(text, ["Zzyzx Qwxyv"]) == text


@FAST
@given(ANY_TEXT)
def test_card_masks_survive_redaction(text):
    masked, _ = mask_cards(f"{text} card: 4111 1111 1111 1111")
    assert "[card ••••1111]" in redact_text(masked)
