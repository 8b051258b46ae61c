"""The review screens, the dialogs and the pacer speak the language chosen at start-up, after the
UI modules were imported (as the CLI does it)."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from textual.app import App
from textual.widgets import Input, OptionList, Static

from callmate.clock import FakeClock
from callmate.language import i18n
from callmate.language.i18n import set_language
from callmate.ui.screens.confirm import ConfirmScreen
from callmate.ui.screens.help import HelpScreen
from callmate.ui.screens.pick import ChecklistPicker
from callmate.ui.screens.review_detail import CallDetailScreen
from callmate.ui.screens.review_stats import StatsScreen
from callmate.ui.widgets.pacer import Pacer
from callmate.ui.widgets.review_table import CallTable
from tests.test_review_dataset import build
from tests.test_review_screen import review_app, settle, text

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def english_afterwards(utc_dates):
    yield
    set_language("en")


def footer_words(app) -> list[str]:
    return [key.description for key in app.screen.query("FooterKey")]


# What each language shows on the review screens (7 calls in the hand-built log).
# fmt: off
SHOWN = {
    "en": {
        "status": "Review[/] · 7 calls · 1–7 · all calls", "legend": "E escalated",
        "footer": ["Search", "Filter", "Stats", "Next", "Prev", "Quit"],
        "columns": ["When", "Agent", "Customer", "Outcome", "Length", "!", "Summary"],
        "when": "11-21 10:00", "outcome": "Unfinished", "placeholder": "since (7d)",
        "detail": ["Steps", "time / target", "Notes", "Warnings and events", "10:00:00"],
        "stats": ["Statistics[/] · all calls", "Outcomes", "Per agent"],
        "days": ["Calls per day", "2 Nov 2026 … 21 Nov 2026 (UTC)", "busiest 1"],
        "help": ["Review: the call log, newest first.", "Search the notes", "Everywhere"],
        "palette": "Stats  (s)",
    },
    "tr": {
        "status": "İnceleme[/] · 7 görüşme · 1–7 · tüm görüşmeler", "legend": "A aktarıldı",
        "footer": ["Ara", "Filtre", "İstatistik", "İleri", "Geri", "Çık"],
        "columns": ["Zaman", "Temsilci", "Müşteri", "Sonuç", "Süre", "!", "Özet"],
        "when": "21.11 10:00", "outcome": "Bitmedi", "placeholder": "başlangıç (7d)",
        "detail": ["Adımlar", "süre / hedef", "Notlar", "Uyarılar ve olaylar", "10:00:00"],
        "stats": ["İstatistikler[/] · tüm görüşmeler", "Sonuçlar", "Temsilci bazında"],
        "days": ["Günlük görüşme sayısı", "2 Kas 2026 … 21 Kas 2026 (UTC)", "en yoğun gün 1"],
        "help": ["İnceleme: görüşme kayıtları", "Notlarda ara", "Her yerde"],
        "palette": "İstatistik  (s)",
    },
    "et": {
        "status": "Ülevaade[/] · 7 kõnet · 1–7 · kõik kõned", "legend": "E edasi suunatud",
        "footer": ["Otsi", "Filter", "Statistika", "Edasi", "Tagasi", "Välju"],
        "columns": ["Aeg", "Agent", "Klient", "Tulemus", "Kestus", "!", "Kokkuvõte"],
        "when": "21.11 10:00", "outcome": "Lõpetamata", "placeholder": "alates (7d)",
        "detail": ["Sammud", "aeg / siht", "Märkmed", "Hoiatused ja sündmused", "10:00:00"],
        "stats": ["Statistika[/] · kõik kõned", "Tulemused", "Agentide kaupa"],
        "days": ["Kõnesid päevas", "2. nov 2026 … 21. nov 2026 (UTC)", "tihedaim päev 1"],
        "help": ["Ülevaade: kõnelogi, uuemad eespool.", "Otsi märkmetest", "Kõikjal"],
        "palette": "Statistika  (s)",
    },
}
# fmt: on


@pytest.mark.parametrize("code", list(SHOWN))
async def test_the_review_screens_speak_the_language_chosen(tmp_path, code):
    path = tmp_path / "calls.db"
    build(path)
    shown = SHOWN[code]
    set_language(code)  # after the UI modules were imported, as at start-up
    app = review_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert shown["status"] in text(app, "#review-status")
        assert shown["legend"] in text(app, "#review-message")
        assert set(shown["footer"]) <= set(footer_words(app))
        table = app.screen.query_one(CallTable)
        assert [str(c.label) for c in table.columns.values()] == shown["columns"]
        first = [str(cell) for cell in table.get_row_at(0)]
        assert first[0] == shown["when"] and first[3] == shown["outcome"]
        assert app.screen.query_one("#filter-since", Input).placeholder == shown["placeholder"]
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert shown["palette"] in titles

        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help Static", Static).content)
        for words in shown["help"]:
            assert words in help_text, words
        await pilot.press("escape")

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CallDetailScreen)
        body = text(app, "#detail-body")
        for words in shown["detail"]:
            assert words in body, words
        await pilot.press("escape")

        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        for words in shown["stats"]:
            assert words in text(app, "#stats-top") + text(app, "#stats-rest"), words
        for words in shown["days"]:
            assert words in text(app, "#stats-days-label"), words


async def test_an_empty_filter_result_and_paging_messages_are_translated(tmp_path):
    path = tmp_path / "calls.db"
    build(path)
    set_language("tr")
    app = review_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one("#filter-agent", Input).value = "kimse"
        await pilot.press("f", "enter")
        await settle(pilot)
        assert "“kimse” adında bir temsilci yok." in text(app, "#review-message")
        assert "0 görüşme" in text(app, "#review-status")
        assert "temsilci kimse" in text(app, "#review-status")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert any(n.message == "Bu son sayfa." for n in app._notifications)


@pytest.mark.parametrize("code", list(SHOWN))
def test_the_table_words_fit_their_columns(code):
    """Short outcomes (msgctxt "short") and column names are no wider than their column."""
    from callmate.language.labels import OUTCOME_WORDS, outcome_label
    from callmate.ui.widgets.review_table import COLUMNS

    set_language(code)
    widths = {key: width for key, _label, width in COLUMNS}
    too_wide = [
        outcome_label(o, short=True)
        for o in [*OUTCOME_WORDS, None]
        if len(outcome_label(o, short=True)) > widths["outcome"]
    ]
    too_wide += [
        i18n.gettext(label) for _key, label, width in COLUMNS if len(i18n.gettext(label)) > width
    ]
    assert not too_wide


class DialogApp(App[None]):
    """A bare app to show one dialog on."""

    def __init__(self, dialog):
        super().__init__()
        self.dialog = dialog
        self.services = SimpleNamespace(clock=FakeClock())

    def on_mount(self) -> None:
        self.push_screen(self.dialog)


YES_NO = [
    ("en", "Yes", "No", "y", "n"),
    ("tr", "Evet", "Hayır", "e", "h"),
    ("et", "Jah", "Ei", "j", "e"),
]


@pytest.mark.parametrize("code, yes, no, yes_key, no_key", YES_NO)
async def test_the_yes_no_question_answers_in_the_language(code, yes, no, yes_key, no_key):
    set_language(code)
    app = DialogApp(ConfirmScreen("?"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = " ".join(str(s.content) for s in app.screen.query(Static))
        assert f"[b]{yes_key}[/b] {yes}" in shown and f"[b]{no_key}[/b] / Esc  {no}" in shown


@pytest.mark.parametrize("code, yes, no, yes_key, no_key", YES_NO)
@pytest.mark.parametrize("answer", [True, False])
async def test_the_yes_no_question_takes_the_languages_own_letters(
    code, yes, no, yes_key, no_key, answer
):
    set_language(code)
    answers: list[bool | None] = []
    dialog = ConfirmScreen("?")

    class Asking(App[None]):
        def __init__(self) -> None:
            super().__init__()
            self.services = SimpleNamespace(clock=FakeClock())

        def on_mount(self) -> None:
            self.push_screen(dialog, answers.append)

    app = Asking()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # Enter answers nothing (it may be the one that saved a field)
        await pilot.pause()
        assert answers == []
        await pilot.press(yes_key if answer else no_key)
        await pilot.pause()
    assert answers == [answer]


async def test_the_checklist_picker_counts_steps_in_the_language():
    set_language("et")
    app = DialogApp(ChecklistPicker())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Kontrollnimekiri järgmisteks kõnedeks" in str(app.screen.query_one(Static).content)
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(" sammu" in label for label in labels)


@pytest.mark.parametrize(
    "code, breathe_in", [("en", "Breathe in…"), ("tr", "Nefes alın…"), ("et", "Hinga sisse…")]
)
async def test_the_pacer_breathes_in_the_language(code, breathe_in):
    set_language(code)

    class PacerApp(App[None]):
        def __init__(self):
            super().__init__()
            self.services = SimpleNamespace(clock=FakeClock())

        def compose(self):
            yield Pacer()

    app = PacerApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert str(app.query_one(Pacer).content).startswith(breathe_in)
