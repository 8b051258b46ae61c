"""The command line: a thin click group that resolves paths and settings and builds the app."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from callmate import __version__
from callmate.cli.common import db_option, fail, friendly_errors, say
from callmate.cli.hub import team_db_option
from callmate.cli.language import lang_option, start_language

#: Subcommands, imported only when used: the live companion starts without loading them.
SUBCOMMANDS = {
    "calls": "callmate.cli.calls:calls",
    "checklists": "callmate.cli.checklists:checklists",
    "demo-data": "callmate.cli.team:demo_data",
    "export": "callmate.cli.reports:export",
    "feedback": "callmate.cli.feedback:feedback",
    "forms": "callmate.cli.feedback:forms",
    "insights": "callmate.cli.reports:insights",
    "merge": "callmate.cli.team:merge",
    "prune": "callmate.cli.prune:prune",
    "report": "callmate.cli.reports:report",
    "review": "callmate.cli.team:review",
    "serve": "callmate.cli.serve:serve",
    "stats": "callmate.cli.reports:stats",
    "team": "callmate.cli.hub_teams:team",  # hub.py's group, with the teams
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*SUBCOMMANDS, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in SUBCOMMANDS:
            import importlib

            module, attr = SUBCOMMANDS[name].split(":")
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a closed pipe shows here, not as a message at exit
        except BrokenPipeError:
            _reader_gone()
        return result


def _reader_gone() -> NoReturn:
    """The reader of our output went away (``callmate calls list | head -1``): end quietly and
    successfully, as Unix tools do, with nothing more written to the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (a test runner's stream)
        pass
    sys.exit(0)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@db_option
@click.option(
    "--checklist", "checklist_name", help="Built-in checklist name or path to a TOML file."
)
@click.option("--agent", help="Your name, shown in phrases and saved with each call (remembered).")
@lang_option
@team_db_option
@click.version_option(__version__, prog_name="callmate")
@click.pass_context
def cli(
    ctx: click.Context,
    db_path: Path | None,
    checklist_name: str | None,
    agent: str | None,
    lang: str | None,
    team_db: str | None,
):
    """callmate: a calm companion for calls with upset customers.

    Without a command it opens the live-call companion.
    """
    if ctx.invoked_subcommand is not None:
        return
    from callmate import config
    from callmate.checklists import catalog
    from callmate.language.i18n import _
    from callmate.paths import resolve_db
    from callmate.store.db import check_file

    settings = config.load()
    chosen = checklist_name or settings.checklist
    with friendly_errors():
        path = resolve_db(db_path)
        if chosen:
            start_language(lang, settings, None)  # a checklist that cannot be read is said in it
            checklist = catalog.resolve(chosen)
            start_language(lang, settings, checklist.language)
        else:  # none named: the built-in checklist of the language the agent speaks
            checklist = catalog.resolve(catalog.default_for(start_language(lang, settings, None)))
        check_file(path)  # refused in the language chosen
        _save_kept_changes(path)
    if agent is not None and agent.strip():
        settings.agent = agent.strip()
        try:
            config.save(settings)
        except OSError as exc:
            fail(
                _("cannot save settings ({reason}): {path}").format(
                    reason=exc.strerror, path=config.config_file()
                )
            )
    from callmate.ui.app import CallmateApp

    hub = team_db or os.environ.get("CALLMATE_TEAM_DB") or settings.team_db
    app = CallmateApp(
        db_path=path,
        checklist=checklist,
        settings=settings,
        language_fixed=lang is not None,
        team_db=(hub or "").strip(),
    )
    app.run()
    _report_unsaved(path, app.unsaved_at_exit, app.saver.error)


def _save_kept_changes(path: Path) -> None:
    """Save what the recovery journal kept from an earlier session, before the screen opens
    (the writer tries again when it opens the database, if the database is still locked)."""
    import sqlite3

    from callmate.language.i18n import _
    from callmate.store import journal
    from callmate.store.db import StoreError, open_db

    if not journal.journal_path(path).exists():
        return
    try:
        db = open_db(path, say=say)
        try:
            said = journal.replay(db, journal.journal_path(path))
        finally:
            db.close()
    except (StoreError, sqlite3.Error) as exc:
        say(
            _(
                "changes kept from an earlier session are not saved yet ({reason}); they will "
                "be tried again"
            ).format(reason=exc)
        )
        return
    if said:
        say(said)


def _report_unsaved(path: Path, lost: int, why: str) -> None:
    """After the app: changes kept in the recovery journal are said in one line; changes that
    could not even be kept fail the command."""
    from callmate.language.i18n import ngettext
    from callmate.store import journal

    kept = journal.count(journal.journal_path(path))
    if kept:
        say(journal.kept_line(path, kept))
    if lost:
        fail(
            ngettext(
                "{n} change could not be saved to {path}: {why}",
                "{n} changes could not be saved to {path}: {why}",
                lost,
            ).format(n=lost, path=path, why=why)
        )


def main() -> None:
    cli(prog_name="callmate")
