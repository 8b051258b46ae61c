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
    #: Case endings a search reads past (the longest a word ends in, when four letters or more
    #: are left): a word typed with one ("kargoyu", "kullerit") also finds the word in any other
    #: form ("kargo", "kuller").
    search_endings: tuple[str, ...] = ()


def _stems(vowels: str, *endings: str) -> tuple[str, ...]:
    """Estonian endings, each also after the vowel a genitive stem ends in ("kulleri" + "le");
    a single letter only after one (a bare -s or -t is too often part of the word)."""
    return tuple(v + e for e in endings for v in vowels) + tuple(e for e in endings if len(e) > 1)


# Turkish: the cases and the possessive, with their buffer letters (kargo-y-u, fatura-s-ı-nı).
_TURKISH_ENDINGS = (
    "sını", "sini", "sunu", "sünü", "ları", "leri", "ndan", "nden", "nın", "nin", "nun", "nün",
    "dan", "den", "tan", "ten", "lar", "ler", "yla", "yle", "nda", "nde", "da", "de", "ta", "te",
    "ya", "ye", "yı", "yi", "yu", "yü", "sı", "si", "su", "sü",
)  # fmt: skip
# Estonian: the cases after the genitive stem, and the partitive's -t / -d after a vowel.
_ESTONIAN_ENDINGS = _stems(
    "aeiu", "sse", "st", "le", "lt", "ks", "ni", "na", "ta", "ga", "s", "l", "t", "d"
)


REGISTRY: tuple[Language, ...] = (
    Language("en"),
    Language(
        "tr",
        polite_address="efendim",
        address_example="Ayşe Hanım",
        search_endings=_TURKISH_ENDINGS,
    ),
    Language("et", address_example="pr Tamm", search_endings=_ESTONIAN_ENDINGS),
)
BY_CODE = {entry.code: entry for entry in REGISTRY}
LANGUAGES = tuple(BY_CODE)
#: The source language: the catalogs' msgids are its text.
SOURCE = "en"


def language_code(language: str | None) -> str:
    """ "tr", "tr_TR", "et-EE" or "TR" as one of LANGUAGES; anything else is the source."""
    code = (language or SOURCE).replace("-", "_").split("_")[0].strip().lower()
    return code if code in BY_CODE else SOURCE
