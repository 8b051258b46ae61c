"""``export --format csv --excel``: a file a spreadsheet in the reader's country opens as it
should (a byte-order mark, its separator and decimal mark, local date-times); plain CSV stays as
programs read it."""

from __future__ import annotations

import csv
import io
import time

import pytest
from click.testing import CliRunner

from callmate.cli import cli
from tests.test_review_dataset import build


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    path = tmp_path_factory.mktemp("excel") / "calls.db"
    return path, build(path)


@pytest.fixture
def istanbul(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Istanbul")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def export(path, *args: str) -> bytes:
    out = path.parent / "out.csv"
    result = CliRunner().invoke(
        cli, ["export", "--format", "csv", "--db", str(path), "-o", str(out), *args]
    )
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def rows(data: bytes, delimiter: str) -> list[dict[str, str]]:
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


@pytest.mark.parametrize("language", ["tr", "et"])
def test_a_turkish_or_estonian_spreadsheet_gets_semicolons_decimal_commas_and_a_bom(
    log, istanbul, language
):
    path, ids = log
    data = export(path, "--excel", "--lang", language)
    assert data.startswith("\ufeff".encode())
    found = {r["id"]: r for r in rows(data, ";")}
    a = found[ids["A"]]
    assert a["duration_seconds"] == "220,0"
    # Started 2026-11-02 09:00 UTC: 12:00 in Istanbul, written as a spreadsheet takes a date.
    assert a["started_at"] == "2026-11-02 12:00:00"
    assert found[ids["E"]]["customer"] == "Eve Adams"


def test_an_english_spreadsheet_keeps_commas_and_points(log, istanbul):
    path, ids = log
    data = export(path, "--excel", "--lang", "en")
    assert data.startswith("\ufeff".encode())
    a = next(r for r in rows(data, ",") if r["id"] == ids["A"])
    assert a["duration_seconds"] == "220.0" and a["started_at"] == "2026-11-02 12:00:00"


def test_plain_csv_is_unchanged_for_programs_in_any_language(log, istanbul):
    path, ids = log
    data = export(path, "--lang", "tr")
    assert not data.startswith("\ufeff".encode())
    a = next(r for r in rows(data, ",") if r["id"] == ids["A"])
    assert a["duration_seconds"] == "220.0" and a["started_at"] == "2026-11-02T09:00:00+00:00"


def test_excel_is_for_csv_only(log):
    path, _ = log
    result = CliRunner().invoke(cli, ["export", "--format", "json", "--excel", "--db", str(path)])
    assert result.exit_code == 2 and "--excel is for --format csv" in result.output


def test_a_languages_spreadsheet_follows_its_decimal_symbol():
    from callmate.report.export import Spreadsheet, spreadsheet

    assert spreadsheet("en") == Spreadsheet(",", ".")
    assert spreadsheet("tr_TR") == spreadsheet("et") == Spreadsheet(";", ",")
    assert spreadsheet("xx") == spreadsheet("en")  # a language callmate does not speak
