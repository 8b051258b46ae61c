"""What a stored row may hold, declared once beside the rows themselves (``callmate.models``).

Every column of every stored model gets one :class:`Rule`, derived from its declared type and
name: times are the stored form (``to_iso``: UTC, to the second, so text order is time order),
durations finite seconds between 0 and :data:`MAX_SECONDS`, counts whole numbers between 0 and
:data:`MAX_COUNT`, flags 0 or 1, a status, outcome or step kind one of its declared codes, keys
short and never empty, text at most :data:`MAX_TEXT` characters; a call or a step ends no earlier
than it started; a checklist's key is the hash of its text (:func:`key_of`). A column that the
model gives a default may be ``NULL`` (it reads as that default); one without may not.

The same rules are applied wherever a row changes hands: the team hub's own CHECK constraints
are built from :data:`RULES` (``hub.pgsql``), and a push (``hub.push``), a pull (``hub.pull``)
and the merge of a file (``store.merge``) check each call with :class:`Checker`. A call that
fails is refused whole, with the first reason found (``"duration_seconds not finite"``); the
others go on.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import MISSING, dataclass, fields
from datetime import datetime
from typing import Any

from callmate.models import (
    OUTCOMES,
    STATUSES,
    STEP_KINDS,
    STEP_STATUSES,
    STORED,
    CallRow,
    ChecklistRow,
    EventRow,
    NoteRow,
    StepRow,
)

#: The longest a call, a step, a break or an offset into a call may last: a week.
MAX_SECONDS = 7 * 24 * 3600
#: The most of anything counted on a call (warnings, phrases, notes, visits, positions).
MAX_COUNT = 100_000
#: The longest key (a call's id, a checklist's key): callmate's own are 32 and 16 characters.
MAX_KEY = 64
#: The longest text a field holds (a note, a summary, a checklist's TOML).
MAX_TEXT = 1_000_000
#: A call's difficulty, as the wrap-up asks for it.
DIFFICULTY = (1, 5)
#: A stored time (``dates.to_iso``): UTC, to the second, between 1970 and 2999. Checked whole
#: (``re.fullmatch``; PostgreSQL anchors it), then as a calendar date (no 30 February).
TIME_PATTERN = (
    r"(19[7-9][0-9]|2[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\+00:00"
)
#: The length of a checklist's key: the first hex digits of the SHA-256 of its text.
KEY_DIGITS = 16

_TIME = re.compile(TIME_PATTERN)


def key_of(text: str) -> str:
    """A checklist's stored key: the hash of its exact text (the same text, the same key)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:KEY_DIGITS]


@dataclass(frozen=True)
class Rule:
    """What one column may hold.

    ``kind``: ``key``, ``text``, ``json`` (an event's data, text here), ``time``, ``choice``
    (one of ``choices``; ``blank`` allows ""), ``seconds`` (``0``–``high``, finite), ``count``
    and ``range`` (whole numbers ``low``–``high``), ``flag`` (0 or 1)."""

    column: str
    kind: str
    required: bool
    choices: tuple[str, ...] = ()
    blank: bool = False
    low: int = 0
    high: int = 0


#: Columns that end no earlier than another column of the same row starts.
ORDER: dict[type, tuple[tuple[str, str], ...]] = {
    CallRow: (("started_at", "ended_at"),),
    StepRow: (("started_at", "ended_at"),),
}
#: The stored codes of a column.
CHOICES: dict[tuple[type, str], tuple[tuple[str, ...], bool]] = {
    (CallRow, "status"): (STATUSES, False),
    (CallRow, "outcome"): (OUTCOMES, True),  # "" or NULL: not wrapped up yet
    (StepRow, "status"): (STEP_STATUSES, False),
    (StepRow, "kind"): (STEP_KINDS, False),
}
_KEYS = {"id": CallRow, "call_id": None, "key": ChecklistRow}


def _rule(model: type, f: Any) -> Rule:
    name, declared = f.name, str(f.type)
    required = f.default is MISSING and f.default_factory is MISSING
    base = declared.replace(" | None", "")
    if base.startswith("dict"):
        return Rule(name, "json", required)
    if base == "float" or name.endswith("_seconds"):
        return Rule(name, "seconds", required, high=MAX_SECONDS)
    if base == "int":
        if f.metadata.get("flag"):
            return Rule(name, "flag", required, low=0, high=1)
        if name == "difficulty":
            return Rule(name, "range", required, low=DIFFICULTY[0], high=DIFFICULTY[1])
        return Rule(name, "count", required, high=MAX_COUNT)
    if (model, name) in CHOICES:
        choices, blank = CHOICES[model, name]
        return Rule(name, "choice", required, choices=choices, blank=blank)
    if name in _KEYS and _KEYS[name] in (None, model):
        return Rule(name, "key", required, high=MAX_KEY)
    if name == "at" or name.endswith("_at"):
        return Rule(name, "time", required)
    return Rule(name, "text", required, high=MAX_TEXT)


