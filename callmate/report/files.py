"""Where exports go: never onto the call log, always whole, private, byte for byte the same as
on standard output.

An export holds names and phone numbers, so a file written with ``-o`` is private (0600; a file
it replaces that was stricter keeps its stricter mode) and appears whole or not at all: it is
written to a temporary file beside the target, flushed to disk, and renamed over it. A path that is
the database, one of its side files or its recovery journal — directly, through a symbolic link,
or as a hard link — is refused before anything is written.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from callmate.language.i18n import _
from callmate.store.errors import StoreError
from callmate.store.identify import SIDE_FILES, side_file

#: The mode of a new export: read and write for its owner only.
PRIVATE = 0o600


class OutputError(StoreError):
    """An output path that must not be written; the message is one sentence for a person."""


def _same(a: Path, b: Path) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)  # a hard link, or the same file by another name
    except OSError:
        return False


def check_output(output: Path, db_path: Path) -> None:
    """Refuse ``output`` if it is the database ``db_path`` or a file that belongs to it."""
    from callmate.store.journal import journal_path  # only when a file is written (start-up)

    protected = [db_path, *(side_file(db_path, s) for s in SIDE_FILES), journal_path(db_path)]
    for path in protected:
        if _same(output, path):
            what = "the call log" if path == db_path else "a file of the call log"
            raise OutputError(
                f"{output} is {what} {db_path}; an export never overwrites it: choose another file"
            )


class ByteSink:
    """Text written as UTF-8 bytes to a binary stream, the same way to a file and to standard
    output (``click.echo`` would strip colour codes when stdout is not a terminal, so a pipe and
    a file would get different bytes). Anything a writer can ``write`` text to."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw

    def write(self, text: str, /) -> int:
        self.raw.write(text.encode("utf-8", "backslashreplace"))
        return len(text)


def stdout_sink() -> ByteSink:
    """Standard output, for bytes (what was echoed before it is flushed first, to keep order)."""
    sys.stdout.flush()
    return ByteSink(sys.stdout.buffer)


def _mode_for(target: Path) -> int:
    try:
        existing = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return PRIVATE
    return existing & PRIVATE  # never looser than private; stricter stays stricter


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[ByteSink]:
    """A file that appears at ``path`` whole (temp file, fsync, rename) and private (0600)."""
    target = Path(os.path.realpath(path))  # through a symbolic link, to the file it names
    mode = _mode_for(target)
    try:
        import tempfile  # only when a file is written

        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise OutputError(
            _("cannot write {path} ({reason})").format(path=path, reason=exc.strerror or exc)
        ) from None
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as raw:
            yield ByteSink(raw)
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system can)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
