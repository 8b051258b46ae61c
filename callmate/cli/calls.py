"""``callmate calls list`` and ``callmate calls show``: the call log on the command line.

Text for people goes through ``report.text`` (every character from the data visible and harmless);
CSV, JSON and Markdown are written as bytes, the same to a pipe as to a file.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from callmate.cli.common import db_option, typed_text
from callmate.cli.language import lang_option, speak
from callmate.cli.review_common import build_filter, filter_options, reading, review_errors

DEFAULT_LIMIT = 50


@click.group("calls")
def calls() -> None:
    """List calls, or show one in full."""


@calls.command("list")
@db_option
@filter_options
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=DEFAULT_LIMIT,
    show_default=True,
    help="At most this many calls, newest first (0: all of them).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@lang_option
@click.pass_context
def list_(
    ctx: click.Context,
    db_path: Path | None,
    typed,
    limit: int,
    fmt: str,
    lang: str | None,
):
    """Calls matching the filters, newest first."""
    from callmate.report.files import stdout_sink
    from callmate.review import queries

    speak(ctx, lang)
    with review_errors(), reading(db_path) as db:
        filt = build_filter(db, typed)
        pages = queries.pages(db, filt, limit=limit)
        records = (queries.list_record(row) for rows in pages for row in rows)
        if fmt == "json":
            from callmate.report.export import write_json

            write_json(records, stdout_sink())
        elif fmt == "csv":
            from callmate.report.export import write_csv

            write_csv(records, stdout_sink(), with_notes=False)
        else:
            with _counted_aside(db, filt) as total:
                _print_table(list(records), db, filt, total)


@contextlib.contextmanager
def _counted_aside(db, filt) -> Iterator[Callable[[], int] | None]:
    """A search's count of matches, read on a second connection while the first reads the page
    (SQLite lets go of the interpreter while it reads: the two take one's time on two cores);
    None for the rest, which the rollups count at once."""
    if not filt.fts or not hasattr(db, "sibling"):
        yield None
        return
    from concurrent.futures import ThreadPoolExecutor

    from callmate.review import queries

    def count() -> int:
        other = db.sibling()
        try:
            return queries.count(other, filt)
        finally:
            db.give_back(other)

    with ThreadPoolExecutor(1) as pool:
        yield pool.submit(count).result


def _print_table(records: list[dict], db, filt, counted: Callable[[], int] | None) -> None:
    from callmate.language.i18n import _, ngettext, number
    from callmate.report import text as formats

    if not records:
        click.echo(_("No calls match."))
        return
    click.echo(formats.table(formats.list_rows(records), formats.heads(formats.LIST_HEAD), {3: 24}))
    if counted is not None:
        total = counted()
    else:
        from callmate.review.stats_source import count_calls

        total = count_calls(db, filt)
    if total > len(records):
        shown = ngettext(
            "{shown} of {total} call shown (--limit 0 for all).",
            "{shown} of {total} calls shown (--limit 0 for all).",
            total,
        ).format(shown=number(len(records)), total=number(total))
        click.echo("\n" + shown)


@calls.command("show")
@click.argument("call_id", callback=typed_text)
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@lang_option
@click.pass_context
def show(
    ctx: click.Context, call_id: str, db_path: Path | None, fmt: str, lang: str | None
) -> None:
    """One call in full: steps against targets, notes, phrases, events (CALL_ID or its start)."""
    from callmate.report import jsontext, text as formats
    from callmate.report.files import stdout_sink
    from callmate.review import queries

    speak(ctx, lang)
    with review_errors(), reading(db_path) as db:
        record = queries.call_record(db, _find(db, call_id))
    if fmt == "json":
        stdout_sink().write(jsontext.dumps(record) + "\n")
    elif fmt == "markdown":
        stdout_sink().write(formats.call_markdown(record))
    else:
        click.echo(formats.call_text(record))


def _find(db, typed: str) -> str:
    """The id of the call ``typed`` names (all of its id, or its start)."""
    from callmate.review import queries
    from callmate.store.db import StoreError

    try:
        return queries.find_call_id(db, typed)
    except ValueError:  # past the last character there is (U+10FFFF): no id starts with it
        raise StoreError(queries.not_found(typed, db)) from None
