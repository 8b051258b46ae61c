"""Properties of callmate.safe over arbitrary text: controls, C1, bidi, surrogates, huge strings."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given, settings, strategies as st

from callmate.safe import FORMAT_RANGES, FORMULA_TRIGGERS, cell_width, csv_cell, fit, pad, visible

# Every code point, surrogates and unassigned ones included (no category is left out).
ANY_CHAR = st.characters(blacklist_categories=())
# Characters an attacker would reach for, mixed in often so that most examples hold some.
NASTY = st.sampled_from(
    [
        "\x1b",
        "\x07",
        "\x9b",
        "\x9d",
        "\x00",
        "\x7f",
        "\b",
        "\r",
        "\n",
        "\t",
        "\u202e",
        "\u2066",
        "\u200b",
        "\u200d",
        "\ufeff",
        "\u2028",
        "\udcff",
        "\ud800",
        "\U000e0041",
        "e\u0301",
        "日",
        "👩\u200d💻",
        "❤\ufe0f",
        "⟨",
        "⟩",
        "⟨U+202E⟩",
        "İ",
        "ı",
        "õ",
        "[bold]",
        "\\",
    ]
)
TEXT = st.lists(st.one_of(ANY_CHAR, NASTY), max_size=80).map("".join)
HUGE = st.builds(lambda piece, times: piece * times, TEXT, st.integers(200, 2000))
ANY_TEXT = st.one_of(TEXT, st.text(alphabet=ANY_CHAR, max_size=300), HUGE)

HIDDEN = {*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0xD800, 0xE000)} | {
    code for first, last in FORMAT_RANGES for code in range(first, last + 1)
}
SYMBOL = re.compile(r"⟨(?:U\+[0-9A-F]{4,6}|0x[0-9A-F]{2})⟩")
FAST = settings(max_examples=200, deadline=None)


def hidden_in(text: str) -> list[str]:
    return [hex(ord(ch)) for ch in text if ord(ch) in HIDDEN]


@FAST
@given(ANY_TEXT)
def test_visible_leaves_nothing_hidden_and_always_encodes(text):
    shown = visible(text)
    assert hidden_in(shown) == []
    shown.encode("utf-8")  # never raises: no lone surrogate is left


@FAST
@given(ANY_TEXT)
def test_visible_with_newlines_leaves_only_newlines(text):
    shown = visible(text, newlines=True)
    assert hidden_in(shown.replace("\n", "")) == []
    shown.encode("utf-8")
    assert shown.count("\n") == text.count("\n")  # no line is added or lost


@FAST
@given(ANY_TEXT)
def test_visible_is_idempotent(text):
    once = visible(text)
    assert visible(once) == once
    lines = visible(text, newlines=True)
    assert visible(lines, newlines=True) == lines


@FAST
@given(ANY_TEXT)
def test_visible_changes_only_what_it_must(text):
    """Text without hidden characters (tabs aside) comes back unchanged."""
    plain = "".join(ch for ch in text if ord(ch) not in HIDDEN)
    assert visible(plain) == plain


def inside_a_symbol(shown: str, at: int) -> bool:
    """Whether position ``at`` of ``shown`` falls strictly inside a symbol made by visible()."""
    return any(m.start() < at < m.end() for m in SYMBOL.finditer(shown))


@FAST
@given(ANY_TEXT, st.integers(0, 200))
def test_fit_never_exceeds_the_width_and_only_cuts_the_end(text, width):
    shown = visible(text)
    cut = fit(shown, width)
    assert cell_width(cut) <= width
    if cut != shown and width > 0:
        kept = cut.removesuffix("…")
        assert cut.endswith("…") and shown.startswith(kept)
        assert not inside_a_symbol(shown, len(kept))


@FAST
@given(ANY_TEXT, st.integers(0, 200), st.sampled_from(["left", "right"]))
@example("\u200d❤️", 3, "right")  # the space put before joined the heart: VS16 lost its cell
@example("❤️️", 3, "left")
def test_pad_gives_exactly_the_width(text, width, align):
    padded = pad(visible(text), width, align)
    assert cell_width(padded) == width


@FAST
@given(TEXT)
def test_no_width_cuts_a_symbol_or_a_combining_sequence(text):
    shown = visible(text)
    for width in range(1, min(cell_width(shown), 40) + 1):
        kept = fit(shown, width).removesuffix("…")
        assert shown.startswith(kept)
        assert not inside_a_symbol(shown, len(kept))
        rest = shown[len(kept) :]
        assert not rest or unicodedata.category(rest[0]) not in ("Mn", "Me")


@FAST
@given(st.one_of(ANY_TEXT, st.sampled_from(sorted(FORMULA_TRIGGERS)).map(lambda t: t + "1+1")))
def test_csv_cell_never_starts_with_a_formula_trigger(text):
    cell = csv_cell(text)
    assert isinstance(cell, str)
    assert cell[:1] not in FORMULA_TRIGGERS
    assert cell.lstrip()[:1] not in FORMULA_TRIGGERS or cell.startswith("'")
    assert cell in (text, "'" + text)  # nothing else is touched
    assert csv_cell(cell) == cell  # idempotent


@FAST
@given(st.one_of(st.integers(), st.floats(), st.none(), st.booleans()))
def test_csv_cell_keeps_numbers(value):
    assert csv_cell(value) is value
