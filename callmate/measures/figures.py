"""The shapes of the statistics: what a team lead is shown for a set of calls, computed (never
stored) by ``callmate.review.stats`` and shown by the statistics screen and ``callmate stats``."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from callmate.measures import adherence


@dataclass(frozen=True)
class Adherence:
    """The adherence score (0-100, ``None`` when nothing applies) and the rates (0-1) behind it;
    a rate is ``None`` when it does not apply (no at-fault call: no apology rate)."""

    score: float | None = None
    in_order: float | None = None
    apology: float | None = None
    thanks: float | None = None
    on_time: float | None = None

    RATES: ClassVar[tuple[str, ...]] = ("in_order", "apology", "thanks", "on_time")

    @classmethod
    def of(cls, sums: dict[str, float]) -> Adherence:
        """The score and its rates from summed step figures (defined in
        ``callmate.measures.adherence``)."""
        found = adherence.rates(sums)
        return cls(adherence.score(found), **{k: round(v, 4) for k, v in found.items()})

    def rates(self) -> dict[str, float]:
        """The rates that apply, by name."""
        return {k: v for k in self.RATES if (v := getattr(self, k)) is not None}

    def to_json(self) -> dict[str, Any]:
        return {"score": self.score, **self.rates()}


@dataclass(frozen=True)
class StepStats:
    """Time against target and skips of one checklist step (its languages taken together)."""

    checklist: str
    step_id: str
    title: str
    position: int
    steps: int
    visited: int
    average_seconds: float | None
    target_seconds: float | None
    over_target_rate: float | None
    skipped: int
    skip_rate: float


@dataclass(frozen=True)
class AgentStats:
    """One agent's figures: ``handled`` calls are wrapped up, ``unfinished`` ones are not (open,
    in wrap-up, abandoned) and count in no handle time."""

    agent: str
    calls: int
    handled: int
    unfinished: int
    average_seconds: float | None
    escalation_rate: float | None
    adherence: float | None


@dataclass(frozen=True)
class DayCount:
    day: str  # a UTC day, ISO
    calls: int


@dataclass(frozen=True)
class Stats:
    """Every figure of the statistics screen and ``callmate stats`` for one filter.

    ``handled`` calls were wrapped up; ``unfinished`` ones (open, in wrap-up, abandoned) are
    counted apart and in no handle time. ``escalated`` counts calls escalated at some point (an
    escalation taken back too), ``escalations_withdrawn`` those of them whose escalation was
    taken back (escalated and returned: the call stayed with the agent); the "escalated"
    outcome is one of ``outcomes``.
    """

    calls: int
    handled: int
    unfinished: int
    average_seconds: float | None
    median_seconds: float | None
    escalated: int
    escalation_rate: float | None
    escalations_withdrawn: int
    at_fault: int
    at_fault_rate: float | None
    warned: int
    follow_ups: int
    outcomes: dict[str, int]
    adherence: Adherence
    steps: tuple[StepStats, ...]
    agents: tuple[AgentStats, ...]
    per_day: tuple[DayCount, ...]
    most_skipped: tuple[StepStats, ...]
    #: Whether whole days were read from the rollups (how, not what: not compared).
    from_rollup: bool = field(default=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The shape of ``callmate stats --format json``."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "from_rollup":
                continue
            if isinstance(value, Adherence):
                value = value.to_json()
            elif isinstance(value, tuple):
                value = [vars(item) for item in value]
            out[f.name] = value
        return out
