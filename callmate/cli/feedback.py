"""``callmate feedback``: the agent's evaluations, newest first, in their language; and
``callmate forms validate PATH...``."""

from __future__ import annotations

from pathlib import Path

import click

from callmate.cli.common import db_option, given_before
from callmate.cli.language import lang_option, speak
from callmate.cli.review_common import reading, review_errors


@click.command("feedback")
@db_option
@lang_option
@click.option("--agent", default=None, help="Whose calls (default: the agent of the settings).")
@click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most so many."
)
@click.option(
    "--team-db",
    "team_db",
    metavar="URL",
    callback=given_before("team_db"),
    help="First bring your new evaluations from this team hub (a libpq URL or service name).",
)
@click.pass_context
def feedback(
    ctx: click.Context,
    db_path: Path | None,
    lang: str | None,
    agent: str | None,
    limit: int,
    team_db: str | None,
) -> None:
    """The evaluations team leads made of your calls, newest first: each question, its answer
    and whose answer it is, the score and the lead's comment."""
    from callmate import config
    from callmate.language.i18n import _
    from callmate.models import record
    from callmate.report import evaluation_text as ev
    from callmate.report.moments import when
    from callmate.report.text import short_id
    from callmate.safe import visible
    from callmate.store import evaluations

    speak(ctx, lang)
    settings = config.load()
    name = agent or settings.agent_name
    if team_db:
        from callmate.cli.hub import sync_evaluations
        from callmate.hub import local
        from callmate.paths import resolve_db

        with review_errors():
            mine = local.open_local(resolve_db(db_path))
            try:
                sync_evaluations(team_db, mine, send=False)
            finally:
                mine.close()
    with review_errors(), reading(db_path) as db:
        found = evaluations.for_agent(db, name, limit)
    if not found:
        click.echo(visible(_("No evaluations of {agent}'s calls yet.").format(agent=name)))
        return
    form = ev.reader_form()
    for row, started in found:
        shown = record(type(row), vars(row))
        call = _("Call {id}, {started}").format(id=short_id(row.call_id), started=when(started))
        click.echo(visible(f"{call} · {ev.heading(shown)}"))
        for line in ev.answer_lines(shown, form):
            click.echo(visible("  " + line))
        click.echo("")
    newest = max(row.updated_at for row, _started in found)
    if name == settings.agent_name and newest > settings.feedback_seen:
        settings.feedback_seen = newest  # the Ready screen's line says no more of these
        config.save(settings)


@click.group("forms")
def forms() -> None:
    """Evaluation forms: check them."""


@forms.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
def validate(paths: tuple[str, ...]) -> None:
    """Check evaluation form files; every problem is named with file, line and field."""
    from callmate.cli.common import report_problems
    from callmate.evaluation.form import validate_file

    speak(click.get_current_context())
    report_problems(paths, validate_file)
