"""Files callmate must not damage: foreign databases, empty files, read-only logs, and exports
that must never land on the database. Every test uses a real SQLite file and the real CLI."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from callmate.cli import cli
from callmate.store.db import StoreError, open_db, open_for_reading
from tests.test_hostile_terminal import hostile_log


def invoke(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result


def side_files(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-")}


# -- foreign and empty files ----------------------------------------------------------------------


def foreign_with_calls(path: Path, *, wal: bool) -> None:
    """Another program's database that happens to have a table named ``calls``."""
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE calls (number TEXT, minutes INTEGER)")
    conn.execute("INSERT INTO calls VALUES ('+372 5555 1234', 3)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("wal", [False, True])
@pytest.mark.parametrize(
    "command",
    [
        (),
        ("calls", "list"),
        ("stats",),
        ("export", "--format", "json"),
        ("demo-data", "--calls", "1"),
    ],
)
def test_a_foreign_file_with_a_calls_table_is_refused_untouched(
    tmp_path, monkeypatch, wal, command
):
    path = tmp_path / "phone.db"
    foreign_with_calls(path, wal=wal)
    before, sides = path.read_bytes(), side_files(path)
    from callmate.ui.app import CallmateApp

    monkeypatch.setattr(CallmateApp, "run", lambda self: pytest.fail("the app was started"))
    result = invoke(*command, "--db", str(path))
    assert result.exit_code == 1
    assert "not a callmate one" in result.output and "left untouched" in result.output
    assert path.read_bytes() == before and side_files(path) == sides


def test_the_store_refuses_a_foreign_file_before_changing_it(tmp_path):
    path = tmp_path / "phone.db"
    foreign_with_calls(path, wal=False)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a callmate one"):
        open_db(path)
    assert path.read_bytes() == before and side_files(path) == set()
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # never switched to WAL
    assert "_sqlite_migrations" not in {
        r[0] for r in conn.execute("SELECT name FROM sqlite_master")
    }
    conn.close()


@pytest.mark.parametrize(
    "command",
    [
        ("calls", "list"),
        ("calls", "show", "abc"),
        ("stats",),
        ("export", "--format", "csv"),
    ],
)
def test_a_read_command_refuses_an_empty_or_missing_file_and_creates_nothing(tmp_path, command):
    empty = tmp_path / "empty.db"
    empty.touch()
    for path in (empty, tmp_path / "missing.db"):
        result = invoke(*command, "--db", str(path))
        assert result.exit_code == 1 and f"no call log at {path}" in result.output
    assert empty.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


def test_an_empty_file_given_to_the_live_app_is_a_new_log(tmp_path):
    path = tmp_path / "new.db"
    path.touch()
    open_db(path).close()
    db = open_for_reading(path)
    assert db.execute("SELECT count(*) FROM calls").fetchone()[0] == 0
    db.close()


def test_reading_a_log_leaves_no_side_files_and_changes_no_byte(tmp_path):
    path = tmp_path / "calls.db"
    hostile_log(path)
    before = path.read_bytes()
    assert side_files(path) == set()  # closed cleanly
    for command in (("calls", "list"), ("stats",), ("export", "--format", "json")):
        assert invoke(*command, "--db", str(path)).exit_code == 0
    assert path.read_bytes() == before and side_files(path) == set()


# -- older and read-only logs ---------------------------------------------------------------------


def schema_1_log(path: Path) -> None:
    """A log as the first release wrote it: only the first migration."""
    from sqlite_utils import Database, Migrations

    from callmate.store.schema import STEPS

    db = Database(path)
    first = Migrations("callmate")
    first()(STEPS[0])
    first.apply(db)
    db.execute("PRAGMA user_version = 1")
    db.close()


def test_an_older_log_is_brought_up_to_date_and_says_so_in_one_line(tmp_path):
    from callmate.store.schema import SCHEMA_VERSION

    path = tmp_path / "old.db"
    schema_1_log(path)
    result = invoke("calls", "list", "--db", str(path))
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if line.startswith("callmate:")]
    assert said == [f"callmate: brought {path} up to date (schema 1 → {SCHEMA_VERSION})"]
    again = invoke("calls", "list", "--db", str(path))
    assert "callmate:" not in again.output


