"""The schema, as forward migrations. Its version is also kept in ``PRAGMA user_version``.

The migrations are the schema's history: each describes the change made at its version and is
never edited afterwards. The current shape of every table is declared in ``callmate.models``; a
test holds the two together (a fresh database has exactly the models' columns).

This module imports no sqlite-utils at import time, so the schema version (the number of
migrations, :data:`SCHEMA_VERSION`) can be read on the start-up path for nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

STEPS: list[Callable[[Any], None]] = []


def migration(step: Callable[[Any], None]) -> Callable[[Any], None]:
    """Register the next migration (in the order they appear here)."""
    STEPS.append(step)
    return step


def migrations() -> Migrations:
    """Every migration, for sqlite-utils to apply those a database has not had yet."""
    from sqlite_utils import Migrations

    found = Migrations("callmate")
    for step in STEPS:
        found()(step)
    return found


def add_columns(db: Database, model: type, *names: str) -> None:
    """Add columns of ``model`` to its table, typed as the model declares them (a column that is
    already there is left as it is)."""
    from callmate.models import sql_type

    table = db.table(model.TABLE)  # type: ignore[attr-defined]
    have = {c.name for c in table.columns}
    for name in names:
        if name not in have:
            table.add_column(name, sql_type(model, name))


@migration
def m001_calls(db: Database) -> None:
    db.table("checklists").create(
        {
            "key": str,
            "id": str,
            "version": str,
            "language": str,
            "name": str,
            "source": str,
            "toml": str,
        },
        pk="key",
    )
    # fmt: off
    db.table("calls").create(
        {
            "id": str, "started_at": str, "ended_at": str, "agent": str, "customer": str,
            "reference": str, "checklist_key": str, "checklist_id": str, "checklist_version": str,
            "language": str, "checklist_source": str, "at_fault": int, "escalated": int,
            "warnings": int, "phrases_copied": int, "notes_count": int, "outcome": str,
            "follow_up_at": str, "difficulty": int, "summary": str, "status": str,
            "duration_seconds": float, "current_step": str, "draft": str,
            "break_seconds": float, "updated_at": str,
        },
        pk="id",
        not_null={"started_at", "status"},
        foreign_keys=[("checklist_key", "checklists", "key")],
    )
    # fmt: on
    # fmt: off
    db.table("call_steps").create(
        {
            "call_id": str, "position": int, "step_id": str, "title": str, "kind": str,
            "status": str, "seconds": float, "seconds_done": float, "target_seconds": int,
            "visits": int, "started_at": str, "entered_at": str, "ended_at": str,
        },
        pk=("call_id", "position"),
        foreign_keys=[("call_id", "calls", "id")],
    )
    # fmt: on
    # fmt: off
    db.table("notes").create(
        {"id": int, "call_id": str, "seq": int, "at": str, "offset_seconds": float,
         "step_id": str, "text": str},
        pk="id",
        foreign_keys=[("call_id", "calls", "id")],
    )
    # fmt: on
    # fmt: off
    db.table("events").create(
        {"id": int, "call_id": str, "seq": int, "at": str, "offset_seconds": float,
         "step_id": str, "kind": str, "data": str},
        pk="id",
        foreign_keys=[("call_id", "calls", "id")],
    )
    # fmt: on
    db.table("notes").create_index(["call_id", "seq"], unique=True)
    db.table("events").create_index(["call_id", "seq"], unique=True)
    db.table("events").create_index(["kind"])
    db.table("calls").create_index(["started_at"])
    db.table("calls").create_index(["agent", "started_at"])
    db.table("calls").create_index(["outcome", "started_at"])
    db.table("calls").create_index(["status"])
    db.table("call_steps").create_index(["step_id", "status"])
    db.table("notes").enable_fts(
        ["text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2"
    )


@migration
def m002_review(db: Database) -> None:
    """Review at scale: indexes, and daily rollups kept by triggers (``store.rollup``; being
    derived, they are made afresh after every migration, see ``store.db``)."""
    # Keyset paging, newest first, with the id as the tie-break.
    db.execute("CREATE INDEX idx_calls_started_id ON calls (started_at, id)")
    # The median handle time: walked in order, without touching the table.
    db.execute(
        "CREATE INDEX idx_calls_duration ON calls "
        "(duration_seconds, started_at, agent, outcome, status)"
    )


@migration
def m003_soft_targets(db: Database) -> None:
    """A step's target can be soft (shown, never over): stored with the step, and left out of
    the over-target figures."""
    from callmate.models import StepRow

    add_columns(db, StepRow, "soft_target")


@migration
def m004_call_search(db: Database) -> None:
    """Search a call as a whole: one full-text document per call (its notes and its summary),
    kept by triggers, so every word may be in a different note; keyed by time, so the newest
    matches come first without counting them all (``store.call_search``). The rollups made
    afresh after it count excused skips apart, keep the whole log, months and days, and the
    handle times by band."""
    from callmate.store import call_search

    call_search.create(db.conn)


@migration
def m005_team_outbox(db: Database) -> None:
    """The team hub (``callmate.hub``): ``team_outbox`` records, per call, the ``updated_at``
    that went to the hub and when (or why the hub refused it), so finished calls not there yet,
    or changed since, are the ones waiting; ``team_pulls`` records how far a pull from a hub
    (by its id and the filter pulled with) has come."""
    db.table("team_outbox").create(
        {"call_id": str, "updated_at": str, "pushed_at": str, "problem": str}, pk="call_id"
    )
    db.table("team_pulls").create(
        {"hub_id": str, "filter": str, "watermark": str, "pulled_at": str},
        pk=("hub_id", "filter"),
    )


@migration
def m006_form_of_address(db: Database) -> None:
    """How the customer is addressed in phrases, kept apart from their full name."""
    from callmate.models import CallRow

    add_columns(db, CallRow, "addressed_as")


@migration
def m007_search_tags(db: Database) -> None:
    """A call's search document also holds its agent and outcome as words, so a search narrowed
    to them is answered by the index alone (made again where m004 made it without them)."""
    from callmate.store import call_search

    if not call_search.current(db):
        call_search.create(db.conn)


@migration
def m008_lean_indexes(db: Database) -> None:
    """Indexes that no longer earn their place: events by kind and steps by id and status (no
    query reads them so since the rollups), and calls by start time alone (the start time with
    the id serves every query that did): about 8% of the file."""
    for name in ("idx_events_kind", "idx_call_steps_step_id_status", "idx_calls_started_at"):
        db.execute(f"DROP INDEX IF EXISTS {name}")


@migration
def m009_call_figures(db: Database) -> None:
    """Statistics over a search, fast: each call's figures kept ready beside its search
    document, one row a call and one a step, kept by triggers (``store.call_figures``)."""
    from callmate.models import CallRow
    from callmate.store import call_figures

    # The figures are made as this callmate defines them, and those read a column m010 adds.
    add_columns(db, CallRow, "escalation_withdrawn")
    call_figures.create(db.conn)


@migration
def m010_fair_figures(db: Database) -> None:
    """Figures fair to the agent: a step the call never reached is ``not_reached``, no longer
    a skip; "escalated and returned" is stored (``escalation_withdrawn``; ``escalated`` stays
    set: escalated at some point); a draft keeps when it was typed (``draft_at``). The calls
    stored are read again (``store.older_calls``); the derived tables are made again after."""
    from callmate.models import CallRow
    from callmate.store import call_figures, older_calls, rollup

    add_columns(db, CallRow, "escalation_withdrawn", "draft_at")
    # Not kept row by row while every call is read again: made afresh once, below (the
    # rollups after the migrations, as always).
    rollup.drop_triggers(db)
    call_figures.drop_triggers(db.conn)
    older_calls.read_again(db.conn)
    if call_figures.present(db):
        call_figures.create(db.conn)


@migration
def m011_search_folds_dotless_i(db: Database) -> None:
    """Search finds Turkish words typed without their letters: the search documents hold the
    dotless ı as i, as every query now folds it (``store.call_search.fold``), so ``kirik``
    finds ``kırık``. Every document and its index are made again, and the figures kept for each
    call after them (they follow the documents' keys)."""
    from callmate.store import call_figures, call_search

    call_figures.drop_triggers(db.conn)
    call_search.create(db.conn)
    if call_figures.present(db):
        call_figures.create(db.conn)


@migration
def m012_evaluations(db: Database) -> None:
    """A lead's evaluations of calls against a form (``models.EvaluationRow``), one row each,
    looked up by call; the agent's feedback reads them newest first."""
    from callmate.models import EvaluationRow, columns, sql_type

    db.table(EvaluationRow.TABLE).create(
        {name: sql_type(EvaluationRow, name) for name in columns(EvaluationRow)},
        pk="id",
        not_null={"call_id"},
        foreign_keys=[("call_id", "calls", "id")],
    )
    db.execute("CREATE INDEX idx_evaluations_call ON evaluations (call_id, updated_at)")
    db.execute("CREATE INDEX idx_evaluations_updated ON evaluations (updated_at)")


@migration
def m013_kept_phrases(db: Database) -> None:
    """What goes with calls that end well, fast: the figures kept for each call also hold its
    checklist and language, the set of phrases it copied and whether it put the customer on
    hold, kept by triggers on the events too (``store.call_figures``); made again for every
    call stored."""
    from callmate.store import call_figures

    call_figures.drop_triggers(db.conn)
    if call_figures.present(db):
        call_figures.create(db.conn)


@migration
def m014_clustered_rows(db: Database) -> None:
    """Events and steps are always read by their call and in their order: each table is kept
    clustered by that key (``WITHOUT ROWID``), so it needs no index beside it (the events'
    ``(call_id, seq)`` index, the steps' key) and events lose a row id nothing read: about 650
    bytes a call. The triggers of the derived tables are made again after (the rollups' with
    them, as after every migration); a trigger or view of the user's own on these tables stays.

    A row the new key cannot hold (its call deleted by hand, a key left empty) is no row any
    reader reaches, but it is not thrown away: it moves to ``events_unkept`` or
    ``call_steps_unkept``, made only when there is one."""
    from callmate.models import EventRow, StepRow, columns, sql_name
    from callmate.store import call_figures, rollup, rollup_defs

    kept = call_figures.present(db)
    ours = {*rollup_defs.TRIGGERS, *call_figures.TRIGGERS}
    rollup.drop_triggers(db)
    call_figures.drop_triggers(db.conn)
    for model in (EventRow, StepRow):
        table, key, names = model.TABLE, model.KEY, columns(model)
        theirs = [
            sql
            for name, sql in db.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
                [table],
            ).fetchall()
            if name not in ours
        ]
        declared = ", ".join(f"{n} {sql_name(model, n)}" for n in names)
        listed = ", ".join(names)
        holds = " AND ".join(
            [*(f"{k} IS NOT NULL" for k in key), "call_id IN (SELECT id FROM calls)"]
        )
        db.execute(
            f"CREATE TABLE {table}_clustered ({declared}, PRIMARY KEY ({', '.join(key)}), "
            f"FOREIGN KEY (call_id) REFERENCES calls (id)) WITHOUT ROWID"
        )
        db.execute(
            f"INSERT INTO {table}_clustered ({listed}) SELECT {listed} FROM {table} WHERE {holds}"
        )
        if db.execute(f"SELECT 1 FROM {table} WHERE NOT ({holds}) LIMIT 1").fetchone():
            db.execute(f"CREATE TABLE {table}_unkept AS SELECT * FROM {table} WHERE NOT ({holds})")
        db.execute(f"DROP TABLE {table}")
        # A view of the user's naming the table is not checked against the moment it is gone.
        db.execute("PRAGMA legacy_alter_table = ON")
        try:
            db.execute(f"ALTER TABLE {table}_clustered RENAME TO {table}")
        finally:
            db.execute("PRAGMA legacy_alter_table = OFF")
        for sql in theirs:
            db.execute(sql)
    if kept:
        for sql in call_figures.trigger_sql():  # its rows stand: only its triggers went
            db.execute(sql)


@migration
def m015_evaluation_times_to_the_second(db: Database) -> None:
    """Evaluations made in the review screen before were stamped to the microsecond (the team
    hub, which takes stored times to the second only, refused them): their times to the
    second, as every stored time is."""
    from callmate.dates import from_iso, to_iso

    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'evaluations'").fetchone():
        return
    rows = db.execute(
        "SELECT id, created_at, updated_at FROM evaluations "
        "WHERE created_at GLOB '*T??:??:??.*' OR updated_at GLOB '*T??:??:??.*'"
    ).fetchall()

    def second(text: str | None) -> str | None:
        try:
            return to_iso(from_iso(text)) if text else text
        except (TypeError, ValueError):
            return text  # not a time at all: left for the checks that name it

    db.conn.executemany(
        "UPDATE evaluations SET created_at = ?, updated_at = ? WHERE id = ?",
        [(second(created), second(updated), key) for key, created, updated in rows],
    )


#: The first schema that saves the figures fairly (``store.older_calls``).
FAIR_FIGURES = STEPS.index(m010_fair_figures) + 1
SCHEMA_VERSION = len(STEPS)
