"""Comparisons of rates, as the insights show them: the calls with a thing against those without
it, each side's rate with a 95% Wilson interval and the difference's with Newcombe's. Plain
arithmetic over counts; ``review.insights_counts`` counts them in SQL."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

#: Each side of a comparison needs at least this many calls to be shown.
MIN_CALLS = 30
#: The normal quantile of a two-sided 95% interval.
Z = 1.959963984540054


def wilson(hits: int, calls: int, z: float = Z) -> tuple[float, float]:
    """The Wilson score interval of ``hits`` in ``calls`` (``(0, 1)`` for no calls)."""
    if calls <= 0:
        return 0.0, 1.0
    p = hits / calls
    middle = (p + z * z / (2 * calls)) / (1 + z * z / calls)
    half = z * math.sqrt(p * (1 - p) / calls + z * z / (4 * calls * calls)) / (1 + z * z / calls)
    return max(0.0, middle - half), min(1.0, middle + half)


@dataclass(frozen=True)
class Rate:
    """``hits`` of ``calls`` (the resolved of the calls with a phrase, say)."""

    hits: int
    calls: int

    @property
    def rate(self) -> float:
        return self.hits / self.calls if self.calls else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.hits, self.calls)

    def to_json(self) -> dict[str, Any]:
        low, high = self.interval
        return {"calls": self.calls, "hits": self.hits, "rate": self.rate, "low": low, "high": high}


def difference_interval(a: Rate, b: Rate) -> tuple[float, float]:
    """A 95% interval of ``a.rate - b.rate`` from the two Wilson intervals (Newcombe's hybrid
    score interval)."""
    (la, ha), (lb, hb) = a.interval, b.interval
    pa, pb = a.rate, b.rate
    d = pa - pb
    return (
        d - math.sqrt((pa - la) ** 2 + (hb - pb) ** 2),
        d + math.sqrt((ha - pa) ** 2 + (pb - lb) ** 2),
    )


@dataclass(frozen=True)
class Finding:
    """One comparison: the calls of ``checklist`` (in ``language``, of ``group`` when split)
    with the thing (``kind`` ``step``: ``step`` in the state ``what``; ``phrase``: phrase
    number ``what`` of ``step`` copied; ``hold``: a hold; ``acknowledged``: the step
    ``acknowledge`` reached within the band ``what``) against those without it, on ``measure``."""

    checklist: str
    language: str
    group: str
    kind: str
    step: str
    title: str
    what: str
    text: str
    measure: str
    with_: Rate
    without: Rate

    @property
    def difference(self) -> float:
        return self.with_.rate - self.without.rate

    @property
    def interval(self) -> tuple[float, float]:
        return difference_interval(self.with_, self.without)

    @property
    def beyond_chance(self) -> bool:
        """Whether the two sides' 95% intervals do not even touch: a strict test (about 1 in
        200 by chance for sides of one size), because many comparisons are made at once."""
        (la, ha), (lb, hb) = self.with_.interval, self.without.interval
        return ha < lb or hb < la

    def to_json(self) -> dict[str, Any]:
        low, high = self.interval
        return {
            "checklist": self.checklist,
            "language": self.language or None,
            "group": self.group or None,
            "kind": self.kind,
            "step": self.step or None,
            "title": self.title or None,
            "what": self.what,
            "text": self.text or None,
            "measure": self.measure,
            "with": self.with_.to_json(),
            "without": self.without.to_json(),
            "difference": self.difference,
            "difference_low": low,
            "difference_high": high,
            "beyond_chance": self.beyond_chance,
        }


@dataclass(frozen=True)
class Insights:
    """The comparisons with enough calls on each side, the largest difference first; ``calls``
    wrapped-up calls were read, ``small`` comparisons were left out for too few calls."""

    findings: list[Finding]
    calls: int
    small: int
    by: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "calls": self.calls,
            "min_calls": MIN_CALLS,
            "by": list(self.by),
            "left_out": self.small,
            "findings": [f.to_json() for f in self.findings],
        }
