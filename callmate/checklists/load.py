"""Reading checklist TOML files, reporting every problem at once with file, step and field."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from callmate.checklists.model import (
    DEFAULT_OUTCOMES,
    DEFAULT_TARGETS,
    PLACEHOLDERS,
    AvoidWord,
    Checklist,
    Step,
    WrapUpDefault,
)
from callmate.checklists.rules import check
from callmate.language.i18n import N_, _
from callmate.models import OUTCOMES, STEP_KINDS

# fmt: off
TOP_FIELDS = {
    "id", "name", "language", "version", "description", "steps", "extras", "avoid_words", "wrapup",
}
# fmt: on
# fmt: off
STEP_FIELDS = {
    "id", "title", "goal", "tips", "avoid", "phrases", "target_seconds", "soft_target", "kind",
    "pacer", "phrases_not_at_fault", "phrases_escalate",
}
# fmt: on
EXTRAS_FIELDS = {"warning", "manager"}
AVOID_FIELDS = {"word", "instead"}
WRAPUP_FIELDS = {"outcome", "summary"}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_TOO_DEEP = N_(
    "TOML nested too deeply (arrays or tables thousands of levels deep); not a checklist"
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a checklist file."""

    file: str
    message: str
    step: str = ""
    field: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        parts = [where]
        if self.step:
            parts.append(_("step {step}").format(step=self.step))
        if self.field:
            parts.append(_("field '{field}'").format(field=self.field))
        return ": ".join(parts) + f": {self.message}"


