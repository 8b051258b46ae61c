"""User settings in config.toml: saved and loaded intact; a bad file is never an error."""

from __future__ import annotations

import os
import stat
import tomllib

import pytest

from callmate import config
from callmate.config import Settings
from callmate.paths import config_dir


def test_settings_live_in_the_sealed_off_config_dir(sealed_off):
    assert config.config_file() == sealed_off / "config" / "config.toml"
    assert config_dir() == sealed_off / "config"


def test_no_config_file_gives_the_defaults():
    assert not config.config_file().exists()
    assert config.load() == Settings()


@pytest.mark.parametrize(
    "agent",
    [
        'Ayşe "Ayşegül" Yılmaz',
        "İsmail Işık, ıspanak & şükür",
        "Jüri Õunapuu's desk",
        "back\\slash and \"quotes\" and 'single'",
        "tab\there and a newline\nin the name",
        "",
    ],
)
def test_settings_round_trip_exactly(agent):
    saved = Settings(agent=agent, checklist="default.tr", theme="textual-light", calm_mode=True)
    config.save(saved)
    assert config.load() == saved
    # The file is plain TOML that other tools can read too.
    data = tomllib.loads(config.config_file().read_text(encoding="utf-8"))
    assert data["agent"] == agent and data["calm_mode"] is True


def test_saving_again_replaces_the_old_settings_and_leaves_no_temporary_file():
    config.save(Settings(agent="Mert", calm_mode=True))
    config.save(Settings(agent="Deniz"))
    assert config.load() == Settings(agent="Deniz", calm_mode=False)
    assert sorted(p.name for p in config.config_file().parent.iterdir()) == ["config.toml"]


def test_the_config_directory_is_created_private():
    config.save(Settings(agent="Mert"))
    assert stat.S_IMODE(os.stat(config.config_file().parent).st_mode) == 0o700


@pytest.mark.parametrize(
    "content",
    [
        b"agent = ",  # TOML syntax error
        b"\xff\xfe\x00garbage\x80",  # not UTF-8
        b"[[[[",
        b'agent = "unterminated',
    ],
)
def test_a_garbage_config_gives_the_defaults_without_error(content):
    path = config.config_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    assert config.load() == Settings()


def test_an_unreadable_config_gives_the_defaults_without_error():
    # A directory where the file should be cannot be read, even by root.
    config.config_file().mkdir(parents=True)
    assert config.load() == Settings()


def test_values_of_the_wrong_type_or_unknown_keys_are_ignored():
    path = config.config_file()
    path.parent.mkdir(parents=True)
    path.write_text(
        'agent = 42\ntheme = "textual-dark"\ncalm_mode = "yes"\nfuture_option = true\n'
        'checklist = ["default.tr"]\n',
        encoding="utf-8",
    )
    assert config.load() == Settings(theme="textual-dark")


def test_the_agent_name_falls_back_to_the_login_name_when_unset():
    assert Settings(agent="Ayşe").agent_name == "Ayşe"
    fallback = Settings().agent_name
    assert isinstance(fallback, str) and fallback.strip()
