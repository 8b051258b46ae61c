"""The system clipboard, reporting honestly whether the copy happened.

The terminal clipboard (OSC 52) is the UI's job and is always sent; this module adds the local
system clipboard where one can work, and checks the tool's exit code instead of trusting it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass

TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class CopyResult:
    copied: bool  # the system clipboard holds the text (the tool said so)
    tool: str = ""  # the tool used, or "" when there was none to try
    error: str = ""

    @property
    def how(self) -> str:
        """How the text reached the agent: the system tool, or only the terminal (OSC 52)."""
        return self.tool if self.copied else "terminal"


def system_command() -> tuple[str, list[str]] | None:
    """The command that can put text on this machine's clipboard, if there is one."""
    if sys.platform == "darwin" and shutil.which("pbcopy"):
        return "pbcopy", ["pbcopy"]
    if sys.platform.startswith("win"):
        return "pyperclip", []
    if os.environ.get("WAYLAND_DISPLAY") and shutil.which("wl-copy"):
        return "wl-copy", ["wl-copy"]
    if os.environ.get("DISPLAY"):
        if shutil.which("xclip"):
            return "xclip", ["xclip", "-selection", "clipboard", "-in"]
        if shutil.which("xsel"):
            return "xsel", ["xsel", "--clipboard", "--input"]
    return None


def copy(text: str) -> CopyResult:
    """Put ``text`` on the system clipboard. Never raises and never writes to the terminal."""
    found = system_command()
    if found is None:
        return CopyResult(False)
    tool, command = found
    if tool == "pyperclip":
        try:
            import pyperclip

            pyperclip.copy(text)
        except Exception as exc:  # pyperclip raises its own errors for a missing clipboard
            return CopyResult(False, tool, str(exc))
        return CopyResult(True, tool)
    try:
        # Output to DEVNULL: xclip keeps captured pipes open (it forks) and its errors would be
        # written over the screen.
        done = subprocess.run(
            command,
            input=text.encode("utf-8"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return CopyResult(False, tool, str(exc))
    if done.returncode != 0:
        return CopyResult(False, tool, f"{tool} exited with {done.returncode}")
    return CopyResult(True, tool)
