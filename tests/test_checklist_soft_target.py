"""The soft target (a step field shown as a guide that never counts as over), and the form of
address that fills {name}."""

from __future__ import annotations

from pathlib import Path

import pytest

from callmate.checklists.load import load_text, validate_file
from callmate.checklists.model import Step

HEAD = 'id = "soft"\nname = "Soft"\nlanguage = "en"\nversion = "1"\n'


def one_step(extra: str, *, kind: str = "inner", target: int = 120) -> str:
    return HEAD + (
        f'\n[[steps]]\nid = "vent"\ntitle = "Let them vent"\ngoal = "Listen."\n'
        f'target_seconds = {target}\nkind = "{kind}"\n{extra}\n'
        '\n[[steps]]\nid = "thank"\ntitle = "Thank"\ngoal = "Close."\ntarget_seconds = 40\n'
        'phrases = ["Thank you."]\n'
        '\n[[steps]]\nid = "break"\ntitle = "Break"\ngoal = "Rest."\ntarget_seconds = 300\n'
        'kind = "break"\n'
    )


def test_soft_target_is_read_and_defaults_to_false():
    soft = load_text(one_step("soft_target = true"), "soft.toml").step("vent")
    plain = load_text(one_step(""), "plain.toml").step("vent")
    assert soft.soft_target is True and soft.target_seconds == 120
    assert plain.soft_target is False


def test_a_soft_target_is_never_over_a_hard_one_is():
    soft = Step("vent", "Vent", "Listen.", 120, kind="inner", soft_target=True)
    hard = Step("vent", "Vent", "Listen.", 120, kind="inner")
    none = Step("ack", "Ack", "Show it.", 0, phrases=("I see.",))
    assert not soft.is_over(10_000)
    assert not hard.is_over(120) and hard.is_over(120.5)
    assert not none.is_over(10_000)


@pytest.mark.parametrize("value", ['"yes"', "1", "[true]"])
def test_soft_target_must_be_true_or_false(tmp_path: Path, value: str):
    path = tmp_path / "bad.toml"
    path.write_text(one_step(f"soft_target = {value}"), encoding="utf-8")
    problems = validate_file(path)
    assert [(p.step, p.field) for p in problems] == [("#1 (vent)", "soft_target")]
    assert "true or false" in problems[0].message


def test_a_soft_target_without_a_target_is_reported(tmp_path: Path):
    path = tmp_path / "zero.toml"
    path.write_text(one_step("soft_target = true", target=0), encoding="utf-8")
    problems = validate_file(path)
    assert [(p.step, p.field) for p in problems] == [("#1 (vent)", "soft_target")]
    assert "target_seconds above 0" in problems[0].message


def test_a_break_cannot_have_a_soft_target(tmp_path: Path):
    text = one_step("").replace('kind = "break"\n', 'kind = "break"\nsoft_target = true\n')
    path = tmp_path / "break.toml"
    path.write_text(text, encoding="utf-8")
    problems = validate_file(path)
    assert [(p.step, p.field) for p in problems] == [("#3 (break)", "soft_target")]


def test_the_form_of_address_fills_name_when_given():
    from callmate.checklists.model import render_phrase

    phrase = "Sizi dinliyorum, {name}."
    assert render_phrase(phrase, name="Ayşe Yılmaz", address="Ayşe Hanım") == (
        "Sizi dinliyorum, Ayşe Hanım."
    )
    assert (
        render_phrase(phrase, name="Ayşe Yılmaz", address="  ") == "Sizi dinliyorum, Ayşe Yılmaz."
    )
    assert render_phrase("Aitäh, {name}.", address="härra Tamm") == "Aitäh, härra Tamm."
    assert render_phrase(phrase, language="tr") == "Sizi dinliyorum."
