"""What keeping the review's derived data costs a live call: each change written, timed.

    python bench/write_bench.py            # 30 rounds of the hand-built calls of the tests

Every call of ``tests/test_review_dataset.py`` is played through ``callmate.call.Call`` and
written with ``store.live.apply``, one transaction a change, as the live path writes it, into
fresh files: with every trigger (rollups, search documents, the figures kept for each call), with
the figures' triggers dropped, and with none of them. Prints the median and 95th percentile of a
change's write in each, and the ratios.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from callmate.store import call_figures, call_search, live, rollup  # noqa: E402
from callmate.store.db import open_db  # noqa: E402
from tests import test_review_dataset as dataset  # noqa: E402

ROUNDS = 30


def timed_apply(times: list[float]):
    apply = live.apply

    def run(db, change, checklist=None):
        started = time.perf_counter()
        apply(db, change, checklist)
        times.append(time.perf_counter() - started)

    return run


def round_of(kind: str, folder: Path, n: int) -> list[float]:
    db = open_db(folder / f"{kind}-{n}.db")
    with db.atomic():
        if kind in ("no figures", "none"):
            call_figures.drop_triggers(db.conn)
        if kind == "none":
            rollup.drop_triggers(db)
            call_search.drop_triggers(db.conn)
    times: list[float] = []
    dataset.live.apply = timed_apply(times)
    try:
        for name in dataset.CALLS:
            dataset.play(db, name)
    finally:
        dataset.live.apply = live.apply
        db.close()
    return times


def main() -> None:
    kinds = ("every trigger", "no figures", "none")
    found: dict[str, list[float]] = {k: [] for k in kinds}
    with tempfile.TemporaryDirectory() as folder:
        for n in range(ROUNDS):
            for kind in kinds:  # interleaved, so the machine's moods fall on each alike
                found[kind] += round_of(kind, Path(folder), n)
    base = statistics.median(found["none"])
    print(f"{len(found['none']) // ROUNDS} changes a round, {ROUNDS} rounds")
    for kind in kinds:
        times = sorted(found[kind])
        median, p95 = statistics.median(times), times[int(0.95 * len(times))]
        print(
            f"{kind:14s} median {1000 * median:.3f} ms  p95 {1000 * p95:.3f} ms  "
            f"({median / base:.2f}x none)"
        )


if __name__ == "__main__":
    main()
