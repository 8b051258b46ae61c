"""Names that vulture sees no use of but that are used: the fields of the stored models and of the
statistics are read by name (``dataclasses.fields``, ``vars``), never as attributes."""

from callmate import models
from callmate.measures import figures

models.CallRow.checklist_version
models.CallRow.notes_count
models.CallRow.current_step
models.EvaluationRow.form_version
figures.Adherence.in_order
figures.Adherence.apology
figures.Adherence.thanks
figures.Stats.from_rollup
figures.Stats.escalations_withdrawn  # in stats --format json (Stats.to_json, by name)
from callmate.hub import background  # noqa: E402
from callmate.ui import app  # noqa: E402
from callmate.ui.widgets import note_field  # noqa: E402

background.PushStatus.pushing  # part of the status the pusher reports, read by name
app.TEXTUAL_COMMANDS  # marks Textual's own palette words for the message catalogs
note_field.NoteField.cursor_position  # Textual's Input reads it
