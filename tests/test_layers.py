"""The layer contract names every module: a module or package of callmate that is in no layer
could import anything without lint-imports noticing (issue 28)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "callmate"


def layered() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (layers,) = [c["layers"] for c in contracts if c["type"] == "layers"]
    return {name.strip() for layer in layers for name in layer.replace(":", "|").split("|")}


def modules() -> set[str]:
    """callmate's own modules and packages, one level down (the package itself aside)."""
    found = {f"callmate.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    found |= {f"callmate.{p.parent.name}" for p in PACKAGE.glob("*/__init__.py")}
    return found


def test_every_module_is_in_a_layer():
    missing = modules() - layered()
    assert not missing, f"pyproject.toml [tool.importlinter] layers lack {sorted(missing)}"


def test_the_layers_name_no_module_that_is_gone():
    assert not layered() - modules()


def test_only_the_interface_may_import_textual():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (sources,) = [c["source_modules"] for c in contracts if c["type"] == "forbidden"]
    interface = {"callmate.ui", "callmate.cli", "callmate.__main__"}
    assert set(sources) == modules() - interface
