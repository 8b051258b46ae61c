"""Facets of the calls a filter selects: how many by agent, outcome, checklist, language and day.

Counted the way the statistics count calls (``review.stats_source.figures``): off the rollups'
whole months and days and the calls at either end of a time range, so a million calls cost a few
hundred rows; a search counts its matching calls. A checklist or language chosen in a facet is a
condition on the rollups' own columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from callmate.labels import UNFINISHED_KEY
from callmate.review.filters import Filter
from callmate.review.stats_source import Grouping, figures
from callmate.store import rollup
from callmate.store.call_search import Connected

#: The facets, in the order the page shows them; each is a column of ``rollup_calls``.
FACETS = ("agent", "outcome", "checklist_id", "language", "day")
#: The most days a day facet lists (the newest).
MOST_DAYS = 31


@dataclass(frozen=True)
class Chosen:
    """What the calls' own filter (``review.filters.Filter``) does not hold: a checklist and a
    language chosen in their facets (``None``: any)."""

    checklist: str | None = None
    language: str | None = None

    def items(self) -> list[tuple[str, str]]:
        """The chosen values as (column of ``calls``, value)."""
        chosen = (("checklist_id", self.checklist), ("language", self.language))
        return [(column, value) for column, value in chosen if value is not None]

    def where(self) -> str:
        """A condition on the rollups' columns (values quoted as SQL text: ``Grouping.where``
        takes no parameters)."""
        return " AND ".join(f"{column} = {quoted(value)}" for column, value in self.items())


def quoted(value: str) -> str:
    """``value`` as an SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class Facet:
    """One facet: its values with their counts, most first (days: newest first)."""

    name: str
    values: tuple[tuple[str, int], ...]


def count(db: Connected, filt: Filter, chosen: Chosen) -> tuple[int, list[Facet]]:
    """How many calls match, and every facet of them."""
    where = chosen.where()
    groupings = {
        "calls": Grouping(rollup.CALLS, FACETS[:-1], ("calls",), where),
        "days": Grouping(rollup.CALLS, ("day",), ("calls",), where, months=False),
    }
    found = figures(db, filt, groupings)
    totals: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    total = 0
    for row in found.groups["calls"]:
        calls = int(row["calls"] or 0)
        total += calls
        for name in FACETS[:-1]:
            value = _value(name, row[name])
            totals[name][value] = totals[name].get(value, 0) + calls
    for row in found.groups["days"]:
        if row["calls"]:
            totals["day"][str(row["day"])] = int(row["calls"])
    facets = []
    for name in FACETS:
        values = [(v, n) for v, n in totals[name].items() if n > 0]
        if name == "day":
            values = sorted(values, reverse=True)[:MOST_DAYS]
        else:
            values.sort(key=lambda item: (-item[1], item[0]))
        facets.append(Facet(name, tuple(values)))
    return total, facets


def _value(name: str, stored: Any) -> str:
    """A rollup's key as a facet's value (a call without an outcome is ``unfinished``)."""
    if name == "outcome" and not stored:
        return UNFINISHED_KEY
    return str(stored or "")
