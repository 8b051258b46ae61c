"""The one declaration of the stored data (callmate/models.py) and the schema the migrations
build agree, column for column; the JSON shapes come from the same declaration."""

from __future__ import annotations

import pytest

from callmate.models import (
    STORED,
    CallRow,
    EventRow,
    NoteRow,
    StepRow,
    columns,
    from_row,
    record,
    sql_type,
    values,
)
from callmate.store.db import open_db

#: Columns a table has that its model does not: the row ids of notes and events.
ROW_IDS = {"notes": {"id"}, "events": {"id"}}


@pytest.mark.parametrize("model", STORED, ids=lambda m: m.TABLE)
def test_a_new_database_has_exactly_the_declared_columns_and_types(tmp_path, model):
    db = open_db(tmp_path / "calls.db")
    table = {c.name: c.type for c in db[model.TABLE].columns}
    assert set(table) - ROW_IDS.get(model.TABLE, set()) == set(columns(model))
    for name in columns(model):
        expected = {str: "TEXT", int: "INTEGER", float: "REAL"}[sql_type(model, name)]
        assert table[name] == expected, (model.TABLE, name)


def test_a_row_goes_in_and_comes_back_as_the_same_model(tmp_path):
    step = StepRow(call_id="c1", position=0, step_id="calm", title="Stay calm", soft_target=1)
    assert from_row(StepRow, dict(zip(columns(StepRow), values(step), strict=True))) == step
    event = EventRow(call_id="c1", seq=1, at="2026-11-23T09:00:00+00:00", kind="x", data={"a": 1})
    assert dict(zip(columns(EventRow), values(event), strict=True))["data"] == '{"a": 1}'


def test_a_null_in_an_older_file_reads_as_the_declared_default():
    call = from_row(
        CallRow,
        {"id": "c1", "started_at": "2026-11-23T09:00:00+00:00", "warnings": None, "summary": None},
    )
    assert call.warnings == 0 and call.summary == "" and call.outcome is None


def test_the_json_shape_renames_flags_and_hides_what_the_declaration_says():
    call = CallRow(id="c1", started_at="t", checklist_id="default", at_fault=1, draft="secret")
    shown = record(CallRow, vars(call))
    assert shown["checklist"] == "default" and "checklist_id" not in shown
    assert shown["at_fault"] is True and shown["escalated"] is False
    assert "draft" not in shown and "checklist_key" not in shown
    note = NoteRow(call_id="c1", seq=3, at="t", step_id="vent", text="late")
    assert record(NoteRow, vars(note)) == {
        "at": "t",
        "step_id": "vent",
        "text": "late",
        "offset_seconds": 0.0,
    }
