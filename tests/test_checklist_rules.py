"""The rules ``checklists validate`` holds a checklist's words to (``callmate.checklists.rules``):
each refuses a file that breaks it, naming the file, the step, the field and the line; loading
the same file still works, so a call stored with it resumes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from callmate.checklists.load import load_file, validate_file
from callmate.checklists.rules import fold, word_pattern
from callmate.cli import cli

HEAD = """\
id = "ours"
name = "Ours"
language = "{language}"
version = "1"

[extras]
warning = [
    "Please keep this respectful.",
    "If it goes on, I'll end the call.",
    "{last_warning}",
]
manager = ["I'm bringing in my manager now."]

[[avoid_words]]
word = "{word}"
instead = "{instead}"
"""

LISTEN = """
[[steps]]
id = "listen"
title = "Listen"
kind = "inner"
target_seconds = {target}
{soft}goal = "Hear the whole story."
tips = ["{tip}"]
"""

SPEAK = """
[[steps]]
id = "fix"
title = "Fix it"
target_seconds = 120
goal = "Put it right."
phrases = ["{phrase}", "Here is what I can do."]
"""

BREAK = """
[[steps]]
id = "break"
title = "Break"
kind = "break"
target_seconds = 300
goal = "Rest."
"""


def write(
    tmp_path: Path,
    *,
    language: str = "en",
    word: str = "can't",
    instead: str = "What I'd suggest is…",
    phrase: str = "Here is my suggestion.",
    last_warning: str = "As I said, I won't go on like this, so I'm ending the call now.",
    tip: str = "Take notes as they talk.",
    target: int = 120,
    soft: bool = True,
) -> Path:
    text = HEAD.format(language=language, word=word, instead=instead, last_warning=last_warning)
    text += LISTEN.format(target=target, soft="soft_target = true\n" if soft else "", tip=tip)
    text += SPEAK.format(phrase=phrase) + BREAK
    path = tmp_path / "ours.toml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_the_file_the_tests_build_passes(tmp_path):
    assert validate_file(write(tmp_path)) == []


# -- no line the agent says uses the checklist's own words to avoid --------------------------


def test_a_phrase_with_an_avoided_word_is_refused_with_its_step_and_line(tmp_path):
    path = write(tmp_path, phrase="Sorry, I can't do that.")
    [problem] = validate_file(path)
    assert (problem.step, problem.field) == ("#2 (fix)", "phrases")
    assert problem.line == line_of(path, "I can't do that")
    assert "can't" in problem.message and "I can't do that" in problem.message
    assert str(problem).startswith(f"{path}:{problem.line}: step #2 (fix): field 'phrases': ")


def test_a_warning_with_an_avoided_word_is_refused(tmp_path):
    path = write(tmp_path, last_warning="I can't go on like this, so I'm ending the call now.")
    [problem] = validate_file(path)
    assert (problem.step, problem.field) == ("", "extras.warning")
    assert problem.line == line_of(path, "I can't go on")


def test_a_replacement_that_says_the_word_it_replaces_is_refused(tmp_path):
    path = write(tmp_path, instead="I can't, but I can offer…")
    [problem] = validate_file(path)
    assert problem.field == "avoid_words[1].instead"
    assert problem.line == line_of(path, "I can't, but")


def test_a_typographic_apostrophe_is_the_same_word(tmp_path):
    assert [p.field for p in validate_file(write(tmp_path, phrase="I can’t."))] == ["phrases"]


@pytest.mark.parametrize("phrase", ["Nothing is lost.", "I know.", "Nobody minds.", "Note it."])
def test_only_whole_words_count(tmp_path, phrase):
    assert (
        validate_file(write(tmp_path, word="no", instead="Here's what I can do…", phrase=phrase))
        == []
    )


def test_several_words_count_only_together(tmp_path):
    word = "I don't know"
    assert validate_file(write(tmp_path, word=word, phrase="Don't worry, I know.")) == []
    assert validate_file(write(tmp_path, word=word, phrase="Well, I DON'T KNOW.")) != []


def test_turkish_folds_case_the_turkish_way():
    # Turkish I is dotless ı and İ is dotted i; the circumflex is often left out in typing.
    assert fold("İADE YOK", "tr") == "iade yok" and fold("ISLAK", "tr") == "ıslak"
    assert word_pattern("iade yok", "tr").search(fold("Maalesef İADE YOK.", "tr"))
    assert word_pattern("ıslak", "tr").search(fold("ISLAK geldi", "tr"))
    assert not word_pattern("ıslak", "en").search(fold("ISLAK", "en"))
    assert word_pattern("imkânsız", "tr").search(fold("Bu İMKANSIZ.", "tr"))


def test_a_turkish_file_is_checked_in_turkish(tmp_path):
    path = write(
        tmp_path,
        language="tr",
        word="hayır",
        instead="Sizin için şunu yapabilirim: …",
        phrase="HAYIR, bunu yapamıyoruz.",
        last_warning="Daha önce de belirttiğim gibi, görüşmeyi şimdi sonlandırıyorum.",
    )
    [problem] = validate_file(path)
    assert problem.field == "phrases" and "hayır" in problem.message


def test_a_gap_in_an_avoided_word_stands_for_a_few_words(tmp_path):
    kwargs = {"language": "tr", "word": "neden … yaptınız", "instead": "Ne oldu, anlatır mısınız?"}
    assert validate_file(write(tmp_path, phrase="Neden bunu böyle yaptınız?", **kwargs)) != []
    assert validate_file(write(tmp_path, phrase="Neden olduğunu anlattınız.", **kwargs)) == []


# -- no hard target while the caller is to be left to talk ----------------------------------


@pytest.mark.parametrize(
    ("language", "tip"),
    [
        ("en", "Don't interrupt; let them finish."),
        ("en", "Let them vent first."),
        ("tr", "Sözünü kesmeyin; bitirmesini bekleyin."),
        ("tr", "Önce içini dökmesine izin verin."),
        ("et", "Ära katkesta; lase kliendil lõpuni rääkida."),
        ("et", "Lase kliendil kõigepealt välja rääkida."),
    ],
)
def test_a_hard_target_on_a_step_that_says_let_them_talk_is_refused(tmp_path, language, tip):
    path = write(tmp_path, language=language, tip=tip, soft=False)
    findings = [p for p in validate_file(path) if p.field == "target_seconds"]
    assert len(findings) == 1
    problem = findings[0]
    assert problem.step == "#1 (listen)"
    assert problem.line == line_of(path, "target_seconds = 120")
    assert "soft_target" in problem.message and "120 s" in problem.message


def test_a_soft_target_or_none_lets_them_talk(tmp_path):
    tip = "Don't interrupt; let them finish."
    assert validate_file(write(tmp_path, tip=tip, soft=True)) == []
    assert validate_file(write(tmp_path, tip=tip, target=0, soft=False)) == []
    # A hard target is fine where the tips do not ask the agent to stay quiet.
    assert validate_file(write(tmp_path, tip="Take notes as they talk.", soft=False)) == []


# -- placeholders only where they are filled in -----------------------------------------------


def test_a_placeholder_the_card_would_show_as_typed_is_refused(tmp_path):
    path = write(tmp_path, instead="Hello {name},")
    [problem] = validate_file(path)
    assert problem.field == "avoid_words[1].instead" and "{name}" in problem.message
    path = write(tmp_path, tip="Greet {name} by name.")
    [problem] = validate_file(path)
    assert (problem.step, problem.field) == ("#1 (listen)", "tips")


# -- where the rules apply ---------------------------------------------------------------------


def test_loading_does_not_apply_them_so_a_stored_call_resumes(tmp_path):
    path = write(tmp_path, phrase="Sorry, I can't do that.", tip="Don't interrupt.", soft=False)
    assert load_file(path).step("fix").phrases[0] == "Sorry, I can't do that."
    assert len(validate_file(path)) == 2


def test_the_validate_command_prints_each_finding_on_its_line_and_fails(tmp_path):
    path = write(tmp_path, phrase="Sorry, I can't do that.", tip="Don't interrupt.", soft=False)
    result = CliRunner().invoke(cli, ["checklists", "validate", str(path)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    listen, fix = line_of(path, "target_seconds = 120"), line_of(path, "I can't do that")
    assert lines[0].startswith(f"{path}:{listen}: step #1 (listen): field 'target_seconds': ")
    assert lines[1].startswith(f"{path}:{fix}: step #2 (fix): field 'phrases': says \"can't\"")
    assert len(lines) == 2
