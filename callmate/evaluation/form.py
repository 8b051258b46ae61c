"""An evaluation form: its questions, read from TOML and checked with one message per problem
(file, line and field, as a checklist's: ``checklists.load.Problem``)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from callmate.checklists.load import Problem
from callmate.language.i18n import _
from callmate.models import STEP_KINDS
from callmate.paths import builtin_forms_dir

#: How a question is answered: yes / no / not applicable, or 1 (poor) to 5 (excellent).
SCALES = ("yes_no", "1-5")
#: What the call's record can answer (``prefill``): the steps done, done within their targets,
#: the acknowledging steps done before the solving one, a warning given before an abusive call
#: was ended, every hold kept within ``limit_seconds``.
RECORD_FACTS = ("done", "on_target", "done_before_resolve", "warned_before_ending", "hold_within")
#: Answers as stored: "" is not answered yet.
YES, NO, NOT_APPLICABLE = "yes", "no", "na"
TOP_FIELDS = {"id", "name", "language", "version", "description", "questions"}
QUESTION_FIELDS = {"id", "text", "scale", "weight", "kind", "step", "record", "limit_seconds"}
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
DEFAULT_FORM = "standard"


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    scale: str = "yes_no"
    weight: int = 1
    #: The steps it is about: those of this kind, or the one with this id (neither: every step
    #: of the call but the break).
    kind: str = ""
    step: str = ""
    #: The fact of the record that answers it (empty: only the lead can).
    record: str = ""
    limit_seconds: int = 0

    def answers(self) -> tuple[str, ...]:
        """The answers it takes."""
        if self.scale == "1-5":
            return ("1", "2", "3", "4", "5", NOT_APPLICABLE)
        return (YES, NO, NOT_APPLICABLE)


@dataclass(frozen=True)
class Form:
    id: str
    name: str
    language: str
    version: str
    description: str
    questions: tuple[Question, ...]
    source: str = ""

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


class FormError(Exception):
    """A form file could not be used; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def load_file(path: Path | str) -> Form:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = _("cannot be read ({reason})").format(reason=getattr(exc, "strerror", None) or exc)
        raise FormError([Problem(str(path), why)]) from None
    return load_text(text, str(path))


def validate_file(path: Path | str) -> list[Problem]:
    """Every problem in one form file (empty when it is valid)."""
    try:
        load_file(path)
    except FormError as exc:
        return exc.problems
    return []


def builtin(language: str, form_id: str = DEFAULT_FORM) -> Form:
    """The built-in form in ``language`` (English when there is none in it)."""
    folder = builtin_forms_dir()
    path = folder / f"{form_id}.{language}.toml"
    return load_file(path if path.is_file() else folder / f"{form_id}.en.toml")


def load_text(text: str, source: str) -> Form:
    """Parse and check form TOML; raise FormError naming every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = re.sub(r"\s*\(at line.*\)$", "", str(exc))
        raise FormError(
            [
                Problem(
                    source,
                    _("TOML syntax error: {message}").format(message=message),
                    line=int(found.group(1)) if found else None,
                )
            ]
        ) from None
    checker = _Checker(source, text)
    form = checker.form(data)
    if checker.problems or form is None:
        raise FormError(checker.problems)
    return form


class _Checker:
    def __init__(self, source: str, text: str):
        self.source = source
        self.lines = text.splitlines()
        self.problems: list[Problem] = []

    def line_of(self, key: str, question: int = 0) -> int | None:
        """The line of ``key`` at the top (``question`` 0) or in the n-th ``[[questions]]``."""
        seen = 0
        for number, line in enumerate(self.lines, 1):
            stripped = line.strip()
            if stripped.startswith("[[questions]]"):
                seen += 1
                if seen == question and key == "":
                    return number
                continue
            if seen == question and re.match(rf"{re.escape(key)}\s*=", stripped):
                return number
        return None

    def add(self, message: str, field: str, question: int = 0) -> None:
        """A problem with a top-level field, or with a field of the n-th question (named as a
        checklist names ``avoid_words[1].word``)."""
        named = f"questions[{question}]" + (f".{field}" if field else "") if question else field
        line = self.line_of(field, question) if field else None
        self.problems.append(
            Problem(self.source, message, field=named, line=line or self.line_of("", question))
        )

    def text(self, table: dict[str, Any], key: str, question: int = 0) -> str:
        value = table.get(key)
        if value is None:
            self.add(_("is missing"), key, question)
            return ""
        if isinstance(value, int) and not isinstance(value, bool) and key == "version":
            return str(value)
        if not isinstance(value, str) or not value.strip():
            self.add(_("must be a non-empty string"), key, question)
            return ""
        return value

    def form(self, data: dict[str, Any]) -> Form | None:
        for key in data:
            if key not in TOP_FIELDS:
                self.add(_("unknown field"), key)
        ident = self.text(data, "id")
        if ident and not _ID.match(ident):
            self.add(_("must be lower-case letters, digits, '-' or '_'"), "id")
        name = self.text(data, "name")
        language = self.text(data, "language")
        version = self.text(data, "version")
        description = data.get("description", "")
        if not isinstance(description, str):
            self.add(_("must be a non-empty string"), "description")
        raw = data.get("questions")
        if not isinstance(raw, list) or not raw:
            self.add(_("must be a non-empty list of [[questions]] tables"), "questions")
            raw = []
        seen: set[str] = set()
        questions = [self.question(table, n, seen) for n, table in enumerate(raw, 1)]
        if self.problems:
            return None
        return Form(
            ident,
            name,
            language,
            version,
            description if isinstance(description, str) else "",
            tuple(q for q in questions if q is not None),
            self.source,
        )

    def question(self, table: Any, n: int, seen: set[str]) -> Question | None:
        if not isinstance(table, dict):
            self.add(_("must be a table"), "", n)
            return None
        before = len(self.problems)
        for key in table:
            if key not in QUESTION_FIELDS:
                self.add(_("unknown field"), key, n)
        ident = self.text(table, "id", n)
        if ident and not _ID.match(ident):
            self.add(_("must be lower-case letters, digits, '-' or '_'"), "id", n)
        if ident in seen:
            self.add(_("duplicate question id {id}").format(id=repr(ident)), "id", n)
        seen.add(ident)
        text = self.text(table, "text", n)
        scale = table.get("scale", "yes_no")
        if scale not in SCALES:
            self.add(_("must be one of {kinds}").format(kinds=", ".join(SCALES)), "scale", n)
        weight = table.get("weight", 1)
        if isinstance(weight, bool) or not isinstance(weight, int) or not 0 < weight <= 100:
            self.add(_("must be a whole number from 1 to 100"), "weight", n)
        kind = table.get("kind", "")
        if kind and kind not in STEP_KINDS:
            self.add(_("must be one of {kinds}").format(kinds=", ".join(STEP_KINDS)), "kind", n)
        step = table.get("step", "")
        if not isinstance(step, str):
            self.add(_("must be a non-empty string"), "step", n)
        record = table.get("record", "")
        if record and record not in RECORD_FACTS:
            choices = ", ".join(RECORD_FACTS)
            self.add(_("must be one of {kinds}").format(kinds=choices), "record", n)
        elif record and scale != "yes_no":
            self.add(_('the record answers yes or no: use scale = "yes_no"'), "record", n)
        limit = table.get("limit_seconds", 0)
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            self.add(_("must be a whole number of seconds"), "limit_seconds", n)
        elif record == "hold_within" and not limit:
            self.add(_("needs limit_seconds above 0"), "limit_seconds", n)
        if len(self.problems) > before:
            return None
        return Question(ident, text, scale, weight, kind, step, record, limit)
