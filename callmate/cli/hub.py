"""``callmate team init | push | status`` and ``callmate merge postgresql://…``: the team hub."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from callmate.cli.common import db_option, fail, friendly_errors, given_before
from callmate.language.i18n import _, ngettext, number

team_db_option = click.option(
    "--team-db",
    "team_db",
    metavar="URL",
    callback=given_before("team_db"),
    help="The team hub: a libpq URL or service name (default: $CALLMATE_TEAM_DB, else team_db "
    "in the settings). Passwords come from ~/.pgpass or the service file, never from callmate.",
)


class SourceType(click.ParamType):
    """A ``merge`` source: a ``postgresql://`` hub, kept as typed, or a database file."""

    name = "SOURCE"
    _file = click.Path(dir_okay=False, path_type=Path)

    def convert(self, value, param, ctx):
        from callmate.hub import is_url

        if isinstance(value, str) and is_url(value):
            return value
        return self._file.convert(value, param, ctx)


SOURCE = SourceType()


def hub_merge_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--since`` and ``--agent`` of ``merge``: which calls to pull from a team hub."""
    command = click.option(
        "--agent", metavar="A", help="From a team hub: only this agent's calls."
    )(command)
    return click.option(
        "--since",
        metavar="WHEN",
        help='From a team hub: calls started from then on ("7d", 2026-11-01).',
    )(command)


@contextlib.contextmanager
def hub_errors() -> Iterator[None]:
    """A hub that cannot be used is one clear line (no password) and a non-zero exit."""
    need_team_extra()
    from callmate.hub.connect import HubError

    with friendly_errors():
        try:
            yield
        except HubError as exc:
            fail(str(exc))


def need_team_extra() -> None:
    """Without PostgreSQL's driver (``callmate[team]``), one line saying what to install."""
    from callmate.hub import missing_extra

    missing = missing_extra()
    if missing:
        fail(missing)


def _team_db(option: str | None) -> str:
    need_team_extra()
    from callmate import config
    from callmate.hub.connect import resolve

    target = resolve(option, config.load().team_db)
    if not target:
        fail(_("no team hub is set: give --team-db, $CALLMATE_TEAM_DB or team_db in the settings"))
    return target


@click.group("team")
def team() -> None:
    """The PostgreSQL team hub: agents' finished calls go there; team leads pull from it."""


@team.command("init")
@click.argument("url")
def init(url: str) -> None:
    """Create (or bring up to date) the hub's tables, roles and row-level security at URL.

    Run by an administrator of that database (CREATEROLE is needed for the two group roles).
    """
    need_team_extra()
    from callmate.cli.language import speak
    from callmate.hub import roles, schema
    from callmate.hub.connect import connect, shown

    speak(click.get_current_context())
    with hub_errors():
        hub = connect(url)
        try:
            before, now, added = schema.init(hub)
            hub_id = schema.info(hub).hub_id
        finally:
            hub.close()
    if before == 0:
        said = _("Team hub created at {url} (schema {schema}, hub {hub}).")
    elif before < now or added:
        said = _("Team hub brought up to date at {url} (schema {schema}, hub {hub}).")
    else:
        said = _("Team hub ready at {url} (schema {schema}, hub {hub}).")
    click.echo(said.format(url=shown(url), schema=now, hub=hub_id))
    if added and before:
        click.echo(
            _("Columns added for what this callmate stores: {columns}.").format(
                columns=", ".join(added)
            )
        )
    click.echo(
        _(
            "Agents: login roles named as their callmate agent name, members of {agents}; "
            "team leads: members of {leads}."
        ).format(agents=roles.AGENT_ROLE, leads=roles.LEAD_ROLE)
    )
    if before < schema.TEAMS_SINCE <= now:
        click.echo(
            _(
                "Leads read only the calls of the teams they lead, and a lead in no team reads "
                "none: `callmate team create` and `callmate team add` make the teams; members of "
                "{group} read every call without the customer."
            ).format(group=roles.AUDITOR_ROLE)
        )


def _agent(agent: str | None) -> str:
    from callmate import config

    return agent.strip() if agent and agent.strip() else config.load().agent_name


@team.command("push")
@db_option
@team_db_option
@click.option(
    "--agent", metavar="NAME", help="Push the calls saved under this name (default: yours)."
)
def push_command(db_path: Path | None, team_db: str | None, agent: str | None) -> None:
    """Push the finished calls that wait in the outbox now (as the background does)."""
    need_team_extra()
    from callmate.cli.language import speak
    from callmate.hub import local, push
    from callmate.hub.connect import connect, shown
    from callmate.paths import resolve_db
    from callmate.safe import visible

    speak(click.get_current_context())
    target = _team_db(team_db)
    who = _agent(agent)
    with hub_errors():
        db = local.open_local(resolve_db(db_path))
        try:
            hub = connect(target)
            try:
                report = push.push(db, hub, who)
            finally:
                hub.close()
        finally:
            db.close()
    click.echo(report.line(shown(target)))
    for call_id, why in report.refused:
        click.echo(f"  refused {visible(call_id)}: {visible(why)}")
    with hub_errors():
        db = local.open_local(resolve_db(db_path))
        try:
            sync_evaluations(target, db, send=False)
        finally:
            db.close()


@team.command("status")
@db_option
@team_db_option
@click.option(
    "--agent", metavar="NAME", help="Count the calls saved under this name (default: yours)."
)
def status(db_path: Path | None, team_db: str | None, agent: str | None) -> None:
    """What waits for the hub, what has gone, and the hub's schema version."""
    need_team_extra()
    from callmate.cli.language import speak

    speak(click.get_current_context())
    from callmate.hub.connect import resolve
    from callmate.paths import resolve_db

    path = resolve_db(db_path)
    who = _agent(agent)
    with hub_errors():
        _local_status(path, who)
    from callmate import config

    target = resolve(team_db, config.load().team_db)
    _hub_status(target)


