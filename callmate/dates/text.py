"""What dates say back to people, per language: examples, the unreadable-date sentence, and the
patterns dates are shown with (Unicode/CLDR patterns, filled in by ``callmate.language.cldr``)."""

from __future__ import annotations

# Forms that work, as an agent of each language would type them; shown when a date is unreadable.
# Every one must itself be readable (a test checks).
# fmt: off
EXAMPLE_FORMS: dict[str, tuple[str, ...]] = {
    "en": ("2026-11-01", "Nov 1", "today", "yesterday", "7d", "2w", "monday", "tomorrow 10:00",
           "+2d"),
    "tr": ("bugün", "dün", "yarın 10:00", "cuma günü", "3 gün önce", "2 gün sonra",
           "01.12.2026 14:00", "10.00", "kasım"),
    "et": ("täna", "eile", "homme kell 10", "reedel", "3 päeva tagasi", "2 päeva pärast",
           "1.12.2026 14.00", "10.00", "november"),
}
# fmt: on


# A follow-up's hints: times ahead, as the follow-up field reads them. Each says its own way (a
# bare "7d" or "friday" is ahead here but back in a filter), so what the agent learns here means
# the same everywhere; none has a year, which would one day be past. A test holds them to it.
# fmt: off
FOLLOW_UP_FORMS: dict[str, tuple[str, ...]] = {
    "en": ("tomorrow 10:00", "+2d", "next friday 14:00"),
    "tr": ("yarın 10:00", "2 gün sonra", "gelecek cuma"),
    "et": ("homme", "2 päeva pärast", "järgmisel reedel"),
}
# fmt: on


def joined_examples(forms: tuple[str, ...]) -> str:
    """Examples as one line; those with a space in quotes, so each reads as one thing to type."""
    return ", ".join(f'"{form}"' if " " in form else form for form in forms)


EXAMPLES_BY_LANGUAGE: dict[str, str] = {
    code: joined_examples(forms) for code, forms in EXAMPLE_FORMS.items()
}
FOLLOW_UP_EXAMPLES: dict[str, str] = {
    code: joined_examples(forms) for code, forms in FOLLOW_UP_FORMS.items()
}

# One sentence: {text} is the typed text quoted, {reason} " (why)" or "", {examples} the line above.
UNREADABLE = {
    "en": "cannot read {text} as a date or time{reason}; try {examples}",
    "tr": "{text} tarih ya da saat olarak okunamadı{reason}; örneğin şöyle yazabilirsiniz: "
    "{examples}",
    "et": "{text} ei ole arusaadav kuupäev ega kellaaeg{reason}; proovi näiteks: {examples}",
}

# Why a text was refused; {part} is the piece at fault, quoted.
REASONS = {
    "en": {
        "empty": "it is empty",
        "not_time": "{part} is not a time of day",
        "no_date": "there is no such date",
        "weekday": "that date is not on that weekday",
        "too_far": "that is too far away",
    },
    "tr": {
        "empty": "boş",
        "not_time": "{part} geçerli bir saat değil",
        "no_date": "böyle bir tarih yok",
        "weekday": "tarih o güne denk gelmiyor",
        "too_far": "bu tarih çok uzak",
    },
    "et": {
        "empty": "see on tühi",
        "not_time": "{part} ei ole kellaaeg",
        "no_date": "sellist kuupäeva pole",
        "weekday": "see kuupäev ei ole sel nädalapäeval",
        "too_far": "see on liiga kaugel",
    },
}

# describe(): weekday and month in words, 24-hour time, as each language writes a full date
# (CLDR's full date forms: "1 Aralık 2026 Salı", "teisipäev, 1. detsember 2026").
DESCRIBE = {
    "en": ("EEEE d MMMM y", "EEEE d MMMM y, HH:mm"),
    "tr": ("d MMMM y EEEE", "d MMMM y EEEE, HH:mm"),
    "et": ("EEEE, d. MMMM y", "EEEE, d. MMMM y, 'kell' HH:mm"),
}

# show_date() styles, for tables and lines where room is short.
SHOW_STYLES = {
    "day_time": {"en": "d MMM HH:mm", "tr": "d MMM HH:mm", "et": "d. MMM HH:mm"},
    "weekday_time": {
        "en": "EEE d MMM y, HH:mm",
        "tr": "d MMM y EEE, HH:mm",
        "et": "EEE, d. MMM y, HH:mm",
    },
    "date": {"en": "d MMM y", "tr": "d MMM y", "et": "d. MMM y"},
    "numeric": {"en": "yyyy-MM-dd HH:mm", "tr": "dd.MM.y HH:mm", "et": "dd.MM.y HH:mm"},
    "numeric_seconds": {
        "en": "yyyy-MM-dd HH:mm:ss",
        "tr": "dd.MM.y HH:mm:ss",
        "et": "dd.MM.y HH:mm:ss",
    },
    "numeric_short": {"en": "MM-dd HH:mm", "tr": "dd.MM HH:mm", "et": "dd.MM HH:mm"},
    "time": {"en": "HH:mm", "tr": "HH:mm", "et": "HH:mm"},
    "time_seconds": {"en": "HH:mm:ss", "tr": "HH:mm:ss", "et": "HH:mm:ss"},
}

# Calm mode's whole minutes: "4 min", "4 dk" (Turkish and Estonian take no plural after a number).
MINUTES = {"en": "min", "tr": "dk", "et": "min"}
