"""A key a checklist's tip names in brackets, "(ctrl+f)", is a key the call screen has."""

from __future__ import annotations

import re

import pytest

from callmate.checklists import catalog
from callmate.checklists.load import load_file
from callmate.ui.screens.call_keys import CALL_BINDINGS

KEYS = {key.strip() for b in CALL_BINDINGS for key in b.key.split(",")}
NAMED = re.compile(r"\((ctrl\+[a-z]|[a-z])\)")


@pytest.mark.parametrize("entry", [e for e in catalog.entries() if e.builtin], ids=lambda e: e.name)
def test_every_key_named_in_a_tip_is_a_call_key(entry):
    checklist = load_file(entry.path)
    named = [key for step in checklist.steps for tip in step.tips for key in NAMED.findall(tip)]
    assert named, "the tips name the keys they speak of"
    assert [key for key in named if key not in KEYS] == []
