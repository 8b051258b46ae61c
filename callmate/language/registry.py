"""The languages callmate speaks, declared once: the one list every table kept per language is
checked against (``tests/test_languages_complete.py``). docs/i18n.md says what else a new
language brings: its catalog, its checklists and its date words."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    #: What ``{name}`` says to a customer whose name is known but not their form of address,
    #: where the bare name would be impolite: Turkish pairs siz with "Ayşe Hanım" or "efendim",
    #: never with "Ayşe Yılmaz". Empty: the name as typed is polite enough.
    polite_address: str = ""
    #: A form of address as the language's customers are called in phrases ("Ayşe Hanım"),
    #: shown as the example in the customer's empty field.
    address_example: str = "Mr Tamm"


REGISTRY: tuple[Language, ...] = (
    Language("en"),
    Language("tr", polite_address="efendim", address_example="Ayşe Hanım"),
    Language("et", address_example="pr Tamm"),
)
BY_CODE = {entry.code: entry for entry in REGISTRY}
LANGUAGES = tuple(BY_CODE)
#: The source language: the catalogs' msgids are its text.
SOURCE = "en"


def language_code(language: str | None) -> str:
    """ "tr", "tr_TR", "et-EE" or "TR" as one of LANGUAGES; anything else is the source."""
    code = (language or SOURCE).replace("-", "_").split("_")[0].strip().lower()
    return code if code in BY_CODE else SOURCE
