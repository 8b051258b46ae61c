"""Where callmate's files live: the database, the user's settings and checklists."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "callmate"
DB_ENV = "CALLMATE_DB"
CONFIG_ENV = "CALLMATE_CONFIG_DIR"


def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def user_checklists_dir() -> Path:
    return config_dir() / "checklists"


def builtin_checklists_dir() -> Path:
    """The checklists shipped with callmate: inside the wheel, or the repository's top level."""
    packaged = Path(__file__).parent / "checklists"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "checklists"


def resolve_db(option: str | os.PathLike[str] | None) -> Path:
    """``--db``, else ``$CALLMATE_DB``, else ``calls.db`` in the user data directory."""
    if option:
        return Path(option).expanduser()
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    return data_dir() / "calls.db"


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) if missing; a directory we create is private (0700)."""
    if path.is_dir():
        return
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)


def ensure_private_file(path: Path) -> None:
    """Create ``path`` empty and private (0600) if it does not exist yet."""
    ensure_private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)
