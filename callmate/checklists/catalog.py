"""Finding checklists: the built-in ones, the user's own, and files given by path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from callmate.checklists.load import ChecklistError, Problem, load_file
from callmate.checklists.model import Checklist
from callmate.paths import builtin_checklists_dir, user_checklists_dir

DEFAULT_NAME = "default.en"


@dataclass(frozen=True)
class Entry:
    """A checklist that can be picked by name."""

    name: str
    path: Path
    builtin: bool

    @property
    def source(self) -> str:
        return f"builtin:{self.name}" if self.builtin else str(self.path)


def default_for(language: str) -> str:
    """The built-in checklist a call starts with when none is named, in ``language``."""
    name = f"default.{language}"
    return name if (builtin_checklists_dir() / f"{name}.toml").is_file() else DEFAULT_NAME


def entries() -> list[Entry]:
    """Every checklist by name; a user checklist with a built-in's name comes after it."""
    found = [Entry(p.stem, p, True) for p in sorted(builtin_checklists_dir().glob("*.toml"))]
    user_dir = user_checklists_dir()
    if user_dir.is_dir():
        found += [Entry(p.stem, p, False) for p in sorted(user_dir.glob("*.toml"))]
    return found


def resolve(name_or_path: str | None) -> Checklist:
    """Load a checklist by name (``default.tr``, ``heard``) or by path to a TOML file."""
    wanted = (name_or_path or DEFAULT_NAME).strip()
    path = Path(wanted).expanduser()
    if wanted.endswith(".toml") or "/" in wanted or path.is_file():
        if not path.is_file():
            raise ChecklistError([Problem(str(path), "no such checklist file")])
        return load_file(path)
    by_name: dict[str, Entry] = {}
    for found in entries():
        by_name.setdefault(found.name, found)
    entry = by_name.get(wanted) or by_name.get(f"{wanted}.en")
    if entry is None:
        names = ", ".join(sorted(by_name))
        raise ChecklistError([Problem(wanted, f"no checklist of that name (known: {names})")])
    return load_file(entry.path, entry.source)
