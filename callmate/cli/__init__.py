"""The command line: a thin click group that resolves paths and settings and builds the app."""

from __future__ import annotations

from pathlib import Path

import click

from callmate import __version__
from callmate.cli.common import db_option, fail, friendly_errors

#: Subcommands, imported only when used: the live companion starts without loading them.
SUBCOMMANDS = {
    "calls": "callmate.cli.calls:calls",
    "checklists": "callmate.cli.checklists:checklists",
    "demo-data": "callmate.cli.team:demo_data",
    "export": "callmate.cli.reports:export",
    "merge": "callmate.cli.team:merge",
    "review": "callmate.cli.team:review",
    "stats": "callmate.cli.reports:stats",
    "team": "callmate.cli.hub:team",
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
@click.version_option(__version__, prog_name="callmate")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, checklist_name: str | None, agent: str | None):
    """callmate: a calm companion for calls with upset customers.

    Without a command it opens the live-call companion.
    """
    if ctx.invoked_subcommand is not None:
        return
    from callmate import catalog, config
    from callmate.paths import resolve_db
    from callmate.store.db import check_file

    settings = config.load()
    with friendly_errors():
        path = resolve_db(db_path)
        check_file(path)
        checklist = catalog.resolve(checklist_name or settings.checklist or None)
    if agent is not None and agent.strip():
        settings.agent = agent.strip()
        try:
            config.save(settings)
        except OSError as exc:
            fail(f"cannot save settings ({exc.strerror}): {config.config_file()}")
    from callmate.ui.app import CallmateApp

    app = CallmateApp(db_path=path, checklist=checklist, settings=settings)
    app.run()
    if app.unsaved_at_exit:
        fail(f"{app.unsaved_at_exit} change(s) could not be saved to {path}: {app.saver.error}")


def main() -> None:
    cli(prog_name="callmate")