def _local_status(path: Path, agent: str) -> None:
    """The outbox, read without changing the file (a read command never does)."""
    import sqlite3

    from callmate.dates import show_local
    from callmate.hub import outbox
    from callmate.safe import visible
    from callmate.store.db import check_file

    if not path.is_file():
        fail(_("no call log at {path}").format(path=path))
    check_file(path)
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=3)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        click.echo(_("Call log: {path} (agent {agent})").format(path=path, agent=visible(agent)))
        if outbox.TABLE not in tables:
            click.echo(
                _(
                    "Waiting: not counted yet: this call log has no outbox until callmate "
                    "opens it (`callmate team push` will)"
                )
            )
            return
        c = outbox.counts(conn, agent)
        waiting = ngettext("{n} call", "{n} calls", c.waiting).format(n=number(c.waiting))
        click.echo(_("Waiting: {calls}").format(calls=waiting))
        gone = ngettext("{n} call", "{n} calls", c.gone).format(n=number(c.gone))
        if c.last_pushed_at:
            words = _("Gone: {calls}, the last at {time}")
            click.echo(words.format(calls=gone, time=show_local(c.last_pushed_at)))
        else:
            click.echo(_("Gone: {calls}").format(calls=gone))
        for call_id, why in outbox.refused(conn, agent):
            words = _("Refused by the hub: {call}: {why}")
            click.echo(words.format(call=visible(call_id), why=visible(why)))
    finally:
        conn.close()


def _hub_status(target: str) -> None:
    from callmate.hub import schema
    from callmate.hub.connect import HubError, connect, shown

    if not target:
        click.echo(_("Hub: none set (--team-db URL, $CALLMATE_TEAM_DB or team_db in the settings)"))
        return
    try:
        hub = connect(target, timeout=3)
        try:
            found = schema.info(hub)
        finally:
            hub.close()
    except HubError as exc:
        click.echo(_("Hub: {problem}").format(problem=exc))
        return
    click.echo(
        _("Hub: {url}: schema {schema} (this callmate knows {known}), hub {hub}").format(
            url=shown(target), schema=found.version, known=schema.HUB_VERSION, hub=found.hub_id
        )
    )


def hub_merge(sources: tuple, db_path: Path | None, since: str | None, agent: str | None):
    """``callmate merge postgresql://… [--since WHEN] [--agent A]``: pull each hub into the
    target file (incrementally: only what changed since the last pull with the same filter)."""
    need_team_extra()
    import sys

    from callmate.hub import local, pull
    from callmate.hub.connect import connect, shown
    from callmate.paths import resolve_db
    from callmate.review.filters import parse_range

    if not any(isinstance(s, str) for s in sources):
        fail("--since and --agent apply to a postgresql:// team hub, not to database files")
    if not all(isinstance(s, str) for s in sources):
        fail("merge a team hub and database files in separate runs")
    show = sys.stderr.isatty()

    def progress(report: pull.PullReport) -> None:
        if show:
            done = report.added + report.updated + report.unchanged
            click.echo(f"\r{done:,} calls…", nl=False, err=True)

    with hub_errors():
        wanted = pull.PullFilter(
            parse_range(since, None)[0],  # read as every command reads --since
            agent.strip() if agent and agent.strip() else None,
        )
        db = local.open_local(resolve_db(db_path))
        try:
            for url in sources:
                hub = connect(url)
                try:
                    report = pull.pull(
                        hub, db, pull.PullReport(shown(url)), wanted, progress=progress
                    )
                finally:
                    hub.close()
                if show:
                    click.echo("\r" + " " * 40 + "\r", nl=False, err=True)
                click.echo(report.line())
                for note in report.told():  # what was set aside, and why (safe to print)
                    click.echo(note)
                sync_evaluations(url, db, send=True)
        finally:
            db.close()


def sync_evaluations(target: str, db: Any, *, send: bool) -> None:
    """Evaluations through the hub at ``target`` (``hub.evaluations``): with ``send``, a lead's
    go up first; then those the login reads come down into ``db``. Each count is one line."""
    need_team_extra()
    from callmate import config
    from callmate.hub import evaluations
    from callmate.hub.connect import connect
    from callmate.safe import visible

    with hub_errors():
        hub = connect(target)
        try:
            sent = evaluations.send(db, hub, [config.load().agent_name]) if send else None
            came = evaluations.receive(hub, db)
        finally:
            hub.close()
    if sent is not None and sent.sent:
        words = ngettext(
            "{n} evaluation sent to the team hub", "{n} evaluations sent to the team hub", sent.sent
        )
        click.echo(words.format(n=number(sent.sent)))
    if sent is not None and sent.not_theirs:
        words = ngettext(
            "{n} evaluation not sent: its call is not on the team hub for you",
            "{n} evaluations not sent: their calls are not on the team hub for you",
            sent.not_theirs,
        )
        click.echo(words.format(n=number(sent.not_theirs)))
    for evaluation_id, why in sent.refused if sent is not None else []:
        words = _("Evaluation {id} refused by the team hub: {why}")
        click.echo(words.format(id=visible(evaluation_id), why=visible(why)))
    if came.written:
        words = ngettext(
            "{n} evaluation came from the team hub",
            "{n} evaluations came from the team hub",
            came.written,
        )
        click.echo(words.format(n=number(came.written)))
    for evaluation_id, why in came.refused:
        words = _("Evaluation {id} from the team hub set aside: {why}")
        click.echo(words.format(id=visible(evaluation_id), why=visible(why)))
