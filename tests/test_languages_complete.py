"""Every language callmate speaks (``LANGUAGES``) has all a language needs (issue 28): its
catalog compiled, its built-in checklist, its date words (``dates.words.TABLES``, and what
dates say back, ``dates.text.TEXTS``), its CLDR names (written from Babel), and so an entry in
every table kept per language anywhere in the package (the demo aside: it speaks its agents'
languages), so adding a fourth language is those and its registry entry, nothing found later
by a user."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path

import pytest

import callmate
from callmate.checklists import catalog
from callmate.dates.words import TABLES
from callmate.language.registry import LANGUAGES

ROOT = Path(callmate.__file__).parent


FIND_TABLES = """
import importlib, json, pkgutil, sys
found = []
for info in pkgutil.walk_packages([sys.argv[1]], "callmate."):
    # The demo's words are for the languages its agents speak: a language can be without them.
    if info.name.startswith(("callmate.__", "callmate.demo")):
        continue
    module = importlib.import_module(info.name)
    for name, value in vars(module).items():
        if not isinstance(value, dict) or getattr(value, "__module__", None):
            continue
        stack = [(name, value)]
        while stack:
            label, table = stack.pop()
            if {"tr", "et"} & set(table) and all(isinstance(k, str) for k in table):
                found.append([info.name, label, sorted(table)])
            for key, inner in table.items():
                if isinstance(inner, dict):
                    stack.append((f"{label}[{key!r}]", inner))
print(json.dumps(found))
"""


@functools.cache
def per_language_tables() -> list[tuple[str, str, list[str]]]:
    """(module, name, keys) of every module-level dict keyed by languages (at any depth: a
    dict of such dicts counts each inner one), as the package declares them: read in a fresh
    interpreter, so that a cache this run has filled (the loaded catalogs) is not taken for one."""
    out = subprocess.run(
        [sys.executable, "-c", FIND_TABLES, str(ROOT)], capture_output=True, text=True, check=True
    ).stdout
    return [tuple(row) for row in json.loads(out)]


def test_the_tables_kept_per_language_are_found():
    names = {f"{module}.{name}" for module, name, _table in per_language_tables()}
    assert "callmate.dates.text.TEXTS" in names
    assert "callmate.language.cldr.MONTHS" in names


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_table_kept_per_language_has_every_language(code):
    lacking = [f"{m}.{n}" for m, n, table in per_language_tables() if code not in table]
    assert not lacking, f"{code} is missing from {lacking}"


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "en"])
def test_a_language_has_its_catalog_compiled(code):
    folder = ROOT / "language" / "locale" / code / "LC_MESSAGES"
    assert (folder / "callmate.po").is_file() and (folder / "callmate.mo").is_file()


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_language_has_its_checklist_and_its_date_words(code):
    default = catalog.resolve(catalog.default_for(code))
    assert default.language == code
    assert code in TABLES and TABLES[code].days and TABLES[code].weekdays
