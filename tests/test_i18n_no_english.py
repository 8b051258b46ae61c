"""Nothing but ``--lang tr`` or ``--lang et``, and no English word or raw id reaches the agent or
the lead: every command's text output and its errors, and every screen, are read through a
catalog that records each message it lacks (tests/language_misses.py), and what is shown is
searched for the English of callmate's own messages and for stored codes. The checklist's own
words and what was typed (names, notes) belong there and are not misses."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from callmate.call import Call
from callmate.checklists import catalog
from callmate.clock import FakeClock
from callmate.paths import builtin_checklists_dir
from callmate.store import live
from callmate.store.db import open_db
from tests.language_misses import WORD, marking, misses, shown_fallbacks

CODES = ["tr", "et"]
CHECKLISTS = builtin_checklists_dir()

# What an agent of each language types during the calls of the log: names, notes, summaries.
# fmt: off
TYPED = {
    "tr": {
        "agents": ["Deniz", "Selin"],
        "customers": ["Ayşe Yılmaz", "Mehmet Öztürk", "İpek Çelik", "Oğuz Kaya", "Gül Şahin",
                      "Can Demir"],
        "notes": ["Kargo iki kez gecikti", "İade istiyor, fatura numarası 4411",
                  "Müşteri çok sinirli, yöneticiyle görüşmek istiyor"],
        "summary": "Yarın kargo durumu için aranacak",
        "search": "kargo",
        "outcome": "Geri aranacak",
    },
    "et": {
        "agents": ["Mari", "Jaan"],
        "customers": ["Kati Tamm", "Peeter Kask", "Õie Mägi", "Jüri Saar", "Ülle Pärn",
                      "Toomas Ilves"],
        "notes": ["Pakk hilines kaks korda", "Soovib raha tagasi, arve number 4411",
                  "Klient on väga vihane, tahab juhiga rääkida"],
        "summary": "Homme helistada tagasi paki asjus",
        "search": "pakk",
        "outcome": "Tagasihelistamine",
    },
}
# fmt: on


def play(db, code: str, n: int, start: datetime, script, wrap) -> str:
    typed = TYPED[code]
    checklist = catalog.resolve(f"default.{code}")
    clock = FakeClock(start)
    call, change = Call.start(
        checklist,
        clock,
        agent=typed["agents"][n % 2],
        customer=typed["customers"][n],
        reference=f"R-{n}",
        call_id=f"{code}{n}{'0' * 29}",
    )
    live.apply(db, change, checklist)
    for item in script:
        if isinstance(item, int):
            clock.advance(item)
            continue
        if item == "note":
            live.apply(db, call.add_note(typed["notes"][n % 3]))
        elif item == "copy":
            live.apply(db, call.phrase_copied(call.phrases()[0], 1, "xclip"))
        elif item == "warn":
            live.apply(db, call.warn()[1])
        else:
            method = {
                "next": call.next,
                "skip": call.skip,
                "fault": call.toggle_fault,
                "escalate": call.toggle_escalation,
                "hold": call.toggle_hold,
                "end": call.end,
                "hung_up": call.customer_hung_up,
            }[item]
            live.apply(db, method())
    if wrap is not None:
        clock.advance(30)
        live.apply(db, call.wrap_up(**wrap))
        live.apply(db, call.start_break())
        clock.advance(120)
        live.apply(db, call.end_break(skipped=n % 2 == 0))
    return call.id


def build_log(path: Path, code: str) -> list[str]:
    """Six calls in the language's own checklist, with every kind of event a call logs."""
    day = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
    follow_up = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    scripts = [
        (["note", 10, "next", 60, "next", 5, "copy", "next", 20, "next", "fault", 15, "next",
          "hold", 40, "hold", 100, "copy", "next", 10, "next"],
         {"outcome": "resolved", "summary": TYPED[code]["summary"], "difficulty": 2}),
        ([10, "next", 150, "note", "next", 5, "skip", 40, "next", 10, "escalate", 200, "next",
          40, "next"], {"outcome": "escalated"}),
        ([15, "next", 100, "next", 10, "next", 30, "note", "next", 20, "next", 150, "next", 15,
          "next"], {"outcome": "callback", "follow_up_at": follow_up, "difficulty": 4}),
        ([60, "note", "warn", "next", 30, "warn", "end"], {"outcome": "abuse"}),
        ([15, "next", 30, "escalate", 5, "escalate", "hung_up"], {"outcome": "hung_up"}),
        ([30, "next", 20, "note"], None),
    ]  # fmt: skip
    db = open_db(path)
    try:
        return [
            play(db, code, n, day.replace(day=16 + n), script, wrap)
            for n, (script, wrap) in enumerate(scripts)
        ]
    finally:
        db.close()


