"""Reading the call log for the review screens: on a worker thread, with a fresh read-only
connection, answers and errors handed back to the event loop. A failed read is a message on the
screen, never the end of it."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from textual.dom import DOMNode

from callmate.ui.services import services

log = logging.getLogger(__name__)


def read_in_thread(
    screen: DOMNode,
    job: Callable[[Any], Any],
    then: Callable[[Any], None],
    failed: Callable[[str], None],
) -> None:
    """Run ``job(db)`` with a fresh read-only connection; ``then(result)`` or ``failed(message)``
    run back on the event loop. Called from a worker thread."""
    import sqlite3

    from callmate.dates import DateError
    from callmate.review.filters import FilterError
    from callmate.review.queries import open_reader
    from callmate.store.db import StoreError

    def back(callback: Callable[..., None], *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the app has closed meanwhile
            screen.app.call_from_thread(callback, *args)

    try:
        db = open_reader(services(screen).db_path)
    except (StoreError, sqlite3.Error, OSError) as exc:
        back(failed, str(exc))
        return
    try:
        back(then, job(db))
    except (DateError, FilterError) as exc:
        back(failed, str(exc))
    except sqlite3.Error as exc:
        log.exception("review query failed")
        back(failed, f"Database error: {exc}. Press r to try again.")
    except Exception as exc:  # never let a read take the screen down
        log.exception("review query failed")
        back(failed, f"Could not read the call log ({exc}).")
    finally:
        db.close()  # its spare connections too (a search's statistics read with more)
