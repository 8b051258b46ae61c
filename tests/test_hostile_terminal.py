"""A crafted call (escape sequences, C1 codes, bidi overrides, formulas) cannot drive the terminal
through any command's output; JSON stays exact; CSV cells are neutralised; a pipe and a file get
the same bytes."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from callmate.call import Call
from callmate.checklists import catalog
from callmate.cli import cli
from callmate.clock import FakeClock
from callmate.store import live
from callmate.store.db import open_db

pytestmark = pytest.mark.usefixtures("utc_dates")

OSC52 = "\x1b]52;c;ZXZpbA==\x07"  # writes the clipboard
TITLE = "\x1b]0;owned\x07"  # changes the window title
CLEAR = "\x1b[2J\x1b[H"
CSI_C1 = "\x9b31m"  # a one-byte CSI: red text on many terminals
LINK = "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"
HOSTILE = {
    "agent": f"Mert{TITLE}",
    "customer": f"Ayşe{OSC52} Yılmaz",
    "reference": f"REF{CSI_C1}-1\u202egnp.exe",
    "note": f"abc\b\b\bXYZ {CLEAR} {LINK} | not a separator\nsecond line\x7f",
    "formula": '=HYPERLINK("https://evil.example","x")',
    "summary": "+cmd|' /C calc'!A0",
    "phrase": f"Thank you{OSC52}",
}
# Anything that can act on a terminal or reorder text: C0 (but \n), DEL, C1, bidi and invisibles.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def assert_harmless(text: str, *, crlf: bool = False) -> None:
    if crlf:
        text = text.replace("\r\n", "\n")
    found = RAW.search(text)
    assert found is None, (
        f"raw {found.group()!r} in output: {text[max(0, found.start() - 40) :][:80]!r}"
    )


def hostile_log(path: Path) -> str:
    """A log with one call whose every text field is hostile, written by the live path."""
    checklist = catalog.resolve("default.en")
    clock = FakeClock()
    db = open_db(path)
    call, change = Call.start(
        checklist,
        clock,
        agent=HOSTILE["agent"],
        customer=HOSTILE["customer"],
        reference=HOSTILE["reference"],
    )
    live.apply(db, change, checklist)
    clock.advance(5)
    for text in (HOSTILE["note"], HOSTILE["formula"], "- minus | bar", "@SUM(A1)"):
        live.apply(db, call.add_note(text))
    live.apply(db, call.phrase_copied(HOSTILE["phrase"], 1, "osc52"))
    clock.advance(30)
    live.apply(db, call.wrap_up(outcome="resolved", summary=HOSTILE["summary"]))
    db.close()
    return call.id


@pytest.fixture
def hostile(tmp_path) -> tuple[Path, str]:
    path = tmp_path / "calls.db"
    return path, hostile_log(path)


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize(
    "args",
    [
        ("calls", "list"),
        ("calls", "list", "--format", "csv"),
        ("stats",),
        ("export", "--format", "markdown"),
        ("export", "--format", "csv"),
    ],
)
def test_text_for_people_shows_every_control_character_as_a_symbol(hostile, args):
    path, _ = hostile
    out = run(*args, "--db", str(path)).stdout_bytes.decode("utf-8")
    assert_harmless(out, crlf="csv" in args)
    if args[0] == "calls" and "csv" not in args:
        assert "Ayşe␛]52;c;ZXZpbA==␇ Yı…  " in out  # cut to its 24 cells, never in a symbol


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_calls_show_text_and_markdown_are_harmless(hostile, fmt):
    path, call_id = hostile
    out = run("calls", "show", call_id, "--db", str(path), "--format", fmt).output
    assert_harmless(out)
    assert "abc␈␈␈XYZ ␛[2J␛[H" in out  # the backspaces hide nothing
    assert "⟨U+202E⟩" in out and "⟨U+009B⟩" in out
    assert "Mert␛]0;owned␇" in out


def test_a_note_on_several_lines_stays_under_its_own_heading(hostile):
    path, call_id = hostile
    out = run("calls", "show", call_id, "--db", str(path)).output
    (line,) = [n for n in out.splitlines() if "abc␈" in n]
    follows = out.splitlines()[out.splitlines().index(line) + 1]
    assert follows.strip() == "second line␡" and follows.startswith(" " * 10)


def test_json_is_exact_and_escapes_c1_and_bidi(hostile):
    path, call_id = hostile
    raw = run("calls", "show", call_id, "--db", str(path), "--format", "json").stdout_bytes
    text = raw.decode("utf-8")
    assert_harmless(text)
    assert "\\u009b" in text and "\\u202e" in text and "\\u001b" in text
    record = json.loads(text)
    assert record["customer"] == HOSTILE["customer"]
    assert record["reference"] == HOSTILE["reference"]
    assert [n["text"] for n in record["notes"]][0] == HOSTILE["note"]
    assert "Ayşe" in text  # letters stay readable, only the hidden ones are escaped
    for args in (("calls", "list", "--format", "json"), ("export", "--format", "json")):
        listed = run(*args, "--db", str(path)).stdout_bytes.decode("utf-8")
        assert_harmless(listed)
        assert json.loads(listed)[0]["reference"] == HOSTILE["reference"]


def test_csv_cells_are_neutralised_and_notes_are_one_per_line(hostile):
    path, _ = hostile
    out = run("export", "--db", str(path), "--format", "csv").stdout_bytes.decode("utf-8")
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["summary"] == "'" + HOSTILE["summary"]
    notes = row["notes"].split("\n")
    assert len(notes) == 4  # one line per note, whatever the notes hold
    assert notes[0].startswith("abc␈␈␈XYZ") and notes[0].endswith("separator␊second line␡")
    assert notes[1] == HOSTILE["formula"] and notes[2] == "- minus | bar"
    assert out.splitlines()[0].startswith('"id","started_at"')  # every cell quoted


def test_a_notes_cell_that_starts_with_a_formula_is_neutralised(tmp_path):
    path = tmp_path / "calls.db"
    checklist = catalog.resolve("default.en")
    db = open_db(path)
    call, change = Call.start(checklist, FakeClock(), agent="Ann", customer="-Bob")
    live.apply(db, change, checklist)
    live.apply(db, call.add_note("=1+2"))
    db.close()
    out = run("export", "--db", str(path), "--format", "csv").stdout_bytes.decode("utf-8")
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["notes"] == "'=1+2" and row["customer"] == "'-Bob"


@pytest.mark.parametrize("fmt", ["csv", "json", "markdown"])
def test_standard_output_and_a_file_get_the_same_bytes(hostile, tmp_path, fmt):
    path, _ = hostile
    piped = run("export", "--db", str(path), "--format", fmt).stdout_bytes
    out = tmp_path / f"export.{fmt}"
    run("export", "--db", str(path), "--format", fmt, "-o", str(out))
    assert out.read_bytes() == piped


def test_tables_are_padded_by_terminal_cells(tmp_path):
    path = tmp_path / "calls.db"
    checklist = catalog.resolve("default.en")
    db = open_db(path)
    for customer in ("王小明", "[b]Bold[/b]", "Zoë 👩‍💻"):
        _, change = Call.start(checklist, FakeClock(), agent="Ann", customer=customer)
        live.apply(db, change, checklist)
    db.close()
    from callmate.safe import cell_width

    lines = run("calls", "list", "--db", str(path)).output.splitlines()
    starts = {cell_width(line[: line.index("Unfinished")]) for line in lines[1:]}
    assert len(starts) == 1  # the outcome column starts at one terminal column on every row
