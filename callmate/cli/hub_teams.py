"""``callmate team create | add | remove``: teams on the hub, for its administrator.

Each command prints the SQL it runs (``--print-sql``: prints it and runs nothing, for IT to run
themselves); the statements are built in ``callmate.hub.teams``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from callmate.cli.common import fail
from callmate.cli.hub import _team_db, hub_errors, need_team_extra, team, team_db_option
from callmate.language.i18n import _
from callmate.safe import visible

__all__ = ["team"]


def _sql_options(command: Callable[..., Any]) -> Callable[..., Any]:
    command = click.option(
        "--print-sql",
        is_flag=True,
        help="Print the SQL and run nothing (to run it yourself, as the hub's administrator).",
    )(command)
    return team_db_option(command)


def _checked(*names: str) -> None:
    """Each name one callmate writes (checked before anything is printed or run); the reader's
    language chosen first."""
    from callmate.cli.language import speak
    from callmate.hub import roles, teams

    speak(click.get_current_context())

    for name in names:
        if not teams.good_name(name):
            fail(
                _(
                    "{name}: a team or login name is 1 to {n} bytes, with no control characters "
                    "and no spaces around it"
                ).format(name=visible(name), n=teams.MAX_NAME_BYTES)
            )
        if name in roles.GROUPS:
            fail(
                _("{name} is one of callmate's group roles, not a team or a login").format(
                    name=name
                )
            )


def _apply(
    statements: list[str], team_db: str | None, print_sql: bool, *, framed: bool = False
) -> int | None:
    """Print the statements (``framed``: between BEGIN and COMMIT, as they must run); run
    them, in one transaction, unless ``print_sql``; the rows the last one changed."""
    import psycopg

    from callmate.hub import teams
    from callmate.hub.connect import HubError, connect

    for statement in ["BEGIN", *statements, "COMMIT"] if framed else statements:
        click.echo(statement + ";")
    if print_sql:
        return None
    target = _team_db(team_db)
    with hub_errors():
        hub = connect(target)
        try:
            return teams.run(hub, statements)
        except psycopg.errors.ForeignKeyViolation:
            raise HubError(
                _("no such team on the hub: create it first (callmate team create)")
            ) from None
        except psycopg.errors.InsufficientPrivilege as exc:
            raise HubError(
                _("the team hub refused ({why}): run this as the hub's administrator").format(
                    why=exc.diag.message_primary
                )
            ) from None
        except psycopg.errors.UndefinedTable:
            raise HubError(
                _("the team hub has no teams yet: run `callmate team init` with this callmate")
            ) from None
        finally:
            hub.close()


@team.command("create")
@click.argument("name")
@_sql_options
def create(name: str, team_db: str | None, print_sql: bool) -> None:
    """Create the team NAME on the hub (nothing happens if it exists)."""
    need_team_extra()
    from callmate.hub import teams

    _checked(name)
    if _apply(teams.create(name), team_db, print_sql) is not None:
        click.echo(_("Team {team} is on the hub.").format(team=name))


@team.command("add")
@click.argument("name")
@click.argument("login")
@click.option("--lead", is_flag=True, help="LOGIN leads the team (else LOGIN is its agent).")
@_sql_options
def add(name: str, login: str, lead: bool, team_db: str | None, print_sql: bool) -> None:
    """Put LOGIN (an agent's login, or with --lead a lead's) in the team NAME.

    A lead reads the calls of the agents of the teams they lead, and no other.
    """
    need_team_extra()
    from callmate.hub import teams

    _checked(name, login)
    if _apply(teams.add(name, login, lead), team_db, print_sql) is None:
        return
    words = _("{login} leads team {team}.") if lead else _("{login} is an agent of team {team}.")
    click.echo(words.format(login=login, team=name))
    _tell_group(_team_db(team_db), login, lead)


def _tell_group(target: str, login: str, lead: bool) -> None:
    """A login that lacks the group its place needs is told (it reads nothing until then)."""
    from callmate.hub import roles, teams
    from callmate.hub.connect import connect

    with hub_errors():
        hub = connect(target)
        try:
            member = teams.in_group(hub, login, lead)
        finally:
            hub.close()
    group = roles.LEAD_ROLE if lead else roles.AGENT_ROLE
    if member is None:
        click.echo(
            _("There is no login {login} yet: create it as a member of {group}.").format(
                login=login, group=group
            )
        )
    elif not member:
        from psycopg import sql

        who = sql.Identifier(login).as_string(None)
        click.echo(
            _("{login} is not a member of {group} yet: GRANT {group} TO {who};").format(
                login=login, group=group, who=who
            )
        )


@team.command("remove")
@click.argument("name")
@click.argument("login")
@_sql_options
def remove(name: str, login: str, team_db: str | None, print_sql: bool) -> None:
    """Take LOGIN out of the team NAME (their calls stay on the hub)."""
    need_team_extra()
    from callmate.hub import teams

    _checked(name, login)
    changed = _apply(teams.remove(name, login), team_db, print_sql)
    if changed is None:
        return
    words = _("{login} left team {team}.") if changed else _("{login} was not in team {team}.")
    click.echo(words.format(login=login, team=name))


@team.command("prune")
@click.option(
    "--before",
    required=True,
    help="Delete the calls started before this: a date or time as the filters read it "
    '(2025-01-01, "2 years ago"), in local time.',
)
@click.option("--yes", is_flag=True, help="Do not ask: delete what the count says (for scripts).")
@_sql_options
def prune(before: str, yes: bool, team_db: str | None, print_sql: bool) -> None:
    """Delete the ended calls started before a date from the hub, with their steps, notes,
    events and evaluations, for a retention period (the hub's administrator): a count first,
    then a question. Agents' and leads' files keep their copies (callmate prune on each)."""
    need_team_extra()
    from callmate.cli.language import speak
    from callmate.cli.prune import agree, read_cutoff
    from callmate.dates import show_date
    from callmate.hub import retention
    from callmate.hub.connect import HubError, connect
    from callmate.language.i18n import language, ngettext, number

    speak(click.get_current_context())
    with hub_errors():
        cutoff, when = read_cutoff(before)
        statements = retention.statements(cutoff)
        if print_sql:
            _apply(statements, team_db, print_sql, framed=True)
            return
        hub = connect(_team_db(team_db))
        try:
            if not retention.may_delete(hub):
                raise HubError(
                    _(
                        "only the hub's administrator deletes its calls: run this as the "
                        "administrator"
                    )
                )
            calls, oldest, newest = retention.count(hub, cutoff)
        finally:
            hub.close()
    if not calls:
        click.echo(_("No ended call started before {when}: nothing to delete.").format(when=when))
        return
    click.echo(
        ngettext(
            "{n} ended call started before {when} (the oldest {oldest}, the newest {newest}) "
            "will be deleted from the team hub, with its steps, notes, events and evaluations.",
            "{n} ended calls started before {when} (the oldest {oldest}, the newest {newest}) "
            "will be deleted from the team hub, with their steps, notes, events and evaluations.",
            calls,
        ).format(
            n=number(calls),
            when=when,
            oldest=show_date(oldest, language(), "date"),
            newest=show_date(newest, language(), "date"),
        )
    )
    if not yes:
        agree()
    done = _apply(statements, team_db, print_sql, framed=True)
    click.echo(
        ngettext(
            "Deleted {n} call from the team hub.", "Deleted {n} calls from the team hub.", done or 0
        ).format(n=number(done or 0))
    )


@team.command("list")
@team_db_option
def list_teams(team_db: str | None) -> None:
    """The hub's teams, with their leads and agents (for its administrator)."""
    need_team_extra()
    import psycopg

    from callmate.cli.language import speak
    from callmate.hub import teams
    from callmate.hub.connect import HubError, connect

    speak(click.get_current_context())
    target = _team_db(team_db)
    with hub_errors():
        hub = connect(target)
        try:
            found = teams.listed(hub)
        except psycopg.errors.InsufficientPrivilege as exc:
            raise HubError(
                _("the team hub refused ({why}): run this as the hub's administrator").format(
                    why=exc.diag.message_primary
                )
            ) from None
        finally:
            hub.close()
    if not found:
        click.echo(_("No teams on the hub yet."))
    nobody = _("nobody")
    for name, (leads, agents) in found.items():
        click.echo(
            _("{team}: led by {leads}; agents: {agents}").format(
                team=visible(name),
                leads=", ".join(map(visible, leads)) or nobody,
                agents=", ".join(map(visible, agents)) or nobody,
            )
        )
