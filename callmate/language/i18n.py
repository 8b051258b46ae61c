"""The language callmate speaks to people: English, Turkish or Estonian.

Messages come from gettext catalogs,
``callmate/language/locale/<code>/LC_MESSAGES/callmate.po``, kept with Babel and compiled to the
``.mo`` files read here by the standard library's ``gettext``, so start-up never loads Babel
(docs/i18n.md). English is the source language: a msgid is the English text, and English needs
no catalog.

The language is one process-wide setting, chosen once at start-up (:func:`resolve_language`,
:func:`set_language`); ``_()`` reads it at call time, so text built after a change follows it.
Text that must exist before the language is known (key binding descriptions, labels kept in
dicts) is marked with :func:`N_` and translated where it is shown.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Mapping
from pathlib import Path

from callmate.language.cldr import format_decimal, format_fixed
from callmate.language.registry import LANGUAGES, SOURCE
from callmate.models import N_, NP_

# fmt: off
__all__ = [
    "LANGUAGES", "NP_", "N_", "_", "gettext", "language", "ngettext", "number", "pgettext",
    "resolve_language", "set_language", "supported", "upper",
]
# fmt: on

DOMAIN = "callmate"
LOCALE_DIR = Path(__file__).parent / "locale"
#: Where the locale names the language of messages, strongest first (POSIX: the first one set
#: decides, even when callmate does not speak it).
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

_loaded: dict[str, _gettext.NullTranslations] = {}
_code = SOURCE
_current: _gettext.NullTranslations = _gettext.NullTranslations()


def supported(name: str | None) -> str | None:
    """``"tr"``, ``"tr_TR.UTF-8"``, ``"et-EE"``, ``"ET"`` as one of LANGUAGES; ``None`` for a
    language callmate does not speak, ``C``/``POSIX``, or nothing."""
    if not name:
        return None
    code = name.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].strip().lower()
    return code if code in LANGUAGES else None


def resolve_language(
    option: str | None,
    settings_value: str | None,
    checklist_language: str | None,
    environ: Mapping[str, str],
) -> str:
    """The language to speak: ``--lang``, then the settings, then the checklist's language, then
    the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), then English.

    A value callmate does not speak (``de`` in the settings, a German checklist) is passed over
    for the next source; a locale callmate does not speak (``de_DE.UTF-8``, ``C``) means English.
    """
    for value in (option, settings_value, checklist_language):
        code = supported(value)
        if code:
            return code
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            return supported(value) or SOURCE
    return SOURCE


def _translations(code: str) -> _gettext.NullTranslations:
    if code not in _loaded:
        if code == SOURCE:
            _loaded[code] = _gettext.NullTranslations()
        else:
            _loaded[code] = _gettext.translation(
                DOMAIN, localedir=str(LOCALE_DIR), languages=[code], fallback=True
            )
    return _loaded[code]


def set_language(code: str | None) -> str:
    """Speak ``code`` from now on (one of LANGUAGES, or a locale name; anything else is English).
    Returns the language now spoken."""
    global _code, _current
    _code = supported(code) or SOURCE
    _current = _translations(_code)
    return _code


def language() -> str:
    """The language spoken now: ``"en"``, ``"tr"`` or ``"et"``."""
    return _code


def gettext(message: str) -> str:
    """``message`` (English, the msgid) in the language spoken now."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the count ``n``, by the language's own plural rule (English
    "1 call"/"3 calls"; Turkish "3 görüşme", no plural after a number; Estonian "1 kõne",
    "3 kõnet"). Fill the count in afterwards: ``ngettext("{n} call", "{n} calls", n).format(n=n)``.
    """
    return _current.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the sense ``context`` gives it (msgctxt): the same English word can need
    two translations, as "Callback" in a narrow column (``pgettext("short", "Callback")``)."""
    return _current.pgettext(context, message)


_ = gettext


def upper(text: str, language_code: str | None = None) -> str:
    """Capitals as the language writes them: Turkish ``"bizde"`` is ``"BİZDE"`` (``str.upper``
    gives ``"BIZDE"``) and ``"ı"`` is ``"I"``. ``language_code``: the language spoken if none."""
    if (supported(language_code) or _code) == "tr":
        text = text.replace("i", "İ")
    return text.upper()


def fixed(value: float, places: int = 1, language_code: str | None = None) -> str:
    """A figure with ``places`` decimals as the language writes it: ``90.9`` in English, ``90,9``
    in Turkish and Estonian."""
    return format_fixed(value, places, supported(language_code) or _code)


def number(value: int | float, language_code: str | None = None) -> str:
    """A count or figure as the language groups its digits: ``1,234`` in English, ``1.234`` in
    Turkish, ``12 345`` in Estonian (a no-break space), as CLDR writes them
    (``callmate.language.cldr``)."""
    return format_decimal(value, supported(language_code) or _code)
