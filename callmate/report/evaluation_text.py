"""An evaluation in words: each question with its answer, whose answer it is, and the score.

A question is read in the reader's language where the built-in form of that language has it
(the same ids in every language); otherwise in the words it was asked in."""

from __future__ import annotations

from typing import Any

from callmate.evaluation.answers import value_of
from callmate.evaluation.form import NO, NOT_APPLICABLE, YES, Form, FormError, builtin
from callmate.language.i18n import _, fixed, language, ngettext, number
from callmate.report.moments import when


def reader_form() -> Form | None:
    """The built-in form in the reader's language (None when it cannot be read)."""
    try:
        return builtin(language())
    except FormError:
        return None


def answer_word(value: str, scale: str = "yes_no") -> str:
    """An answer as the reader says it: yes, no, not applicable, 4 of 5, or not answered."""
    if value == YES:
        return _("yes")
    if value == NO:
        return _("no")
    if value == NOT_APPLICABLE:
        return _("not applicable")
    if value.isdigit():
        return _("{n} of 5").format(n=value)
    return _("not answered")


def question_text(question_id: str, entry: dict[str, Any], form: Form | None) -> str:
    asked = form.question(question_id) if form is not None else None
    return asked.text if asked is not None else str(entry.get("text") or question_id)


def whose(entry: dict[str, Any]) -> str:
    """Whose the answer is: the record's, confirmed; or the lead's, and what the record said."""
    said, given = str(entry.get("record") or ""), str(entry.get("answer") or "")
    if entry.get("by") == "lead" and said and said != given:
        scale = str(entry.get("scale") or "yes_no")
        return _("the lead's answer; the record said {answer}").format(
            answer=answer_word(said, scale)
        )
    if entry.get("by") == "lead":
        return _("the lead's answer")
    if said:
        return _("from the record")
    return ""


def score_text(score: float | None) -> str:
    return _("not scored") if score is None else _("{score} of 100").format(score=fixed(score))


def left_text(count: int) -> str:
    return ngettext(
        "{n} question not answered yet", "{n} questions not answered yet", count
    ).format(n=number(count))


def heading(evaluation: dict[str, Any]) -> str:
    return _("Evaluation by {lead}, {when}: {score}").format(
        lead=evaluation.get("lead") or "—",
        when=when(evaluation.get("updated_at")),
        score=score_text(evaluation.get("score")),
    )


def _mark(value: float | None) -> str:
    """✓ for full or nearly full marks, ✗ for none or nearly none, · otherwise or unanswered."""
    if value is None:
        return "·"
    return "✓" if value >= 0.75 else "✗" if value <= 0.25 else "·"


def answer_lines(evaluation: dict[str, Any], form: Form | None = None) -> list[str]:
    """One line a question (its answer, whose it is, a comment), then the lead's comment."""
    lines = []
    for qid, entry in (evaluation.get("answers") or {}).items():
        scale = str(entry.get("scale") or "yes_no")
        mark = _mark(value_of(entry))
        said = answer_word(str(entry.get("answer") or ""), scale)
        line = f"{mark} {question_text(qid, entry, form)}: {said}"
        by = whose(entry)
        if by:
            line += f" ({by})"
        if entry.get("comment"):
            line += f" — {entry['comment']}"
        lines.append(line)
    if evaluation.get("comment"):
        lines.append(_("Comment: {text}").format(text=evaluation["comment"]))
    return lines
