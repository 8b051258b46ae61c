"""Live-path speed, callmate against a bare Textual app with the same widgets, side by side.

Run by hand (about 8-10 minutes with the defaults; nothing here is a test):

    /tmp/venv/bin/python bench/live_bench.py                 # everything
    /tmp/venv/bin/python bench/live_bench.py --runs 5 --keys 10 --mem-runs 2   # a quick look
    /tmp/venv/bin/python bench/live_bench.py --only launch,headless --json /tmp/bench.json

What is measured (each against bench/bare_app.py, driven the same way):
  launch   launch to first paint in a real terminal: a fresh tmux server per run, capture-pane
           polled every ~5 ms until the expected text shows. callmate: "Press n for a new call",
           then n at once and "Stay calm". bare: the same two screens (ready, n -> call) and the
           call screen launched directly. Runs alternate between the programs.
  headless a whole headless process (bench/headless_probe.py): start, paint the first screen, exit.
  keys     keypress to screen on the call screen: space (the card title changes), backspace,
           1/2/4/5 on "Verbal acknowledgements" (the phrase shows in a toast), n then letters (each
           letter shows in the note field). The bare app's Input and TextArea are the references;
           the terminal's own echo floor (cat in tmux) is measured the same way.
  memory   peak RSS (VmHWM of the app process: the tmux command is exec'd, so pane_pid is the app)
           once Ready shows, and after a whole call (n, space through the steps, a copy, a note,
           ctrl+e, ctrl+s, s, back on Ready).

Every run uses its own CALLMATE_DB and CALLMATE_CONFIG_DIR under a temporary directory (seeded once
with --agent so the launches do not write settings). When Xvfb is installed, the apps run with a
DISPLAY on a private Xvfb server so copying goes through xclip as on an agent's desktop; the copy is
also measured without a display (terminal clipboard only).

The figures are timings of a noisy 2-core machine: compare the ratios, not the absolute times.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
CALLMATE = str(Path(sys.executable).with_name("callmate"))
BARE = str(HERE / "bare_app.py")
PROBE = str(HERE / "headless_probe.py")

READY_TEXT = "Press n for a new call"
CALL_TEXT = "Stay calm"
STEP_TITLES = [
    "Stay calm",
    "Let them vent",
    "Verbal acknowledgements",
    "Restate",
    "Apologise if at fault",
    "Solve or escalate",
    "Thank",
]
ACK = STEP_TITLES.index("Verbal acknowledgements")
# Phrases of the acknowledgement step without a {name} placeholder, in both apps: key -> text.
COPY_KEYS = {
    "1": "I see.",
    "2": "Yes, go on.",
    "4": "Mm-hm, I understand.",
    "5": "Right, and then what happened?",
}
TYPED = "thecustomerwantsarefundfortheorder"
NOTE_PLACEHOLDER = "type a note"
POLL_LAUNCH = 0.005  # capture-pane every 5 ms while waiting for a first paint
POLL_KEYS = 0.002  # and every 2 ms while waiting for a key's effect (--poll-ms to change)
GOALS = {"ready": 1.2, "call": 1.3, "key_ratio": 1.5, "key_worst_ms": 50.0, "memory": 1.3}

_sockets = itertools.count()


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


# -- a terminal ------------------------------------------------------------------------------------


class Pane:
    """A fresh tmux server with one 100x30 pane running ``command`` (exec'd: pane_pid = the app).

    Commands reach tmux either through one control-mode client kept open for the pane's life
    (``tmux -C attach -f no-output,ignore-size``: about 0.7 ms a capture-pane, no process started
    per poll) or, with ``--tmux exec``, one ``tmux`` process per command (about 2.4 ms and a fork
    each: coarser, and the polling itself takes CPU from the app on a 2-core machine).
    """

    transport = "control"

    def __init__(self, command: str, env: dict[str, str]):
        self.socket = f"cmbench-{os.getpid()}-{next(_sockets)}"
        self.env = env
        self.control: subprocess.Popen | None = None
        self.t0 = time.perf_counter()
        self._run("-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30", command)
        if self.transport == "control":
            self.control = subprocess.Popen(
                ["tmux", "-L", self.socket, "-C", "attach", "-f", "no-output,ignore-size"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
                bufsize=0,
            )
            self._block()  # the attach command's own (empty) answer

    def _run(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=10,
        )
        return done.stdout

    def _block(self) -> str:
        """The output of the next command answered on the control client (%begin ... %end)."""
        assert self.control is not None and self.control.stdout is not None
        lines: list[str] | None = None
        while True:
            raw = self.control.stdout.readline()
            if not raw:
                raise EOFError("the tmux control client ended (did the program exit?)")
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if line.startswith("%begin "):
                lines = []
            elif lines is not None and line.startswith(("%end ", "%error ")):
                return "\n".join(lines)
            elif lines is not None:
                lines.append(line)
            # other lines are notifications (%session-changed, ...): not ours

    def _tmux(self, *args: str) -> str:
        if self.control is None:
            return self._run(*args)
        line = " ".join(quote_tmux(a) for a in args)
        assert self.control.stdin is not None
        self.control.stdin.write(line.encode("utf-8") + b"\n")
        return self._block()

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p")

    def send(self, *keys: str, literal: bool = False) -> float:
        """Send keys; returns the clock just before sending (the start of a keypress timing)."""
        t = time.perf_counter()
        self._tmux("send-keys", *(["-l"] if literal else []), *keys)
        return t

    def wait(self, check, since: float, timeout: float = 5.0, poll: float | None = None):
        """Poll until ``check(screen)``: (seconds from ``since`` to the capture showing it, screen).

        The time is taken when the capture that showed it has returned (a few tenths of a ms late
        with the control client, ~2.4 ms with exec), and the first capture is made at once.
        """
        poll = POLL_KEYS if poll is None else poll
        deadline = time.perf_counter() + timeout
        shown = ""
        while True:
            started = time.perf_counter()
            try:
                shown = self.screen()
            except EOFError:
                return None, shown
            if check(shown):
                return time.perf_counter() - since, shown
            if started > deadline:
                return None, shown
            pause = poll - (time.perf_counter() - started)
            if pause > 0:
                time.sleep(pause)

    def wait_text(self, text: str, since: float | None = None, timeout: float = 10.0):
        return self.wait(
            lambda s: text in s, self.t0 if since is None else since, timeout, poll=POLL_LAUNCH
        )

    def escape(self) -> None:
        # Escape followed at once by another key would arrive as alt+key.
        self.send("Escape")
        time.sleep(0.15)

    @property
    def pid(self) -> int:
        return int(self._tmux("list-panes", "-F", "#{pane_pid}").split()[0])

    def memory_kb(self) -> dict[str, int]:
        out = {}
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith(("VmHWM:", "VmRSS:")):
                    out[line.split(":")[0]] = int(line.split()[1])
        return out

    def close(self) -> None:
        if self.control is not None:
            assert self.control.stdin is not None
            self.control.stdin.close()
            try:
                self.control.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.control.kill()
                self.control.wait()
        self._run("kill-server")


def quote_tmux(word: str) -> str:
    """One word of a tmux command line: bare if plain, else single-quoted ('#' starts a comment)."""
    if re.fullmatch(r"[\w:.,/=+-]+", word):
        return word
    return "'" + word.replace("'", "'\\''") + "'"


def callmate_cmd() -> str:
    return f"exec {shlex.quote(CALLMATE)}"


def bare_cmd(first: str = "ready", *flags: str) -> str:
    return f"exec {shlex.quote(PYTHON)} {shlex.quote(BARE)} {first} {' '.join(flags)}".rstrip()


# -- statistics ------------------------------------------------------------------------------------


def summary(samples: list[float | None]) -> dict:
    ok = [s for s in samples if s is not None]
    if not ok:
        return {"n": 0, "median": None, "worst": None, "failed": len(samples)}
    return {
        "n": len(ok),
        "median": statistics.median(ok),
        "worst": max(ok),
        "best": min(ok),
        "failed": len(samples) - len(ok),
    }


# -- a. b. launch to first paint in tmux -----------------------------------------------------------


def launch_two_screens(command: str, env: dict) -> tuple[float | None, float | None]:
    """Launch; time to Ready; then n at once; time (from launch) to the call screen."""
    pane = Pane(command, env)
    try:
        ready, _ = pane.wait_text(READY_TEXT)
        if ready is None:
            log(f"  ! Ready never showed for {command}:\n{pane.screen()}")
            return None, None
        pane.send("n")
        call, _ = pane.wait_text(CALL_TEXT, since=pane.t0)
        return ready, call
    finally:
        pane.close()


def launch_one(command: str, env: dict, text: str) -> float | None:
    pane = Pane(command, env)
    try:
        t, shown = pane.wait_text(text)
        if t is None:
            log(f"  ! {text!r} never showed for {command}:\n{shown}")
        return t
    finally:
        pane.close()


def bench_launch(runs: int, env: dict) -> dict:
    log(f"launch to first paint in tmux: {runs} rounds")
    r = {
        k: []
        for k in (
            "cm_ready",
            "cm_call",
            "bare_ready",
            "bare_call_two",
            "bare_call_direct",
            "floor_sh",
            "floor_python",
            "floor_textual",
        )
    }
    floor_sh = "exec sh -c 'echo FLOOR-UP; exec sleep 30'"
    floor_py = f"exec {shlex.quote(PYTHON)} -c \"print('FLOOR-UP'); import time; time.sleep(30)\""
    floor_tx = (
        f"exec {shlex.quote(PYTHON)} -c \"import textual.app; print('FLOOR-UP'); "
        'import time; time.sleep(30)"'
    )
    jobs = [
        ("callmate", lambda: launch_two_screens(callmate_cmd(), env)),
        ("bare two", lambda: launch_two_screens(bare_cmd("ready"), env)),
        ("bare call", lambda: launch_one(bare_cmd("call"), env, CALL_TEXT)),
        ("floor sh", lambda: launch_one(floor_sh, env, "FLOOR-UP")),
        ("floor py", lambda: launch_one(floor_py, env, "FLOOR-UP")),
        ("floor tx", lambda: launch_one(floor_tx, env, "FLOOR-UP")),
    ]
    for _name, job in jobs[:3]:  # warm the page cache and the .pyc files; not counted
        job()
    for i in range(runs):
        order = jobs[i % len(jobs) :] + jobs[: i % len(jobs)]  # rotate: no program always first
        for name, job in order:
            time.sleep(0.15)
            out = job()
            if name == "callmate":
                r["cm_ready"].append(out[0])
                r["cm_call"].append(out[1])
            elif name == "bare two":
                r["bare_ready"].append(out[0])
                r["bare_call_two"].append(out[1])
            elif name == "bare call":
                r["bare_call_direct"].append(out)
            else:
                r[
                    {
                        "floor sh": "floor_sh",
                        "floor py": "floor_python",
                        "floor tx": "floor_textual",
                    }[name]
                ].append(out)
        log(
            f"  round {i + 1}/{runs}: callmate ready {fmt(r['cm_ready'][-1])} call "
            f"{fmt(r['cm_call'][-1])} · bare ready {fmt(r['bare_ready'][-1])} call "
            f"{fmt(r['bare_call_two'][-1])} direct {fmt(r['bare_call_direct'][-1])}"
        )
    return r


# -- c. headless whole process ---------------------------------------------------------------------


def bench_headless(runs: int, env: dict) -> dict:
    log(f"headless whole process: {runs} rounds")
    cases = {
        "cm_ready": ("callmate", "ready"),
        "cm_call": ("callmate", "call"),
        "bare_ready": ("bare", "ready"),
        "bare_call_two": ("bare", "two"),
        "bare_call_direct": ("bare", "call"),
    }
    r = {k: [] for k in cases}

    def once(program: str, what: str) -> float | None:
        t = time.perf_counter()
        done = subprocess.run(
            [PYTHON, PROBE, program, what], env=env, capture_output=True, text=True, timeout=60
        )
        elapsed = time.perf_counter() - t
        if done.returncode != 0:
            log(f"  ! probe {program} {what} failed: {done.stderr[-2000:]}")
            return None
        return elapsed

    for program, what in list(cases.values())[:3]:
        once(program, what)
    keys = list(cases)
    for i in range(runs):
        for key in keys[i % len(keys) :] + keys[: i % len(keys)]:
            time.sleep(0.05)
            r[key].append(once(*cases[key]))
    return r


# -- d. keypress to screen -------------------------------------------------------------------------


def card_title_shown(title: str):
    pattern = re.compile(r"\s{2}" + re.escape(title) + r"\s{2,}(target|no target)")
    return lambda screen: bool(pattern.search(screen))


def note_row(screen: str) -> int:
    """The note field's line: where its placeholder is, else the line above the footer."""
    lines = screen.split("\n")
    for i, line in enumerate(lines):
        if NOTE_PLACEHOLDER in line:
            return i
    footer = max(i for i, line in enumerate(lines) if "palette" in line)
    return footer - 1  # a TextArea has no placeholder


def open_call(command: str, env: dict) -> Pane:
    pane = Pane(command, env)
    if pane.wait_text(READY_TEXT)[0] is None:
        raise RuntimeError(f"Ready never showed for {command}:\n{pane.screen()}")
    pane.send("n")
    if pane.wait_text(CALL_TEXT, since=time.perf_counter())[0] is None:
        raise RuntimeError(f"the call screen never showed for {command}:\n{pane.screen()}")
    time.sleep(0.5)
    return pane


def gap() -> None:
    """A human-ish, random pause between keys, so keys do not line up with the apps' timers."""
    time.sleep(random.uniform(0.05, 0.15))


def keys_next(pane: Pane, count: int) -> tuple[list, list]:
    """space forward through the steps, backspace back to the first, until ``count`` spaces."""
    forward, back = [], []
    position = 0
    while len(forward) < count:
        while position < len(STEP_TITLES) - 1 and len(forward) < count:
            t = pane.send("Space")
            elapsed, shown = pane.wait(card_title_shown(STEP_TITLES[position + 1]), t)
            if elapsed is None:
                log(f"  ! space: {STEP_TITLES[position + 1]!r} never showed:\n{shown}")
                raise RuntimeError("next step failed")
            forward.append(elapsed)
            position += 1
            gap()
        while position > 0 and len(forward) < count:
            t = pane.send("BSpace")
            elapsed, shown = pane.wait(card_title_shown(STEP_TITLES[position - 1]), t)
            if elapsed is None:
                log(f"  ! backspace: {STEP_TITLES[position - 1]!r} never showed:\n{shown}")
                raise RuntimeError("previous step failed")
            back.append(elapsed)
            position -= 1
            gap()
    # back to the first step, then to the acknowledgements
    while position > 0:
        t = pane.send("BSpace")
        pane.wait(card_title_shown(STEP_TITLES[position - 1]), t)
        position -= 1
        gap()
    return forward, back


def go_to_ack(pane: Pane) -> None:
    for position in range(1, ACK + 1):
        t = pane.send("Space")
        if pane.wait(card_title_shown(STEP_TITLES[position]), t)[0] is None:
            raise RuntimeError(f"could not reach {STEP_TITLES[position]!r}:\n{pane.screen()}")
        gap()
    time.sleep(0.3)


def keys_copy(pane: Pane, count: int) -> list:
    """1, 2, 4, 5 in turn: each time the phrase shows once more on the screen (its toast)."""
    samples = []
    cycle = itertools.cycle(COPY_KEYS.items())
    for _ in range(count):
        key, phrase = next(cycle)
        # The card shows the phrase once; wait until an older toast with it has gone.
        alone = lambda s, phrase=phrase: s.count(phrase) == 1  # noqa: E731
        if pane.wait(alone, time.perf_counter(), timeout=8)[0] is None:
            log(f"  ! the screen kept more than one {phrase!r}:\n{pane.screen()}")
        t = pane.send(key)
        elapsed, shown = pane.wait(lambda s, phrase=phrase: s.count(phrase) >= 2, t)
        if elapsed is None:
            log(f"  ! copy {key}: no toast with {phrase!r}:\n{shown}")
        samples.append(elapsed)
        time.sleep(random.uniform(1.2, 1.5))
    return samples


def keys_typing(
    pane: Pane, count: int, focus: str | None = "Tab", clear: tuple[str, ...] = ("C-u",)
) -> list:
    """Tab, then letters: each letter shows in the note field (the line where its placeholder
    was). ``clear`` empties the field when the text starts again (callmate's ctrl+u is an action,
    so there Enter saves the note and Tab opens the field again)."""
    # No toast may cover the note line.
    pane.wait(lambda s: "Copied" not in s, time.perf_counter(), timeout=8)
    row = note_row(pane.screen())
    if focus:
        pane.send(focus)
        time.sleep(0.3)
    samples = []
    for i in range(count):
        typed = TYPED[: i % len(TYPED) + 1]
        if i and i % len(TYPED) == 0:
            for key in clear:
                pane.send(key)
                time.sleep(0.3)
        pattern = re.compile(r"^\s*" + re.escape(typed) + r"(\s|▌|$)")

        def shown(screen: str, pattern: re.Pattern = pattern) -> bool:
            lines = screen.split("\n")
            return row < len(lines) and bool(pattern.match(lines[row]))

        t = pane.send(typed[-1], literal=True)
        elapsed, screen = pane.wait(shown, t)
        if elapsed is None:
            log(f"  ! typing: {typed!r} never showed on line {row}:\n{screen}")
        samples.append(elapsed)
        gap()
    return samples


def bench_keys(count: int, copies: int, env: dict, env_nodisplay: dict | None) -> dict:
    r: dict[str, list] = {}
    # The terminal's own echo floor: cat in canonical mode, the tty echoes each letter.
    log(f"keypress: echo floor ({count} keys)")
    pane = Pane("exec cat", env)
    time.sleep(0.3)
    try:
        floor = []
        for i in range(count):
            typed = TYPED[: i % len(TYPED) + 1]
            if i and i % len(TYPED) == 0:
                pane.send("C-u")
                time.sleep(0.2)
            t = pane.send(typed[-1], literal=True)
            floor.append(pane.wait(lambda s, typed=typed: s.split("\n")[0] == typed, t)[0])
            gap()
        r["echo_floor"] = floor
    finally:
        pane.close()

    for label, command, e in (
        ("cm", callmate_cmd(), env),
        ("bare", bare_cmd("ready"), env),
    ):
        log(f"keypress: {label} (next/back {count}, copy {copies}, typing {count})")
        pane = open_call(command, e)
        try:
            r[f"{label}_next"], r[f"{label}_back"] = keys_next(pane, count)
            go_to_ack(pane)
            r[f"{label}_copy"] = keys_copy(pane, copies)
            clear = ("Enter", "Tab") if label == "cm" else ("C-u",)
            r[f"{label}_typing"] = keys_typing(pane, count, clear=clear)
            pane.escape()
        finally:
            pane.close()

    log(f"keypress: bare TextArea typing ({count})")
    pane = open_call(bare_cmd("ready", "--textarea"), env)
    try:
        r["bare_typing_textarea"] = keys_typing(pane, count)
    finally:
        pane.close()

    if env_nodisplay is not None:
        log(f"keypress: callmate copy with no display ({copies})")
        pane = open_call(callmate_cmd(), env_nodisplay)
        try:
            go_to_ack(pane)
            r["cm_copy_nodisplay"] = keys_copy(pane, copies)
        finally:
            pane.close()
    return r


# -- e. peak memory --------------------------------------------------------------------------------


def whole_call(pane: Pane) -> None:
    def step(keys, text, literal=False):
        t = pane.send(*keys, literal=literal)
        check = text if callable(text) else (lambda s: text in s)
        if pane.wait(check, t, timeout=10)[0] is None:
            raise RuntimeError(f"after {keys} no {text!r}:\n{pane.screen()}")
        time.sleep(0.1)

    step(["n"], CALL_TEXT)
    for position in range(1, len(STEP_TITLES)):
        step(["Space"], card_title_shown(STEP_TITLES[position]))
        if position == ACK:
            step(["1"], lambda s: s.count(COPY_KEYS["1"]) >= 2)
            pane.send("Tab")
            time.sleep(0.2)
            step(["they want a refund"], "they want a refund", literal=True)
            pane.send("Enter")
            time.sleep(0.3)
            pane.escape()
    step(["C-e"], "Wrap-up")
    step(["C-s"], "Take a break")
    step(["s"], READY_TEXT)


def bench_memory(runs: int, env: dict) -> dict:
    log(f"peak memory: {runs} rounds")
    r = {k: [] for k in ("cm_start", "cm_after", "bare_start", "bare_after")}
    for i in range(runs):
        programs = [("cm", callmate_cmd()), ("bare", bare_cmd("ready"))]
        for label, command in programs if i % 2 == 0 else programs[::-1]:
            pane = Pane(command, env)
            try:
                if pane.wait_text(READY_TEXT)[0] is None:
                    raise RuntimeError(f"Ready never showed for {command}")
                time.sleep(0.5)
                r[f"{label}_start"].append(pane.memory_kb()["VmHWM"] / 1024)
                whole_call(pane)
                time.sleep(0.5)
                r[f"{label}_after"].append(pane.memory_kb()["VmHWM"] / 1024)
            finally:
                pane.close()
    return r


# -- the report ------------------------------------------------------------------------------------


def fmt(value: float | None, unit: str = "ms") -> str:
    if value is None:
        return "—"
    if unit == "ms":
        return f"{value * 1000:.0f} ms" if value >= 0.0995 else f"{value * 1000:.1f} ms"
    return f"{value:.1f} MB"


def row(measure, cm, bare, goal_text="", verdict="", unit="ms", ratio=None, note=""):
    c, b = summary(cm), summary(bare) if bare is not None else None
    if ratio is None and b and c["median"] is not None and b["median"]:
        ratio = c["median"] / b["median"]
    return [
        measure,
        f"{fmt(c['median'], unit)} / {fmt(c['worst'], unit)}",
        f"{fmt(b['median'], unit)} / {fmt(b['worst'], unit)}" if b else "",
        f"{ratio:.2f}×" if ratio is not None else "",
        goal_text,
        verdict,
        note,
    ]


def verdict_ratio(cm, bare, goal) -> tuple[str, str]:
    c, b = summary(cm), summary(bare)
    if c["median"] is None or b["median"] is None:
        return f"≤ {goal}×", "no data"
    ratio = c["median"] / b["median"]
    if ratio <= goal:
        return f"≤ {goal}×", "met"
    return f"≤ {goal}×", f"MISSED by {(ratio / goal - 1) * 100:.0f}%"


def verdict_key(cm, reference) -> tuple[str, str, float | None]:
    c, b = summary(cm), summary(reference)
    goal = f"≤ {GOALS['key_ratio']}× bare Input, worst < {GOALS['key_worst_ms']:.0f} ms"
    if c["median"] is None or b["median"] is None:
        return goal, "no data", None
    ratio = c["median"] / b["median"]
    problems = []
    if ratio > GOALS["key_ratio"]:
        problems.append(f"median {ratio:.2f}× (+{(ratio / GOALS['key_ratio'] - 1) * 100:.0f}%)")
    if c["worst"] * 1000 >= GOALS["key_worst_ms"]:
        problems.append(f"worst {c['worst'] * 1000:.0f} ms")
    if c["failed"]:
        problems.append(f"{c['failed']} never shown")
    return goal, ("MISSED: " + ", ".join(problems)) if problems else "met", ratio


def table(rows: list[list[str]]) -> str:
    head = [
        "measure",
        "callmate med / worst",
        "bare med / worst",
        "ratio",
        "goal",
        "result",
        "note",
    ]
    rows = [head, *rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    out = []
    for n, r in enumerate(rows):
        out.append("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |")
        if n == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def report(data: dict) -> str:
    rows = []
    L, H, K, M = (data.get(k, {}) for k in ("launch", "headless", "keys", "memory"))
    if L:
        rows.append(
            row(
                "tmux: launch → Ready",
                L["cm_ready"],
                L["bare_ready"],
                *verdict_ratio(L["cm_ready"], L["bare_ready"], GOALS["ready"]),
            )
        )
        rows.append(
            row(
                "tmux: launch → Ready → n → call",
                L["cm_call"],
                L["bare_call_two"],
                *verdict_ratio(L["cm_call"], L["bare_call_two"], GOALS["call"]),
            )
        )
        rows.append(
            row(
                "tmux: … vs bare call launched directly",
                L["cm_call"],
                L["bare_call_direct"],
                f"(≤ {GOALS['call']}×)",
                verdict_ratio(L["cm_call"], L["bare_call_direct"], GOALS["call"])[1],
            )
        )
    if H:
        rows.append(
            row(
                "headless process: Ready",
                H["cm_ready"],
                H["bare_ready"],
                *verdict_ratio(H["cm_ready"], H["bare_ready"], GOALS["ready"]),
            )
        )
        rows.append(
            row(
                "headless process: Ready → call",
                H["cm_call"],
                H["bare_call_two"],
                *verdict_ratio(H["cm_call"], H["bare_call_two"], GOALS["call"]),
            )
        )
        rows.append(
            row(
                "headless process: … vs bare call directly",
                H["cm_call"],
                H["bare_call_direct"],
                f"(≤ {GOALS['call']}×)",
                verdict_ratio(H["cm_call"], H["bare_call_direct"], GOALS["call"])[1],
            )
        )
    if K:
        ref = K["bare_typing"]
        for name, cm_key, bare_key in (
            ("key: space → next step card", "cm_next", "bare_next"),
            ("key: backspace → previous step", "cm_back", "bare_back"),
            ("key: 1-5 → Copied toast (xclip)", "cm_copy", "bare_copy"),
            ("key: 1-5 → toast, no display", "cm_copy_nodisplay", "bare_copy"),
            ("key: letter → shown in note Input", "cm_typing", "bare_typing"),
        ):
            if cm_key not in K:
                continue
            goal, verdict, ratio = verdict_key(K[cm_key], ref)
            same = summary(K[bare_key])["median"]
            cm_median = summary(K[cm_key])["median"]
            note = f"{cm_median / same:.2f}× the bare app's same key" if same and cm_median else ""
            rows.append(row(name, K[cm_key], K[bare_key], goal, verdict, ratio=ratio, note=note))
    if M:
        rows.append(
            row(
                "peak RSS at Ready",
                M["cm_start"],
                M["bare_start"],
                *verdict_ratio(M["cm_start"], M["bare_start"], GOALS["memory"]),
                unit="MB",
            )
        )
        rows.append(
            row(
                "peak RSS after a whole call",
                M["cm_after"],
                M["bare_after"],
                *verdict_ratio(M["cm_after"], M["bare_after"], GOALS["memory"]),
                unit="MB",
            )
        )
    out = [table(rows)]
    if L:
        out.append(
            "\nlaunch floors in tmux (median / worst): "
            f"sh echo {fmt(summary(L['floor_sh'])['median'])} / "
            f"{fmt(summary(L['floor_sh'])['worst'])}"
            f" · python -c print {fmt(summary(L['floor_python'])['median'])} / "
            f"{fmt(summary(L['floor_python'])['worst'])}"
            f" · python -c 'import textual.app' {fmt(summary(L['floor_textual'])['median'])} / "
            f"{fmt(summary(L['floor_textual'])['worst'])}"
        )
    if K:
        ta, echo, cm_typing = (
            summary(K[k]) for k in ("bare_typing_textarea", "echo_floor", "cm_typing")
        )
        out.append(
            f"references (median / worst): bare TextArea typing {fmt(ta['median'])} / "
            f"{fmt(ta['worst'])} · terminal echo floor (cat in tmux) {fmt(echo['median'])} / "
            f"{fmt(echo['worst'])}"
        )
        if ta["median"] and cm_typing["median"]:
            out.append(
                f"callmate note typing / bare TextArea typing: "
                f"{cm_typing['median'] / ta['median']:.2f}× at the median"
            )
        out.append(
            "Key rows: ratio = callmate median / the bare app's Input typing median (the goal's "
            "reference); the bare column is the bare app doing the same key."
        )
    return "\n".join(out)


def machine() -> dict:
    import textual

    tmux = subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip()
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "textual": getattr(textual, "__version__", "?"),
        "tmux": tmux,
        "loadavg_start": os.getloadavg(),
    }


# -- setting up ------------------------------------------------------------------------------------


def start_xvfb() -> tuple[subprocess.Popen | None, str | None]:
    if not shutil.which("Xvfb") or not shutil.which("xclip"):
        return None, None
    for number in range(97, 140):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            break
    else:
        return None, None
    proc = subprocess.Popen(
        ["Xvfb", f":{number}", "-nolisten", "tcp", "-screen", "0", "640x480x24"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if Path(f"/tmp/.X11-unix/X{number}").exists():
            return proc, f":{number}"
        time.sleep(0.05)
    proc.kill()
    return None, None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="launches of each program (15)")
    parser.add_argument("--headless-runs", type=int, default=None, help="(default: --runs)")
    parser.add_argument("--keys", type=int, default=30, help="keys of each kind (30)")
    parser.add_argument("--copies", type=int, default=None, help="copies (default: --keys)")
    parser.add_argument("--mem-runs", type=int, default=4, help="memory runs of each program (4)")
    parser.add_argument("--only", default="launch,headless,keys,memory")
    parser.add_argument("--no-xvfb", action="store_true", help="run with no X display at all")
    parser.add_argument("--json", help="write the raw samples here")
    parser.add_argument(
        "--tmux",
        choices=("control", "exec"),
        default="control",
        help="talk to tmux through one control-mode client (default) or one "
        "tmux process per command",
    )
    parser.add_argument(
        "--poll-ms",
        type=float,
        default=None,
        help="capture-pane period while waiting for keys (2) and launches (5)",
    )
    parser.add_argument("--report", metavar="JSON", help="print the table of a saved --json run")
    args = parser.parse_args()
    if args.report:
        saved = json.loads(Path(args.report).read_text())
        print(json.dumps(saved["machine"]))
        print(report(saved))
        return
    parts = set(args.only.split(","))
    global POLL_KEYS, POLL_LAUNCH
    Pane.transport = args.tmux
    if args.poll_ms is not None:
        POLL_KEYS = POLL_LAUNCH = args.poll_ms / 1000

    tmp = Path(tempfile.mkdtemp(prefix="cmbench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TMUX", "CALLMATE_"))}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env.setdefault("LANG", "C.UTF-8")
    env["CALLMATE_DB"] = str(tmp / "calls.db")
    env["CALLMATE_CONFIG_DIR"] = str(tmp / "config")
    env_nodisplay = dict(env)
    xvfb, display = (None, None) if args.no_xvfb else start_xvfb()
    if display:
        env["DISPLAY"] = display

    info = machine()
    info["display"] = f"Xvfb {display} (xclip)" if display else "none"
    info["tmux_transport"] = args.tmux
    info["poll_ms"] = {"launch": POLL_LAUNCH * 1000, "keys": POLL_KEYS * 1000}
    data: dict = {"machine": info, "args": vars(args)}
    try:
        # Seed: settings (agent) and the database, so timed launches write neither.
        seed = Pane(f"{callmate_cmd()} --agent bench", env)
        if seed.wait_text(READY_TEXT, timeout=20)[0] is None:
            raise SystemExit(f"callmate did not start:\n{seed.screen()}")
        time.sleep(0.5)
        seed.close()

        if "launch" in parts:
            data["launch"] = bench_launch(args.runs, env)
        if "headless" in parts:
            data["headless"] = bench_headless(args.headless_runs or args.runs, env)
        if "keys" in parts:
            data["keys"] = bench_keys(
                args.keys, args.copies or args.keys, env, env_nodisplay if display else None
            )
        if "memory" in parts:
            data["memory"] = bench_memory(args.mem_runs, env)
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(timeout=5)
        shutil.rmtree(tmp, ignore_errors=True)
    info["loadavg_end"] = os.getloadavg()

    print(
        f"python {info['python']} ({info['implementation']}) · {info['cpus']} CPUs · "
        f"textual {info['textual']} · {info['tmux']} · display: {info['display']}"
    )
    print(
        f"tmux commands through: {args.tmux} · capture-pane every {POLL_LAUNCH * 1000:g} ms "
        f"(launch), {POLL_KEYS * 1000:g} ms (keys)"
    )
    print(
        f"{info['platform']} · load average at start {info['loadavg_start'][0]:.2f}, "
        f"at end {info['loadavg_end'][0]:.2f}"
    )
    print()
    print(report(data))
    if args.json:
        Path(args.json).write_text(json.dumps(data, indent=1))
        print(f"\nraw samples: {args.json}")


if __name__ == "__main__":
    main()