def test_a_large_older_log_says_before_it_starts_that_it_takes_a_while(tmp_path, monkeypatch):
    """On a log of hundreds of thousands of calls the upgrade takes minutes: the lead is told
    before it starts, so a silent terminal is never taken for a frozen one."""
    from callmate.store import db as store_db
    from callmate.store.schema import SCHEMA_VERSION

    path = tmp_path / "old.db"
    schema_1_log(path)
    monkeypatch.setattr(store_db, "SLOW_MIGRATION_BYTES", path.stat().st_size)  # "large"
    result = invoke("calls", "list", "--db", str(path))
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if line.startswith("callmate:")]
    assert said == [
        f"callmate: bringing {path} up to date (schema 1 → {SCHEMA_VERSION}): a large log takes "
        "minutes, and nothing it holds is lost if it stops",
        f"callmate: brought {path} up to date (schema 1 → {SCHEMA_VERSION})",
    ]


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder and a function that makes it (and what it holds) read-only for this process: a
    read-only mount when running as root (root ignores file modes), else plain modes."""
    folder = tmp_path / "ro"
    folder.mkdir()
    root = os.geteuid() == 0
    if (
        root
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)], capture_output=True
        ).returncode
        != 0
    ):
        pytest.skip("cannot mount a file system to make read-only")

    def freeze() -> None:
        if root:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        else:
            for item in folder.iterdir():
                item.chmod(0o444)
            folder.chmod(0o555)

    yield folder, freeze
    if root:
        subprocess.run(["umount", str(folder)], check=True)
    else:
        folder.chmod(0o755)


def test_a_log_in_a_read_only_folder_is_read_and_said_to_be_read_only(read_only_folder, tmp_path):
    folder, freeze = read_only_folder
    source = tmp_path / "calls.db"
    call_id = hostile_log(source)
    shutil.copy(source, folder / "calls.db")
    freeze()
    path = folder / "calls.db"
    result = invoke("calls", "show", call_id[:8], "--db", str(path))
    assert result.exit_code == 0, result.output
    assert f"callmate: {path} is read-only: reading it as it is" in result.output
    assert "Call " + call_id in result.output
    listed = invoke("export", "--format", "json", "--db", str(path))
    assert listed.exit_code == 0 and call_id in listed.output


def test_an_older_log_that_is_read_only_is_refused_with_a_reason(read_only_folder):
    folder, freeze = read_only_folder
    schema_1_log(folder / "old.db")
    freeze()
    result = invoke("stats", "--db", str(folder / "old.db"))
    assert result.exit_code == 1
    assert "older callmate (schema 1" in result.output and "read-only" in result.output


# -- exports --------------------------------------------------------------------------------------


@pytest.fixture
def log(tmp_path) -> Path:
    path = tmp_path / "calls.db"
    hostile_log(path)
    return path


@pytest.fixture
def live_log(log):
    """The log with -wal and -shm beside it, as while an agent has it open."""
    conn = sqlite3.connect(log)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE IF NOT EXISTS _touch (x)")
    conn.commit()
    yield log
    conn.close()


@pytest.mark.parametrize("target", ["db", "wal", "shm", "symlink", "hardlink", "relative"])
def test_an_export_never_overwrites_the_database(live_log, tmp_path, monkeypatch, target):
    log = live_log
    files = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert {"calls.db-wal", "calls.db-shm"} <= set(files)
    output = {
        "db": log,
        "wal": Path(f"{log}-wal"),
        "shm": Path(f"{log}-shm"),
        "symlink": tmp_path / "link.csv",
        "hardlink": tmp_path / "hard.csv",
        "relative": Path("sub/../calls.db"),
    }[target]
    if target == "symlink":
        output.symlink_to(log)
    elif target == "hardlink":
        os.link(log, output)
    elif target == "relative":
        (tmp_path / "sub").mkdir()
        monkeypatch.chdir(tmp_path)
    result = invoke("export", "--db", str(log), "--format", "csv", "-o", str(output))
    assert result.exit_code == 1
    assert "never overwrites it" in result.output
    for name, data in files.items():
        if not name.endswith("-shm"):  # the index SQLite keeps in memory beside the log
            assert (tmp_path / name).read_bytes() == data, name


def test_an_export_is_private_whole_and_keeps_a_stricter_mode(log, tmp_path):
    out = tmp_path / "report.csv"
    assert invoke("export", "--db", str(log), "--format", "csv", "-o", str(out)).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    out.chmod(0o644)  # opened up by hand: the next export makes it private again
    assert invoke("export", "--db", str(log), "--format", "csv", "-o", str(out)).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    out.chmod(0o400)
    assert invoke("export", "--db", str(log), "--format", "json", "-o", str(out)).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o400 and out.read_text().startswith("[")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["calls.db", "report.csv"]


def test_a_failed_export_leaves_the_old_file_and_no_part_file(log, tmp_path, monkeypatch):
    out = tmp_path / "report.json"
    out.write_text("the previous report")
    from callmate.report import export

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "write_json", broken)
    result = invoke("export", "--db", str(log), "--format", "json", "-o", str(out))
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert out.read_text() == "the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["calls.db", "report.json"]
