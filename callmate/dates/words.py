"""The words agents type for dates, one table per language (English, Turkish, Estonian).

Tables are written as people spell the words. Matching folds case and diacritics (see ``fold``):
agents often type without a Turkish or Estonian keyboard, so "YARIN", "yarin" and "yarın" are one
word, and so are "pärast" and "parast". Every language also understands the English table.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from callmate.language.registry import language_code

# What a word before a weekday does to it ("geçen cuma", "järgmisel reedel", "haftaya salı").
LAST, NEXT, THIS, LAST_WEEK, NEXT_WEEK = "last", "next", "this", "last_week", "next_week"
# Parts of the day ("öğleden sonra 3", "homme lõunal"): their hours are in dates.read.DAYPARTS.
MORNING, NOON, AFTERNOON, LATE_AFTERNOON, EVENING, NIGHT = (
    "morning", "noon", "afternoon", "late_afternoon", "evening", "night",
)  # fmt: skip
# A whole period, said ("last week", "bu ay", "sel kuul"): its unit and how many back or ahead.
WEEK, MONTH, YEAR = "week", "month", "year"


@dataclass(frozen=True)
class Table:
    """One language's date words."""

    now: tuple[str, ...] = ()
    days: dict[str, int] = field(default_factory=dict)  # word -> days from today
    weekdays: tuple[tuple[str, ...], ...] = ()  # Monday first; every form of each day
    weekday_prefix: int = 0  # > 0: a prefix this long of a day's first form also names it
    months: tuple[tuple[str, ...], ...] = ()  # January first
    units: dict[str, str] = field(default_factory=dict)  # word -> relativedelta field
    ago: tuple[str, ...] = ()  # after an amount, backwards: "3 gün önce"
    later: tuple[str, ...] = ()  # after an amount, forwards: "2 päeva pärast"
    ahead: tuple[str, ...] = ()  # before an amount, forwards: "in 3 days"
    at: tuple[str, ...] = ()  # before a time of day: "saat 10", "kell 10"
    modifiers: dict[str, str] = field(default_factory=dict)  # before a weekday
    fillers: tuple[str, ...] = ()  # after a weekday or month, adding nothing: "cuma günü"
    leading: tuple[str, ...] = ()  # first, adding nothing (a since field's word): "alates"
    dayparts: dict[str, str] = field(default_factory=dict)  # word -> a part of the day
    periods: dict[str, tuple[str, int]] = field(default_factory=dict)  # words -> (unit, offset)


def _periods(
    last: tuple[str, ...], this: tuple[str, ...], next_: tuple[str, ...], **units: tuple[str, ...]
) -> dict[str, tuple[str, int]]:
    """Every way of saying last, this and next ``unit``: ``units`` gives, per unit (WEEK, MONTH,
    YEAR), the unit's word after each of ``last``, ``this`` and ``next_`` in turn (the same
    index), so "geçen" + "hafta" and "eelmisel" + "nädalal" are written once each."""
    out: dict[str, tuple[str, int]] = {}
    for unit, forms in units.items():
        for offset, words in ((-1, last), (0, this), (1, next_)):
            for n, word in enumerate(words):
                out[f"{word} {forms[n]}"] = (unit, offset)
    return out


def _with_endings(
    forms: tuple[tuple[str, ...], ...], base: int, endings: tuple[str, ...]
) -> tuple[tuple[str, ...], ...]:
    """Each entry's forms plus its form number ``base`` with each case ending added."""
    return tuple(entry + tuple(entry[base] + end for end in endings) for entry in forms)


