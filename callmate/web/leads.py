"""Who may sign in to the browser review: team leads, each with a hashed password and rights.

Kept in ``leads.toml`` beside ``config.toml`` (the user config directory), private (0600) and
written atomically: a lead's name, the password's hash (PBKDF2-SHA256, made and checked by
datasette-auth-passwords' own functions, so its ``datasette hash-password`` makes the same),
whether the lead may see customers' names and references (``names``) and whether the lead may
open the raw tables and run SQL (``admin``). A password is never stored or shown in clear.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from callmate.language.i18n import _
from callmate.paths import config_dir, ensure_private_dir

FILE_NAME = "leads.toml"
#: A name is what a lead types to sign in: a word of letters, digits, ``.``, ``_`` or ``-``.
NAME_CHARS = frozenset("._-")


class LeadsError(ValueError):
    """A lead's name or the leads file that cannot be used; one sentence for a person."""


@dataclass(frozen=True)
class Lead:
    name: str
    password_hash: str
    names: bool = False
    admin: bool = False

    def actor(self) -> dict[str, object]:
        """The Datasette actor of this lead once signed in."""
        return {"id": self.name, "names": self.names, "admin": self.admin}


def leads_file() -> Path:
    return config_dir() / FILE_NAME


def check_name(name: str) -> str:
    """The name stripped, or :class:`LeadsError` for one that cannot be typed at a sign-in."""
    name = name.strip()
    if not name or not all(ch.isalnum() or ch in NAME_CHARS for ch in name):
        raise LeadsError(
            _("a lead's name is one word of letters and digits, not {name}").format(name=repr(name))
        )
    return name


def load(path: Path | None = None) -> dict[str, Lead]:
    """Every lead, by name; a missing file is nobody. A damaged file is a :class:`LeadsError`
    (a server must not start on a half-read list of who may sign in)."""
    path = path or leads_file()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LeadsError(_("cannot read {path}: {reason}").format(path=path, reason=exc)) from None
    found = {}
    for name, entry in data.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("password_hash"), str):
            raise LeadsError(
                _("{path}: the lead {name} has no password hash").format(path=path, name=repr(name))
            )
        found[name] = Lead(
            name,
            entry["password_hash"],
            names=entry.get("names") is True,
            admin=entry.get("admin") is True,
        )
    return found


def save(leads: dict[str, Lead], path: Path | None = None) -> Path:
    """Write every lead, atomically and private (0600); return the file."""
    path = path or leads_file()
    ensure_private_dir(path.parent)
    lines = []
    for lead in sorted(leads.values(), key=lambda lead: lead.name):
        lines += [
            f"[{json.dumps(lead.name, ensure_ascii=False)}]",
            f"password_hash = {json.dumps(lead.password_hash)}",
            f"names = {'true' if lead.names else 'false'}",
            f"admin = {'true' if lead.admin else 'false'}",
            "",
        ]
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("\n".join(lines))
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    return path


def hash_password(password: str) -> str:
    """The stored form of a password, as datasette-auth-passwords makes it."""
    from datasette_auth_passwords.utils import hash_password as made

    return str(made(password))


def check_password(lead: Lead | None, password: str) -> bool:
    """Whether ``password`` is the lead's (in constant time; no lead: never, after as long)."""
    from datasette_auth_passwords.utils import verify_password

    if lead is None:
        hash_password(password)  # as long as a check, so a wrong name is not told apart
        return False
    try:
        return bool(verify_password(password, lead.password_hash))
    except (AssertionError, ValueError):  # a hash of another kind, or damaged
        return False