def typed_words(code: str) -> list[str]:
    typed = TYPED[code]
    checklist = catalog.resolve(f"default.{code}")
    return [*typed["agents"], *typed["customers"], *typed["notes"], typed["summary"],
            checklist.name, checklist.id]  # fmt: skip


@pytest.fixture
def own_log(tmp_path, utc_dates):
    def make(code: str) -> tuple[Path, list[str]]:
        path = tmp_path / f"calls-{code}.db"
        return path, build_log(path, code)

    return make


def commands(code: str, db: Path, ids: list[str], tmp: Path) -> list[list[str]]:
    """Every command with text for people, and its errors."""
    d = ["--db", str(db)]
    outcome = TYPED[code]["outcome"]
    other = tmp / "other.db"
    return [
        ["demo-data", "--calls", "3", "--db", str(other), "--end", "2026-11-01T10:00:00"],
        ["merge", str(other), "--db", str(tmp / "merged.db")],
        ["merge", str(other), str(other), "--db", str(tmp / "merged.db")],
        ["team", "status", *d],
        ["calls", "list", *d],
        ["calls", "list", *d, "--outcome", outcome, "--search", TYPED[code]["search"]],
        ["calls", "show", ids[0], *d],
        ["calls", "show", ids[1], *d],
        ["calls", "show", ids[3], *d],
        ["calls", "show", ids[4], *d],
        ["calls", "show", ids[5], *d],
        ["calls", "show", ids[2], *d, "--format", "markdown"],
        ["stats", *d],
        ["stats", *d, "--outcome", outcome],
        ["export", *d, "--format", "markdown"],
        ["report", *d, "--since", "2026-11-01"],
        ["checklists", "list"],
        ["checklists", "show", f"default.{code}"],
        ["checklists", "validate", str(CHECKLISTS / f"default.{code}.toml")],
        ["forms", "validate", str(CHECKLISTS.parent / "forms" / f"standard.{code}.toml")],
        ["feedback", *d, "--agent", "kimse"],
        ["prune", *d, "--before", "2026-12-01", "--dry-run"],
        ["prune", *d, "--before", "2020-01-01", "--dry-run"],
        ["prune", *d, "--before", "2026-12-01"],  # no answer: nothing deleted
        # errors
        ["calls", "list", "--db", str(tmp / "nowhere.db")],
        ["calls", "show", "ffff", *d],
        ["calls", "list", *d, "--since", "zzz"],
        ["stats", *d, "--agent", "kimse"],
        ["merge", str(tmp / "nowhere.db"), "--db", str(tmp / "merged.db")],
        ["prune", *d, "--before", "2999-01-01", "--yes"],
        ["team", "prune", "--before", "2999-01-01", "--print-sql"],
    ]