class ChecklistError(Exception):
    """A checklist file could not be used; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def load_text(text: str, source: str) -> Checklist:
    """Parse and validate checklist TOML; raise ChecklistError naming every problem."""
    checklist, problems = _parse(text, source)
    if problems or checklist is None:
        raise ChecklistError(problems)
    return replace(checklist, text=text)


def load_file(path: Path | str, source: str | None = None) -> Checklist:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = _("cannot be read ({reason})").format(reason=_reason(exc))
        raise ChecklistError([Problem(str(path), why)]) from None
    return load_text(text, source or str(path))


def validate_file(path: Path | str) -> list[Problem]:
    """Every problem in one checklist file (an empty list when it is valid): its format, then
    what its words must agree with (``checklists.rules``; loading does not apply those, so a
    call stored with an older checklist still resumes)."""
    try:
        checklist = load_file(path)
    except ChecklistError as exc:
        return exc.problems
    return [Problem(checklist.source, f.message, f.step, f.field, f.line) for f in check(checklist)]


def _reason(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return _("not UTF-8 text")
    return getattr(exc, "strerror", None) or str(exc)


def _parse(text: str, source: str) -> tuple[Checklist | None, list[Problem]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = re.sub(r"\s*\(at line.*\)$", "", str(exc))
        line = int(match.group(1)) if match else None
        return None, [
            Problem(source, _("TOML syntax error: {message}").format(message=message), line=line)
        ]
    except RecursionError:  # tomllib reads nested arrays and tables by recursion
        return None, [Problem(source, _(_TOO_DEEP))]
    v = _Validator(source)
    return v.checklist(data), v.problems


class _Validator:
    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []

    def add(self, message: str, step: str = "", field: str = "") -> None:
        self.problems.append(Problem(self.source, message, step=step, field=field))

    def text(
        self,
        table: dict[str, Any],
        key: str,
        step: str = "",
        required: bool = True,
        prefix: str = "",
    ) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.add(_("is missing"), step, prefix + key)
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.add(_("must be a non-empty string"), step, prefix + key)
            return ""
        self.placeholders(value, step, prefix + key)
        return value

    def texts(
        self, table: dict[str, Any], key: str, step: str = "", prefix: str = ""
    ) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.add(_("must be a list of non-empty strings"), step, prefix + key)
            return ()
        for item in value:
            self.placeholders(item, step, prefix + key)
        return tuple(value)

    def placeholders(self, value: str, step: str, key: str) -> None:
        for found in _PLACEHOLDER.findall(value):
            if found not in PLACEHOLDERS:
                allowed = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
                self.add(
                    _("unknown placeholder {found} (use {allowed})").format(
                        found="{" + found + "}", allowed=allowed
                    ),
                    step,
                    key,
                )
        stripped = _PLACEHOLDER.sub("", value)
        if "{" in stripped or "}" in stripped:
            self.add(_("unbalanced brace in {value}").format(value=repr(value)), step, key)

    def unknown(
        self, table: dict[str, Any], allowed: set[str], step: str = "", prefix: str = ""
    ) -> None:
        for key in table:
            if key not in allowed:
                self.add(_("unknown field"), step, prefix + key)

    def checklist(self, data: dict[str, Any]) -> Checklist | None:
        self.unknown(data, TOP_FIELDS)
        ident = self.text(data, "id")
        if ident and not _ID.match(ident):
            self.add(_("must be lower-case letters, digits, '-' or '_'"), field="id")
        name = self.text(data, "name")
        language = self.text(data, "language")
        version = data.get("version")
        if isinstance(version, int) and not isinstance(version, bool):
            version = str(version)
        if not isinstance(version, str) or not version.strip():
            self.add(_("is missing") if version is None else "must be a string", field="version")
            version = ""
        description = self.text(data, "description", required=False)
        extras = data.get("extras", {})
        warning: tuple[str, ...] = ()
        manager: tuple[str, ...] = ()
        if isinstance(extras, dict):
            self.unknown(extras, EXTRAS_FIELDS, prefix="extras.")
            warning = self.texts(extras, "warning", prefix="extras.")
            manager = self.texts(extras, "manager", prefix="extras.")
        else:
            self.add(_("must be a table"), field="extras")
        avoid_words = self.avoid_words(data.get("avoid_words", []))
        wrapup = self.wrapup(data.get("wrapup", {}))
        steps = self.steps(data.get("steps"))
        if self.problems:
            return None
        return Checklist(
            id=ident,
            name=name,
            language=language,
            version=version,
            description=description,
            steps=steps,
            warning=warning,
            manager=manager,
            avoid_words=avoid_words,
            wrapup=wrapup,
            source=self.source,
        )

    def wrapup(self, raw: Any) -> WrapUpDefault:
        """The optional ``[wrapup]`` table: the wrap-up's starting outcome and summary."""
        if not isinstance(raw, dict):
            self.add(_("must be a table ([wrapup])"), field="wrapup")
            return WrapUpDefault()
        self.unknown(raw, WRAPUP_FIELDS, prefix="wrapup.")
        outcome = raw.get("outcome", "")
        choices = " or ".join(DEFAULT_OUTCOMES)
        if outcome in OUTCOMES and outcome not in DEFAULT_OUTCOMES:
            why = f"{outcome} says what happened on a call, so only the call can suggest it"
            self.add(
                _("must be {choices}: {why}").format(choices=choices, why=why),
                field="wrapup.outcome",
            )
        elif "outcome" in raw and outcome not in DEFAULT_OUTCOMES:
            self.add(
                _("must be {choices}, not {outcome}").format(
                    choices=choices, outcome=repr(outcome)
                ),
                field="wrapup.outcome",
            )
        summary = self.text(raw, "summary", required=False, prefix="wrapup.")
        if "summary" in raw and isinstance(raw["summary"], str) and not summary.strip():
            self.add(
                _("must be a non-empty string (leave it out for none)"), field="wrapup.summary"
            )
        if "\n" in summary or "\r" in summary:
            self.add(_("must be one line: the summary is one line"), field="wrapup.summary")
        return WrapUpDefault(
            outcome=outcome if outcome in DEFAULT_OUTCOMES else "", summary=summary
        )

    def avoid_words(self, raw: Any) -> tuple[AvoidWord, ...]:
        if not isinstance(raw, list):
            self.add(_("must be a list of tables ([[avoid_words]])"), field="avoid_words")
            return ()
        words = []
        for i, item in enumerate(raw, 1):
            where = f"avoid_words[{i}]"
            if not isinstance(item, dict):
                self.add(_("must be a table with word and instead"), field=where)
                continue
            self.unknown(item, AVOID_FIELDS, prefix=where + ".")
            word = self.text(item, "word", prefix=where + ".")
            instead = self.text(item, "instead", prefix=where + ".")
            words.append(AvoidWord(word, instead))
        return tuple(words)

    def steps(self, raw: Any) -> tuple[Step, ...]:
        if raw is None:
            self.add(_("is missing"), field="steps")
            return ()
        if not isinstance(raw, list) or not raw:
            self.add(_("must be a non-empty list of [[steps]] tables"), field="steps")
            return ()
        seen: set[str] = set()
        steps = []
        for index, table in enumerate(raw, 1):
            if not isinstance(table, dict):
                self.add(_("must be a table"), step=f"#{index}")
                continue
            step = self.step(table, index, seen)
            if step is not None:
                steps.append(step)
        breaks = [s for s in steps if s.kind == "break"]
        if len(breaks) > 1:
            self.add(_("only one step may be of kind 'break'"), field="steps")
        elif breaks and steps[-1].kind != "break":
            self.add(_("the break must be the last step"), step=breaks[0].id, field="kind")
        if breaks and len(steps) == 1:
            self.add(_("needs at least one step before the break"), field="steps")
        return tuple(steps)

    def step(self, table: dict[str, Any], index: int, seen: set[str]) -> Step | None:
        raw_id = table.get("id")
        label = f"#{index} ({raw_id})" if isinstance(raw_id, str) and raw_id else f"#{index}"
        before = len(self.problems)
        self.unknown(table, STEP_FIELDS, label)
        ident = self.text(table, "id", label)
        if ident:
            if not _ID.match(ident):
                self.add(_("must be lower-case letters, digits, '-' or '_'"), label, "id")
            if ident in seen:
                self.add(_("duplicate step id {id}").format(id=repr(ident)), label, "id")
            seen.add(ident)
        title = self.text(table, "title", label)
        goal = self.text(table, "goal", label)
        target: Any = table.get("target_seconds")  # parsed TOML: an int once checked below
        if target is None:  # said once for every checklist; a file may differ
            target = DEFAULT_TARGETS.get(str(table.get("kind", "speak")))
        if target is None:
            self.add(_("is missing"), label, "target_seconds")
        elif isinstance(target, bool) or not isinstance(target, int):
            self.add(_("must be a whole number of seconds"), label, "target_seconds")
        elif target < 0:
            self.add(_("must not be negative"), label, "target_seconds")
        kind = table.get("kind", "speak")
        if kind not in STEP_KINDS:
            self.add(_("must be one of {kinds}").format(kinds=", ".join(STEP_KINDS)), label, "kind")
        pacer = table.get("pacer", False)
        if not isinstance(pacer, bool):
            self.add(_("must be true or false"), label, "pacer")
        soft_target = table.get("soft_target", False)
        if not isinstance(soft_target, bool):
            self.add(_("must be true or false"), label, "soft_target")
        elif soft_target and kind == "break":
            self.add(
                _("a break's length is not a target, so it cannot be soft"), label, "soft_target"
            )
        elif soft_target and target == 0:
            self.add(
                _("needs a target_seconds above 0 (0 already means no target)"),
                label,
                "soft_target",
            )
        tips = self.texts(table, "tips", label)
        avoid = self.texts(table, "avoid", label)
        phrases = self.texts(table, "phrases", label)
        not_at_fault = self.texts(table, "phrases_not_at_fault", label)
        escalate = self.texts(table, "phrases_escalate", label)
        self.phrase_rules(kind, label, phrases, not_at_fault, escalate)
        if len(self.problems) > before:
            return None
        return Step(
            id=ident,
            title=title,
            goal=goal,
            target_seconds=target,
            kind=kind,
            tips=tips,
            avoid=avoid,
            phrases=phrases,
            phrases_not_at_fault=not_at_fault,
            phrases_escalate=escalate,
            pacer=pacer,
            soft_target=soft_target,
        )

    def phrase_rules(
        self,
        kind: object,
        label: str,
        phrases: tuple[str, ...],
        not_at_fault: tuple[str, ...],
        escalate: tuple[str, ...],
    ) -> None:
        if kind in ("speak", "apology", "resolve") and not phrases:
            self.add(
                _("must not be empty: a '{kind}' step is spoken").format(kind=kind),
                label,
                "phrases",
            )
        if kind in ("inner", "break") and phrases:
            self.add(
                _("a '{kind}' step is not spoken, so it takes no phrases").format(kind=kind),
                label,
                "phrases",
            )
        if kind == "apology" and not not_at_fault:
            self.add(_("must not be empty on an 'apology' step"), label, "phrases_not_at_fault")
        if kind != "apology" and not_at_fault:
            self.add(_("only an 'apology' step takes this field"), label, "phrases_not_at_fault")
        if kind == "resolve" and not escalate:
            self.add(_("must not be empty on a 'resolve' step"), label, "phrases_escalate")
        if kind != "resolve" and escalate:
            self.add(_("only a 'resolve' step takes this field"), label, "phrases_escalate")
