"""The customer form at 80x24, in each language: every field's hint is whole (an Estonian
reference hint cut to "tellimus /" tells the agent nothing)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from callmate.checklists import catalog
from callmate.config import Settings
from callmate.language.i18n import set_language
from tests.test_ui_trust import on_a_call
from tests.ui_helpers import make_app

EXAMPLES = {"en": "Mr Tamm", "tr": "Ayşe Hanım", "et": "pr Tamm"}


@pytest.mark.parametrize("language", ["en", "tr", "et"])
async def test_every_hint_of_the_customer_form_is_whole(tmp_path, clock, language):
    set_language(language)
    checklist = catalog.resolve(f"default.{language}")
    app = make_app(tmp_path / "calls.db", checklist, clock, settings=Settings(language=language))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await on_a_call(pilot, app)
            for name in ("name", "addressed-as", "reference"):
                box = app.screen.query_one(f"#{name}", Input)
                assert box.region.width >= len(box.placeholder) + 2, (name, box.placeholder)
            example = app.screen.query_one("#addressed-as", Input).placeholder
            assert example.endswith(EXAMPLES[language])  # the customers' form of address
    finally:
        set_language("en")
