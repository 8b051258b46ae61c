"""Month and weekday names and number symbols of callmate's languages, as the Unicode
locale data (CLDR) has them: written by ``python -m callmate.language.cldr_build`` from Babel,
never by hand (tests/test_cldr.py compares it with the installed Babel)."""

from __future__ import annotations

#: Month names in the format context (the month of a date: "1 Aralık"), January first.
MONTHS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "abbreviated": (
            "Jan",
            "Feb",
            "Mar",
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
        ),
        "wide": (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
    },
    "tr": {
        "abbreviated": (
            "Oca",
            "Şub",
            "Mar",
            "Nis",
            "May",
            "Haz",
            "Tem",
            "Ağu",
            "Eyl",
            "Eki",
            "Kas",
            "Ara",
        ),
        "wide": (
            "Ocak",
            "Şubat",
            "Mart",
            "Nisan",
            "Mayıs",
            "Haziran",
            "Temmuz",
            "Ağustos",
            "Eylül",
            "Ekim",
            "Kasım",
            "Aralık",
        ),
    },
    "et": {
        "abbreviated": (
            "jaan",
            "veebr",
            "märts",
            "apr",
            "mai",
            "juuni",
            "juuli",
            "aug",
            "sept",
            "okt",
            "nov",
            "dets",
        ),
        "wide": (
            "jaanuar",
            "veebruar",
            "märts",
            "aprill",
            "mai",
            "juuni",
            "juuli",
            "august",
            "september",
            "oktoober",
            "november",
            "detsember",
        ),
    },
}

#: Weekday names in the format context, Monday first (``datetime.weekday()``).
DAYS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "abbreviated": (
            "Mon",
            "Tue",
            "Wed",
            "Thu",
            "Fri",
            "Sat",
            "Sun",
        ),
        "wide": (
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ),
    },
    "tr": {
        "abbreviated": (
            "Pzt",
            "Sal",
            "Çar",
            "Per",
            "Cum",
            "Cmt",
            "Paz",
        ),
        "wide": (
            "Pazartesi",
            "Salı",
            "Çarşamba",
            "Perşembe",
            "Cuma",
            "Cumartesi",
            "Pazar",
        ),
    },
    "et": {
        "abbreviated": (
            "E",
            "T",
            "K",
            "N",
            "R",
            "L",
            "P",
        ),
        "wide": (
            "esmaspäev",
            "teisipäev",
            "kolmapäev",
            "neljapäev",
            "reede",
            "laupäev",
            "pühapäev",
        ),
    },
}

#: The symbols of numbers in Latin digits.
NUMBER_SYMBOLS: dict[str, dict[str, str]] = {
    "en": {
        "group": ",",
        "decimal": ".",
        "infinity": "∞",
    },
    "tr": {
        "group": ".",
        "decimal": ",",
        "infinity": "∞",
    },
    "et": {
        "group": "\xa0",
        "decimal": ",",
        "infinity": "∞",
    },
}
