"""``callmate merge``, ``callmate demo-data`` and ``callmate review``."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from callmate.cli.common import db_option, fail, friendly_errors, say
from callmate.cli.hub import SOURCE, hub_merge, hub_merge_options
from callmate.cli.language import (
    chosen_checklist_language,
    given,
    lang_option,
    speak,
    start_language,
)
from callmate.language.i18n import _, fixed, ngettext, number
from callmate.safe import visible


@click.command("merge")
@click.argument("sources", nargs=-1, required=True, type=SOURCE)  # a file, or a hub's URL
@db_option
@hub_merge_options
def merge(sources: tuple[Path, ...], db_path: Path | None, since=None, agent=None) -> None:
    """Add the calls of other callmate files that the team database lacks, and bring up to date
    those that changed since they were merged (a call merged while open, closed later).

    Idempotent: a call already current is left alone, so merging twice changes nothing. Sources
    are only read; one from a newer callmate is refused. A postgresql:// source is a team hub:
    its calls are pulled (see `callmate team`).
    """
    speak(click.get_current_context())
    # The team hub (callmate.cli.hub): a postgresql:// source, or --since/--agent.
    if since or agent or any(isinstance(s, str) for s in sources):
        return hub_merge(sources, db_path, since, agent)
    from callmate.paths import resolve_db
    from callmate.store.db import check_file
    from callmate.store.merge import merge_file

    target = resolve_db(db_path)
    with friendly_errors():
        for source in sources:  # refuse any bad source before the target is touched
            if not source.is_file():
                fail(_("{path}: no such database file").format(path=source))
            check_file(source)
        from callmate.store.db import open_db

        db = open_db(target, say=say)
        added = updated = 0
        for source in sources:
            report = merge_file(db, source, target, progress=_merge_progress(source))
            _clear_progress()
            click.echo(visible(report.line()))
            for note in report.told():  # what was set aside, and why (safe to print)
                click.echo(note)
            if report.evaluations:
                told = ngettext(
                    "{n} evaluation added or brought up to date",
                    "{n} evaluations added or brought up to date",
                    report.evaluations,
                )
                click.echo("  " + told.format(n=number(report.evaluations)))
            added, updated = added + report.added, updated + report.updated
    if len(sources) > 1:
        click.echo(
            _("In all: {added} added and {updated} updated in {path}").format(
                added=ngettext("{n} call", "{n} calls", added).format(n=number(added)),
                updated=number(updated),
                path=visible(str(target)),
            )
        )


def _is_terminal() -> bool:
    return sys.stderr.isatty()


def _merge_progress(source: Path):
    """A progress line on stderr for people at a terminal (nothing for scripts)."""
    if not _is_terminal():
        return None
    name = visible(str(source))

    def progress(done: int, total: int) -> None:
        click.echo(f"\r{name}: {done:,} of {total:,} calls…", nl=False, err=True)

    return progress


def _clear_progress() -> None:
    if _is_terminal():
        click.echo("\r\x1b[K", nl=False, err=True)


#: The most demo calls one run makes: enough for any benchmark, and a clear message instead of
#: running out of memory.
MAX_DEMO_CALLS = 10_000_000
#: The longest spread of demo calls, in days (a hundred years).
MAX_DEMO_DAYS = 36_500


@click.command("demo-data")
@click.option(
    "--calls",
    "count",
    type=click.IntRange(min=1, max=MAX_DEMO_CALLS),
    required=True,
    help=f"How many calls to make (at most {MAX_DEMO_CALLS:,}).",
)
@click.option(
    "--seed", type=int, default=1, show_default=True, help="The same seed makes the same calls."
)
@click.option(
    "--days",
    type=click.IntRange(min=1, max=MAX_DEMO_DAYS),
    default=180,
    show_default=True,
    help="Spread over this many days before now.",
)
@click.option("--end", hidden=True, help="Last moment (ISO, UTC) instead of now: reproducible.")
@db_option
def demo_data(count: int, seed: int, days: int, end: str | None, db_path: Path | None) -> None:
    """Write realistic demo calls (for trying the review and for benchmarks)."""
    from callmate.demo import generate as demo
    from callmate.paths import resolve_db

    speak(click.get_current_context())
    from callmate.store.db import open_db

    path = resolve_db(db_path)
    moment = _demo_end(end, days)  # everything checked before the database is touched
    started = time.perf_counter()
    show = sys.stderr.isatty()  # a progress line for people, nothing for scripts

    def progress(done: int) -> None:
        if show and (done % 50_000 < demo.BATCH or done == count):
            click.echo(f"\r{done:,} of {count:,} calls…", nl=False, err=True)

    with friendly_errors():
        db = open_db(path, say=say)
        totals = demo.generate(db, count, seed=seed, end=moment, days=days, progress=progress)
    if show:
        click.echo("\r" + " " * 40 + "\r", nl=False, err=True)
    calls = ngettext("{n} demo call", "{n} demo calls", totals["calls"])
    click.echo(
        _(
            "Wrote {calls} ({steps} steps, {notes} notes, {events} events) to {path} in {seconds} s"
        ).format(
            calls=calls.format(n=number(totals["calls"])),
            steps=number(totals["steps"]),
            notes=number(totals["notes"]),
            events=number(totals["events"]),
            path=visible(str(path)),
            seconds=fixed(time.perf_counter() - started),
        )
    )


def _demo_end(end: str | None, days: int) -> datetime | None:
    """``--end`` read, and the whole spread of days checked to fall within the calendar."""
    from callmate.demo.generate import default_end

    moment = None
    if end:
        try:
            moment = datetime.fromisoformat(end)
        except ValueError:
            fail(f"--end {end!r} is not an ISO date and time")
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    try:
        last = default_end(moment)
        (last - timedelta(days=days + 1)).timestamp()
        (last + timedelta(days=1)).timestamp()
    except (OverflowError, ValueError, OSError):
        fail(
            f"{days:,} days before {end or 'now'} fall outside the calendar; "
            "give a later --end or fewer --days"
        )
    return moment


@click.command("review")
@db_option
@click.option(
    "--call",
    "call_id",
    metavar="ID",
    help="Open this call at once (its id, or the start of it, as calls list shows).",
)
@lang_option
@click.pass_context
def review(ctx: click.Context, db_path: Path | None, call_id: str | None, lang: str | None) -> None:
    """The review screen for team leads: browse, filter, search, statistics."""
    from callmate import config
    from callmate.checklists import catalog
    from callmate.cli.review_common import open_log
    from callmate.review.queries import find_call_id

    with friendly_errors():
        db = open_log(db_path)  # must exist; brought up to date before the screen opens
        try:
            path = Path(db.conn.execute("PRAGMA database_list").fetchone()[2])
            opened = find_call_id(db, call_id) if call_id is not None else None
        finally:
            db.close()
        checklist = catalog.resolve(None)
    settings = config.load()
    start_language(given(ctx, lang), settings, chosen_checklist_language(settings))
    from callmate.ui.app import CallmateApp

    CallmateApp(
        db_path=path, checklist=checklist, settings=settings, mode="review", open_call=opened
    ).run()
