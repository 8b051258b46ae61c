"""Scoring a call in the browser, as the review screen scores it (``evaluation.answers``): the
form in the language spoken, filled in from the call's record with its last evaluation over it,
each question a row of choices; then the posted form read back, checked, and made the row to
save (the signed-in lead's, at the door's clock).

A lead who may not see customers' names is shown the earlier comments redacted; a comment
posted back just as it was shown keeps the words it was saved with, so looking at an
evaluation and saving it again loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from callmate.evaluation import answers as ev
from callmate.evaluation.form import Form, builtin
from callmate.language.i18n import _, language
from callmate.models import EvaluationRow
from callmate.report import evaluation_text as words
from callmate.safe import visible

#: What the posted form names each question's answer and comment by (``q-`` and ``c-`` + id).
ANSWER, COMMENT = "q-", "c-"


class ScoreError(ValueError):
    """A posted answer the question does not take; one sentence for the lead."""


@dataclass
class Scoring:
    """One call's evaluation being made or changed, and the comments as the page shows them
    (redacted for a lead who may not see names)."""

    call_id: str
    form: Form
    answers: dict[str, dict[str, Any]]
    earlier: dict[str, Any] | None
    comment: str
    shown_comments: dict[str, str]
    shown_comment: str


def start(record: dict[str, Any], lead: str, shown: dict[str, Any]) -> Scoring:
    """``lead``'s evaluation of the call ``record`` (read with names): the record's answers,
    the lead's own last evaluation of the call over them; its comments as ``shown`` (the
    record as the lead may see it) words them."""
    form = builtin(language())
    answers, earlier = ev.resume(form, record, lead)
    comment = str((earlier or {}).get("comment") or "")
    seen: dict[str, Any] = {}
    if earlier is not None:
        seen = next(
            (e for e in shown.get("evaluations") or [] if e.get("id") == earlier.get("id")), {}
        )
    by_question = {
        qid: str(((seen.get("answers") or {}).get(qid) or {}).get("comment") or "")
        for qid in answers
    }
    return Scoring(
        str(record["id"]),
        form,
        answers,
        earlier,
        comment,
        by_question,
        str(seen.get("comment") or ""),
    )


def _choice_word(value: str, scale: str) -> str:
    return value if value.isdigit() else words.answer_word(value, scale)


def page(scoring: Scoring) -> dict[str, Any]:
    """What the scoring page shows: each question with its choices (the answer that counts
    chosen), whose answer it is, its comment; the comment on the call; the score so far."""
    questions = []
    for q in scoring.form.questions:
        entry = scoring.answers[q.id]
        given = str(entry.get("answer") or "")
        questions.append(
            {
                "id": q.id,
                "text": visible(q.text),
                "options": [(v, _choice_word(v, q.scale), v == given) for v in q.answers()],
                "whose": words.whose(entry),
                "comment": visible(scoring.shown_comments.get(q.id, "")),
            }
        )
    left = ev.unanswered(scoring.answers)
    return {
        "call_id": scoring.call_id,
        "form_name": visible(scoring.form.name),
        "questions": questions,
        "comment": visible(scoring.shown_comment, newlines=True),
        "score": words.score_text(ev.score(scoring.answers)),
        "left": words.left_text(left) if left else "",
    }


def take(scoring: Scoring, posted: dict[str, str]) -> None:
    """The posted form's answers and comments into ``scoring``. An answer that differs from
    the one that counted is the lead's; a question left without a choice keeps its answer; a
    comment posted back as it was shown keeps its saved words. A choice a question does not
    take leaves that question as it was, and is a :class:`ScoreError` once the rest is taken
    (the page shown again keeps everything else the lead chose and typed)."""
    wrong = None
    for q in scoring.form.questions:
        entry = scoring.answers[q.id]
        given = (posted.get(ANSWER + q.id) or "").strip()
        if given and given not in q.answers():
            wrong = wrong or (given, q)
        elif given and given != str(entry.get("answer") or ""):
            ev.answer(scoring.answers, q.id, given)
        typed = (posted.get(COMMENT + q.id) or "").strip()
        if typed != scoring.shown_comments.get(q.id, "").strip():
            entry["comment"] = scoring.shown_comments[q.id] = typed
    typed = (posted.get("comment") or "").strip()
    if typed != scoring.shown_comment.strip():
        scoring.comment = scoring.shown_comment = typed
    if wrong is not None:
        given, q = wrong
        raise ScoreError(
            _("{answer} is not an answer to “{question}”.").format(
                answer=repr(visible(given)), question=q.text
            )
        )


def row(scoring: Scoring, lead: str, at: str) -> EvaluationRow:
    """The evaluation to save: a new one, or the call's last one changed (its id kept)."""
    earlier = scoring.earlier or {}
    return ev.build(
        scoring.form,
        scoring.call_id,
        scoring.answers,
        lead=lead,
        at=at,
        comment=scoring.comment,
        evaluation_id=earlier.get("id"),
        created_at=earlier.get("created_at"),
    )
