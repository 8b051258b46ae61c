"""Reaching the hub: a libpq connection string, URL or service name, never a stored password.

Credentials come only from libpq's own places (``~/.pgpass`` or ``PGPASSFILE``, the service file
``pg_service.conf``, ``PG*`` environment variables). callmate never stores the connection text
anywhere but the user's own settings, and never prints a password: :func:`shown` is the only way
a hub is named in output.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

import psycopg

from callmate.hub import is_url
from callmate.language.i18n import _

TEAM_DB_ENV = "CALLMATE_TEAM_DB"
CONNECT_TIMEOUT = 5
APPLICATION = "callmate"
#: A hub that vanishes mid-push (a network cut, no reset) is noticed in about half a minute, so
#: a push is never stuck for the operating system's TCP timeout (libpq; TCP connections only).
KEEPALIVE = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 30_000,
}
#: The longest a hub session waits for a lock another session holds (an agent may lock the
#: tables she may update, and keep them locked): then it stops and says what waited.
LOCK_TIMEOUT_SECONDS = 10
#: The longest one statement may run on the hub (the largest pull reads in pieces far shorter).
STATEMENT_TIMEOUT_SECONDS = 300


class HubError(Exception):
    """The hub cannot be used now; the message is one sentence for a person, with no password.

    ``lasting`` is true when trying again soon will not help (a newer hub, a refused login)."""

    def __init__(self, message: str, *, lasting: bool = False, code: str = "offline"):
        super().__init__(message)
        self.lasting = lasting
        #: What kind of problem, for the status line: offline, newer_hub, older_hub, no_hub,
        #: refused, login, locked, slow, error.
        self.code = code


def conninfo(target: str) -> str:
    """What libpq is given: a URL or ``key=value`` text as it is, a bare word as a service name."""
    target = target.strip()
    if not target:
        raise HubError(
            _("no team hub is set: give --team-db, $CALLMATE_TEAM_DB or team_db in the settings"),
            lasting=True,
            code="no_hub",
        )
    if is_url(target) or "=" in target:
        return target
    return f"service={target}"


def resolve(option: str | None, settings_value: str = "") -> str:
    """The team hub: ``--team-db``, else ``$CALLMATE_TEAM_DB``, else the settings ("" if none)."""
    for value in (option, os.environ.get(TEAM_DB_ENV), settings_value):
        if value and value.strip():
            return value.strip()
    return ""


def _password(target: str) -> str | None:
    try:
        found = psycopg.conninfo.conninfo_to_dict(conninfo(target)).get("password")
    except (psycopg.Error, HubError):
        return None
    return str(found) if found else None


def shown(target: str) -> str:
    """The hub as it may be printed: the same text without any password."""
    target = target.strip()
    if is_url(target):
        parts = urlsplit(target)
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, host = netloc.rsplit("@", 1)
            netloc = f"{userinfo.split(':', 1)[0]}@{host}"
        query = "&".join(p for p in parts.query.split("&") if not _is_password(p))
        # Not urlunsplit: it drops the "//" of a URL with no host (a Unix socket in the query).
        return f"{parts.scheme}://{netloc}{parts.path}{'?' if query else ''}{query}"
    if "=" in target:
        try:
            found = psycopg.conninfo.conninfo_to_dict(target)
        except psycopg.Error:
            return re.sub(r"password\s*=\s*('[^']*'|\S+)", "password=***", target)
        found.pop("password", None)
        return psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in found.items()})
    return f"service {target}"


def _is_password(item: str) -> bool:
    return unquote(item.split("=", 1)[0]).strip().lower() == "password"


def scrub(message: str, target: str) -> str:
    """An error text with the hub's password (should libpq ever echo it) blotted out."""
    secret = _password(target)
    return message.replace(secret, "***") if secret else message


def connect(target: str, *, timeout: int = CONNECT_TIMEOUT, **kwargs: Any) -> psycopg.Connection:
    """A connection to the hub (in autocommit: transactions are explicit), or a
    :class:`HubError` saying why not. The session waits at most :data:`LOCK_TIMEOUT_SECONDS`
    for a lock and runs no statement longer than :data:`STATEMENT_TIMEOUT_SECONDS`."""
    info = conninfo(target)
    try:
        conn = psycopg.connect(
            info,
            autocommit=True,
            connect_timeout=timeout,
            application_name=APPLICATION,
            **{**KEEPALIVE, **kwargs},
        )
        # set_config, not SET: the values are parameters. false: for the whole session.
        conn.execute(
            "SELECT set_config('lock_timeout', %s, false), "
            "set_config('statement_timeout', %s, false)",
            [f"{LOCK_TIMEOUT_SECONDS * 1000}", f"{STATEMENT_TIMEOUT_SECONDS * 1000}"],
        )
    except psycopg.Error as exc:
        raise HubError(
            _("cannot reach the team hub {url}: {why}").format(
                url=shown(target), why=_first_line(exc, target)
            ),
            code="offline",
        ) from None
    return conn


@contextlib.contextmanager
def waits_on(table: str) -> Iterator[None]:
    """Statements on the hub's ``table``: a lock held too long by another session, or a
    statement that ran out of time, is a :class:`HubError` naming what waited."""
    try:
        yield
    except psycopg.errors.LockNotAvailable:
        raise HubError(
            _(
                "the hub's {table} table is locked by another session; try again or ask the "
                "hub's administrator"
            ).format(table=table),
            code="locked",
        ) from None
    except psycopg.errors.QueryCanceled:
        raise HubError(
            _(
                "the hub took over {seconds} s to answer on its {table} table; try again or ask "
                "the hub's administrator"
            ).format(seconds=STATEMENT_TIMEOUT_SECONDS, table=table),
            code="slow",
        ) from None


def _first_line(exc: BaseException, target: str) -> str:
    text = scrub(str(exc), target).strip()
    return text.splitlines()[0] if text else type(exc).__name__
