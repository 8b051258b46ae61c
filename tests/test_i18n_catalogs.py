"""The message catalogs are complete and honest: every message the code marks is translated in
Turkish and Estonian, nothing stale is left, placeholders and markup match, plural forms follow
Babel's CLDR rules, the committed .mo files are the .po files compiled, and they ship.

How to bring the catalogs up to date when this fails: docs/i18n.md.
"""

from __future__ import annotations

import ast
import re
import string
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import callmate
from callmate.language.i18n import DOMAIN, LANGUAGES, LOCALE_DIR, SOURCE

ROOT = Path(callmate.__file__).parent.parent
TRANSLATED = [code for code in LANGUAGES if code != SOURCE]
#: The names that mark text for the catalogs (Babel's default keywords that callmate uses).
KEYWORDS = {"_", "gettext", "ngettext", "pgettext", "N_", "NP_"}


def po_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(code: str) -> Catalog:
    with po_path(code).open("rb") as f:
        return read_po(f, locale=code)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Catalog:
    """The messages in the code now, extracted as docs/i18n.md says (the mapping in
    pyproject.toml's [tool.babel])."""
    out = tmp_path_factory.mktemp("pot") / "callmate.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "--quiet",
            "extract",
            "-F",
            str(ROOT / "pyproject.toml"),
            "--sort-output",
            "--add-location=file",
            "-o",
            str(out),
            str(ROOT / "callmate"),
        ]
    )
    with out.open("rb") as f:
        return read_po(f)


def key(message: Message) -> str:
    """The message's English (singular) text, after its context if it has one."""
    text = message.id if isinstance(message.id, str) else message.id[0]
    return f"{message.context}|{text}" if message.context else text


def messages(catalog: Catalog) -> dict[str, Message]:
    return {key(m): m for m in catalog if m.id}


def english(message: Message, *, plural: bool = False) -> str:
    """The English text of a message (``plural``: its plural form, if it has one)."""
    return message.id if isinstance(message.id, str) else message.id[-1 if plural else 0]


def forms(message: Message) -> list[str]:
    return [message.string] if isinstance(message.string, str) else list(message.string)


# -- complete, and nothing more -------------------------------------------------------------------


def test_the_code_marks_messages_for_the_catalogs(template):
    found = messages(template)
    assert "Resolved" in found and "Breathe in…" in found
    assert found["{n} call"].pluralizable
    assert "short|Resolved" in found  # the same word in a narrow column, a message of its own


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_catalog_has_every_message_the_code_has(template, code):
    lacking = sorted(set(messages(template)) - set(messages(read_catalog(code))))
    assert not lacking, f"{po_path(code)} lacks (see docs/i18n.md): {lacking}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_catalog_has_no_message_the_code_no_longer_has(template, code):
    catalog = read_catalog(code)
    extra = sorted(set(messages(catalog)) - set(messages(template)))
    assert not extra, f"{po_path(code)} has messages the code no longer has: {extra}"
    assert not catalog.obsolete, f"{po_path(code)} keeps obsolete (#~) messages"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(template, code):
    catalog = read_catalog(code)
    untranslated = [key(m) for m in catalog if m.id and not all(forms(m))]
    fuzzy = [key(m) for m in catalog if m.id and m.fuzzy]
    assert not untranslated, f"{po_path(code)}: not translated: {untranslated}"
    assert not fuzzy, f"{po_path(code)}: fuzzy (check, then remove the flag): {fuzzy}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_singular_and_plural_messages_stay_so(template, code):
    ours = messages(read_catalog(code))
    for name, message in messages(template).items():
        if name in ours:
            assert ours[name].id == message.id, f"{code}: {name!r} changed its plural form"


# -- placeholders and markup ----------------------------------------------------------------------

_PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")
_MARKUP = re.compile(r"\[/?[a-z$@][^\[\]]*\]")


