"""Names that vulture sees no use of but that are used: the fields of the stored models and of the
statistics are read by name (``dataclasses.fields``, ``vars``), never as attributes."""

from callmate import models

models.CallRow.checklist_version
models.CallRow.notes_count
models.CallRow.current_step
models.Adherence.in_order
models.Adherence.apology
models.Adherence.thanks
models.Stats.from_rollup
