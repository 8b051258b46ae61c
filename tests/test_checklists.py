"""Checklists: the built-in files, validation that names file, step and field, the catalog, the
``callmate checklists`` commands and phrase rendering."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from callmate.checklists import catalog
from callmate.checklists.load import ChecklistError, Problem, load_file, validate_file
from callmate.checklists.model import render_phrase
from callmate.cli import cli
from callmate.paths import builtin_checklists_dir, user_checklists_dir

# fmt: off
DEFAULT_STEPS = [
    "calm", "vent", "acknowledge", "restate", "apologise", "resolve", "thank", "break",
]
# fmt: on
BUILTINS = catalog.entries()
FRAMEWORKS = ("heard", "last", "blast")

GOOD = """\
id = "ours"
name = "Our own"
language = "en"
version = "2"

[[steps]]
id = "listen"
title = "Listen"
goal = "Hear them out."
target_seconds = 60
kind = "inner"

[[steps]]
id = "fix"
title = "Fix it"
goal = "Put it right."
target_seconds = 120
kind = "resolve"
phrases = ["Here is what I can do, {name}."]
phrases_escalate = ["I'm bringing in my manager."]

[[steps]]
id = "break"
title = "Breather"
goal = "Rest."
target_seconds = 0
kind = "break"
"""

# One file with every kind of mistake the validator knows; it must report all of them at once.
BROKEN = """\
id = "broken"
name = "Broken on purpose"
language = "en"
version = "1"

[[steps]]
id = "calm"
title = "Stay calm"
goal = "Breathe."
target_seconds = 15
kind = "inner"

[[steps]]
id = "vent"
title = "Let them vent"
kind = "inner"
target_seconds = 120

[[steps]]
id = "ack"
title = "Acknowledge"
goal = "Show you listen."
target_seconds = 0
tipps = ["typo for tips"]
phrases = ["I see."]

[[steps]]
id = "restate"
title = "Restate"
goal = "Sum it up."
target_seconds = 30
phrases = ["So, {nam}: the parcel is late?"]

[[steps]]
id = "restate"
title = "Restate again"
goal = "Sum it up twice."
target_seconds = 30
phrases = ["Thanks {name"]

[[steps]]
id = "hush"
title = "Say nothing"
goal = "A speaking step with nothing to say."
target_seconds = 10
phrases = []

[[steps]]
id = "think"
title = "Think"
goal = "An inner step with phrases."
target_seconds = 10
kind = "inner"
phrases = ["Out loud?"]

[[steps]]
id = "rush"
title = "Rush"
goal = "A negative target."
target_seconds = -5
phrases = ["Quick!"]

[[steps]]
id = "half"
title = "Half"
goal = "A fractional target."
target_seconds = 12.5
phrases = ["Half a moment."]

[[steps]]
id = "yell"
title = "Yell"
goal = "An unknown kind."
target_seconds = 10
kind = "shout"
phrases = ["HEY"]

[[steps]]
id = "break"
title = "Take a break"
goal = "Rest."
target_seconds = 300
kind = "break"

