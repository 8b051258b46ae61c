"""Small messages that widgets and services post; screens act on them."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


class SaveStateChanged(Message):
    """The database started or stopped failing to save."""


@dataclass
class PhraseChosen(Message):
    """The agent picked phrase ``number`` (1-based) of the current step."""

    number: int


@dataclass
class StepChosen(Message):
    """The agent picked a step of the checklist (by mouse)."""

    position: int
