"""Run by tests/test_crash.py in its own process: start a call, save several changes through the
Writer, say READY, then wait to be killed."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from callmate.call import Call
from callmate.checklists import catalog
from callmate.clock import FakeClock
from callmate.store import live
from callmate.store.writer import Writer


def main(db_path: str) -> None:
    checklist = catalog.resolve("default.tr")
    clock = FakeClock(start=datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    errors: list[str] = []
    writer = Writer(Path(db_path), on_error=errors.append)
    call, change = Call.start(checklist, clock, agent="Mert", customer="Şükrü Ağaoğlu")

    def save(change, with_checklist=None):
        writer.submit(lambda db: live.apply(db, change, with_checklist))

    save(change, checklist)
    clock.advance(12)
    save(call.next())
    clock.advance(30)
    save(call.add_note("Müşteri çok kızgın; kargo İstanbul'da bekliyor"))
    clock.advance(15)
    save(call.next())
    clock.advance(20)
    save(call.add_note("Kart numarası 4111 1111 1111 1111, iade istiyor"))
    save(call.toggle_fault())
    clock.advance(5)
    save(call.next())
    save(call.set_draft("yarım kalan not ığüşöç"))
    if not writer.flush(timeout=30) or errors:
        print("FAILED", errors, flush=True)
        sys.exit(1)
    print("READY", call.id, flush=True)
    time.sleep(120)


if __name__ == "__main__":
    main(sys.argv[1])
