"""Writes ``cldr_names`` from Babel's copy of the Unicode locale data (CLDR), for every language
of the registry: ``python -m callmate.language.cldr_build``.

Run it after adding a language to ``registry.REGISTRY`` or after a Babel update;
tests/test_cldr.py fails while the module differs from what the installed Babel gives. Babel is
read here only: the program writes dates and numbers from the module this writes.
"""

from __future__ import annotations

from pathlib import Path

from callmate.language.registry import LANGUAGES

TARGET = Path(__file__).with_name("cldr_names.py")
WIDTHS = ("abbreviated", "wide")
SYMBOLS = ("group", "decimal", "infinity")

HEAD = '''"""Month and weekday names and number symbols of callmate's languages, as the Unicode
locale data (CLDR) has them: written by ``python -m callmate.language.cldr_build`` from Babel,
never by hand (tests/test_cldr.py compares it with the installed Babel)."""

from __future__ import annotations

'''


def quoted(text: str) -> str:
    """A string literal in double quotes; a character that is not plainly visible (the
    no-break space of Estonian groups) as its escape."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable() and (char.isascii() or not char.isspace()):
            out.append(char)
        else:
            code = ord(char)
            width, letter = (2, "x") if code < 0x100 else (4, "u") if code < 0x10000 else (8, "U")
            out.append(f"\\{letter}{code:0{width}x}")
    return '"' + "".join(out) + '"'


def _table(name: str, kind: str, rows: dict[str, dict[str, tuple[str, ...] | str]]) -> str:
    lines = [f"{name}: {kind} = {{"]
    for code, inner in rows.items():
        lines.append(f"    {quoted(code)}: {{")
        for key, value in inner.items():
            if isinstance(value, tuple):
                lines.append(f"        {quoted(key)}: (")
                lines += [f"            {quoted(item)}," for item in value]
                lines.append("        ),")
            else:
                lines.append(f"        {quoted(key)}: {quoted(value)},")
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines) + "\n"


def source() -> str:
    """The module's text, from the installed Babel."""
    from babel import Locale

    months: dict[str, dict[str, tuple[str, ...] | str]] = {}
    days: dict[str, dict[str, tuple[str, ...] | str]] = {}
    symbols: dict[str, dict[str, tuple[str, ...] | str]] = {}
    for code in LANGUAGES:
        locale = Locale.parse(code)
        names = locale.months["format"]
        weekdays = locale.days["format"]
        months[code] = {w: tuple(names[w][m] for m in range(1, 13)) for w in WIDTHS}
        days[code] = {w: tuple(weekdays[w][d] for d in range(7)) for w in WIDTHS}
        latin = locale.number_symbols["latn"]
        symbols[code] = {name: latin[name] for name in SYMBOLS}
    names_kind = "dict[str, dict[str, tuple[str, ...]]]"
    return (
        HEAD
        + '#: Month names in the format context (the month of a date: "1 Aralık"), January first.\n'
        + _table("MONTHS", names_kind, months)
        + "\n#: Weekday names in the format context, Monday first (``datetime.weekday()``).\n"
        + _table("DAYS", names_kind, days)
        + "\n#: The symbols of numbers in Latin digits.\n"
        + _table("NUMBER_SYMBOLS", "dict[str, dict[str, str]]", symbols)
    )


def main() -> None:
    TARGET.write_text(source(), encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