#: Every column's rule, by model, in column order.
RULES: dict[type, tuple[Rule, ...]] = {m: tuple(_rule(m, f) for f in fields(m)) for m in STORED}


def is_time(value: str) -> bool:
    """Whether text is a stored time (:data:`TIME_PATTERN`, and a real date)."""
    if not _TIME.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _test(rule: Rule) -> Callable[[Any], str | None]:
    """The check of one value against ``rule``: ``None`` if it may be stored, else why not."""
    kind, low, high = rule.kind, rule.low, rule.high

    def check(value: Any) -> str | None:
        if value is None:
            return "missing" if rule.required else None
        if kind in ("seconds", "count", "range", "flag"):
            if not _number(value):
                return "not a number"
            if kind == "seconds":
                if not math.isfinite(value):
                    return "not finite"
            elif not isinstance(value, int):
                return "not a whole number"
            if kind == "flag":
                return None if value in (0, 1) else "not 0 or 1"
            if value < low:
                return "negative" if low == 0 else f"under {low}"
            return f"over {high:,}" if value > high else None
        if not isinstance(value, str):
            return "not text"
        if kind == "time":
            return None if is_time(value) else "not a time"
        if kind == "choice":
            ok = value in rule.choices or (rule.blank and value == "")
            return None if ok else f"not one of {', '.join(rule.choices)}"
        if kind == "key":
            return None if 0 < len(value) <= high else f"empty or over {high} characters"
        return None if len(value) <= MAX_TEXT else f"over {MAX_TEXT:,} characters"

    return check


_TESTS: dict[tuple[type, str], Callable[[Any], str | None]] = {
    (m, r.column): _test(r) for m, rules in RULES.items() for r in rules
}


class Checker:
    """The rows of one model, as tuples of the columns ``names`` (any of the model's, in any
    order; others are ignored), checked: ``checker(row)`` is ``None`` or the first problem."""

    def __init__(self, model: type, names: Sequence[str]):
        self.model = model
        index = {n: i for i, n in enumerate(names)}
        self._tests = [(i, n, _TESTS[model, n]) for n, i in index.items() if (model, n) in _TESTS]
        self._order = [
            (index[a], index[b], a, b) for a, b in ORDER.get(model, ()) if a in index and b in index
        ]
        self._key = (index["key"], index["toml"]) if model is ChecklistRow else None
        if self._key is not None and not {"key", "toml"} <= set(index):
            self._key = None

    def __call__(self, row: Sequence[Any]) -> str | None:
        for i, name, test in self._tests:
            why = test(row[i])
            if why is not None:
                return f"{name} {why}"
        for a, b, first, then in self._order:
            # Both are stored times here, so their text order is their time order.
            if row[a] is not None and row[b] is not None and row[b] < row[a]:
                return f"{then} before {first}"
        if self._key is not None and row[self._key[0]] != key_of(row[self._key[1]]):
            return "its key is not the hash of its text"
        return None


def check(model: type, row: Mapping[str, Any]) -> str | None:
    """The first problem of one row given as a mapping of its columns, or ``None``."""
    names = [n for n in row if (model, n) in _TESTS]
    return Checker(model, names)([row[n] for n in names])


#: How the rows of a call are named in a reason, by their place in it.
_PLACE = {StepRow: ("step", "position"), NoteRow: ("note", "seq"), EventRow: ("event", "seq")}


def refusals(
    rows: Mapping[type, Sequence[Sequence[Any]]], names: Mapping[type, Sequence[str]]
) -> tuple[dict[str, str], dict[str, str]]:
    """What may not be stored of a batch of whole calls: ``rows`` per model (tuples of the
    columns ``names[model]``: the calls, their steps, notes and events, and the checklists they
    ran with). Returns (the refused calls' first problem, by id; the refused checklists' problem,
    by key). A call is refused whole: its row or any row of it ("step 3: status not one of …")."""
    found: dict[str, str] = {}
    ident = list(names[CallRow]).index("id")
    check_call = Checker(CallRow, names[CallRow])
    for row in rows.get(CallRow, ()):
        why = check_call(row)
        if why is not None:
            found.setdefault(row[ident], why)
    for model, (what, place) in _PLACE.items():
        if not rows.get(model):
            continue
        checker, columns = Checker(model, names[model]), list(names[model])
        link, at = columns.index("call_id"), columns.index(place)
        for row in rows[model]:
            if row[link] in found:
                continue
            why = checker(row)
            if why is not None:
                found[row[link]] = f"{what} {row[at]}: {why}"
    checklists: dict[str, str] = {}
    if rows.get(ChecklistRow):
        checker, key = Checker(ChecklistRow, names[ChecklistRow]), list(names[ChecklistRow])
        for row in rows[ChecklistRow]:
            why = checker(row)
            if why is not None:
                checklists[row[key.index("key")]] = why
    return found, checklists
