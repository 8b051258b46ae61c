"""`callmate` itself refuses what it must not open with one clear line, before any screen."""

from __future__ import annotations

import sqlite3

from click.testing import CliRunner

from callmate.cli import cli
from callmate.store.db import open_db


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_a_database_from_a_newer_callmate_is_refused_untouched(tmp_path):
    path = tmp_path / "calls.db"
    open_db(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = path.read_bytes()
    result = run("--db", str(path))
    assert result.exit_code == 1
    assert "newer callmate" in result.output and str(path) in result.output
    assert "Traceback" not in result.output
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not sqlite at all\n" * 100)
    result = run("--db", str(path))
    assert result.exit_code == 1
    assert "not a database" in result.output
    assert path.read_text() == "not sqlite at all\n" * 100


def test_a_broken_checklist_names_every_problem(tmp_path):
    bad = tmp_path / "ours.toml"
    bad.write_text(
        'id = "ours"\nname = "Ours"\nlanguage = "en"\nversion = "1"\n'
        '[[steps]]\nid = "x"\ntitle = "X"\ntarget_seconds = -5\n'
    )
    result = run("--db", str(tmp_path / "c.db"), "--checklist", str(bad))
    assert result.exit_code == 1
    assert f"{bad}: step #1 (x): field 'goal': is missing" in result.output
    assert "field 'target_seconds': must not be negative" in result.output
    assert not (tmp_path / "c.db").exists()


def test_an_unknown_checklist_name_lists_the_known_ones(tmp_path):
    result = run("--db", str(tmp_path / "c.db"), "--checklist", "nosuch")
    assert result.exit_code == 1
    assert "no checklist of that name" in result.output and "default.tr" in result.output


def test_the_refusals_are_in_the_agents_language(tmp_path):
    path = tmp_path / "calls.db"
    open_db(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    turkish = run("--db", str(path), "--lang", "tr")
    assert turkish.exit_code == 1 and "daha yeni bir callmate" in turkish.output
    assert "newer" not in turkish.output
    text = tmp_path / "notes.txt"
    text.write_text("not sqlite at all\n" * 100)
    estonian = run("--db", str(text), "--lang", "et")
    assert estonian.exit_code == 1 and "pole SQLite'i fail" in estonian.output
    assert "not a database" not in estonian.output
    assert turkish.output.count("\n") == estonian.output.count("\n") == 1


def test_a_broken_checklist_is_told_in_the_language_chosen(tmp_path):
    bad = tmp_path / "bizim.toml"
    bad.write_text(
        'id = "bizim"\nname = "Bizim"\nlanguage = "tr"\nversion = "1"\n'
        '[[steps]]\nid = "x"\ntitle = "X"\ntarget_seconds = -5\n'
    )
    turkish = run("--db", str(tmp_path / "c.db"), "--checklist", str(bad), "--lang", "tr")
    assert turkish.exit_code == 1
    assert f"{bad}: #1 (x) adımı: 'goal' alanı: eksik" in turkish.output
    assert "'target_seconds' alanı: negatif olamaz" in turkish.output
    checked = CliRunner().invoke(cli, ["--lang", "et", "checklists", "validate", str(bad)])
    assert checked.exit_code == 1
    assert "samm #1 (x): väli 'goal': puudub" in checked.output
    assert "is missing" not in turkish.output + checked.output
