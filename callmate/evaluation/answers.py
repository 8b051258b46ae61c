"""A form's answers for one call: those the record gives, the lead's, and the score.

A call's record (``review.queries.call_record``: its steps with their status, time and target,
its events, outcome and warnings) answers the questions whose ``record`` names a fact; the lead
confirms or corrects each. Every answer keeps both: ``record`` (what the record said, "" when it
cannot say) and ``answer`` (what counts: the lead's when they gave one), with ``by`` saying whose
it is ("record" or "lead").
"""

from __future__ import annotations

import uuid
from typing import Any

from callmate.evaluation.form import NO, NOT_APPLICABLE, YES, Form, Question
from callmate.models import EvaluationRow

Record = dict[str, Any]


def _steps(question: Question, record: Record) -> list[dict[str, Any]]:
    steps = [s for s in record.get("steps", []) if s.get("kind") != "break"]
    if question.step:
        return [s for s in steps if s.get("id") == question.step]
    if question.kind:
        return [s for s in steps if s.get("kind") == question.kind]
    return steps


def _reached(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [s for s in steps if s.get("status") in ("done", "skipped")]


def _within(step: dict[str, Any]) -> bool:
    target = step.get("target_seconds") or 0
    return not target or bool(step.get("soft_target")) or (step.get("seconds") or 0) <= target


def from_record(question: Question, record: Record) -> str:
    """What the record answers to ``question``: yes, no, na, or "" when it cannot say."""
    fact = question.record
    if fact == "warned_before_ending":
        if record.get("outcome") != "abuse":
            return NOT_APPLICABLE
        return YES if (record.get("warnings") or 0) > 0 else NO
    if fact == "hold_within":
        holds = [
            (e.get("data") or {}).get("seconds") or 0
            for e in record.get("events", [])
            if e.get("kind") == "hold_ended"
        ]
        if not holds:
            return NOT_APPLICABLE
        return YES if max(holds) <= question.limit_seconds else NO
    steps = _steps(question, record)
    reached = _reached(steps)
    if fact == "done":
        if not reached:
            return NOT_APPLICABLE
        return YES if all(s.get("status") == "done" for s in reached) else NO
    if fact == "on_target":
        done = [s for s in reached if s.get("status") == "done"]
        if not done:
            return NOT_APPLICABLE
        return YES if all(_within(s) for s in done) else NO
    if fact == "done_before_resolve":
        solving = [
            s for s in record.get("steps", []) if s.get("kind") == "resolve" and s.get("started_at")
        ]
        if not steps or not solving:
            return NOT_APPLICABLE
        began = min(str(s["started_at"]) for s in solving)
        before = all(
            s.get("status") == "done" and s.get("ended_at") and str(s["ended_at"]) <= began
            for s in steps
        )
        return YES if before else NO
    return ""


def prefill(form: Form, record: Record) -> dict[str, dict[str, Any]]:
    """The form's answers for a call as the record gives them, for the lead to confirm."""
    found = {}
    for q in form.questions:
        said = from_record(q, record) if q.record else ""
        found[q.id] = {
            "text": q.text,
            "scale": q.scale,
            "weight": q.weight,
            "record": said,
            "answer": said,
            "by": "record" if said else "",
            "comment": "",
        }
    return found


def resume(
    form: Form, record: Record, lead: str
) -> tuple[dict[str, dict[str, Any]], dict[str, Any] | None]:
    """The answers ``lead`` starts from: the record's, with the lead's own last evaluation of
    the call over them (that one is changed, not made again; another lead's stays theirs), and
    that evaluation (None: the lead has not scored the call)."""
    answers = prefill(form, record)
    made = [e for e in record.get("evaluations") or [] if e.get("lead") == lead]
    if not made:
        return answers, None
    earlier: dict[str, Any] = made[-1]
    for qid, entry in (earlier.get("answers") or {}).items():
        if qid in answers:
            answers[qid] = {**answers[qid], **entry}
    return answers, earlier


def answer(answers: dict[str, dict[str, Any]], question_id: str, value: str) -> None:
    """The lead's answer to a question (it wins over the record's, and says so)."""
    entry = answers[question_id]
    entry["answer"] = value
    entry["by"] = "lead"


def value_of(entry: dict[str, Any]) -> float | None:
    """An answer as a fraction of full marks (None: not answered, or not applicable)."""
    given = str(entry.get("answer") or "")
    if given == YES:
        return 1.0
    if given == NO:
        return 0.0
    if given.isdigit() and 1 <= int(given) <= 5:
        return (int(given) - 1) / 4
    return None


def score(answers: dict[str, dict[str, Any]]) -> float | None:
    """The weighted score out of 100 over the questions answered (None: none answered)."""
    total = weights = 0.0
    for entry in answers.values():
        got = value_of(entry)
        if got is None:
            continue
        weight = float(entry.get("weight") or 1)
        total += weight * got
        weights += weight
    return round(100 * total / weights, 1) if weights else None


def unanswered(answers: dict[str, dict[str, Any]]) -> int:
    """How many questions have no answer yet (neither the record's nor the lead's)."""
    return sum(1 for e in answers.values() if not e.get("answer"))


def build(
    form: Form,
    call_id: str,
    answers: dict[str, dict[str, Any]],
    *,
    lead: str,
    at: str,
    comment: str = "",
    evaluation_id: str | None = None,
    created_at: str | None = None,
) -> EvaluationRow:
    """An evaluation to store: the form it was made with, its answers and their score."""
    return EvaluationRow(
        id=evaluation_id or uuid.uuid4().hex,
        call_id=call_id,
        form_id=form.id,
        form_version=form.version,
        language=form.language,
        lead=lead,
        created_at=created_at or at,
        updated_at=at,
        score=score(answers),
        comment=comment,
        answers=answers,
    )
