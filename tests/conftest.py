"""Shared fixtures: every test runs sealed off from the user's real settings and call logs."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from callmate.checklists import catalog
from callmate.checklists.model import Checklist
from callmate.clock import FakeClock
from callmate.language import i18n

#: The team-hub fixtures (a throwaway PostgreSQL server, a hub database a test).
pytest_plugins = ["tests.hub_fixtures"]

# Property tests draw the same examples on every run, so a run of the suite (and CI) says the
# same of the same code; ``HYPOTHESIS_PROFILE=explore pytest`` draws new ones to look further.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(autouse=True)
def sealed_off(tmp_path_factory, monkeypatch) -> Iterator[Path]:
    """Point config, data and home at a private tmp folder, so no test touches ~/.config or
    ~/.local (the CLI and the store read these variables, and so do subprocesses we start).
    The machine's locale does not choose the language, and every test starts and ends in
    English: one test cannot leave the next speaking Turkish."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CALLMATE_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("CALLMATE_DB", str(home / "data" / "calls.db"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    for variable in i18n.LOCALE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    i18n.set_language("en")
    yield home
    i18n.set_language("en")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def checklist() -> Checklist:
    """The built-in English default checklist, loaded the way the program loads it."""
    return catalog.resolve("default.en")


@pytest.fixture
def local_zone() -> Iterator[Callable[[str], None]]:
    """Set this machine's zone for the test, ``local_zone("Europe/Istanbul")``: ``TZ``, which
    shown times follow (``datetime.astimezone()``), as typed dates do (``dates.local_tz``).
    The zone before the test comes back after it."""
    before = os.environ.get("TZ")

    def set_zone(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield set_zone
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def utc_dates(monkeypatch, local_zone):
    """Typed dates and shown times in UTC, whatever the machine's time zone."""
    from datetime import UTC

    monkeypatch.setattr("callmate.dates.local_tz", lambda: UTC)
    local_zone("UTC")


@pytest.fixture
def log(tmp_path):
    """The hand-built review data set (tests/test_review_dataset.py) in a real file: (path, ids)."""
    from tests.test_review_dataset import build

    path = tmp_path / "calls.db"
    return path, build(path)
