"""``--lang`` and the language chosen at start-up, before any screen is built."""

from __future__ import annotations

import os

import click

from callmate.config import Settings
from callmate.language.i18n import LANGUAGES, resolve_language, set_language

lang_option = click.option(
    "--lang",
    "lang",
    type=click.Choice(LANGUAGES, case_sensitive=False),
    help="Language of the interface (default: the settings, then the language of the checklist "
    "you chose, then the locale, then English).",
)


def given(ctx: click.Context, lang: str | None) -> str | None:
    """``--lang`` after the command, else before it (``callmate --lang tr review``)."""
    return lang or ctx.find_root().params.get("lang")


def chosen_checklist_language(settings: Settings) -> str | None:
    """The language of the checklist kept in the settings, for a command that runs none (review);
    none when none is kept or it cannot be read."""
    if not settings.checklist:
        return None
    from callmate.checklists import catalog
    from callmate.checklists.load import ChecklistError

    try:
        return catalog.resolve(settings.checklist).language
    except (ChecklistError, OSError):
        return None


def start_language(lang: str | None, settings: Settings, checklist_language: str | None) -> str:
    """Choose the language and speak it from now on: ``--lang``, the settings, the language of
    the checklist the agent chose (``None`` when the built-in default is used only because
    nothing was chosen, so it does not hide the locale), the locale, English. Returns it."""
    return set_language(resolve_language(lang, settings.language, checklist_language, os.environ))


def speak(ctx: click.Context, lang: str | None = None) -> str:
    """Choose the language for a command that prints text for people (``calls``, ``stats``,
    ``export``): ``--lang`` (after the command or before it), the settings, the kept checklist's
    language, the locale, English. Machine output does not change with it."""
    from callmate import config

    settings = config.load()
    return start_language(given(ctx, lang), settings, chosen_checklist_language(settings))
