"""What the launch path spends its time on: imports, and the phases up to the first paint.

    /tmp/venv/bin/python bench/import_time.py              # import profiles + phases (5 runs)
    /tmp/venv/bin/python bench/import_time.py --top 25 --runs 9
    /tmp/venv/bin/python bench/import_time.py --cprofile   # also: cProfile of one launch

1. ``python -X importtime -c "import callmate.cli"``: the top cumulative imports (what the CLI
   pays before it even parses its arguments).
2. ``python -X importtime bench/headless_probe.py callmate ready``: the full launch path up to the
   painted Ready screen, with the lazy imports made on the way; the same for the bare app, and
   the modules that only callmate's path imports, grouped by top-level package (summed self time).
   Each -X importtime figure is the median of --runs runs.
3. Phases: milestones of the headless launch (seconds since the process was started), callmate
   against the bare app, medians of --runs runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
PROBE = str(HERE / "headless_probe.py")


def importtime(args: list[str], env: dict) -> list[tuple[int, int, int, str]]:
    """(order, self us, cumulative us, nesting level, module) for each import, in order."""
    done = subprocess.run(
        [PYTHON, "-X", "importtime", *args], env=env, capture_output=True, text=True, timeout=60
    )
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative, name = line[len("import time:") :].split("|")
        level = (len(name) - len(name.lstrip(" "))) // 2
        rows.append((int(self_us), int(cumulative), level, name.strip()))
    if not rows:
        raise SystemExit(f"no -X importtime output from {args}:\n{done.stderr[-3000:]}")
    return rows


def median_profile(args: list[str], env: dict, runs: int) -> dict[str, dict]:
    """Per module: median self and cumulative us over ``runs`` runs, and its nesting level."""
    samples: dict[str, dict] = defaultdict(lambda: {"self": [], "cum": [], "level": 0, "order": 0})
    for _ in range(runs):
        for order, (self_us, cum, level, name) in enumerate(importtime(args, env)):
            entry = samples[name]
            entry["self"].append(self_us)
            entry["cum"].append(cum)
            entry["level"] = level
            entry["order"] = order
    return {
        name: {
            "self": statistics.median(e["self"]),
            "cum": statistics.median(e["cum"]),
            "level": e["level"],
            "order": e["order"],
        }
        for name, e in samples.items()
    }


def top_cumulative(profile: dict[str, dict], top: int) -> str:
    rows = sorted(profile.items(), key=lambda kv: -kv[1]["cum"])[:top]
    out = [f"  {'cumulative':>10}  {'self':>8}  level  module"]
    for name, e in rows:
        out.append(
            f"  {e['cum'] / 1000:8.1f} ms  {e['self'] / 1000:5.1f} ms  {e['level']:5}  {name}"
        )
    return "\n".join(out)


def top_packages(profile: dict[str, dict], only: set[str] | None = None, top: int = 15) -> str:
    by_package: dict[str, list] = defaultdict(lambda: [0.0, 0])
    for name, e in profile.items():
        if only is not None and name not in only:
            continue
        package = name.split(".")[0]
        by_package[package][0] += e["self"]
        by_package[package][1] += 1
    rows = sorted(by_package.items(), key=lambda kv: -kv[1][0])[:top]
    total = sum(v[0] for v in by_package.values())
    out = [f"  {'self, summed':>12}  modules  package   (total {total / 1000:.1f} ms)"]
    for package, (self_us, count) in rows:
        out.append(f"  {self_us / 1000:9.1f} ms  {count:7}  {package}")
    return "\n".join(out)


def phases(program: str, env: dict, runs: int) -> dict[str, float]:
    collected: dict[str, list[float]] = defaultdict(list)
    order: list[str] = []
    for _ in range(runs):
        run_env = {**env, "CMBENCH_PHASES": "1", "CMBENCH_T0": repr(time.time())}
        t = time.perf_counter()
        done = subprocess.run(
            [PYTHON, PROBE, program, "ready"],
            env=run_env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        whole = time.perf_counter() - t
        marks = json.loads(done.stderr.strip().splitlines()[-1])
        for name, at in [*marks, ["process ended", whole]]:
            if name not in order:
                order.append(name)
            collected[name].append(at)
        time.sleep(0.05)
    return {name: statistics.median(collected[name]) for name in order}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cprofile", action="store_true")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="cmbench-imports-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALLMATE_")}
    env["CALLMATE_DB"] = str(tmp / "calls.db")
    env["CALLMATE_CONFIG_DIR"] = str(tmp / "config")
    env.pop("DISPLAY", None)
    # Seed the database and settings, as a real agent's second launch would find them.
    subprocess.run([PYTHON, PROBE, "callmate", "ready"], env=env, capture_output=True, timeout=60)

    try:
        print(
            f"python {sys.version.split()[0]} · {os.cpu_count()} CPUs · medians of {args.runs} runs"
        )
        cli = median_profile(["-c", "import callmate.cli"], env, args.runs)
        print(f'\n1. python -X importtime -c "import callmate.cli": top {args.top} cumulative')
        print(top_cumulative(cli, args.top))

        full = median_profile([PROBE, "callmate", "ready"], env, args.runs)
        bare = median_profile([PROBE, "bare", "ready"], env, args.runs)
        print(
            f"\n2a. the full launch path to the painted Ready screen "
            f"(headless_probe.py callmate ready): top {args.top} cumulative"
        )
        print(top_cumulative(full, args.top))
        extra = set(full) - set(bare)
        extra_ms = sum(full[m]["self"] for m in extra) / 1000
        print(
            f"\n2b. imported on callmate's path but not the bare app's: {len(extra)} modules, "
            f"{extra_ms:.1f} ms of self time; by package"
        )
        print(top_packages(full, only=extra))
        extra_profile = {m: full[m] for m in extra}
        print(f"\n2c. of those, the top {args.top} cumulative")
        print(top_cumulative(extra_profile, args.top))
        print(
            f"\n2d. the bare app's path for comparison: {len(bare)} modules, "
            f"callmate's: {len(full)}; bare by package"
        )
        print(top_packages(bare, top=8))

        print(
            f"\n3. phases of a headless launch, seconds since the process was started (median of "
            f"{args.runs})"
        )
        cm, ba = phases("callmate", env, args.runs), phases("bare", env, args.runs)
        width = max(len(n) for n in [*cm, *ba])
        print(f"  {'callmate':<{width}}  {'at':>7}  {'step':>7}")
        previous = 0.0
        for name, at in cm.items():
            print(f"  {name:<{width}}  {at:6.3f}s  {(at - previous) * 1000:5.0f}ms")
            previous = at
        print(f"  {'bare':<{width}}")
        previous = 0.0
        for name, at in ba.items():
            print(f"  {name:<{width}}  {at:6.3f}s  {(at - previous) * 1000:5.0f}ms")
            previous = at

        if args.cprofile:
            out = tmp / "launch.prof"
            subprocess.run(
                [PYTHON, "-m", "cProfile", "-o", str(out), PROBE, "callmate", "ready"],
                env=env,
                capture_output=True,
                timeout=120,
            )
            import pstats

            print("\n4. cProfile of one headless launch to the painted Ready, top 25 cumulative")
            pstats.Stats(str(out)).sort_stats("cumulative").print_stats(25)

    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
