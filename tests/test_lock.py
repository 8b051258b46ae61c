"""The lock (constraints.txt) decides what a fresh machine installs; it agrees with pyproject."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not an exact pin"
            pins[canonicalize_name(name)] = version
    return pins


def _requirements() -> list[Requirement]:
    listed = list(PROJECT["project"]["dependencies"])
    for extra in PROJECT["project"]["optional-dependencies"].values():
        listed += extra
    return [Requirement(text) for text in listed]


def test_every_dependency_is_pinned_inside_the_range_pyproject_gives():
    pins = _pins()
    for requirement in _requirements():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in constraints.txt"
        assert requirement.specifier.contains(pins[name]), (requirement, pins[name])
        for extra in requirement.extras:  # psycopg[binary] brings psycopg-binary
            assert canonicalize_name(f"{requirement.name}-{extra}") in pins


def test_every_runtime_dependency_has_an_upper_bound():
    for requirement in (Requirement(text) for text in PROJECT["project"]["dependencies"]):
        assert any(spec.operator == "<" for spec in requirement.specifier), requirement


def test_both_readme_commands_install_through_the_lock():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for marker in ("start-command", "test-command"):
        block = re.search(rf"<!-- {marker} -->\n```sh\n(.+)\n```", readme)
        assert block is not None, marker
        assert "pip install -c constraints.txt " in block.group(1), block.group(1)