@pytest.mark.parametrize("code", CODES)
def test_every_commands_text_is_in_the_language(own_log, tmp_path, code):
    path, ids = own_log(code)
    allowed = [*typed_words(code), *checklist_words(code), str(tmp_path), *ids]
    allowed += [i[:8] for i in ids] + [TYPED[code]["outcome"], TYPED[code]["search"]]
    allowed += [str(CHECKLISTS), "team_db"]  # a folder, and the settings' key as it is written
    checklist_ids = [s.id for s in catalog.resolve(f"default.{code}").steps]
    found: dict[str, set[str]] = {}
    outputs: list[str] = []
    with marking(code) as fell_back:
        for args in commands(code, path, ids, tmp_path):
            result = CliRunner().invoke(cli(), ["--lang", code, *args])
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                args,
                result.output,
            )
            outputs.append(result.output)
            words = misses(result.output, allowed=allowed, ids=checklist_ids)
            if words:
                found[" ".join(args[:3])] = words
    shown = shown_fallbacks(fell_back, outputs)
    assert not shown, "fell back to English: " + " | ".join(sorted(shown))
    assert not found, "\n".join(f"{k}: {sorted(v)}" for k, v in found.items())


def cli():
    from callmate.cli import cli as group

    return group


def checklist_words(code: str) -> list[str]:
    """Every word the language's built-in checklist itself says (its own language, not a miss),
    and the names of every checklist (the picker and ``checklists list`` show them all)."""
    checklist = catalog.resolve(f"default.{code}")
    names = [catalog.resolve(entry.name).name for entry in catalog.entries()]
    return [*WORD.findall(checklist.text), checklist.id, *names]


def shown_text(app) -> list[str]:
    """Every text the screen on top shows: statics and labels, the footer's words, fields'
    placeholders, tables, option lists, borders, tooltips, and the notifications so far."""
    from textual.content import Content
    from textual.widgets import DataTable, Input, OptionList, Static

    texts: list[str] = []
    for widget in app.screen.walk_children(with_self=True):
        if isinstance(widget, Static):
            content = widget.content
            if isinstance(content, str):
                with contextlib.suppress(Exception):  # not markup: shown as it is
                    content = Content.from_markup(content)
            texts.append(content.plain if isinstance(content, Content) else str(content))
        if isinstance(widget, Input):
            texts.append(str(widget.placeholder))
        if isinstance(widget, DataTable):
            texts += [str(c.label) for c in widget.columns.values()]
            texts += [
                str(cell) for row in range(widget.row_count) for cell in widget.get_row_at(row)
            ]
        if isinstance(widget, OptionList):
            options = range(widget.option_count)
            texts += [str(widget.get_option_at_index(i).prompt) for i in options]
        if type(widget).__name__ == "FooterKey":
            texts.append(widget.description)
        for extra in (widget.border_title, widget.border_subtitle, widget.tooltip):
            if extra:
                texts.append(str(extra))
    return texts


def hear(app) -> list[str]:
    """Every notification the app will give, titles and messages, kept as it is given (a toast
    leaves after its timeout, sooner than a walk through the screens)."""
    heard: list[str] = []
    notify = app.notify

    def kept(message, *args, **kwargs):
        heard.append(f"{kwargs.get('title', '')} {message}")
        return notify(message, *args, **kwargs)

    app.notify = kept
    return heard


YES = {"tr": "e", "et": "j"}


