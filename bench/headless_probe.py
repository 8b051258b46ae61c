"""One headless launch, for timing a whole process: start, paint the first screen, exit.

    python bench/headless_probe.py callmate ready   # the real CLI path (callmate.cli.main)
    python bench/headless_probe.py callmate call    # ... then "n" as soon as Ready is painted
    python bench/headless_probe.py bare ready|call|two   # bench/bare_app.py (two: ready, then n)

The program is run unchanged except for two patches made here, the same for both programs:
``App.run`` is forced to ``headless=True``, and the screen we wait for calls ``app.exit`` right
after its first refresh (``call_after_refresh`` from its Mount handler). For "call" through Ready,
Ready's ``action_new_call`` is called right after Ready's first refresh (a user pressing n at once).

With CMBENCH_PHASES=1 it prints, on stderr, one JSON line of milestones in seconds since the parent
started the process (the parent passes its clock in CMBENCH_T0, a time.time() value).
"""

from __future__ import annotations

import os
import sys
import time

T_START = time.time()
PHASES = os.environ.get("CMBENCH_PHASES") == "1"
T0 = float(os.environ.get("CMBENCH_T0", T_START))
marks: list[tuple[str, float]] = [("python up, probe started", T_START - T0)]


def mark(name: str) -> None:
    if PHASES:
        marks.append((name, time.time() - T0))


def main() -> None:
    program, what = sys.argv[1], sys.argv[2]
    import textual.app
    import textual.screen

    mark("textual.app imported")
    target = "ReadyScreen" if what == "ready" else "CallScreen"
    original_run = textual.app.App.run
    original_mount = textual.screen.Screen._on_mount

    def run(self, **kwargs):
        mark("App.run called")
        kwargs["headless"] = True
        return original_run(self, **kwargs)

    def on_mount(self, event):
        original_mount(self, event)
        name = type(self).__name__
        if name == "ReadyScreen" and what in ("call", "two"):
            mark("Ready mounted")
            self.call_after_refresh(lambda: (mark("Ready painted"), self.action_new_call()))
        elif name == target:
            mark(f"{name} mounted")
            self.call_after_refresh(lambda: (mark(f"{name} painted"), self.app.exit()))

    textual.app.App.run = run
    textual.screen.Screen._on_mount = on_mount
    try:
        if program == "callmate":
            import callmate.cli

            mark("callmate.cli imported")
            sys.argv = ["callmate"]
            try:
                callmate.cli.main()
            except SystemExit as exc:
                if exc.code not in (0, None):
                    raise
        else:
            here = os.path.dirname(os.path.abspath(__file__))
            sys.path.insert(0, here)
            import bare_app

            mark("bare_app imported")
            bare_app.main(["ready" if what == "two" else what])
    finally:
        mark("app exited")
        if PHASES:
            import json

            print(json.dumps(marks), file=sys.stderr)


if __name__ == "__main__":
    main()
