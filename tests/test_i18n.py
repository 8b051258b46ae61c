"""The language callmate speaks: how it is chosen, plural rules, Turkish capitals, labels that
follow a change of language made after they were imported, and a start-up that stays light."""

from __future__ import annotations

import pytest

from callmate.language import i18n, labels
from callmate.language.i18n import N_, _, ngettext, resolve_language, set_language, supported, upper
from tests.fresh import run_fresh


@pytest.fixture(autouse=True)
def english_afterwards():
    """The language is process-wide: every test leaves English behind it."""
    yield
    set_language("en")


# -- which language -------------------------------------------------------------------------------

TR_LOCALE = {"LANG": "tr_TR.UTF-8"}


@pytest.mark.parametrize(
    "option, setting, checklist, environ, expected",
    [
        # each source in its turn
        ("et", "tr", "tr", TR_LOCALE, "et"),  # --lang first
        (None, "et", "tr", TR_LOCALE, "et"),  # then the settings
        (None, "", "et", TR_LOCALE, "et"),  # then the checklist's language
        (None, "", None, {"LANG": "et_EE.UTF-8"}, "et"),  # then the locale
        (None, "", None, {}, "en"),  # then English
        # the locale: LC_ALL, then LC_MESSAGES, then LANG; the first one set decides
        (None, "", None, {"LC_ALL": "tr_TR.UTF-8", "LC_MESSAGES": "et_EE", "LANG": "en_GB"}, "tr"),
        (None, "", None, {"LC_ALL": "", "LC_MESSAGES": "et_EE.UTF-8", "LANG": "tr_TR"}, "et"),
        (None, "", None, {"LC_ALL": "de_DE.UTF-8", "LANG": "tr_TR.UTF-8"}, "en"),
        (None, "", None, {"LANG": "C.UTF-8"}, "en"),
        (None, "", None, {"LANG": "POSIX"}, "en"),
        (None, "", None, {"LANGUAGE": "tr", "LANG": "et_EE"}, "et"),  # LANGUAGE is not read
        # forms of a name
        ("TR", "", None, {}, "tr"),
        (None, "tr-TR", None, {}, "tr"),
        (None, "", "et_EE@euro", {}, "et"),
        # a language callmate does not speak is passed over for the next source
        (None, "de", "tr", {}, "tr"),
        (None, "", "de", {"LANG": "et_EE.UTF-8"}, "et"),
        (None, "fr", "de", {"LANG": "de_DE.UTF-8"}, "en"),
        # English chosen is English, whatever comes after
        ("en", "tr", "tr", TR_LOCALE, "en"),
        (None, "en", "tr", TR_LOCALE, "en"),
        (None, "", "en", TR_LOCALE, "en"),
    ],
)
def test_the_language_comes_from_option_settings_checklist_locale_then_english(
    option, setting, checklist, environ, expected
):
    assert resolve_language(option, setting, checklist, environ) == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ("tr", "tr"),
        ("ET", "et"),
        ("tr_TR.UTF-8", "tr"),
        ("et-EE", "et"),
        ("en_US", "en"),
        ("de", None),
        ("C", None),
        ("", None),
        (None, None),
        ("turkish", None),
    ],
)
def test_supported_names(name, expected):
    assert supported(name) == expected


def test_set_language_speaks_the_language_and_anything_else_is_english():
    assert set_language("tr_TR.UTF-8") == "tr" and i18n.language() == "tr"
    assert _("Yes") == "Evet"
    assert set_language("et") == "et" and _("Yes") == "Jah"
    assert set_language("de") == "en" and _("Yes") == "Yes"
    assert set_language(None) == "en"


def test_a_message_no_catalog_has_is_shown_in_english():
    set_language("tr")
    assert _("A sentence nobody translated") == "A sentence nobody translated"


# -- plurals ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, counts",
    [
        ("en", {0: "0 calls", 1: "1 call", 2: "2 calls", 21: "21 calls"}),
        # Turkish: no plural after a number
        ("tr", {0: "0 görüşme", 1: "1 görüşme", 3: "3 görüşme", 21: "21 görüşme"}),
        # Estonian: 1 kõne, otherwise the partitive
        ("et", {0: "0 kõnet", 1: "1 kõne", 3: "3 kõnet", 21: "21 kõnet"}),
    ],
)
def test_counts_follow_each_languages_plural_rule(code, counts):
    set_language(code)
    for n, expected in counts.items():
        assert ngettext("{n} call", "{n} calls", n).format(n=n) == expected


# -- capitals and numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, code, expected",
    [
        ("bizde", "tr", "BİZDE"),
        ("hata bizde", "tr", "HATA BİZDE"),
        ("ılık", "tr", "ILIK"),
        ("şğüöç", "tr", "ŞĞÜÖÇ"),
        ("bizde", "en", "BIZDE"),
        ("meie viga", "et", "MEIE VIGA"),
        ("õäöü", "et", "ÕÄÖÜ"),
    ],
)
def test_capitals_as_the_language_writes_them(text, code, expected):
    assert upper(text, code) == expected


def test_capitals_follow_the_language_spoken_when_none_is_named():
    set_language("tr")
    assert upper("bizde") == "BİZDE"
    set_language("en")
    assert upper("bizde") == "BIZDE"


def test_numbers_are_grouped_as_the_language_groups_them():
    assert i18n.number(1234567, "en") == "1,234,567"
    assert i18n.number(1234567, "tr") == "1.234.567"
    assert i18n.number(1234567, "et") == "1\xa0234\xa0567"
    set_language("tr")
    assert i18n.number(250) == "250"


# -- text declared before the language is known -------------------------------------------------


def test_marked_text_is_left_as_it_is_until_shown():
    set_language("tr")
    assert N_("Resolved") == "Resolved"
    assert _(N_("Resolved")) == "Çözüldü"


def test_labels_follow_a_language_chosen_after_they_were_imported():
    assert labels.outcome_label("resolved") == "Resolved"
    set_language("tr")
    assert labels.outcome_label("resolved") == "Çözüldü"
    assert labels.outcome_label("abuse") == "Hakaret nedeniyle sonlandırıldı"
    assert labels.outcome_label("abuse", short=True) == "Hakaret"
    assert labels.outcome_label(None) == "Tamamlanmadı"
    assert labels.adherence_rate_label("on_time") == "zamanında"
    assert labels.step_status_label("skipped") == "atlandı"
    set_language("et")
    assert labels.outcome_label("hung_up") == "Klient katkestas kõne"
    assert labels.outcome_label("callback") == "Tagasihelistamine"
    # stored codes and unknown codes are never translated
    assert labels.OUTCOME_WORDS["resolved"].label == "Resolved"
    assert labels.outcome_label("something_new") == "something_new"
    assert labels.step_status_label("odd") == "odd"


# -- start-up --------------------------------------------------------------------------------------


def test_choosing_the_language_at_start_up_loads_no_babel():
    """The live start-up path reads the compiled catalog with the standard library only."""
    code = (
        "import callmate.cli\n"
        "from callmate.language.i18n import _, set_language, upper\n"
        "assert set_language('tr') == 'tr'\n"
        "assert _('Yes') == 'Evet' and upper('bizde') == 'BİZDE'\n"
    )
    assert run_fresh(code, "babel", "sqlite_utils")[1] == []
