"""``callmate stats`` and ``callmate export``: figures and files for reports."""

from __future__ import annotations

import json
from pathlib import Path

import click

from callmate.cli.common import db_option
from callmate.cli.review_common import (
    Stdout,
    build_filter,
    describe,
    filter_options,
    open_log,
    review_errors,
)


@click.command("stats")
@db_option
@filter_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)  # fmt: skip
def stats(db_path: Path | None, since, until, agent, outcome, search, fmt: str) -> None:
    """Handle time, escalations, outcomes, steps against targets, adherence, calls per day."""
    from callmate.report.stats_text import stats_text
    from callmate.review import stats as figures

    with review_errors():
        db = open_log(db_path)
        filt = build_filter(db, since, until, agent, outcome, search)
        result = figures.compute(db, filt)
    if fmt == "json":
        shape = result.to_json()
        shape["filter"] = {
            "since": filt.since, "until": filt.until, "agent": agent, "outcome": filt.outcome,
            "search": filt.search or None,
        }  # fmt: skip
        click.echo(json.dumps(shape, ensure_ascii=False, indent=2))
    else:
        title = f"Statistics: {describe(since, until, agent, outcome, search)}\n"
        click.echo(stats_text(result, title))


@click.command("export")
@db_option
@filter_options
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "markdown"]), required=True)
@click.option(
    "--redact",
    is_flag=True,
    help="Remove customer names, e-mail addresses and phone numbers everywhere.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (default: standard output).")  # fmt: skip
def export(db_path: Path | None, since, until, agent, outcome, search, fmt: str, redact: bool,
           output: Path | None) -> None:  # fmt: skip
    """Every matching call in full (steps, notes, events), newest first."""
    from callmate.report.export import export as write

    title = f"Calls: {describe(since, until, agent, outcome, search)}"
    with review_errors():
        db = open_log(db_path)
        filt = build_filter(db, since, until, agent, outcome, search)
        if output is None:
            write(db, filt, fmt, Stdout(), redact=redact, title=title)
            return
        partial = output.with_name(output.name + ".part")
        try:
            with open(partial, "w", encoding="utf-8", newline="") as out:
                count = write(db, filt, fmt, out, redact=redact, title=title)
            partial.replace(output)  # a finished file or none: never half an export
        finally:
            partial.unlink(missing_ok=True)
    click.echo(f"Exported {count:,} call{'s' if count != 1 else ''} to {output}", err=True)