[[steps]]
id = "thank"
title = "Thank"
goal = "Close warmly."
target_seconds = 15
phrases = ["Thank you, {name}."]
"""


def problem_at(problems: list[Problem], step_id: str, field: str) -> Problem:
    """The problem reported for ``field`` of the step with id ``step_id``; a step is named by
    its place and id ("#3 (ack)"), or by its id alone."""
    found = [
        p
        for p in problems
        if p.field == field and (p.step == step_id or p.step.endswith(f" ({step_id})"))
    ]
    assert len(found) >= 1, f"no problem for step {step_id} field {field}: {problems}"
    return found[0]


@pytest.fixture
def broken_file(tmp_path: Path) -> Path:
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    path = tmp_path / "good.toml"
    path.write_text(GOOD, encoding="utf-8")
    return path


# -- the built-in checklists ----------------------------------------------------------------------


@pytest.mark.parametrize("entry", BUILTINS, ids=[e.name for e in BUILTINS])
def test_every_builtin_checklist_loads_and_validates(entry):
    assert entry.builtin
    assert validate_file(entry.path) == []
    checklist = load_file(entry.path, entry.source)
    assert checklist.steps
    assert checklist.text == entry.path.read_text(encoding="utf-8")
    assert checklist.steps[-1].kind == "break"


@pytest.mark.parametrize("language", ["en", "tr", "et"])
def test_default_checklist_exists_in_each_language_with_the_eight_steps(language):
    checklist = catalog.resolve(f"default.{language}")
    assert checklist.id == "default"
    assert checklist.language == language
    assert [s.id for s in checklist.steps] == DEFAULT_STEPS
    assert checklist.step("apologise").kind == "apology"
    assert checklist.step("resolve").kind == "resolve"
    assert checklist.break_step is not None and checklist.break_step.id == "break"
    assert checklist.warning and checklist.manager


def test_the_three_defaults_are_distinct_native_texts_not_copies():
    texts = {lang: catalog.resolve(f"default.{lang}") for lang in ("en", "tr", "et")}
    goals = {lang: c.step("vent").goal for lang, c in texts.items()}
    assert len(set(goals.values())) == 3
    assert any(ch in texts["tr"].text for ch in "şığİ")
    assert any(ch in texts["et"].text for ch in "õäöü")


def test_default_alone_means_the_english_default():
    assert catalog.resolve("default").source == "builtin:default.en"
    assert catalog.resolve(None).source == "builtin:default.en"


def test_at_least_one_framework_checklist_is_built_in_and_resolves_by_short_name():
    present = [f for f in FRAMEWORKS if any(e.name.split(".")[0] == f for e in BUILTINS)]
    assert present, "expected HEARD, LAST or BLAST among the built-in checklists"
    for name in present:
        checklist = catalog.resolve(name)
        assert checklist.id == name
        assert checklist.steps[-1].kind == "break"


# -- validation -----------------------------------------------------------------------------------


def test_a_broken_file_reports_every_problem_at_once_with_file_step_and_field(broken_file):
    with pytest.raises(ChecklistError) as caught:
        load_file(broken_file)
    problems = caught.value.problems
    assert problems == validate_file(broken_file)
    assert all(p.file == str(broken_file) for p in problems)

    assert "missing" in problem_at(problems, "vent", "goal").message
    assert "unknown field" in problem_at(problems, "ack", "tipps").message
    assert "duplicate" in problem_at(problems, "restate", "id").message
    assert "{nam}" in problem_at(problems, "restate", "phrases").message
    brace = [p for p in problems if "(restate)" in p.step and "brace" in p.message]
    assert len(brace) == 1 and brace[0].field == "phrases"
    assert "must not be empty" in problem_at(problems, "hush", "phrases").message
    assert "takes no phrases" in problem_at(problems, "think", "phrases").message
    assert "negative" in problem_at(problems, "rush", "target_seconds").message
    assert "whole number" in problem_at(problems, "half", "target_seconds").message
    assert "must be one of" in problem_at(problems, "yell", "kind").message
    assert "last" in problem_at(problems, "break", "kind").message
    # Each problem names where it is, so a person can find it.
    for problem in problems:
        text = str(problem)
        assert text.startswith(str(broken_file))
        assert problem.step in text and f"field '{problem.field}'" in text
    # Two problems on the steps that were fine would be wrong.
    assert not [p for p in problems if "(calm)" in p.step or "(thank)" in p.step]


def test_the_duplicate_is_reported_on_the_second_step_with_that_id(broken_file):
    problems = validate_file(broken_file)
    duplicate = [p for p in problems if "duplicate" in p.message]
    assert len(duplicate) == 1
    assert duplicate[0].step == "#5 (restate)"


def test_missing_top_level_fields_are_each_named(tmp_path):
    path = tmp_path / "bare.toml"
    path.write_text('description = "no id, name, language, version or steps"\n', encoding="utf-8")
    problems = validate_file(path)
    fields = {p.field for p in problems if "missing" in p.message}
    assert fields == {"id", "name", "language", "version", "steps"}


def test_a_toml_syntax_error_is_reported_with_its_line(tmp_path):
    path = tmp_path / "syntax.toml"
    path.write_text('id = "x"\nname = "X"\nlanguage = "en\nversion = "1"\n', encoding="utf-8")
    problems = validate_file(path)
    assert len(problems) == 1
    assert problems[0].line == 3
    assert "TOML syntax error" in problems[0].message
    assert str(problems[0]).startswith(f"{path}:3: ")


def test_a_file_that_is_not_utf8_is_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('name = "Sakin görüşme"'.encode("latin-1", errors="replace") + b"\xff\xfe")
    problems = validate_file(path)
    assert len(problems) == 1 and "UTF-8" in problems[0].message


def test_a_good_file_validates_and_loads(good_file):
    assert validate_file(good_file) == []
    checklist = load_file(good_file)
    assert [s.id for s in checklist.steps] == ["listen", "fix", "break"]
    assert checklist.version == "2"
    # A break with no length gets the default one.
    assert checklist.break_seconds == 300


# -- the checklists commands ----------------------------------------------------------------------


def test_validate_command_on_a_broken_file_exits_nonzero_with_located_lines(broken_file):
    result = CliRunner().invoke(cli, ["checklists", "validate", str(broken_file)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == len(validate_file(broken_file)) >= 11
    assert all(line.startswith(f"{broken_file}: step ") for line in lines)
    assert all(" field '" in line for line in lines)
    assert f"{broken_file}: step #2 (vent): field 'goal': is missing" in lines
    assert any("step #10 (yell): field 'kind'" in line for line in lines)


def test_validate_command_on_a_good_file_exits_zero(good_file):
    result = CliRunner().invoke(cli, ["checklists", "validate", str(good_file)])
    assert result.exit_code == 0, result.output
    assert f"{good_file}: ok" in result.stdout
    assert result.stderr == ""


def test_validate_command_with_good_and_bad_files_reports_both_and_fails(good_file, broken_file):
    result = CliRunner().invoke(cli, ["checklists", "validate", str(good_file), str(broken_file)])
    assert result.exit_code == 1
    assert f"{good_file}: ok" in result.stdout
    assert str(broken_file) in result.stderr


def test_validate_command_on_a_missing_file_fails_without_traceback(tmp_path):
    missing = tmp_path / "nope.toml"
    result = CliRunner().invoke(cli, ["checklists", "validate", str(missing)])
    assert result.exit_code != 0
    assert str(missing) in result.stderr
    assert "Traceback" not in result.output


def test_validate_command_on_a_syntax_error_prints_the_line(tmp_path):
    path = tmp_path / "syntax.toml"
    path.write_text('id = "x"\n[[steps]\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["checklists", "validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:2: TOML syntax error")


def test_list_command_shows_every_builtin_with_language_and_step_count():
    result = CliRunner().invoke(cli, ["checklists", "list"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines() if line.strip()}
    assert rows["NAME"][:3] == ["NAME", "LANG", "STEPS"]
    for entry in BUILTINS:
        checklist = load_file(entry.path)
        assert rows[entry.name][1] == checklist.language
        assert rows[entry.name][2] == str(len(checklist.steps))
    assert str(user_checklists_dir()) in result.stdout


def test_show_command_prints_turkish_text_exactly():
    result = CliRunner().invoke(cli, ["checklists", "show", "default.tr"])
    assert result.exit_code == 0, result.output
    checklist = catalog.resolve("default.tr")
    assert checklist.name in result.stdout
    assert "ş" in result.stdout and "ı" in result.stdout
    for step in checklist.steps:
        assert step.title in result.stdout
        assert step.goal in result.stdout
        for phrase in step.all_phrases():
            assert phrase in result.stdout


def test_show_command_for_an_unknown_name_fails_with_one_line_naming_it():
    result = CliRunner().invoke(cli, ["checklists", "show", "no-such-list"])
    assert result.exit_code == 1
    assert "no-such-list" in result.stderr and "default.en" in result.stderr
    assert "Traceback" not in result.output


# -- the user's own checklists and paths ----------------------------------------------------------


def test_a_user_checklist_in_the_config_dir_is_listed_and_resolvable_by_name():
    user_dir = user_checklists_dir()
    user_dir.mkdir(parents=True)
    (user_dir / "ourown.toml").write_text(GOOD, encoding="utf-8")

    entry = next(e for e in catalog.entries() if e.name == "ourown")
    assert not entry.builtin
    checklist = catalog.resolve("ourown")
    assert checklist.id == "ours"
    assert checklist.source == str(user_dir / "ourown.toml")

    result = CliRunner().invoke(cli, ["checklists", "list"])
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if line.startswith("ourown"))
    assert row.split()[1:3] == ["en", "3"]


def test_an_invalid_user_checklist_is_listed_as_invalid_not_a_crash():
    user_dir = user_checklists_dir()
    user_dir.mkdir(parents=True)
    (user_dir / "wonky.toml").write_text(BROKEN, encoding="utf-8")
    result = CliRunner().invoke(cli, ["checklists", "list"])
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if line.startswith("wonky"))
    assert "invalid" in row


def test_a_builtin_name_wins_over_a_user_file_with_the_same_name():
    user_dir = user_checklists_dir()
    user_dir.mkdir(parents=True)
    (user_dir / "default.en.toml").write_text(GOOD, encoding="utf-8")
    assert catalog.resolve("default.en").source == "builtin:default.en"


def test_a_checklist_given_by_relative_path_is_loaded(tmp_path, monkeypatch, good_file):
    monkeypatch.chdir(tmp_path)
    checklist = catalog.resolve(f"./{good_file.name}")
    assert checklist.id == "ours"
    assert Path(checklist.source).resolve() == good_file.resolve()
    assert catalog.resolve(str(good_file)).id == "ours"


def test_a_copied_builtin_given_by_path_loads_like_the_builtin(tmp_path):
    copy = tmp_path / "mine.toml"
    shutil.copy(builtin_checklists_dir() / "default.tr.toml", copy)
    by_path = catalog.resolve(str(copy))
    assert by_path.steps == catalog.resolve("default.tr").steps


def test_a_missing_checklist_path_is_a_checklist_error_naming_it(tmp_path):
    missing = tmp_path / "gone.toml"
    with pytest.raises(ChecklistError) as caught:
        catalog.resolve(str(missing))
    assert caught.value.problems[0].file == str(missing)


def test_main_command_refuses_a_broken_checklist_path_without_traceback(broken_file):
    result = CliRunner().invoke(cli, ["--checklist", str(broken_file)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"callmate: {broken_file}: step #2 (vent): field 'goal': is missing" in result.stderr


# -- rendering phrases ----------------------------------------------------------------------------


def test_render_phrase_fills_the_customer_name():
    assert render_phrase("Thank you, {name}.", name="Ayşe") == "Thank you, Ayşe."
    assert render_phrase("{name}, thanks", name="  İsmail ") == "İsmail, thanks"


def test_render_phrase_without_a_name_closes_up_around_the_gap():
    assert render_phrase("Thank you, {name}.") == "Thank you."
    assert render_phrase("{name}, thanks") == "Thanks"
    assert render_phrase("I'm listening, {name}.", name="   ") == "I'm listening."
    assert render_phrase("Sorry {name}!") == "Sorry!"


def test_render_phrase_capitalises_with_a_dotted_capital_i_in_turkish():
    assert render_phrase("{name}, iyi günler", language="tr") == "İyi günler"
    assert render_phrase("{name}, ışık yok", language="tr") == "Işık yok"
    assert render_phrase("{name}, it is done", language="en") == "It is done"


def test_render_phrase_fills_the_agent_name():
    assert render_phrase("I'm {agent}, {name}.", name="Kalle", agent="Mari") == "I'm Mari, Kalle."
    assert render_phrase("This is {agent}.", agent="Şükrü") == "This is Şükrü."


def test_every_builtin_phrase_renders_without_leftover_braces():
    for entry in BUILTINS:
        checklist = load_file(entry.path)
        extras = checklist.warning + checklist.manager
        for phrase in extras + tuple(p for s in checklist.steps for p in s.all_phrases()):
            for name in ("", "Ayşe"):
                rendered = render_phrase(phrase, name=name, agent="Mert")
                assert "{" not in rendered and "}" not in rendered
                assert not rendered.startswith((",", " "))