# fmt: off
ENGLISH = Table(
    now=("now",),
    days={"today": 0, "yesterday": -1, "tomorrow": 1},
    weekdays=(("monday",), ("tuesday",), ("wednesday",), ("thursday",), ("friday",),
              ("saturday",), ("sunday",)),
    weekday_prefix=3,  # "mon", "tues", "thur"
    months=(("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec")),
    units={
        "m": "minutes", "min": "minutes", "mins": "minutes", "minute": "minutes",
        "minutes": "minutes", "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours",
        "hours": "hours", "d": "days", "day": "days", "days": "days", "w": "weeks", "wk": "weeks",
        "week": "weeks", "weeks": "weeks", "mo": "months", "month": "months", "months": "months",
        "y": "years", "year": "years", "years": "years",
    },
    ago=("ago",),
    ahead=("in",),
    at=("at",),
    modifiers={"last": LAST, "next": NEXT, "this": THIS},
    dayparts={"morning": MORNING, "noon": NOON, "midday": NOON, "afternoon": AFTERNOON,
              "evening": EVENING, "this evening": EVENING, "tonight": EVENING, "night": NIGHT},
    periods=_periods(("last",), ("this",), ("next",), week=("week",), month=("month",),
                     year=("year",)),
)
# fmt: on

# fmt: off
TURKISH = Table(
    now=("şimdi",),
    days={"bugün": 0, "bu gün": 0, "yarın": 1, "dün": -1, "öbür gün": 2, "öbürgün": 2,
          "yarından sonra": 2, "evvelsi gün": -2, "önceki gün": -2},
    # Nominative, dative ("cumaya": for Friday), abbreviations; ablative "cumadan" (from Friday:
    # "cumadan beri"), either harmony.
    weekdays=_with_endings((("pazartesi", "pazartesiye", "pzt", "pts"), ("salı", "salıya", "sal"),
                            ("çarşamba", "çarşambaya", "çar", "çrş"),
                            ("perşembe", "perşembeye", "per", "prş"), ("cuma", "cumaya", "cum"),
                            ("cumartesi", "cumartesiye", "cmt", "cts"), ("pazar", "pazara", "paz")),
                           0, ("dan", "den")),
    # Locative "kasımda" / "aralıkta", ablative "kasımdan" / "aralıktan" (from: "1 Kasım'dan
    # beri"; any harmony accepted: agents type fast).
    months=_with_endings((("ocak", "oca"), ("şubat", "şub"), ("mart", "mar"), ("nisan", "nis"),
                          ("mayıs", "may"), ("haziran", "haz"), ("temmuz", "tem"),
                          ("ağustos", "ağu"), ("eylül", "eyl"), ("ekim", "eki"), ("kasım", "kas"),
                          ("aralık", "ara")),
                         0, ("da", "de", "ta", "te", "dan", "den", "tan", "ten")),
    units={"dakika": "minutes", "dk": "minutes", "dak": "minutes", "saat": "hours",
           "sa": "hours", "gün": "days", "g": "days", "hafta": "weeks", "hf": "weeks",
           "ay": "months", "yıl": "years", "sene": "years"},
    ago=("önce", "evvel"),
    later=("sonra", "içinde"),
    at=("saat",),
    modifiers={"geçen": LAST, "gelecek": NEXT, "önümüzdeki": NEXT, "bu": THIS,
               "haftaya": NEXT_WEEK, "gelecek hafta": NEXT_WEEK, "önümüzdeki hafta": NEXT_WEEK,
               "geçen hafta": LAST_WEEK, "bu hafta": THIS},
    fillers=("günü", "ayı", "ayında", "beri", "itibaren"),
    dayparts={"sabah": MORNING, "sabahleyin": MORNING, "sabaha": MORNING, "bu sabah": MORNING,
              "öğleden önce": MORNING, "öğle": NOON, "öğlen": NOON, "öğleyin": NOON,
              "öğlene": NOON, "öğleye": NOON, "öğleden sonra": AFTERNOON,
              "öğlenden sonra": AFTERNOON, "akşamüstü": LATE_AFTERNOON,
              "akşam üstü": LATE_AFTERNOON, "akşamüzeri": LATE_AFTERNOON,
              "akşam üzeri": LATE_AFTERNOON, "akşam": EVENING, "akşama": EVENING,
              "akşamleyin": EVENING, "bu akşam": EVENING, "gece": NIGHT, "bu gece": NIGHT},
    periods={**_periods(("geçen", "geçtiğimiz"), ("bu",), ("gelecek", "önümüzdeki"),
                        week=("hafta", "hafta"), month=("ay", "ay"), year=("yıl", "yıl")),
             **_periods(("geçen",), ("bu",), ("gelecek",), year=("sene",)),
             "haftaya": (WEEK, 1)},
)
# fmt: on

