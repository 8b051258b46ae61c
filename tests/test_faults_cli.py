"""Bad input and bad luck on the command line: one true line and a clear exit, never a
traceback; nothing left behind by a command that refused to run."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from callmate.cli import cli
from tests.test_hostile_terminal import hostile_log

CALLMATE = [sys.executable, "-m", "callmate"]


def invoke(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    return result


def run_bytes(*args: bytes, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    """The real program with arguments as raw bytes (not UTF-8, as a terminal may send them)."""
    found = subprocess.run(
        [*map(os.fsencode, CALLMATE), *args], input=stdin, capture_output=True, timeout=60
    )
    assert b"Traceback" not in found.stderr, found.stderr.decode(errors="replace")
    return found


@pytest.fixture
def log(tmp_path) -> Path:
    path = tmp_path / "calls.db"
    hostile_log(path)
    return path


@pytest.mark.parametrize("command", [("calls", "list"), ("stats",), ("export", "--format", "json")])
@pytest.mark.parametrize(
    "option",
    [
        ("--until", "9999-12-31"),
        ("--since", "0001-01-01"),
        ("--until", "0001-01-01"),
        ("--since", "9999-12-31"),
    ],
)
@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Tokyo"])
def test_dates_at_the_ends_of_the_calendar_give_a_line_not_a_traceback(
    log, command, option, zone, local_zone
):
    local_zone(zone)  # west of UTC, 0001-01-01 local is before the first storable moment
    result = invoke(*command, "--db", str(log), *option)
    assert result.exit_code in (0, 1)
    if result.exit_code:
        assert result.output.startswith("callmate: ") and result.output.count("\n") == 1


def test_an_id_past_the_last_character_is_simply_not_found(log):
    result = invoke("calls", "show", "\U0010ffff", "--db", str(log))
    assert result.exit_code == 1 and "no call with id" in result.output


@pytest.mark.parametrize(
    "args",
    [
        (b"calls", b"show", b"\xff\xfe"),
        (b"calls", b"list", b"--search", b"caf\xe9"),
        (b"export", b"--format", b"markdown", b"--search", b"a\xff"),
        (b"stats", b"--agent", b"\xc3"),
    ],
)
def test_arguments_that_are_not_utf8_are_refused_with_the_bytes_shown(log, args):
    found = run_bytes(*args, b"--db", os.fsencode(log))
    assert found.returncode == 2
    err = found.stderr.decode("utf-8")
    assert "is not UTF-8 text" in err and "⟨0x" in err


@pytest.mark.parametrize(
    "args, says",
    [
        (("--calls", "5", "--days", "1000000"), "1<=x<=36500"),
        (("--calls", "5", "--end", "0001-01-01"), "outside the calendar"),
        (("--calls", "100000000000"), "1<=x<=10000000"),
        (("--calls", "5", "--end", "yesterday"), "not an ISO date"),
    ],
)
def test_demo_data_checks_everything_before_making_a_database(tmp_path, args, says):
    path = tmp_path / "demo.db"
    result = invoke("demo-data", *args, "--db", str(path))
    assert result.exit_code in (1, 2) and says in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_checklist_nested_a_hundred_thousand_levels_deep_is_one_problem(tmp_path):
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n")
    result = invoke("checklists", "validate", str(deep))
    assert result.exit_code == 1
    assert (
        result.output == f"{deep}: TOML nested too deeply (arrays or tables thousands of "
        "levels deep); not a checklist\n"
    )


@pytest.fixture(scope="module")
def many_calls(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("many") / "calls.db"
    subprocess.run(
        [*CALLMATE, "demo-data", "--calls", "1500", "--db", str(path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("calls", "list", "--limit", "0"),
        ("calls", "list", "--limit", "0", "--format", "csv"),
        ("export", "--format", "json"),
        ("export", "--format", "markdown"),
    ],
)
def test_a_reader_that_goes_away_ends_the_command_quietly(many_calls, args):
    """``callmate calls list | head -1``: no "Broken pipe", and success, as Unix tools do."""
    proc = subprocess.Popen(
        [*CALLMATE, *args, "--db", str(many_calls)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 0
    assert err == b""


def test_a_full_disk_is_named_as_such(log, tmp_path):
    folder = tmp_path / "small"
    folder.mkdir()
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(folder)], capture_output=True
        ).returncode
    ):
        pytest.skip("needs a small file system of its own (root, mount)")
    try:
        shutil.copy(log, folder / "calls.db")
        filler = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)  # the rest of the disk
        try:
            while os.write(filler, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(filler)
        result = invoke("calls", "list", "--db", str(folder / "calls.db"))
        assert result.exit_code == 1
        assert "the disk is full" in result.output and "not a database" not in result.output
        assert sorted(p.name for p in folder.iterdir()) == ["calls.db", "filler"]
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_disk_error_while_opening_is_not_called_a_foreign_file(log, monkeypatch):
    real = sqlite3.connect

    def failing(database, *args, **kwargs):
        if "mode=" in str(database) or "immutable" in str(database):
            return real(database, *args, **kwargs)  # recognising the file still works
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(sqlite3, "connect", failing)
    result = invoke("demo-data", "--calls", "1", "--db", str(log))
    assert result.exit_code == 1
    assert "disk is full or failing" in result.output and "not a database" not in result.output


def test_the_data_folder_is_made_private_even_when_it_was_open(monkeypatch, sealed_off):
    from callmate.paths import data_dir

    monkeypatch.delenv("CALLMATE_DB")
    folder = data_dir()
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    assert invoke("demo-data", "--calls", "1").exit_code == 0
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "calls.db").stat().st_mode) == 0o600


def test_a_folder_chosen_with_db_keeps_its_mode(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o755)
    assert invoke("demo-data", "--calls", "1", "--db", str(folder / "calls.db")).exit_code == 0
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755


# The outcome typed is read by review/filters.py (issue 14); these pin the messages it must give.


def test_an_ambiguous_outcome_is_called_ambiguous(log):
    result = invoke("calls", "list", "--db", str(log), "--outcome", "e")
    assert result.exit_code == 1
    assert "ambiguous" in result.output and "escalated" in result.output.lower()


def test_unfinished_is_an_outcome_as_stats_shows_it(log):
    result = invoke("calls", "list", "--db", str(log), "--outcome", "unfinished")
    assert result.exit_code == 0, result.output
