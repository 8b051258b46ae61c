"""Agents side by side: the statistics of each agent a filter names, and of the team beside a
single one, computed by ``stats.compute`` for the same filter narrowed to each (so every figure is
the one ``stats --agent NAME`` gives)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from callmate.measures.figures import Stats
from callmate.review import stats
from callmate.review.filters import Filter
from callmate.store.call_search import Connected

#: The most agents shown side by side (the rest are named as more).
MOST = 4


@dataclass(frozen=True)
class Column:
    """One column: an agent's figures, or the team's (``agent`` empty)."""

    agent: str
    stats: Stats


def columns(db: Connected, filt: Filter, computed: Stats | None = None) -> list[Column]:
    """Each agent the filter names (at most :data:`MOST`), and the team beside a single agent
    (every agent, the rest of the filter the same); none when the filter names no agent.
    ``computed``: the statistics of ``filt`` itself, already there (those of its one agent)."""
    if not filt.agents:
        return []

    def of(agent: str) -> Stats:
        if computed is not None and filt.agents == (agent,):
            return computed
        return stats.compute(db, replace(filt, agents=(agent,)))

    shown = [Column(a, of(a)) for a in filt.agents[:MOST]]
    if len(filt.agents) == 1:
        shown.append(Column("", stats.compute(db, replace(filt, agents=None))))
    return shown
