"""The adherence score: how closely a set of calls kept to its checklists, from the step figures
summed over them (``store.rollup_defs.ADHERENCE_PARTS``).

in order: the share of the call steps that applied which were done once, in their turn (not
skipped, not gone back to); a step that did not apply (one the call never reached, the apology
skipped when not at fault) is left out;
apology: the share of at-fault calls whose apology step was done;
thanks: the share of calls whose "thank" step was done;
on time: the share of taken steps with a target that stayed within twice the target.
The score is the mean of the rates that apply (a set without at-fault calls has no apology rate),
times 100; ``None`` when none applies. (Plain functions: showing one call's score builds none of
the statistics' shapes, ``callmate.measures.figures``.)
"""

from __future__ import annotations


def rates(sums: dict[str, float]) -> dict[str, float]:
    """The rates that apply (0-1, to four places), by name, in the order of the score's parts."""
    found: dict[str, float] = {}
    applied = sums.get("steps", 0) - sums.get("excused", 0)
    if applied:
        found["in_order"] = sums["in_order"] / applied
    if sums.get("apology_owed"):
        found["apology"] = sums["apology_given"] / sums["apology_owed"]
    if sums.get("thanks_expected"):
        found["thanks"] = sums["thanked"] / sums["thanks_expected"]
    if sums.get("targeted"):
        found["on_time"] = 1 - sums["far_over"] / sums["targeted"]
    return found


def score(found: dict[str, float]) -> float | None:
    """The score (0-100, to one place) of the rates that apply (unrounded), ``None`` if none."""
    return round(100 * sum(found.values()) / len(found), 1) if found else None


def as_json(sums: dict[str, float]) -> dict[str, float | None]:
    """The score and its rates, as ``calls show --format json`` and ``stats`` write them."""
    found = rates(sums)
    return {"score": score(found), **{k: round(v, 4) for k, v in found.items()}}
