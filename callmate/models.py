"""What callmate stores and shows, declared once.

Each stored table is a frozen dataclass here; its fields are the table's columns, in one place.
The store's upserts and inserts, the review's queries, the demo generator and the JSON shapes of
``calls show``, ``calls list`` and ``export`` are all derived from these declarations (see
:func:`columns` and :func:`shown`), so a stored field is added by one edit here and one migration.

Field metadata says how a column is shown to scripts: ``json`` renames it, ``flag`` makes an
integer a boolean, ``hidden`` keeps it out of the JSON shape. A field's default is what a missing
value (``NULL`` in an older file) is shown as.
"""

from __future__ import annotations

import json
from dataclasses import MISSING, dataclass, field, fields
from operator import attrgetter
from typing import Any, ClassVar


def N_(message: str) -> str:
    """Mark ``message`` for the catalogs without translating it now: for text declared before
    the language is known, translated with ``_()`` where it is shown (``callmate.language.i18n``
    gives it to every other module; it stands here so the stored codes are declared with their
    words)."""
    return message


def NP_(context: str, message: str) -> str:
    """:func:`N_` with a context: mark now, translate with ``pgettext(context, message)`` where
    shown."""
    return message


@dataclass(frozen=True)
class Outcome:
    """How a call ended: the code stored, and its words in English, the catalogs' msgids
    (``callmate.language.labels`` gives them in the language spoken)."""

    code: str
    label: str
    #: For narrow columns (msgctxt "short": a translation may need to be shorter than the
    #: label even where the English is the same word).
    short: str


#: How a call can end, each declared once: an outcome is added by one line here, with its
#: translations in the catalogs (the wrap-up offers them by number, in this order).
OUTCOME_KINDS = (
    Outcome("resolved", N_("Resolved"), NP_("short", "Resolved")),
    Outcome("escalated", N_("Escalated"), NP_("short", "Escalated")),
    Outcome("callback", N_("Callback"), NP_("short", "Callback")),
    Outcome("hung_up", N_("Customer hung up"), NP_("short", "Hung up")),
    Outcome("abuse", N_("Ended for abuse"), NP_("short", "Abuse")),
)
OUTCOMES = tuple(outcome.code for outcome in OUTCOME_KINDS)
#: Step kinds. ``speak`` steps have phrases; ``inner`` steps are for the agent alone;
#: ``apology`` has one phrase set for "we are at fault" and one for "we are not";
#: ``resolve`` has a solve branch and an escalate branch; ``break`` is the after-call countdown.
STEP_KINDS = ("speak", "inner", "apology", "resolve", "break")
#: open: on the call; wrapup: ended, wrap-up not saved; closed: done; abandoned: not finished.
STATUSES = ("open", "wrapup", "closed", "abandoned")
UNFINISHED = ("open", "wrapup")
#: A step's status: pending (not yet), current, done or skipped (by the agent), not_reached (the
#: call ended before the agent got to it, or an escalation left it unfinished).
STEP_STATUSES = ("pending", "current", "done", "skipped", "not_reached")


def hidden() -> Any:
    return field(default=None, metadata={"hidden": True})


def flag() -> Any:
    return field(default=0, metadata={"flag": True})


@dataclass(frozen=True)
class CallRow:
    """One call (table ``calls``)."""

    TABLE: ClassVar[str] = "calls"
    KEY: ClassVar[tuple[str, ...]] = ("id",)

    id: str
    started_at: str
    ended_at: str | None = None
    agent: str = ""
    customer: str = ""
    #: How the customer is addressed in phrases ("Ayşe Hanım", "Mr Tamm"); empty: the name.
    addressed_as: str = ""
    reference: str = ""
    checklist_id: str = field(default="", metadata={"json": "checklist"})
    checklist_version: str = ""
    language: str = ""
    at_fault: int = flag()
    #: Escalated at some point of the call (a manager asked for), even if it was taken back.
    escalated: int = flag()
    #: The escalation was taken back and the call stayed with the agent: "escalated and
    #: returned" (0 when it stood, or there was none).
    escalation_withdrawn: int = flag()
    warnings: int = 0
    phrases_copied: int = 0
    notes_count: int = 0
    outcome: str | None = None
    follow_up_at: str | None = None
    difficulty: int | None = None
    summary: str = ""
    status: str = "open"
    duration_seconds: float | None = None
    checklist_key: str | None = hidden()
    checklist_source: str | None = hidden()
    current_step: str | None = hidden()
    draft: str | None = hidden()
    #: When the draft was last changed: the time a note rescued from it was typed.
    draft_at: str | None = hidden()
    break_seconds: float | None = hidden()
    updated_at: str | None = hidden()


@dataclass(frozen=True)
class StepRow:
    """One step of a call (table ``call_steps``)."""

    TABLE: ClassVar[str] = "call_steps"
    KEY: ClassVar[tuple[str, ...]] = ("call_id", "position")

    call_id: str = field(metadata={"hidden": True})
    position: int = field(metadata={"hidden": True})
    step_id: str = field(metadata={"json": "id"})
    title: str = ""
    #: pending (not yet), current, done or skipped (by the agent), not_reached (the call ended
    #: before the agent got to it, or an escalation left it unfinished).
    status: str = "pending"
    seconds: float = 0.0
    target_seconds: int = 0
    kind: str = "speak"
    visits: int = 0
    started_at: str | None = None
    ended_at: str | None = None
    seconds_done: float = field(default=0.0, metadata={"hidden": True})
    entered_at: str | None = hidden()
    soft_target: int = flag()


