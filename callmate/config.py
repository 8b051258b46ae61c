"""User settings kept in ``config.toml`` in the user config directory."""

from __future__ import annotations

import getpass
import json
import os
import tomllib
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from callmate.paths import config_dir, ensure_private_dir


@dataclass
class Settings:
    agent: str = ""
    checklist: str = ""
    theme: str = ""
    calm_mode: bool = False
    #: The team hub (a libpq URL or service name; never a password: see ``callmate.hub``).
    team_db: str = ""
    #: The interface language: "en", "tr" or "et"; empty follows the checklist, then the locale.
    language: str = ""

    @property
    def agent_name(self) -> str:
        if self.agent:
            return self.agent
        try:
            return getpass.getuser()
        except Exception:  # no user name in this environment
            return "agent"


def config_file() -> Path:
    return config_dir() / "config.toml"


def load() -> Settings:
    """The saved settings; a missing or unreadable file gives the defaults (never an error)."""
    try:
        data = tomllib.loads(config_file().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return Settings()
    known = {f.name: f.type for f in fields(Settings)}
    clean: dict[str, Any] = {}  # values of the types the fields declare, checked below
    for key, value in data.items():
        if key in known and isinstance(value, bool if known[key] == "bool" else str):
            clean[key] = value
    return Settings(**clean)


def save(settings: Settings) -> None:
    """Write the settings atomically (a crash never leaves half a file)."""
    path = config_file()
    ensure_private_dir(path.parent)
    lines = []
    for key, value in asdict(settings).items():
        if isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}")
        else:
            # A JSON string is a TOML basic string, once DEL (which TOML forbids raw) is escaped.
            text = json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
            lines.append(f"{key} = {text}")
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)
