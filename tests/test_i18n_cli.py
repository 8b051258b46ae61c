"""``--lang``, the settings, the chosen checklist and the locale choose the language before the
app is built, for the live companion and for the review."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from callmate import config
from callmate.cli import cli
from callmate.config import Settings
from callmate.language import i18n
from callmate.language.i18n import set_language
from callmate.store.db import open_db
from callmate.ui.app import CallmateApp


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


@pytest.fixture
def app_built(monkeypatch):
    """The language spoken when the app was built (the app itself does not run)."""
    seen: list[str] = []

    def run(self):
        seen.append(i18n.language())

    monkeypatch.setattr(CallmateApp, "run", run)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    return seen


@pytest.mark.parametrize(
    "args, settings, env, expected",
    [
        (["--lang", "et"], {"language": "tr"}, {"LANG": "tr_TR.UTF-8"}, "et"),
        ([], {"language": "tr"}, {"LANG": "et_EE.UTF-8"}, "tr"),
        (["--checklist", "default.et"], {}, {"LANG": "tr_TR.UTF-8"}, "et"),
        ([], {"checklist": "default.tr"}, {"LANG": "et_EE.UTF-8"}, "tr"),
        # the built-in default checklist, used because none was chosen, does not hide the locale
        ([], {}, {"LANG": "et_EE.UTF-8"}, "et"),
        ([], {}, {"LANG": "C.UTF-8"}, "en"),
    ],
)
def test_the_live_command_chooses_the_language_before_the_app(
    tmp_path, monkeypatch, app_built, args, settings, env, expected
):
    config.save(Settings(**settings))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "calls.db"), *args])
    assert result.exit_code == 0, result.output
    assert app_built == [expected]


@pytest.mark.parametrize(
    "args, expected",
    [(["review", "--lang", "tr"], "tr"), (["--lang", "et", "review"], "et"), (["review"], "en")],
)
def test_the_review_command_takes_lang_too(tmp_path, app_built, args, expected):
    path = tmp_path / "calls.db"
    open_db(path).close()
    result = CliRunner().invoke(cli, [*args, "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert app_built == [expected]


def test_the_review_command_follows_the_kept_setting_and_checklist(tmp_path, app_built):
    path = tmp_path / "calls.db"
    open_db(path).close()
    config.save(Settings(checklist="default.et"))
    assert CliRunner().invoke(cli, ["review", "--db", str(path)]).exit_code == 0
    config.save(Settings(language="tr", checklist="default.et"))
    assert CliRunner().invoke(cli, ["review", "--db", str(path)]).exit_code == 0
    assert app_built == ["et", "tr"]


def test_a_language_callmate_does_not_speak_is_refused_by_the_option(tmp_path, app_built):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "calls.db"), "--lang", "de"])
    assert result.exit_code == 2 and "--lang" in result.output
    assert app_built == []


def test_the_language_setting_is_kept(tmp_path):
    config.save(Settings(language="et"))
    assert config.load().language == "et"
    assert Settings().language == ""


@pytest.fixture
def checklist_built(monkeypatch):
    """The checklist the app was built with (the app itself does not run)."""
    seen: list[str] = []

    def run(self):
        seen.append(self.services.checklist.source)

    monkeypatch.setattr(CallmateApp, "run", run)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    return seen


@pytest.mark.parametrize(
    "args, settings, env, expected",
    [
        (["--lang", "tr"], {}, {}, "builtin:default.tr"),
        (["--lang", "et"], {}, {"LANG": "tr_TR.UTF-8"}, "builtin:default.et"),
        ([], {"language": "et"}, {}, "builtin:default.et"),
        ([], {}, {"LANG": "tr_TR.UTF-8"}, "builtin:default.tr"),
        ([], {}, {"LANG": "C.UTF-8"}, "builtin:default.en"),
        # a checklist named wins over the language
        (["--lang", "tr", "--checklist", "heard.en"], {}, {}, "builtin:heard.en"),
        (["--lang", "et"], {"checklist": "default.tr"}, {}, "builtin:default.tr"),
    ],
)
def test_with_no_checklist_named_the_language_picks_its_own_default(
    tmp_path, monkeypatch, checklist_built, args, settings, env, expected
):
    config.save(Settings(**settings))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "calls.db"), *args])
    assert result.exit_code == 0, result.output
    assert checklist_built == [expected]


def test_checklists_list_says_which_is_the_default_of_each_language():
    out = CliRunner().invoke(cli, ["checklists", "list"]).output
    for code in ("en", "tr", "et"):
        line = next(x for x in out.splitlines() if x.startswith(f"default.{code} "))
        assert line.endswith(f"default for --lang {code}")
    assert "default for" not in next(x for x in out.splitlines() if x.startswith("heard.tr "))
