"""``callmate stats`` and ``callmate export``: figures and files for reports."""

from __future__ import annotations

from pathlib import Path

import click

from callmate.cli.common import db_option
from callmate.cli.language import lang_option, speak
from callmate.cli.review_common import (
    build_filter,
    describe,
    filter_json,
    filter_options,
    reading,
    review_errors,
)
from callmate.safe import visible


@click.command("stats")
@db_option
@filter_options
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@lang_option
@click.pass_context
def stats(
    ctx: click.Context,
    db_path: Path | None,
    typed,
    fmt: str,
    lang: str | None,
) -> None:
    """Handle time, escalations, outcomes, steps against targets, adherence, calls per day."""
    from callmate.language.i18n import _
    from callmate.report import jsontext
    from callmate.report.files import stdout_sink
    from callmate.report.stats_text import stats_text
    from callmate.review import side_by_side, stats as figures

    speak(ctx, lang)
    with review_errors(), reading(db_path) as db:
        filt = build_filter(db, typed)
        result = figures.compute(db, filt)
        columns = [] if fmt == "json" else side_by_side.columns(db, filt, result)
    if fmt == "json":
        shape = result.to_json()
        shape["filter"] = filter_json(filt, typed)
        stdout_sink().write(jsontext.dumps(shape) + "\n")
    else:
        words = describe(typed)
        title = _("Statistics: {filter}").format(filter=words) + "\n"
        click.echo(stats_text(result, title))
        if columns:
            from callmate.report.stats_text import side_by_side_text

            click.echo(side_by_side_text([(c.agent, c.stats) for c in columns]))


@click.command("export")
@db_option
@filter_options
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "markdown"]), required=True)
@click.option(
    "--redact",
    is_flag=True,
    help="Remove customer names, e-mail addresses and phone numbers everywhere "
    "(the search words are left out of the title).",
)
@click.option(
    "--excel",
    is_flag=True,
    help="CSV for a spreadsheet in the language chosen (--lang): a byte-order mark, its "
    "separator and decimal mark (Turkish, Estonian: ; and ,), local date-times.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file, private (0600), whole or not at all (default: standard output).",
)
@lang_option
@click.pass_context
def export(
    ctx: click.Context,
    db_path: Path | None,
    typed,
    fmt: str,
    redact: bool,
    excel: bool,
    output: Path | None,
    lang: str | None,
) -> None:
    """Every matching call in full (steps, notes, events), newest first."""
    from callmate.language.i18n import _, ngettext, number
    from callmate.paths import resolve_db
    from callmate.report.export import export as write, spreadsheet
    from callmate.report.files import atomic_file, check_output, stdout_sink

    spoken = speak(ctx, lang)
    if excel and fmt != "csv":
        raise click.UsageError("--excel is for --format csv")
    sheet = spreadsheet(spoken) if excel else None
    words = describe(typed, redact=redact)
    title = _("Calls: {filter}").format(filter=words)
    with review_errors():
        if output is not None:
            check_output(output, resolve_db(db_path))  # before the log is even opened
        with reading(db_path) as db:
            filt = build_filter(db, typed)
            if output is None:
                write(db, filt, fmt, stdout_sink(), redact=redact, title=title, sheet=sheet)
                return
            with atomic_file(output) as out:
                count = write(db, filt, fmt, out, redact=redact, title=title, sheet=sheet)
    done = ngettext("Exported {n} call to {path}", "Exported {n} calls to {path}", count)
    click.echo(done.format(n=number(count), path=visible(str(output))), err=True)


@click.command("report")
@db_option
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "csv", "html"]),
    default="md",
    show_default=True,
    help="md: to paste into an e-mail; csv: table under table; html: one file with charts.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file, private (0600), whole or not at all (default: standard output).",
)
@lang_option
@click.pass_context
def report(
    ctx: click.Context,
    db_path: Path | None,
    typed,
    fmt: str,
    output: Path | None,
    lang: str | None,
) -> None:
    """A report to send upward: the figures of stats, their trend, the agents side by side and
    the calls worth a look, in the language chosen. No customer is named in it."""
    from datetime import UTC, datetime

    from callmate.language.i18n import _
    from callmate.paths import resolve_db
    from callmate.report import upward
    from callmate.report.files import atomic_file, check_output, stdout_sink

    speak(ctx, lang)
    words = describe(typed, redact=True)
    title = _("Calls report: {filter}").format(filter=words)
    with review_errors():
        if output is not None:
            check_output(output, resolve_db(db_path))
        with reading(db_path) as db:
            filt = build_filter(db, typed)
            built = upward.build(db, filt, title, datetime.now(UTC))
        if fmt == "csv":
            import io

            buffer = io.StringIO(newline="")
            upward.write_csv(built, buffer)
            text = buffer.getvalue()
        else:
            text = upward.markdown(built) if fmt == "md" else upward.html_page(built)
        if output is None:
            stdout_sink().write(text)
            return
        with atomic_file(output) as out:
            out.write(text)
    click.echo(_("Report written to {path}").format(path=visible(str(output))), err=True)


@click.command("insights")
@db_option
@filter_options
@click.option(
    "--by",
    "splits",
    multiple=True,
    type=click.Choice(["language", "agent", "month"]),
    help="Compare within each language, agent or month too (besides each checklist); repeatable.",
)
@click.option("--step", metavar="STEP", help="Only this step (its id): its states and phrases.")
@click.option(
    "--limit", type=click.IntRange(min=1), default=40, show_default=True, help="Lines of the table."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@lang_option
@click.pass_context
def insights(
    ctx: click.Context,
    db_path: Path | None,
    typed,
    splits: tuple[str, ...],
    step: str | None,
    limit: int,
    fmt: str,
    lang: str | None,
) -> None:
    """What goes with calls that end well: resolution, escalation and follow-up rates of the
    wrapped-up calls with and without each step's state, phrase, hold and time to the
    acknowledgement, with 95% intervals, the largest difference first."""
    from callmate.language.i18n import _, language
    from callmate.report import insights_text, jsontext
    from callmate.report.files import stdout_sink
    from callmate.review import insights as figures

    speak(ctx, lang)
    with review_errors(), reading(db_path) as db:
        filt = build_filter(db, typed)
        found = figures.compute(
            db, filt, by=splits, step=(step or "").strip() or None, language=language()
        )
    if fmt == "json":
        shape = found.to_json()
        shape["filter"] = filter_json(filt, typed)
        stdout_sink().write(jsontext.dumps(shape) + "\n")
    elif fmt == "csv":
        import io

        buffer = io.StringIO(newline="")
        insights_text.write_csv(found, buffer)
        stdout_sink().write(buffer.getvalue())
    else:
        title = _("What goes with how calls end: {filter}").format(filter=describe(typed))
        click.echo(insights_text.insights_text(found, title, limit))
