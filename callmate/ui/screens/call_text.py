"""What the call screen says to the agent, in the language spoken: its notifications, the titles
of a copied phrase, and the question before leaving in the middle of a call."""

from __future__ import annotations

from callmate.language.i18n import _


def note_removed() -> str:
    return _("Note removed. What it said stays in the call's log.")


def card_masked() -> str:
    return _("Card number masked: only the last four digits are kept.")


def first_step() -> str:
    return _("This is the first step.")


def fault_notice(at_fault: bool) -> str:
    if at_fault:
        return _("At fault: yes — apology phrases for when we are at fault.")
    return _("At fault: no — phrases for when it is not our fault.")


def escalation_notice(escalated: bool) -> str:
    if escalated:
        return _("Escalated: hand-over phrases are on the card.")
    return _("Escalation taken back.")


def no_warning_phrase() -> str:
    return _("Warning logged (this checklist has no warning phrase).")


def warning_title(number: int, total: int) -> str:
    """The title of a copied warning: which one it was (the last ends the call)."""
    if number >= total:
        return _("Warning the line that ends the call, logged")
    return _("Warning {number} of {total}, logged").format(number=number, total=total)


def copied_title(warning: str | None, tool: str | None) -> str:
    """What the agent is told after a copy: ``warning`` the title of a warning copied (else a
    phrase), ``tool`` the system clipboard tool that took it (``None``: only the terminal's)."""
    if tool:
        return warning or _("Copied")
    if warning is None:
        return _("Sent to the terminal clipboard")
    return _("{announce} (sent to the terminal clipboard)").format(announce=warning)


def no_phrase(number: int) -> str:
    return _("No phrase {number} on this step.").format(number=number)


def no_note_to_correct() -> str:
    return _("No note to correct yet.")


def calm_notice(calm: bool) -> str:
    return _("Calm mode: seconds hidden.") if calm else _("Seconds shown.")


def last_warning_given() -> str:
    return _("That was the last warning: ctrl+w again or ctrl+e ends the call.")


def nothing_to_undo() -> str:
    return _("Nothing to undo.")


def undone(action: str) -> str:
    """What ctrl+z undid, logged as a correction."""
    said = {
        "next": _("Step done undone: back on the step."),
        "skip": _("Skip undone: back on the step."),
        "escalate": _("Escalation undone."),
        "hold": _("Hold undone."),
        "fault": _("At fault undone."),
        "warn": _("Warning taken back (it stays in the log as a correction)."),
        "note": _("Note taken out (it stays in the log)."),
    }
    return said[action]