@dataclass(frozen=True)
class NoteRow:
    """A note taken during a call (table ``notes``); ``seq`` numbers them within the call."""

    TABLE: ClassVar[str] = "notes"
    KEY: ClassVar[tuple[str, ...]] = ("call_id", "seq")

    call_id: str = field(metadata={"hidden": True})
    seq: int = field(metadata={"hidden": True})
    at: str
    step_id: str
    text: str
    offset_seconds: float = 0.0


@dataclass(frozen=True)
class EventRow:
    """Something that happened during a call (table ``events``); ``data`` is stored as JSON."""

    TABLE: ClassVar[str] = "events"
    KEY: ClassVar[tuple[str, ...]] = ("call_id", "seq")

    call_id: str = field(metadata={"hidden": True})
    seq: int = field(metadata={"hidden": True})
    at: str
    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    step_id: str = ""
    offset_seconds: float = 0.0


@dataclass(frozen=True)
class ChecklistRow:
    """The exact checklist a call ran with (table ``checklists``), keyed by a hash of its text."""

    TABLE: ClassVar[str] = "checklists"
    KEY: ClassVar[tuple[str, ...]] = ("key",)

    key: str
    id: str
    version: str
    language: str
    name: str
    source: str
    toml: str


@dataclass(frozen=True)
class EvaluationRow:
    """A lead's evaluation of a call against a form (table ``evaluations``; see
    ``callmate.evaluation``).

    ``answers`` maps each question's id to what was asked and answered: ``text``, ``scale``,
    ``weight``, ``record`` (what the call's record said, "" when it cannot say), ``answer``
    (what counts), ``by`` ("record" or "lead": whose the answer is) and ``comment``. Keyed by
    its own id, so merging a file twice adds nothing."""

    TABLE: ClassVar[str] = "evaluations"
    KEY: ClassVar[tuple[str, ...]] = ("id",)

    id: str
    call_id: str
    form_id: str = field(default="", metadata={"json": "form"})
    form_version: str = ""
    language: str = ""
    lead: str = ""
    created_at: str = ""
    updated_at: str = ""
    #: Out of 100, over the questions answered (None: none was).
    score: float | None = None
    comment: str = ""
    answers: dict[str, Any] = field(default_factory=dict)


STORED = (CallRow, StepRow, NoteRow, EventRow, ChecklistRow)
#: Stored beside the calls, not part of one: the team hub carries them on their own
#: (``hub.evaluations``).
ALSO_STORED = (EvaluationRow,)


def columns(model: type) -> tuple[str, ...]:
    """The stored columns of a model, in declaration order."""
    return tuple(f.name for f in fields(model))


_SQL_TYPES = {"str": str, "int": int, "float": float, "bool": int, "dict[str, Any]": str}


def sql_type(model: type, name: str) -> type:
    """The SQLite column type of a field (``str | None`` is ``str``; a mapping is JSON text)."""
    declared = next(f.type for f in fields(model) if f.name == name)
    base = str(declared).replace(" | None", "")
    return _SQL_TYPES[base]


def sql_name(model: type, name: str) -> str:
    """The SQL type a field's column is declared with: ``TEXT``, ``INTEGER`` or ``REAL``."""
    return _SQL_NAMES[sql_type(model, name)]


_SQL_NAMES = {str: "TEXT", int: "INTEGER", float: "REAL"}


def values(row: Any) -> tuple[Any, ...]:
    """A row's values in column order, ready for ``executemany``: a mapping (an event's data)
    becomes JSON text."""
    got = _GET[type(row)](row)
    return tuple(json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v for v in got)


def parse_data(text: str | None) -> Any:
    """An event's stored JSON data; text that is not JSON is kept, never an error."""
    if not text:
        return {}
    try:
        return json.loads(text)
    except (ValueError, TypeError):
        return {"text": text}


def shown(model: type) -> tuple[tuple[str, str, bool, Any], ...]:
    """``(column, json name, is a flag, default)`` for each column scripts are shown."""
    found = []
    for f in fields(model):
        if f.metadata.get("hidden"):
            continue
        default = None if f.default is MISSING else f.default
        found.append(
            (f.name, f.metadata.get("json", f.name), bool(f.metadata.get("flag")), default)
        )
    return tuple(found)


def record(model: type, row: dict[str, Any]) -> dict[str, Any]:
    """A stored row (a mapping of columns; ``vars(model_instance)`` will do) in the shape
    scripts are shown (``--format json``)."""
    out = {}
    for name, key, is_flag, default in _SHOWN[model]:
        value = row.get(name)
        if is_flag:
            value = bool(value)
        elif value is None and default is not None:
            value = default
        out[key] = value
    return out


_SHOWN: dict[type, tuple[tuple[str, str, bool, Any], ...]] = {
    m: shown(m) for m in (*STORED, *ALSO_STORED)
}
_GET: dict[type, Any] = {model: attrgetter(*columns(model)) for model in (*STORED, *ALSO_STORED)}


def from_row(model: type[Any], row: dict[str, Any]) -> Any:
    """A model from a stored row (a mapping with at least its columns; others are ignored).

    A ``NULL`` where the model has a default (an older or hand-made file) reads as that default.
    """
    args = {}
    for f in fields(model):
        value = row.get(f.name)
        if value is None and f.default is not MISSING:
            value = f.default
        args[f.name] = value
    return model(**args)


@dataclass(frozen=True)
class StoredCall:
    """A call as stored: its row, steps, notes and events, and the checklist text it ran with."""

    call: CallRow
    steps: tuple[StepRow, ...]
    notes: tuple[NoteRow, ...]
    events: tuple[EventRow, ...]
    checklist_toml: str | None = None
