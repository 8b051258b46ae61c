"""The README's key tables and the keys the screens really have agree, both ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from callmate.ui.app import CallmateApp
from callmate.ui.screens.call import CallScreen
from callmate.ui.screens.help import _action_name
from callmate.ui.screens.wrapup import WrapUpScreen

README = Path(__file__).parent.parent / "README.md"
#: How the README names a key that Textual names otherwise.
SPOKEN = {"N": "shift+n", "exclamation_mark": "shift+1", "question_mark": "?"}


def table(marker: str) -> list[set[str]]:
    """The keys of each row of the table after ``<!-- marker -->``."""
    lines = README.read_text(encoding="utf-8").split(f"<!-- {marker} -->", 1)[1].splitlines()
    rows = [line for line in lines[3:] if line.startswith("| ")]
    end = next((i for i, line in enumerate(lines[3:]) if not line.startswith("|")), len(rows))
    keys = [row.split("|")[1].strip() for row in rows[:end]]
    return [{k.strip() for k in cell.split(" / ")} for cell in keys]


def binding_keys(screen_class) -> list[set[str]]:
    """The keys of each binding of a screen, as the README spells them (1-9 as "1–9")."""
    own = [b for b in screen_class.BINDINGS if b.description]
    shown = {_action_name(b) for b in own if b.show}
    found = []
    for b in own:
        if not b.show and _action_name(b) in shown:
            continue  # copy phrase 2-9, outcome 2-5: covered by the first of them
        if b.key_display and "-" in b.key_display and b.key_display[-1].isdigit():
            found.append({b.key_display.replace("⇧", "shift+").replace("-", "–")})
            continue
        found.append({SPOKEN.get(k.strip(), k.strip()) for k in b.key.split(",")})
    return found


@pytest.mark.parametrize(
    "screen_class, marker", [(CallScreen, "call-keys"), (WrapUpScreen, "wrapup-keys")]
)
def test_every_key_is_in_the_readme_and_every_readme_key_exists(screen_class, marker):
    rows = table(marker)
    everywhere = [{SPOKEN.get(b.key, b.key)} for b in CallmateApp.BINDINGS if b.show]
    keys = binding_keys(screen_class)
    for binding in keys:
        assert any(binding <= row for row in rows), f"{binding} is not in the README"
    known = set().union(*keys, *everywhere)
    for row in rows:
        assert row <= known, f"the README lists {row - known}, which no binding has"
