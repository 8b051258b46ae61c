"""What a piece of callmate loads: run in a fresh Python, the modules it left behind, by name."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Mapping, Sequence

_REPORT = """
import sys as _sys
_names = {names!r}
print("\\nloaded:", sorted(m for m in _sys.modules
                           if any(m == n or m.startswith(n + ".") for n in _names)))
"""


def run_fresh(
    code: str, *names: str, args: Sequence[str] = (), env: Mapping[str, str] | None = None
) -> tuple[str, list[str]]:
    """Run ``code`` (``args`` as ``sys.argv[1:]``) in a fresh interpreter: what it printed, and
    which of the modules ``names`` (a package with its submodules) it left loaded. The code must
    end well: an assertion in it, or any error, fails the test with what it said."""
    done = subprocess.run(
        [sys.executable, "-c", code + _REPORT.format(names=names), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=None if env is None else dict(env),
    )
    assert done.returncode == 0, done.stderr or done.stdout
    printed, found, listed = done.stdout.rpartition("\nloaded: ")
    assert found, done.stdout
    return printed, list(ast.literal_eval(listed.strip()))
