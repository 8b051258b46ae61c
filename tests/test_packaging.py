"""The built-in checklists ship inside the wheel, and an editable install finds them too."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import callmate
from callmate.checklists import catalog
from callmate.paths import builtin_checklists_dir

ROOT = Path(callmate.__file__).parent.parent
DEFAULTS = ("default.en.toml", "default.tr.toml", "default.et.toml")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("dist")
    built = list(WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"]))
    assert len(built) == 1
    return Path(built[0])


def test_the_wheel_contains_the_builtin_checklists(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for name in DEFAULTS:
            assert f"callmate/checklists/builtin/{name}" in names
        for toml in (ROOT / "checklists").glob("*.toml"):
            inside = archive.read(f"callmate/checklists/builtin/{toml.name}")
            assert inside == toml.read_bytes()


def test_the_wheel_contains_the_builtin_evaluation_forms(wheel):
    with zipfile.ZipFile(wheel) as archive:
        forms = sorted((ROOT / "forms").glob("*.toml"))
        assert {f.name for f in forms} >= {f"standard.{code}.toml" for code in ("en", "tr", "et")}
        for toml in forms:
            assert archive.read(f"callmate/forms/{toml.name}") == toml.read_bytes()


def test_the_wheel_contains_the_code_and_the_command(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        expected = {"callmate/__init__.py", "callmate/call/__init__.py", "callmate/store/live.py"}
        assert expected <= names
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        assert "callmate = callmate.cli:main" in archive.read(entry_points).decode()
    assert wheel.name.startswith(f"callmate-{callmate.__version__}-")


def test_the_checklists_are_found_next_to_the_code_in_an_editable_install():
    folder = builtin_checklists_dir()
    for name in DEFAULTS:
        assert (folder / name).is_file()
    assert {e.path.name for e in catalog.entries() if e.builtin} >= set(DEFAULTS)


def test_the_checklists_are_found_inside_an_installed_package(tmp_path, monkeypatch, wheel):
    # Unpack the wheel and point the paths module at the unpacked package.
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tmp_path)
    import callmate.paths as paths

    monkeypatch.setattr(paths, "__file__", str(tmp_path / "callmate" / "paths.py"))
    assert paths.builtin_checklists_dir() == tmp_path / "callmate" / "checklists" / "builtin"
    assert (paths.builtin_checklists_dir() / "default.tr.toml").is_file()
