"""Picking up a call that was left unfinished, with exactly the checklist it was started with."""

from __future__ import annotations

from callmate.call import Call
from callmate.checklists import catalog
from callmate.checklists.load import ChecklistError, load_text
from callmate.checklists.model import Checklist
from callmate.clock import Clock
from callmate.language.i18n import _
from callmate.models import StoredCall


def checklist_for(stored: StoredCall, fallback: Checklist) -> tuple[Checklist, str]:
    """The checklist a stored call ran with, and a note for the agent (in the language spoken)
    when it had to be replaced."""
    call = stored.call
    source = call.checklist_source or ""
    if stored.checklist_toml:
        try:
            return load_text(stored.checklist_toml, source), ""
        except ChecklistError:
            pass
    try:
        found = catalog.resolve(source.removeprefix("builtin:") or None)
        if found.id == call.checklist_id:
            return found, ""
    except ChecklistError:
        pass
    return fallback, _(
        "The checklist this call was started with ({checklist}) was not found; "
        "continuing with {fallback}."
    ).format(checklist=call.checklist_id, fallback=fallback.name)


def restore_call(stored: StoredCall, fallback: Checklist, clock: Clock) -> tuple[Call, str]:
    checklist, problem = checklist_for(stored, fallback)
    return Call.restore(stored, checklist, clock), problem