async def walk_the_live_screens(app, clock, code: str) -> dict[str, list[str]]:
    """Ready with a call to resume, closing it, the picker, a whole call with every panel,
    wrap-up, the break and Ready again: what each shows, by stage."""
    from tests.ui_helpers import settle, type_text

    seen: dict[str, list[str]] = {}
    heard = hear(app)

    async def look(stage: str) -> None:
        await settle(pilot, app)
        seen[stage] = shown_text(app) + heard
        heard.clear()

    typed = TYPED[code]
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await look("ready, a call to resume")
        await pilot.press("x")
        await look("close the unfinished call?")
        await pilot.press(YES[code])
        await look("ready")
        await pilot.press("l")
        await look("checklist picker")
        await pilot.press("escape")
        await pilot.press("n")
        await look("call")
        clock.advance(12)
        await pilot.press("space")
        await pilot.press("tab")
        await look("call, note field")
        await type_text(pilot, typed["notes"][0])
        await pilot.press("enter", "escape")
        await look("call, a note")
        await pilot.press("ctrl+n")
        await look("customer form")
        await type_text(pilot, typed["customers"][0])
        await pilot.press("enter")
        await pilot.press("ctrl+a")
        await look("words to avoid")
        await pilot.press("ctrl+a")
        clock.advance(40)
        await pilot.press("space")
        await pilot.press("1")
        await look("phrase copied")
        clock.advance(2)
        await pilot.press("space")
        clock.advance(2)
        await pilot.press("space")
        await pilot.press("ctrl+f")
        await look("at fault")
        await pilot.press("ctrl+w")
        await look("warning")
        await pilot.press("ctrl+o")
        clock.advance(70)
        app.screen.tick()
        await look("on hold")
        await pilot.press("ctrl+o")
        await pilot.press("ctrl+u")
        await look("escalated")
        await pilot.press("question_mark")
        await look("help")
        await pilot.press("escape")
        await pilot.press("ctrl+e")
        await look("wrap-up")
        await pilot.press("3", "tab")
        await type_text(pilot, {"tr": "yarın 10:00", "et": "homme kell 10"}[code])
        await pilot.press("tab")
        await type_text(pilot, typed["summary"])
        await look("wrap-up filled")
        await pilot.press("ctrl+s")
        await look("break")
        clock.advance(30)
        await pilot.press("s")
        await look("ready after a call")
        await pilot.press("q")
        await look("quit?")
    return seen


async def walk_the_review_screens(app) -> dict[str, list[str]]:
    from tests.test_review_screen import settle

    seen: dict[str, list[str]] = {}
    heard = hear(app)

    async def look(stage: str) -> None:
        await settle(pilot)
        seen[stage] = shown_text(app) + heard
        heard.clear()

    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await look("review list")
        await pilot.press("f")
        await look("review filters")
        await pilot.press("escape")
        await pilot.press("question_mark")
        await look("review help")
        await pilot.press("escape")
        for row in range(5):
            await pilot.press("enter")
            await look(f"call detail {row}")
            await pilot.press("escape", "down")
        await pilot.press("s")
        await look("statistics")
        await pilot.press("escape", "enter")
        await settle(pilot)
        await pilot.press("e")
        await look("evaluation form")
        assert type(app.screen).__name__ == "EvaluationScreen"
        await pilot.press("y", "3", "s")
        await look("call detail evaluated")
    return seen


def report(seen: dict[str, list[str]], code: str) -> dict[str, list[str]]:
    """By stage, each miss with the line it is in."""
    allowed = [*typed_words(code), *checklist_words(code), "Lead"]
    ids = [s.id for s in catalog.resolve(f"default.{code}").steps]
    found: dict[str, list[str]] = {}
    for stage, texts in seen.items():
        for line in "\n".join(texts).splitlines():
            words = misses(line, allowed=allowed, ids=ids)
            if words:
                found.setdefault(stage, []).append(f"{sorted(words)} in {line.strip()!r}")
    return found


@pytest.mark.parametrize("code", CODES)
async def test_every_screen_is_in_the_language(own_log, clock, code):
    from callmate.config import Settings
    from tests.test_review_screen import review_app
    from tests.ui_helpers import make_app

    path, _ids = own_log(code)
    with marking(code) as fell_back:
        checklist = catalog.resolve(f"default.{code}")
        app = make_app(path, checklist, clock, settings=Settings(agent=TYPED[code]["agents"][0]))
        seen = await walk_the_live_screens(app, clock, code)
        seen |= await walk_the_review_screens(review_app(path))
    assert len(seen) > 20
    shown = shown_fallbacks(fell_back, [t for texts in seen.values() for t in texts])
    assert not shown, "fell back to English: " + " | ".join(sorted(shown))
    found = report(seen, code)
    assert not found, "\n".join(f"{k}: {sorted(v)}" for k, v in found.items())
