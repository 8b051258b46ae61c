"""What every command shares: the database option and one-line errors."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from callmate.checklist_load import ChecklistError
from callmate.dates import DateError

db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Database file (default: $CALLMATE_DB, else calls.db in the user data directory).",
)


def fail(message: str, code: int = 1) -> None:
    click.echo(f"callmate: {message}", err=True)
    sys.exit(code)


@contextlib.contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn the errors people cause into one clear line and a non-zero exit, never a traceback."""
    from callmate.store.db import StoreError

    try:
        yield
    except ChecklistError as exc:
        for problem in exc.problems:
            click.echo(f"callmate: {problem}", err=True)
        sys.exit(1)
    except (DateError, StoreError) as exc:
        fail(str(exc))
    except OSError as exc:
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        fail(f"{exc.strerror or exc}{where}")
    except Exception as exc:
        import sqlite3

        if isinstance(exc, sqlite3.Error):
            fail(f"database error: {exc}")
        raise
