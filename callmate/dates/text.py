"""What dates say back to people, per language: examples, the unreadable-date sentence, and the
patterns dates are shown with (Unicode/CLDR patterns, filled in by ``callmate.language.cldr``).

Each language says it all in one entry of :data:`TEXTS` (a new language adds one)."""

from __future__ import annotations

from dataclasses import dataclass

#: The show_date() styles, for tables and lines where room is short.
STYLES = (
    "day_time", "weekday_time", "date", "numeric", "numeric_seconds", "numeric_short", "time",
    "time_seconds",
)  # fmt: skip


@dataclass(frozen=True)
class Texts:
    """What dates say back in one language."""

    #: Forms that work, as an agent of the language would type them; shown when a date is
    #: unreadable. Every one must itself be readable (a test checks).
    examples: tuple[str, ...]
    #: A follow-up's hints: times ahead, as the follow-up field reads them. Each says its own way
    #: (a bare "7d" or "friday" is ahead here but back in a filter), so what the agent learns here
    #: means the same everywhere; none has a year, which would one day be past. A test holds them.
    follow_up: tuple[str, ...]
    #: One sentence: {text} is the typed text quoted, {reason} " (why)" or "", {examples} the
    #: examples on one line.
    unreadable: str
    #: Why a text was refused (empty, not_time, no_date, weekday, too_far); {part} is the piece
    #: at fault, quoted.
    reasons: dict[str, str]
    #: describe(): weekday and month in words, 24-hour time, as the language writes a full date
    #: (CLDR's full date forms: "1 Aralık 2026 Salı", "teisipäev, 1. detsember 2026"): the date
    #: alone, and with the time.
    describe: tuple[str, str]
    #: The pattern of each of :data:`STYLES`.
    styles: dict[str, str]
    #: Calm mode's whole minutes: "4 min", "4 dk".
    minutes: str


# fmt: off
TEXTS: dict[str, Texts] = {
    "en": Texts(
        examples=("2026-11-01", "Nov 1", "today", "yesterday", "7d", "2w", "monday",
                  "tomorrow 10:00", "+2d"),
        follow_up=("tomorrow 10:00", "+2d", "next friday 14:00"),
        unreadable="cannot read {text} as a date or time{reason}; try {examples}",
        reasons={
            "empty": "it is empty",
            "not_time": "{part} is not a time of day",
            "no_date": "there is no such date",
            "weekday": "that date is not on that weekday",
            "too_far": "that is too far away",
        },
        describe=("EEEE d MMMM y", "EEEE d MMMM y, HH:mm"),
        styles={
            "day_time": "d MMM HH:mm", "weekday_time": "EEE d MMM y, HH:mm", "date": "d MMM y",
            "numeric": "yyyy-MM-dd HH:mm", "numeric_seconds": "yyyy-MM-dd HH:mm:ss",
            "numeric_short": "MM-dd HH:mm", "time": "HH:mm", "time_seconds": "HH:mm:ss",
        },
        minutes="min",
    ),
    "tr": Texts(
        examples=("bugün", "dün", "yarın 10:00", "cuma günü", "3 gün önce", "2 gün sonra",
                  "01.12.2026 14:00", "10.00", "kasım"),
        follow_up=("yarın 10:00", "2 gün sonra", "gelecek cuma"),
        unreadable="{text} tarih ya da saat olarak okunamadı{reason}; örneğin şöyle "
        "yazabilirsiniz: {examples}",
        reasons={
            "empty": "boş",
            "not_time": "{part} geçerli bir saat değil",
            "no_date": "böyle bir tarih yok",
            "weekday": "tarih o güne denk gelmiyor",
            "too_far": "bu tarih çok uzak",
        },
        describe=("d MMMM y EEEE", "d MMMM y EEEE, HH:mm"),
        styles={
            "day_time": "d MMM HH:mm", "weekday_time": "d MMM y EEE, HH:mm", "date": "d MMM y",
            "numeric": "dd.MM.y HH:mm", "numeric_seconds": "dd.MM.y HH:mm:ss",
            "numeric_short": "dd.MM HH:mm", "time": "HH:mm", "time_seconds": "HH:mm:ss",
        },
        minutes="dk",  # no plural after a number
    ),
    "et": Texts(
        examples=("täna", "eile", "homme kell 10", "reedel", "3 päeva tagasi", "2 päeva pärast",
                  "1.12.2026 14.00", "10.00", "november"),
        follow_up=("homme", "2 päeva pärast", "järgmisel reedel"),
        unreadable="{text} ei ole arusaadav kuupäev ega kellaaeg{reason}; proovi näiteks: "
        "{examples}",
        reasons={
            "empty": "see on tühi",
            "not_time": "{part} ei ole kellaaeg",
            "no_date": "sellist kuupäeva pole",
            "weekday": "see kuupäev ei ole sel nädalapäeval",
            "too_far": "see on liiga kaugel",
        },
        describe=("EEEE, d. MMMM y", "EEEE, d. MMMM y, 'kell' HH:mm"),
        styles={
            "day_time": "d. MMM HH:mm", "weekday_time": "EEE, d. MMM y, HH:mm",
            "date": "d. MMM y", "numeric": "dd.MM.y HH:mm", "numeric_seconds": "dd.MM.y HH:mm:ss",
            "numeric_short": "dd.MM HH:mm", "time": "HH:mm", "time_seconds": "HH:mm:ss",
        },
        minutes="min",
    ),
}
# fmt: on


def joined_examples(forms: tuple[str, ...]) -> str:
    """Examples as one line; those with a space in quotes, so each reads as one thing to type."""
    return ", ".join(f'"{form}"' if " " in form else form for form in forms)


# The examples on one line a language: a date error gives those of the field it came from.
EXAMPLES_BY_LANGUAGE = {code: joined_examples(t.examples) for code, t in TEXTS.items()}
FOLLOW_UP_EXAMPLES = {code: joined_examples(t.follow_up) for code, t in TEXTS.items()}
