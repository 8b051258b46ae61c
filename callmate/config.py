"""User settings kept in ``config.toml`` in the user config directory."""

from __future__ import annotations

import getpass
import json
import os
import re
import tomllib
from dataclasses import asdict, dataclass, field, fields
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
    #: The agent's own keys: an action's id ("call.escalate") to its key or keys, comma
    #: separated ("ctrl+y", "ctrl+x,f10"); the ``[keys]`` table of the file, checked at start.
    keys: dict[str, str] = field(default_factory=dict)
    #: Saved views of the review: a name to its filters as typed (``callmate.review.views``),
    #: each a ``[views."name"]`` table of the file.
    views: dict[str, dict[str, str]] = field(default_factory=dict)
    #: When the newest evaluation of the agent's calls that they have seen was made
    #: (``callmate feedback``); the Ready screen says when a newer one is in the log.
    feedback_seen: str = ""

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
    known = {f.name: f.type for f in fields(Settings) if f.name not in ("keys", "views")}
    clean: dict[str, Any] = {}  # values of the types the fields declare, checked below
    for key, value in data.items():
        if key in known and isinstance(value, bool if known[key] == "bool" else str):
            clean[key] = value
    return Settings(**clean, keys=_keys(data.get("keys")), views=_views(data.get("views")))


def _views(table: object) -> dict[str, dict[str, str]]:
    """The ``[views]`` tables: each a name to its filters as text (anything else is left out)."""
    if not isinstance(table, dict):
        return {}
    return {
        str(name): {k: v for k, v in view.items() if isinstance(v, str)}
        for name, view in table.items()
        if isinstance(view, dict)
    }


def _keys(table: object) -> dict[str, str]:
    """The ``[keys]`` table: a key as a string, or several as a list of strings (kept as one
    comma-separated string, as Textual's keymap takes them); anything else is left out. An id
    written bare (``call.escalate = "ctrl+y"``) is a dotted key to TOML: it is joined again."""
    if not isinstance(table, dict):
        return {}
    keys: dict[str, str] = {}
    for action, value in table.items():
        if isinstance(value, dict):
            keys |= {f"{action}.{inner}": key for inner, key in _keys(value).items()}
            continue
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            value = ",".join(value)
        if isinstance(value, str):
            keys[action] = value
    return keys


def key_lines() -> dict[str, int]:
    """The line of each entry of the ``[keys]`` table in the settings file (from 1), for
    messages that name it; an entry not found (or no file) has none."""
    try:
        text = config_file().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    lines: dict[str, int] = {}
    in_keys = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_keys = re.fullmatch(r"\[\s*keys\s*\]\s*(#.*)?", stripped) is not None
            continue
        found = re.match(r"""\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_.-]+))\s*=""", line)
        if in_keys and found:
            action = next(part for part in found.groups() if part is not None)
            lines.setdefault(action, number)
    return lines


def save(settings: Settings) -> None:
    """Write the settings atomically (a crash never leaves half a file)."""
    path = config_file()
    ensure_private_dir(path.parent)
    lines = []
    values = asdict(settings)
    keys = values.pop("keys")
    views = values.pop("views")
    for key, value in values.items():
        if isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}")
        else:
            lines.append(f"{key} = {_toml_string(value)}")
    if keys:  # a table comes after every plain key of the file
        lines += ["", "[keys]"]
        lines += [f"{_toml_string(action)} = {_toml_string(key)}" for action, key in keys.items()]
    for name, view in views.items():
        lines += ["", f"[views.{_toml_string(name)}]"]
        lines += [f"{key} = {_toml_string(value)}" for key, value in view.items()]
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _toml_string(value: str) -> str:
    # A JSON string is a TOML basic string, once DEL (which TOML forbids raw) is escaped.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
