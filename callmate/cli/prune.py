"""``callmate prune --before DATE``: delete the calls a centre no longer keeps (``store.prune``),
a count first, then a question (or ``--yes``); ``--dry-run`` only counts."""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

import click

from callmate.cli.common import db_option, fail, friendly_errors, say, typed_text
from callmate.cli.language import lang_option, speak
from callmate.language.i18n import _, fixed, language, ngettext, number
from callmate.safe import visible


def _calls(n: int) -> str:
    return ngettext("{n} ended call", "{n} ended calls", n).format(n=number(n))


@click.command("prune")
@db_option
@click.option(
    "--before",
    required=True,
    callback=typed_text,
    help="Delete the calls started before this: a date or time as the filters read it "
    '(2025-01-01, "2 years ago"), in local time.',
)
@click.option("--yes", is_flag=True, help="Do not ask: delete what the count says (for scripts).")
@click.option("--dry-run", is_flag=True, help="Only say what would be deleted.")
@lang_option
@click.pass_context
def prune(
    ctx: click.Context,
    db_path: Path | None,
    before: str,
    yes: bool,
    dry_run: bool,
    lang: str | None,
) -> None:
    """Delete the ended calls started before a date, with their steps, notes, events and
    evaluations, for a retention period: a count first, then a question. The statistics
    follow; a call still open or in wrap-up stays, and nothing else changes."""
    speak(ctx, lang)
    from callmate.paths import resolve_db
    from callmate.store import prune as pruning
    from callmate.store.db import open_db, require_log

    with friendly_errors():
        cutoff, when = read_cutoff(before)
        path = resolve_db(db_path)
        require_log(path)
        db = open_db(path, say=say)
        try:
            found = pruning.count(db, cutoff)
            if not found.calls:
                click.echo(
                    _("No ended call started before {when}: nothing to delete.").format(when=when)
                )
                return
            _tell(found, when)
            if dry_run:
                return
            if not yes:
                agree()
            started = time.perf_counter()
            so_far = [pruning.Count()]
            shown = _progress(found.calls)

            def progress(done: pruning.Count) -> None:
                so_far[0] = done
                if shown is not None:
                    shown(done)

            try:
                done = pruning.prune(db, cutoff, progress=progress)
            except sqlite3.Error as exc:
                fail(
                    _(
                        "stopped after deleting {calls} ({error}); what is left is whole: run the "
                        "same command again to finish"
                    ).format(calls=_calls(so_far[0].calls), error=exc)
                )
            finally:
                if sys.stderr.isatty():
                    click.echo("\r\x1b[K", nl=False, err=True)
        finally:
            db.close()
    click.echo(
        _(
            "Deleted {calls} in {seconds} s; the statistics follow. The file keeps its size "
            "until it is compacted: {command}"
        ).format(
            calls=_calls(done.calls),
            seconds=fixed(time.perf_counter() - started),
            command=f"sqlite3 {visible(str(path))} VACUUM",
        )
    )


def read_cutoff(before: str) -> tuple[str, str]:
    """The typed ``--before`` as a stored time, and as the reader reads it; a moment that has
    not passed yet, or text that is no date, ends the command with one line."""
    from callmate.dates import parse_when, show_date, to_iso, utc_now

    moment = parse_when(before, language=language())
    when = show_date(moment, language(), "weekday_time")
    if moment > utc_now():
        fail(
            _(
                "{when} is not in the past: prune deletes only calls started before a "
                "moment that has passed"
            ).format(when=when)
        )
    return to_iso(moment), when


def agree() -> None:
    """Asked whether to delete; anything but yes (or no answer at all) ends the command."""
    try:
        agreed = click.confirm(_("Delete them?"), default=False, err=True)
    except click.Abort:
        agreed = False
    if not agreed:
        fail(_("Nothing deleted."))


def _tell(found, when: str) -> None:
    from callmate.dates import show_date

    spoken = language()
    click.echo(
        _(
            "{calls} started before {when} (the oldest {oldest}, the newest {newest}) will be "
            "deleted, with {steps} steps, {notes} notes, {events} events and {evaluations} "
            "evaluations."
        ).format(
            calls=_calls(found.calls),
            when=when,
            oldest=show_date(found.oldest, spoken, "date"),
            newest=show_date(found.newest, spoken, "date"),
            steps=number(found.steps),
            notes=number(found.notes),
            events=number(found.events),
            evaluations=number(found.evaluations),
        )
    )
    if found.waiting:
        click.echo(
            ngettext(
                "{n} of them has not reached the team hub yet, and never will.",
                "{n} of them have not reached the team hub yet, and never will.",
                found.waiting,
            ).format(n=number(found.waiting))
        )


def _progress(total: int):
    """A progress line on stderr for people at a terminal (nothing for scripts)."""
    if not sys.stderr.isatty():
        return None

    def progress(done) -> None:
        click.echo(
            "\r"
            + _("{done} of {total} deleted…").format(done=number(done.calls), total=number(total)),
            nl=False,
            err=True,
        )

    return progress
