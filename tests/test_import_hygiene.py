"""Only callmate.ui imports Textual: the core (call, store, checklists, dates, CLI helpers) stays
importable and testable without it, and the CLI's quick commands start fast."""

from __future__ import annotations

import ast
from pathlib import Path

import callmate
from tests.fresh import run_fresh

PACKAGE = Path(callmate.__file__).parent
UI = PACKAGE / "ui"
CORE_MODULES = [
    "callmate.call",
    "callmate.store.live",
    "callmate.store.writer",
    "callmate.cli.checklists",
    "callmate.dates",
    "callmate.privacy.redact",
    "callmate.checklists.catalog",
    "callmate.config",
]


def textual_imports(path: Path, root: Path = PACKAGE.parent) -> list[str]:
    """Every ``import textual…`` / ``from textual… import`` in a file, as "file:line"."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        if any(name == "textual" or name.startswith("textual.") for name in names):
            found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def core_files() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if UI not in p.parents]


def test_the_static_check_would_notice_a_textual_import(tmp_path):
    fake = tmp_path / "fake.py"
    fake.write_text(
        "import os\nfrom textual.app import App\nimport rich, textual\nfrom . import textual_ish\n"
        "def later():\n    from textual import work\n",
        encoding="utf-8",
    )
    assert textual_imports(fake, tmp_path) == ["fake.py:2", "fake.py:3", "fake.py:6"]


def test_no_module_outside_ui_imports_textual():
    files = core_files()
    assert PACKAGE / "call" / "state.py" in files and PACKAGE / "store" / "live.py" in files
    assert not [p for p in files if "ui" in p.relative_to(PACKAGE).parts]
    offenders = [where for path in files for where in textual_imports(path)]
    assert offenders == []


def test_importing_the_core_does_not_load_textual():
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "assert 'callmate.store.live' in sys.modules\n"
    )
    assert run_fresh(code, "textual")[1] == []


def test_the_checklists_command_runs_without_loading_textual():
    code = (
        "from click.testing import CliRunner\n"
        "from callmate.cli.checklists import checklists\n"
        "result = CliRunner().invoke(checklists, ['list'])\n"
        "assert result.exit_code == 0, result.output\n"
        "assert 'default.tr' in result.output\n"
    )
    assert run_fresh(code, "textual")[1] == []


def test_the_live_start_up_path_loads_neither_sqlite_utils_nor_the_other_commands(tmp_path):
    """What runs before the first screen: the CLI module, the catalog and the file check.
    sqlite-utils and the team-lead commands wait until they are needed (see performance-live)."""
    from callmate.store.db import open_db

    open_db(tmp_path / "calls.db").close()  # an existing log: the check really reads it
    code = (
        "from pathlib import Path\n"
        "import callmate.cli\n"
        "from callmate.checklists import catalog\n"
        "from callmate.store.db import check_file\n"
        "catalog.resolve(None)\n"
        f"check_file(Path({str(tmp_path / 'calls.db')!r}))\n"
    )
    later = ("sqlite_utils", "dateutil", "callmate.cli.calls", "callmate.cli.team")
    assert run_fresh(code, *later)[1] == []
