"""Where callmate's files live: the database, the user's settings and checklists."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "callmate"
DB_ENV = "CALLMATE_DB"
CONFIG_ENV = "CALLMATE_CONFIG_DIR"


def data_dir() -> Path:
    if sys.platform == "linux":
        return _xdg("XDG_DATA_HOME", ".local/share") / APP_NAME
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    if sys.platform == "linux":
        return _xdg("XDG_CONFIG_HOME", ".config") / APP_NAME
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def _xdg(variable: str, under_home: str) -> Path:
    """A base directory of the XDG specification, as platformdirs finds it on Linux (without
    importing it, and what it imports, for every command): the variable when it holds an absolute
    path, else its default under the home directory."""
    value = os.environ.get(variable, "")
    if os.path.isabs(value):
        return Path(value)
    home = os.environ.get("HOME")
    if home is not None and not os.path.isabs(home):  # an empty or relative HOME: the account's
        import pwd

        return Path(pwd.getpwuid(os.getuid()).pw_dir) / under_home
    return Path(os.path.expanduser("~")) / under_home


def user_checklists_dir() -> Path:
    return config_dir() / "checklists"


def builtin_checklists_dir() -> Path:
    """The checklists shipped with callmate: inside the wheel, or the repository's top level."""
    packaged = Path(__file__).parent / "checklists" / "builtin"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "checklists"


def builtin_forms_dir() -> Path:
    """The evaluation forms shipped with callmate: inside the wheel, or the repository's top
    level (beside the checklists)."""
    packaged = Path(__file__).parent / "forms"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "forms"


def resolve_db(option: str | os.PathLike[str] | None) -> Path:
    """``--db``, else ``$CALLMATE_DB``, else ``calls.db`` in the user data directory."""
    if option:
        return Path(option).expanduser()
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    return data_dir() / "calls.db"


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) if missing; a directory we create is private (0700).

    callmate's own data directory is made private even when it was already there and open to
    others (an older version, or a umask, left it 0755); a folder chosen with ``--db`` is the
    user's, and its mode is left as they set it.
    """
    if path.is_dir():
        if _is_own_data_dir(path) and os.stat(path).st_mode & 0o077:
            os.chmod(path, 0o700)
        return
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)


def _is_own_data_dir(path: Path) -> bool:
    try:
        return os.path.samefile(path, data_dir())
    except OSError:
        return False


def ensure_private_file(path: Path) -> None:
    """Create ``path`` empty and private (0600) if it does not exist yet."""
    ensure_private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)
