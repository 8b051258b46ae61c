"""``export --redact`` leaves no part of a customer's name (any case, Turkish and Estonian case
rules, titles, glued endings), no phone number in the formats of the three countries and no
e-mail address, in any format, the Markdown title included."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from callmate.call import Call
from callmate.checklists import catalog
from callmate.cli import cli
from callmate.clock import FakeClock
from callmate.privacy.names import fold
from callmate.store import live
from callmate.store.db import open_db

# customer, checklist, notes that mention them (with a summary), parts that must all go
# fmt: off
CUSTOMERS = {
    "Anna Smith-Jones": ("default.en", [
        "Mrs Smith called again about the order", "Mr Jones answered, then ANNA hung up",
        "smith-jones wants a refund; Smith's husband too", "Dr. Anna Smith will call back",
        "call her on 07700 900123 or +44 20 7946 0958", "mail anna.smith@example.co.uk",
    ], "Called back Ms Jones"),
    "Işıl Özkan-Şahin": ("default.tr", [
        "Özkan called", "ŞAHİN called", "Işıl Hanım aradı", "IŞIL HANIM tekrar aradı",
        "Özkan'ın siparişi gecikti", "Şahinle konuştum", "sahin dedi ki", "Sayın Özkan-Şahin",
        "numara 0532/123 45 67", "ya da +90 (532) 123 45 67, 0 532 123 4567",
        "işte ısıl@örnek.com.tr",
    ], "Özkan Hanım memnun"),
    "Jüri Õunapuu": ("default.et", [
        "härra Õunapuu helistas", "JÜRI ÕUNAPUU ootab", "Jürile saadeti kiri",
        "Õunapuule helistada", "telefon +372 5123 4567 või 5123 4567", "juri@näide.ee",
    ], "Saatsime Jürile vastuse"),
}
# fmt: on
PHONES = [
    "07700 900123",
    "+44 20 7946 0958",
    "0532/123 45 67",
    "+90 (532) 123 45 67",
    "0 532 123 4567",
    "+372 5123 4567",
    "5123 4567",
    "123 45 67",
    "7946 0958",
]


def parts(name: str) -> list[str]:
    return [fold(p) for p in re.split(r"[\s-]+", name)]


@pytest.fixture
def log(tmp_path) -> Path:
    path = tmp_path / "calls.db"
    db = open_db(path)
    for name, (checklist_name, notes, summary) in CUSTOMERS.items():
        checklist = catalog.resolve(checklist_name)
        clock = FakeClock()
        call, change = Call.start(
            checklist, clock, agent="Ann Lead", customer=name, reference=f"about {name.split()[-1]}"
        )
        live.apply(db, change, checklist)
        for note in notes:
            clock.advance(5)
            live.apply(db, call.add_note(note))
        live.apply(db, call.wrap_up(outcome="resolved", summary=summary))
    db.close()
    return path


def without_checklist_text(out: str, fmt: str) -> str:
    """The export without the checklists' own step titles ("Anna märku, et kuulad" is Estonian
    for "show that you listen"): only what was said and typed about the customer is checked."""
    if fmt == "json":
        return json.dumps(
            [{k: v for k, v in c.items() if k != "steps"} for c in json.loads(out)],
            ensure_ascii=False,
        )
    if fmt == "markdown":
        return "\n".join(line for line in out.splitlines() if not line.startswith("| "))
    return out


def export(path: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["export", "--db", str(path), "--redact", *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes.decode("utf-8")


@pytest.mark.parametrize("fmt", ["csv", "json", "markdown"])
def test_no_part_of_any_name_nor_any_phone_or_address_is_left(log, fmt):
    out = export(log, "--format", fmt)
    folded = fold(without_checklist_text(out, fmt))
    for name in CUSTOMERS:
        for part in parts(name):
            assert not re.search(rf"(?<![^\W\d_]){re.escape(part)}", folded), (name, part)
    for phone in PHONES:
        assert phone not in out
    assert "@" not in out.replace('"@', "")  # no address (an "@" may only open a CSV cell)
    assert "[name]" in out and "[phone]" in out and "[email]" in out
    assert "Ann Lead" in out  # the agent is staff: kept
    assert "refund" in out and "siparişi gecikti" in out and "helistas" in out  # the rest stays


def test_a_redacted_markdown_title_leaves_the_search_words_out(log):
    out = export(log, "--format", "markdown", "--search", "Özkan")
    title = out.splitlines()[0]
    assert title == "# Calls: search (redacted)"
    assert "özkan" not in fold(out) and "sahin" not in fold(out)
    assert out.count("\n## Call ") == 1
    plain = CliRunner().invoke(
        cli, ["export", "--db", str(log), "--format", "markdown", "--search", "Özkan"]
    )
    assert plain.output.splitlines()[0] == "# Calls: search Özkan"
