"""The checklist model: what a call walks through, and how its phrases are rendered."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from callmate.language.registry import BY_CODE

PLACEHOLDERS = ("name", "agent")
#: What every checklist shares unless it says otherwise, said here once: a step of these kinds
#: that gives no target takes this one (the break's five minutes: every built-in break but the
#: written reply's, which takes two). ``checklists show`` prints a checklist with them filled in.
DEFAULT_TARGETS = {"break": 300}
DEFAULT_BREAK_SECONDS = DEFAULT_TARGETS["break"]


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    goal: str
    target_seconds: int
    kind: str = "speak"
    tips: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    phrases_not_at_fault: tuple[str, ...] = ()
    phrases_escalate: tuple[str, ...] = ()
    pacer: bool = False
    #: A soft target is shown as a guide but never counts as over (no red): for steps such as
    #: "let them vent", where watching the clock would invite the interruption the step forbids.
    soft_target: bool = False

    def phrases_for(self, *, at_fault: bool, escalated: bool) -> tuple[str, ...]:
        """The phrases the agent is offered on this step, given the call's situation."""
        if self.kind == "apology" and not at_fault:
            return self.phrases_not_at_fault
        if self.kind == "resolve" and escalated:
            return self.phrases_escalate
        return self.phrases

    def all_phrases(self) -> tuple[str, ...]:
        return self.phrases + self.phrases_not_at_fault + self.phrases_escalate

    def is_over(self, seconds: float) -> bool:
        """Whether ``seconds`` on this step is over its target: never with no target (0) or a
        soft one."""
        return bool(self.target_seconds) and not self.soft_target and seconds > self.target_seconds

    @property
    def has_pacer(self) -> bool:
        return self.pacer or self.kind == "break"


@dataclass(frozen=True)
class AvoidWord:
    word: str
    instead: str


#: The outcomes a checklist may start the wrap-up with. The others (escalated, hung up, ended
#: for abuse) say what happened on the call, so only the call suggests them.
DEFAULT_OUTCOMES = ("resolved", "callback")


@dataclass(frozen=True)
class WrapUpDefault:
    """What the wrap-up starts with when the call suggests nothing better (``[wrapup]``)."""

    #: One of DEFAULT_OUTCOMES; empty: "resolved".
    outcome: str = ""
    #: The summary field's first text, with ``{name}`` and ``{agent}`` (empty: none).
    summary: str = ""


@dataclass(frozen=True)
class Checklist:
    id: str
    name: str
    language: str
    version: str
    description: str
    steps: tuple[Step, ...]
    warning: tuple[str, ...] = ()
    manager: tuple[str, ...] = ()
    avoid_words: tuple[AvoidWord, ...] = ()
    wrapup: WrapUpDefault = WrapUpDefault()
    #: Where it was loaded from ("builtin:default.en" or a file path), and its TOML text,
    #: so a call can be resumed with exactly the checklist it was started with.
    source: str = ""
    text: str = field(default="", repr=False, compare=False)

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    @property
    def break_step(self) -> Step | None:
        return next((s for s in self.steps if s.kind == "break"), None)

    @property
    def break_seconds(self) -> int:
        step = self.break_step
        return step.target_seconds if step and step.target_seconds else DEFAULT_BREAK_SECONDS


# "{name}, thank you" -> "Thank you";  "Thank you, {name}." -> "Thank you."
_LEADING_NAME = re.compile(r"^\s*\{name\}\s*,\s*(\w)")
_NAME = re.compile(r"\s*,?\s*\{name\}")
_PLACEHOLDER = re.compile(r"\{(name|agent)\}")


def upper_first(letter: str, language: str = "") -> str:
    """Capitalise one letter, with the dotted capital İ in Turkish and Azerbaijani."""
    if letter == "i" and language.split("-")[0] in ("tr", "az"):
        return "İ"
    return letter.upper()


_OPENING_NAME = re.compile(r"(^|[.!?…]\s+)\{name\}")


def render_phrase(
    phrase: str, *, name: str = "", agent: str = "", language: str = "", address: str | None = None
) -> str:
    """Fill ``{name}`` and ``{agent}``; with no name the sentence closes up around the gap.

    ``{name}`` is the customer's form of address ("Ayşe Hanım", "Mr Tamm", "härra Tamm") when
    ``address`` is given. Said to a customer who has none (``address`` blank), a language with
    a polite address of its own uses it rather than the bare name (Turkish "efendim"); else,
    and in a text not said to the customer (``address`` None: a summary), ``name`` as typed.
    """
    told, known = (address or "").strip(), name.strip()
    entry = BY_CODE.get(language.split("-")[0])
    polite = entry.polite_address if entry and address is not None else ""
    polite = polite if known and not told else ""
    values = {"name": told or polite or known, "agent": agent.strip()}
    text = phrase
    if polite:  # "{name}, …" opening a sentence: "Efendim, …"
        capital = upper_first(polite[0], language) + polite[1:]
        text = _OPENING_NAME.sub(lambda m: m.group(1) + capital, text)
    if not values["name"]:
        text = _LEADING_NAME.sub(lambda m: upper_first(m.group(1), language), text)
        text = _NAME.sub("", text)
    if not values["agent"]:
        text = re.sub(r"\s*,?\s*\{agent\}", "", text)
    # One pass over the phrase: a value is put in as plain text, never read for placeholders.
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text).strip()
