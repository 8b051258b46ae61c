"""Small messages that widgets and services post; screens act on them."""

from __future__ import annotations

from textual.message import Message


class SaveStateChanged(Message):
    """The database started or stopped failing to save."""
