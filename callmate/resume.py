"""Picking up a call that was left unfinished, with exactly the checklist it was started with."""

from __future__ import annotations

from typing import Any

from callmate import catalog
from callmate.call import Call
from callmate.checklist import Checklist
from callmate.checklist_load import ChecklistError, load_text
from callmate.clock import Clock


def checklist_for(record: dict[str, Any], fallback: Checklist) -> tuple[Checklist, str]:
    """The checklist a stored call ran with, and a note for the agent when it had to be replaced."""
    call = record["call"]
    source = call.get("checklist_source") or ""
    if record.get("checklist_toml"):
        try:
            return load_text(record["checklist_toml"], source), ""
        except ChecklistError:
            pass
    try:
        found = catalog.resolve(source.removeprefix("builtin:") or None)
        if found.id == call.get("checklist_id"):
            return found, ""
    except ChecklistError:
        pass
    return fallback, (
        f"The checklist this call was started with ({call.get('checklist_id')}) was not found; "
        f"continuing with {fallback.name}."
    )


def restore_call(record: dict[str, Any], fallback: Checklist, clock: Clock) -> tuple[Call, str]:
    checklist, problem = checklist_for(record, fallback)
    return Call.restore(record, checklist, clock), problem