# fmt: off
ESTONIAN = Table(
    now=("nüüd", "praegu", "kohe"),
    days={"täna": 0, "homme": 1, "eile": -1, "ülehomme": 2, "üleeile": -2},
    # Nominative, genitive, letter; adessive "reedel" (on Friday), translative "reedeks" (by),
    # elative "reedest" (from Friday: "alates reedest").
    weekdays=_with_endings((("esmaspäev", "esmaspäeva", "e"), ("teisipäev", "teisipäeva", "t"),
                            ("kolmapäev", "kolmapäeva", "k"), ("neljapäev", "neljapäeva", "n"),
                            ("reede", "reede", "r"), ("laupäev", "laupäeva", "l"),
                            ("pühapäev", "pühapäeva", "p")), 1, ("l", "ks", "st")),
    # Nominative, genitive, abbreviation; adessive "detsembril", inessive "detsembris", elative
    # "detsembrist" (from: "alates 1. detsembrist").
    months=_with_endings((("jaanuar", "jaanuari", "jaan"), ("veebruar", "veebruari", "veebr"),
                          ("märts", "märtsi"), ("aprill", "aprilli", "apr"), ("mai", "mai"),
                          ("juuni", "juuni"), ("juuli", "juuli"), ("august", "augusti", "aug"),
                          ("september", "septembri", "sept"), ("oktoober", "oktoobri", "okt"),
                          ("november", "novembri", "nov"), ("detsember", "detsembri", "dets")),
                         1, ("l", "s", "st")),
    units={"minut": "minutes", "minuti": "minutes", "minutit": "minutes", "minutid": "minutes",
           "tund": "hours", "tunni": "hours", "tundi": "hours", "tunnid": "hours",
           "päev": "days", "päeva": "days", "päevad": "days", "nädal": "weeks",
           "nädala": "weeks", "nädalat": "weeks", "nädalad": "weeks", "kuu": "months",
           "kuud": "months", "aasta": "years", "aastat": "years", "aastad": "years"},
    ago=("tagasi", "eest"),
    leading=("alates",),
    later=("pärast", "hiljem"),
    at=("kell", "kl"),
    modifiers={"eelmine": LAST, "eelmisel": LAST, "möödunud": LAST, "järgmine": NEXT,
               "järgmisel": NEXT, "tulev": NEXT, "tuleval": NEXT, "see": THIS, "sel": THIS,
               "järgmise nädala": NEXT_WEEK, "järgmisel nädalal": NEXT_WEEK,
               "eelmise nädala": LAST_WEEK, "eelmisel nädalal": LAST_WEEK,
               "sel nädalal": THIS, "selle nädala": THIS},
    dayparts={"hommikul": MORNING, "hommikuks": MORNING, "lõunal": NOON, "lõunaks": NOON,
              "lõuna ajal": NOON, "keskpäeval": NOON, "pärastlõunal": AFTERNOON,
              "pärast lõunat": AFTERNOON, "peale lõunat": AFTERNOON,
              "õhtupoolikul": LATE_AFTERNOON, "õhtul": EVENING, "õhtuks": EVENING,
              "öösel": NIGHT},
    periods={**_periods(("eelmisel", "eelmine", "möödunud"), ("sel", "see", "käesoleval"),
                        ("järgmisel", "järgmine", "tuleval"),
                        week=("nädalal", "nädal", "nädalal"), month=("kuul", "kuu", "kuul"),
                        year=("aastal", "aasta", "aastal")),
             "mullu": (YEAR, -1)},
)
# fmt: on

TABLES = {"en": ENGLISH, "tr": TURKISH, "et": ESTONIAN}


