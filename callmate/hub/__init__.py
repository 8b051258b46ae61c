"""The team hub: a PostgreSQL database that agents' calls reach, offline-first and private.

Each agent keeps the local SQLite; finished calls wait in an outbox (``hub.outbox``) and are pushed
(``hub.push``, in the background by ``hub.background.Pusher``) as the same replay-safe rows a live
call writes. ``hub.schema`` creates the hub (tables derived from ``callmate.models``, roles and
row-level security); ``hub.pull`` brings the hub into a local SQLite file for review.
This package sits beside ``callmate.review``: it uses the store and the models, and only the
command line (and the app, through ``Pusher``) uses it.
"""

from __future__ import annotations

URL_SCHEMES = ("postgresql://", "postgres://")


def is_url(text: str) -> bool:
    """A hub's address (``postgresql://…``) rather than a file: told apart without the driver."""
    return text.strip().lower().startswith(URL_SCHEMES)


def missing_extra() -> str | None:
    """One line saying what to install when PostgreSQL's driver (psycopg, the ``team`` extra) is
    not installed; None when it is. Only the hub needs it: a plain install has no psycopg."""
    from importlib.util import find_spec

    if find_spec("psycopg") is not None:
        return None
    from callmate.language.i18n import _

    return _("the team hub needs callmate's team extra: pip install 'callmate[team]'")
