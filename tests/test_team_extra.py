"""Only the team hub needs PostgreSQL's driver (``callmate[team]``, issue 28): without psycopg
the hub's commands say in one line what to install, and everything else works."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from callmate.store.db import open_db

#: callmate's command line in a Python where psycopg cannot be imported, as in a plain install.
WITHOUT_DRIVER = (
    "import sys\n"
    "sys.modules['psycopg'] = None\n"
    "from callmate.cli import main\n"
    "sys.argv = ['callmate', *sys.argv[1:]]\n"
    "main()\n"
)


def callmate(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"), "PATH": "/usr/bin"}
    env |= {"XDG_DATA_HOME": str(tmp_path / "data"), "LANG": "C.UTF-8"}
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_DRIVER, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("team", "push", "--team-db", "postgresql://hub.example/calls"),
        ("team", "status", "--team-db", "postgresql://hub.example/calls"),
        ("team", "create", "north", "--print-sql"),
        ("team", "list", "--team-db", "postgresql://hub.example/calls"),
        ("merge", "postgresql://hub.example/calls"),
    ],
)
def test_a_hub_command_without_the_driver_says_what_to_install(tmp_path, args):
    done = callmate(tmp_path, *args, *(() if args[0] == "team" else ("--db", "x.db")))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "callmate: the team hub needs callmate's team extra: pip install 'callmate[team]'"
    ]
    assert "Traceback" not in done.stdout + done.stderr


def test_without_the_driver_the_rest_of_callmate_works(tmp_path):
    mine, theirs = tmp_path / "mine.db", tmp_path / "theirs.db"
    assert callmate(tmp_path, "demo-data", "--calls", "3", "--db", str(theirs)).returncode == 0
    open_db(mine).close()
    merged = callmate(tmp_path, "merge", str(theirs), "--db", str(mine))
    assert merged.returncode == 0, merged.stderr
    listed = callmate(tmp_path, "calls", "list", "--db", str(mine), "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count('"id"') == 3