def fold(text: str) -> str:
    """Text as matched: case, diacritics and apostrophes gone, commas as spaces, one space.

    Turkish dotless ı and dotted İ both become i, so words typed with or without a Turkish
    keyboard, in any case, meet ("SALI", "Salı", "sali")."""
    text = text.replace("ı", "i").casefold()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.replace("'", "").replace("\u2019", "").replace("`", "").replace(",", " ")
    return " ".join(text.split())


@dataclass(frozen=True)
class Lexicon:
    """A language's table merged with English, folded, ready for lookups."""

    now: frozenset[str]
    days: dict[str, int]
    weekdays: dict[str, int]
    prefix_names: tuple[tuple[str, int, int], ...]  # (full name, weekday, shortest prefix)
    months: dict[str, int]
    units: dict[str, str]
    ago: frozenset[str]
    later: frozenset[str]
    ahead: frozenset[str]
    at: frozenset[str]
    modifiers: dict[str, str]
    fillers: frozenset[str]
    leading: frozenset[str]
    dayparts: dict[str, str]
    periods: dict[str, tuple[str, int]]
    phrases: tuple[tuple[str, ...], ...]  # words of several tokens, longest first

    def weekday(self, word: str) -> int | None:
        """The weekday (Monday 0) a word names, or None."""
        if word in self.weekdays:
            return self.weekdays[word]
        for name, index, shortest in self.prefix_names:
            if len(word) >= shortest and name.startswith(word):
                return index
        return None

    def tokens(self, folded: str) -> list[str]:
        """Folded text as words, "9 am" as "9am", known phrases ("öbür gün") as one token."""
        words: list[str] = []
        for word in folded.split():
            if word in ("am", "pm") and words and words[-1][-1:].isdigit():
                words[-1] += word
            else:
                words.append(word)
        merged, i = [], 0
        while i < len(words):
            phrase = next((p for p in self.phrases if tuple(words[i : i + len(p)]) == p), None)
            merged.append(" ".join(phrase) if phrase else words[i])
            i += len(phrase) if phrase else 1
        return merged


def _index(groups: tuple[tuple[str, ...], ...]) -> dict[str, int]:
    return {fold(form): number for number, forms in enumerate(groups) for form in forms}


def _merged(tables: list[Table], name: str) -> dict[str, Any]:
    """The tables' dict field ``name``, folded; the first table's words win."""
    return {fold(k): v for t in reversed(tables) for k, v in getattr(t, name).items()}


def _folded(tables: list[Table], name: str) -> frozenset[str]:
    """The tables' word list ``name``, folded, all together."""
    return frozenset(fold(w) for t in tables for w in getattr(t, name))


@cache
def lexicon(language: str) -> Lexicon:
    """The folded words for ``language`` (its own table, then English's)."""
    tables = [TABLES[language_code(language)], ENGLISH]
    days: dict[str, int] = _merged(tables, "days")
    modifiers: dict[str, str] = _merged(tables, "modifiers")
    now = _folded(tables, "now")
    dayparts: dict[str, str] = _merged(tables, "dayparts")
    periods: dict[str, tuple[str, int]] = _merged(tables, "periods")
    weekdays = {k: v for t in reversed(tables) for k, v in _index(t.weekdays).items()}
    months = {k: v for t in reversed(tables) for k, v in _index(t.months).items()}
    prefixed = tuple(
        (fold(forms[0]), n, t.weekday_prefix)
        for t in tables
        if t.weekday_prefix
        for n, forms in enumerate(t.weekdays)
    )
    keys = [*days, *modifiers, *now, *dayparts, *periods]
    phrases = sorted({tuple(k.split()) for k in keys if " " in k}, key=len, reverse=True)
    return Lexicon(
        now=now,
        days=days,
        weekdays=weekdays,
        prefix_names=prefixed,
        months=months,
        units=_merged(tables, "units"),
        ago=_folded(tables, "ago"),
        later=_folded(tables, "later"),
        ahead=_folded(tables, "ahead"),
        at=_folded(tables, "at"),
        modifiers=modifiers,
        fillers=_folded(tables, "fillers"),
        leading=_folded(tables, "leading"),
        dayparts=dayparts,
        periods=periods,
        phrases=tuple(phrases),
    )
