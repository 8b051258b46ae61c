"""Driving the real program in a real terminal: tmux send-keys and capture-pane."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

CALLMATE = Path(sys.executable).with_name("callmate")


def require(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    assert not missing, (
        f"end-to-end tests need {', '.join(missing)} (apt-get install tmux xclip xvfb)"
    )


class Terminal:
    """One tmux server with one window running one command."""

    def __init__(self, command: list[str], env: dict[str, str], size=(100, 30)):
        require("tmux")
        self.socket = f"callmate-test-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        line = f"exec env {exports} {shlex.join(command)}"
        self._tmux(
            "-f", "/dev/null", "new-session", "-d", "-x", str(size[0]), "-y", str(size[1]), line
        )

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            timeout=10,
            env={**os.environ, "LANG": "C.UTF-8"},
        )
        return done.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p")

    def wait_for(self, *texts: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if all(t in shown for t in texts):
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{texts} did not appear; the screen shows:\n{shown}")

    def keys(self, *keys: str, pause: float = 0.15) -> None:
        for key in keys:
            self._tmux("send-keys", key)
            # Escape followed at once by a key would arrive as alt+key.
            time.sleep(pause if key != "Escape" else 0.3)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-l", text)
        time.sleep(0.2)

    @property
    def pid(self) -> int:
        return int(self._tmux("list-panes", "-F", "#{pane_pid}").split()[0])

    def kill_program(self) -> None:
        os.kill(self.pid, signal.SIGKILL)

    def close(self) -> None:
        self._tmux("kill-server")


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CALLMATE), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
    )


def wait_until(check, timeout: float = 10.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def program_env(folder: Path) -> dict[str, str]:
    """The environment of a callmate started for a test: its own log, settings and home."""
    return {
        "CALLMATE_DB": str(folder / "data" / "calls.db"),
        "CALLMATE_CONFIG_DIR": str(folder / "config"),
        "HOME": str(folder),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
