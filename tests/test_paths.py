"""Where callmate keeps its files on Linux: where platformdirs says, found without loading it."""

from __future__ import annotations

import sys

import platformdirs
import pytest

from callmate import paths
from tests.fresh import run_fresh

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the XDG rules are Linux's")


@pytest.mark.parametrize("home", ["/home/ayse", "", "relative/home", None])
@pytest.mark.parametrize("xdg", ["/srv/xdg", "", "   ", "relative/xdg", None])
def test_the_data_and_config_folders_are_platformdirs_own(monkeypatch, home, xdg):
    monkeypatch.delenv(paths.CONFIG_ENV, raising=False)
    for name, value in (("HOME", home), ("XDG_DATA_HOME", xdg), ("XDG_CONFIG_HOME", xdg)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert paths.data_dir() == platformdirs.user_data_path(paths.APP_NAME, appauthor=False)
    assert paths.config_dir() == platformdirs.user_config_path(paths.APP_NAME, appauthor=False)


def test_an_absolute_xdg_folder_is_used_as_it_is(monkeypatch):
    monkeypatch.delenv(paths.CONFIG_ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", "/srv/conf")
    monkeypatch.setenv("XDG_DATA_HOME", "/srv/data")
    assert str(paths.config_dir()) == "/srv/conf/callmate"
    assert str(paths.data_dir()) == "/srv/data/callmate"


def test_reading_the_settings_does_not_load_platformdirs(tmp_path):
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    code = "from callmate import config; config.load()"
    assert run_fresh(code, "platformdirs", "tempfile", env=env)[1] == []
