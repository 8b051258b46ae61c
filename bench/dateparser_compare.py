"""How dateparser reads what callmate's own date reader reads (issue 26: adopt it, wholly or as a
fallback, only if it reads at least as much, never reads a day-first date month-first, and costs
no start-up).

Run by hand, with dateparser beside callmate (it is not one of callmate's dependencies):

    python3 -m venv /tmp/dp && /tmp/dp/bin/pip install dateparser -e .
    /tmp/dp/bin/python bench/dateparser_compare.py

Every text of the date tests' parametrized cases (tests/test_dates*.py, the ``text`` argument)
is read by both against the same clock and zone, looking back (a filter) and ahead (a
follow-up); the figures are how many each reads, how many dateparser reads to the same minute,
the day-first dates it turns month-first, and the import time of each, in this run.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MODULES = {
    "tests.test_dates": "en",
    "tests.test_dates_turkish": "tr",
    "tests.test_dates_estonian": "et",
    "tests.test_dates_spoken": None,  # a language argument of its own
}
ZONES = {"en": "Europe/London", "tr": "Europe/Istanbul", "et": "Europe/Tallinn"}
NOW = datetime(2026, 12, 7, 10, 30)  # a Monday, local time
#: Day-first dates: dateparser must read 5 December (and 2 January), as callmate does.
DAY_FIRST = {"tr": ["05.12.2026", "5/12/2026", "02.01.2026"], "et": ["05.12.2026", "2.01.2026"]}


#: The phrases agents were refused (issue 26), each as its speaker means it (ahead or back).
SAID = [("öğleden sonra 3", "tr", True), ("yarın öğlen", "tr", True), ("akşamüstü", "tr", True),
        ("homme lõunal", "et", True), ("järgmisel nädalal", "et", True),
        ("dün öğleden sonra 3", "tr", False), ("dün öğlen", "tr", False),
        ("eile lõunal", "et", False), ("haftaya salı", "tr", True),
        ("ülehomme kell 10", "et", True)]  # fmt: skip


def cases() -> list[tuple[str, str]]:
    """(text, language) of every parametrized date test that types a text."""
    found: set[tuple[str, str]] = set()
    for name, language in MODULES.items():
        module = importlib.import_module(name)
        for item in vars(module).values():
            for mark in getattr(item, "pytestmark", []):
                if mark.name != "parametrize":
                    continue
                names = [n.strip() for n in mark.args[0].split(",")]
                if "text" not in names:
                    continue
                for values in mark.args[1]:
                    values = getattr(values, "values", values)
                    row = dict(zip(names, values if len(names) > 1 else [values], strict=False))
                    text, lang = row["text"], row.get("language", language)
                    if isinstance(text, str) and lang in ZONES:
                        found.add((text, lang))
    return sorted(found)


def ours(text: str, language: str, future: bool) -> datetime | None:
    from callmate.dates import DateError, parse_when

    zone = ZoneInfo(ZONES[language])
    try:
        moment = parse_when(
            text, now=NOW.replace(tzinfo=zone), tz=zone, future=future, language=language
        )
    except DateError:
        return None
    return moment.replace(tzinfo=None, second=0, microsecond=0)


def theirs(text: str, language: str, future: bool) -> datetime | None:
    import dateparser

    settings = {
        "RELATIVE_BASE": NOW,
        "PREFER_DATES_FROM": "future" if future else "past",
        "DATE_ORDER": "MDY" if language == "en" else "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        moment = dateparser.parse(text, languages=[language, "en"], settings=settings)
    except Exception:  # noqa: BLE001 - dateparser raises what it raises on odd input
        return None
    return moment.replace(second=0, microsecond=0) if moment else None


def import_seconds(module: str) -> float:
    """The time a fresh Python takes to import ``module`` (the best of three)."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, cwd=ROOT).stdout)
        for _ in range(3)
    ]  # fmt: skip
    return min(runs)


def shown(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M}" if moment else "nothing"


def main() -> None:
    rows = cases()
    read_ours = read_theirs = same = 0
    differ: list[str] = []
    for text, language in rows:
        for future in (False, True):
            mine, other = ours(text, language, future), theirs(text, language, future)
            read_ours += mine is not None
            read_theirs += other is not None
            same += mine is not None and mine == other
            if mine is not None and mine != other and len(differ) < 12:
                way = "ahead" if future else "back "
                differ.append(f"  {language} {way} {text!r}: callmate {shown(mine)}, "
                              f"dateparser {shown(other)}")  # fmt: skip
    share = same / max(read_ours, 1)
    print(f"{len(rows)} texts of the date tests, each read back and ahead: {2 * len(rows)}")
    print(f"callmate reads {read_ours}; dateparser reads {read_theirs}, "
          f"the same as callmate to the minute {same} ({share:.0%})")  # fmt: skip
    print("first differences:")
    print("\n".join(differ))
    wrong = []
    for language, texts in DAY_FIRST.items():
        for text in texts:
            got = theirs(text, language, False)
            if got is None or got.day != int(text.replace("/", ".").split(".")[0]):
                wrong.append(f"{language} {text!r}: {shown(got)}")
    print(f"day-first dates read month-first or not at all: {len(wrong)} {wrong}")
    mine = sum(ours(t, lang, ahead) is not None for t, lang, ahead in SAID)
    other = [t for t, lang, ahead in SAID if theirs(t, lang, ahead) is not None]
    print(f"the phrases agents were refused: callmate reads {mine} of {len(SAID)}, "
          f"dateparser {len(other)} {other}")  # fmt: skip
    base, parser = import_seconds("callmate.dates"), import_seconds("dateparser")
    print(f"import callmate.dates {base * 1000:.0f} ms; import dateparser {parser * 1000:.0f} ms "
          f"({parser / base:.1f}x callmate's, in this run)")  # fmt: skip


if __name__ == "__main__":
    main()
