"""What every command shares: the database option, typed text checked, and one-line errors.

Messages often repeat what was typed or stored (a path, an id, a checklist's text): they are
shown through ``safe.visible``, so they cannot drive the terminal either.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import click

from callmate.checklists.load import ChecklistError
from callmate.dates import DateError
from callmate.language.i18n import _
from callmate.safe import visible


def given_before(name: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """An option's value, else the one given before the command (``callmate --db FILE stats``
    reads FILE, never the default file in its place)."""

    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        root = ctx.find_root()
        return value if value is not None or root is ctx else root.params.get(name)

    return callback


db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=given_before("db_path"),
    help="Database file (default: $CALLMATE_DB, else calls.db in the user data directory).",
)

# Bytes that were not UTF-8 arrive in argv as lone surrogates (Python's surrogateescape).
_NOT_UTF8 = re.compile("[\ud800-\udfff]")


def fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"callmate: {visible(message)}", err=True)
    sys.exit(code)


def say(message: str) -> None:
    """Tell the person, in one line on stderr, something done that they should know about."""
    click.echo(f"callmate: {visible(message)}", err=True)


def typed_text(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """A click callback: refuse typed text holding bytes that are not UTF-8 (a terminal set to
    another encoding), with the bytes shown, instead of failing later on them."""
    if isinstance(value, str) and _NOT_UTF8.search(value):
        raise click.BadParameter(
            f"{visible(value)!r} is not UTF-8 text; check the terminal's character encoding"
        )
    return value


@contextlib.contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn the errors people cause into one clear line and a non-zero exit, never a traceback."""
    from callmate.store.db import StoreError

    try:
        yield
    except ChecklistError as exc:
        for problem in exc.problems:
            click.echo(f"callmate: {visible(str(problem))}", err=True)
        sys.exit(1)
    except (DateError, StoreError) as exc:
        fail(str(exc))
    except BrokenPipeError:
        raise  # the reader went away: ended quietly by the command group
    except OSError as exc:
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        fail(f"{exc.strerror or exc}{where}")
    except MemoryError:
        fail(_("not enough memory for this; ask for less at a time"))
    except Exception as exc:
        import sqlite3

        if isinstance(exc, sqlite3.Error):
            fail(_("database error: {error}").format(error=exc))
        raise


def report_problems(paths: tuple[str, ...], validate: Callable[[str], list]) -> None:
    """Each file's problems (``validate``: its own checker) on stderr, one a line, or
    ``PATH: ok``; exit 1 if any file had one (``checklists validate``, ``forms validate``)."""
    bad = 0
    for path in paths:
        problems = validate(path)
        for problem in problems:
            click.echo(visible(str(problem)), err=True)
        if problems:
            bad += 1
        else:
            click.echo(_("{path}: ok").format(path=visible(path)))
    if bad:
        raise SystemExit(1)