def placeholders(text: str) -> list[str]:
    """``{name}``, ``{n:,}``, ``%(n)s`` and ``%s`` in a text, sorted (a repeated one counts)."""
    found = [m.group(0) for m in _PERCENT.finditer(text) if m.group(0) != "%%"]
    for _literal, field, spec, conversion in string.Formatter().parse(text):
        if field is not None:
            found.append(
                "{"
                + field
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
    return sorted(found)


def test_placeholders_are_found_in_every_form():
    assert placeholders("{n} of {total:,} calls, {n} shown") == ["{n}", "{n}", "{total:,}"]
    assert placeholders("%(n)s calls, %d%%") == ["%(n)s", "%d"]
    assert placeholders("no fields here; [b]markup[/b] is no field") == []
    with pytest.raises(ValueError):
        placeholders("a broken {field")


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_translation_keeps_the_placeholders_of_its_message(code):
    wrong = []
    for message in read_catalog(code):
        if not message.id:
            continue
        wanted = set(placeholders(english(message, plural=True)))
        for text in forms(message):
            try:
                if set(placeholders(text)) != wanted:
                    wrong.append((key(message), text))
            except ValueError:  # an unbalanced brace: str.format would raise when shown
                wrong.append((key(message), text))
    assert not wrong, f"{po_path(code)}: placeholders differ from the English: {wrong}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_translation_keeps_the_markup_of_its_message(code):
    wrong = [
        (key(m), text)
        for m in read_catalog(code)
        if m.id
        for text in forms(m)
        if sorted(_MARKUP.findall(text)) != sorted(_MARKUP.findall(english(m)))
    ]
    assert not wrong, f"{po_path(code)}: markup differs from the English: {wrong}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_babels_own_checks_pass(code):
    problems = [(key(m), [str(e) for e in errors]) for m, errors in read_catalog(code).check()]
    assert not problems, problems


# -- plural forms ---------------------------------------------------------------------------------


@pytest.mark.parametrize("code", TRANSLATED)
def test_plural_forms_are_babels_cldr_rule_for_the_language(code):
    catalog = read_catalog(code)
    assert catalog.plural_forms == Catalog(locale=code).plural_forms
    for message in catalog:
        if message.id and message.pluralizable:
            assert len(forms(message)) == catalog.num_plurals, key(message)


def test_turkish_writes_every_plural_form_as_it_writes_one():
    """CLDR gives Turkish a second form (Babel 2.19: ``n != 1``), but a Turkish noun after a
    number stays singular ("1 görüşme", "3 görüşme"): each form says the same."""
    catalog = read_catalog("tr")
    plural = [m for m in catalog if m.id and m.pluralizable]
    assert plural, "the Turkish catalog has no plural messages"
    for message in plural:
        assert len(set(forms(message))) == 1, (key(message), forms(message))


def test_estonian_counts_with_the_partitive_after_more_than_one():
    catalog = read_catalog("et")
    calls = catalog.get(("{n} call", "{n} calls"))
    assert calls is not None and forms(calls) == ["{n} kõne", "{n} kõnet"]


# -- the compiled catalogs ------------------------------------------------------------------------


def context(message: Message) -> str | None:
    """The msgctxt as text (Babel's read_mo gives it as bytes)."""
    found: str | bytes | None = message.context
    return found.decode() if isinstance(found, bytes) else found


def compiled(catalog: Catalog) -> dict[object, object]:
    return {
        (context(m), m.id if isinstance(m.id, str) else tuple(m.id)): m.string
        if isinstance(m.string, str)
        else tuple(m.string)
        for m in catalog
        if m.id and not m.fuzzy
    }


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_committed_mo_is_its_po_compiled(code):
    """A .po edited without running ``pybabel compile`` (docs/i18n.md) fails here: the .mo is
    compared by content, since file times mean nothing in a fresh checkout."""
    mo_file = po_path(code).with_suffix(".mo")
    assert mo_file.is_file(), f"{mo_file} is missing: run pybabel compile (docs/i18n.md)"
    with mo_file.open("rb") as f:
        mo = read_mo(f)
    po = read_catalog(code)
    assert compiled(mo) == compiled(po), f"{mo_file} is not {po_path(code)} compiled"
    assert mo.plural_forms == po.plural_forms


# -- marked where Babel can see it ----------------------------------------------------------------


def hidden_in_fstrings(path: Path) -> list[str]:
    """Marked literals inside an f-string (``f"[b]{_('Steps')}[/b]"``): Babel reads Python 3.11
    source with the tokenizer, which sees an f-string as one string, so these never reach the
    catalogs. Use a variable, or ``ui.text.marked("b", _("Steps"))``."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.JoinedStr):
            continue
        for call in ast.walk(node):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id in KEYWORDS
                and call.args
                and isinstance(call.args[0], ast.Constant)
            ):
                found.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    return found


def test_the_check_would_notice_a_message_hidden_in_an_fstring(tmp_path, monkeypatch):
    fake = tmp_path / "fake.py"
    fake.write_text(
        "x = f\"[b]{_('Steps')}[/b]\"\ny = f'{_(name)}'\nz = _('Fine') + f'{n}'\n", encoding="utf-8"
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert hidden_in_fstrings(fake) == ["fake.py:1"]


def test_no_message_is_hidden_in_an_fstring():
    found = [
        where
        for path in sorted((ROOT / "callmate").rglob("*.py"))
        for where in hidden_in_fstrings(path)
    ]
    assert not found, f"translated text inside f-strings never reaches the catalogs: {found}"


# -- shipped --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("dist")
    built = list(WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"]))
    return Path(built[0])


def test_the_wheel_ships_the_compiled_catalogs(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for code in TRANSLATED:
            inside = f"callmate/language/locale/{code}/LC_MESSAGES/{DOMAIN}.mo"
            assert inside in names
            assert archive.read(inside) == po_path(code).with_suffix(".mo").read_bytes()


def test_an_installed_package_speaks_turkish_and_estonian(wheel, tmp_path):
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tmp_path)
    script = (
        "import callmate.language.i18n as i\n"
        f"assert i.LOCALE_DIR.is_relative_to({str(tmp_path)!r}), i.LOCALE_DIR\n"
        "i.set_language('tr'); assert i._('Yes') == 'Evet'\n"
        "i.set_language('et'); assert i.ngettext('{n} call', '{n} calls', 3) == '{n} kõnet'\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_catalogs_are_found_next_to_the_code_in_an_editable_install():
    assert LOCALE_DIR == ROOT / "callmate" / "language" / "locale"
    for code in TRANSLATED:
        assert po_path(code).with_suffix(".mo").is_file()
