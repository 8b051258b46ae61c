"""Demo evaluations: a team lead scores each demo agent's latest calls on the built-in form of
the agent's language, so ``callmate feedback`` and the review have something to show."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from callmate.demo.words import AGENTS
from callmate.evaluation import answers as ev
from callmate.evaluation.form import builtin
from callmate.review.queries import call_record
from callmate.store import evaluations
from callmate.store.call_search import Connected

#: Calls scored per agent: their latest closed ones.
PER_AGENT = 3
LEADS = {"en": "Sam", "tr": "Aylin", "et": "Kristi"}
COMMENTS = {
    "en": ("Good calm opening.", "Try restating before you solve.", "Well handled."),
    "tr": ("Açılış sakin ve iyiydi.", "Çözmeden önce sorunu yeniden ifade edin.", "İyi yönetildi."),
    "et": ("Hea rahulik algus.", "Korda probleemi enne lahendamist.", "Hästi hakkama saadud."),
}


def write(db: Connected, seed: int = 1) -> int:
    """Score the latest closed calls of every demo agent; how many evaluations were written."""
    rng = random.Random(seed)
    written = 0
    for agent in AGENTS:
        code = agent.checklists[0].rsplit(".", 1)[-1]
        form = builtin(code)
        ids = [
            r[0]
            for r in db.conn.execute(
                "SELECT id FROM calls WHERE agent = ? AND status = 'closed' "
                "ORDER BY started_at DESC LIMIT ?",
                [agent.name, PER_AGENT],
            )
        ]
        for call_id in ids:
            record = call_record(db, call_id)
            found = ev.prefill(form, record)
            for q in form.questions:
                if not q.record:
                    value = str(rng.randint(3, 5)) if q.scale == "1-5" else "yes"
                    if q.scale == "yes_no" and rng.random() < 0.2:
                        value = "no"
                    ev.answer(found, q.id, value)
            if rng.random() < 0.3:  # the lead corrects what the record said, now and then
                ev.answer(found, "on-target", "yes")
            found["tone"]["comment"] = rng.choice(COMMENTS[code])
            at = datetime.fromisoformat(str(record["started_at"])) + timedelta(hours=20)
            row = ev.build(
                form,
                call_id,
                found,
                lead=LEADS[code],
                at=at.isoformat(),
                evaluation_id=f"demo-{call_id}",
            )
            evaluations.save(db, row)
            written += 1
    return written
