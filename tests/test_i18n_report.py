"""The command line's text for people speaks the language chosen (``--lang`` before or after
the command, the settings, the locale): ``calls list``, ``calls show``, ``stats`` and the
``export`` line; machine output (JSON, CSV) is the same bytes in every language."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from callmate import config
from callmate.cli import cli
from callmate.config import Settings
from tests.test_review_dataset import build


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "calls.db"
    return path, build(path)


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


# fmt: off
SHOW = {
    "tr": ["Görüşme a000", "Başlangıç:", "Temsilci:", "Müşteri:", "Kontrol listesi:", "Sonuç:",
           "Süre:", "Hata bizde:", "Yöneticiye aktarıldı:", "Uyarılar:", "Adımlar", "ADIM", "DURUM",
           "HEDEF", "Olaylar"],
    "et": ["Kõne a000", "Algus:", "Agent:", "Klient:", "Kontrollnimekiri:", "Tulemus:",
           "Kestus:", "Meie viga:", "Edasi suunatud:", "Hoiatused:", "Sammud", "SAMM", "OLEK",
           "SIHT", "Sündmused"],
}
# fmt: on
# fmt: off
STATS = {
    "tr": ["İstatistikler: tüm görüşmeler", "Görüşmeler: 7", "tamamlanan: 6", "Sonuçlar",
           "Adım başına süre ve hedef", "KONTROL LİSTESİ", "En çok atlanan adımlar",
           "Temsilci bazında", "TEMSİLCİ", "Günlük görüşme sayısı", "(her sütun bir gün, UTC)",
           "geçerli olmayan atlamalar sayılmaz"],
    "et": ["Statistika: kõik kõned", "Kõnesid: 7", "lõpetatud: 6", "Tulemused",
           "Aeg sammu kohta ja siht", "KONTROLLNIMEKIRI", "Kõige sagedamini vahele jäetud sammud",
           "Agentide kaupa", "AGENT", "Kõnesid päevas", "(üks veerg päeva kohta, UTC)",
           "vahelejätte, mis ei kehtinud, ei loeta"],
}
# fmt: on
# fmt: off
LIST = {
    "tr": ["KİMLİK", "BAŞLANGIÇ", "TEMSİLCİ", "MÜŞTERİ", "SONUÇ", "SÜRE",
           "7 görüşmeden 2 tanesi gösteriliyor (tümü için --limit 0)."],
    "et": ["ID", "ALGUS", "AGENT", "KLIENT", "TULEMUS", "KESTUS",
           "Näidatud 2 kõnet 7-st (kõik: --limit 0)."],
}
# fmt: on
ENGLISH = ["Started:", "Outcome:", "At fault:", "Steps", "Events", "STARTED", "Calls per day"]


@pytest.mark.parametrize("language", ["tr", "et"])
def test_calls_show_speaks_the_language(log, language):
    path, ids = log
    text = run("--lang", language, "calls", "show", ids["A"], "--db", str(path))
    for words in SHOW[language]:
        assert words in text, words
    assert "Started:" not in text and "Outcome:" not in text


@pytest.mark.parametrize("language", ["tr", "et"])
def test_calls_show_dates_are_written_day_first(log, language):
    path, ids = log
    text = run("--lang", language, "calls", "show", ids["A"], "--db", str(path))
    started = next(line for line in text.splitlines() if line.strip().startswith(SHOW[language][1]))
    day = started.split(":", 1)[1].split()[0]
    assert day.count(".") == 2 and len(day.split(".")[2]) == 4, started


@pytest.mark.parametrize("language", ["tr", "et"])
def test_stats_speaks_the_language(log, language):
    path, _ = log
    text = run("--lang", language, "stats", "--db", str(path))
    for words in STATS[language]:
        assert words in text, words
    assert "Outcomes" not in text and "Per agent" not in text


@pytest.mark.parametrize("language, point", [("en", "."), ("tr", ","), ("et", ",")])
def test_stats_write_decimals_as_the_language_does(log, language, point):
    path, _ = log
    text = run("--lang", language, "stats", "--db", str(path))
    score = next(line for line in text.splitlines() if "/ 100" in line)
    assert re.search(rf"\d+\{point}\d / 100", score), score
    shares = [line for line in text.splitlines() if re.search(r"\d%|%\d", line)]
    assert any(re.search(rf"\d\{point}\d", line) for line in shares), shares
    other = "," if point == "." else "."
    assert not re.search(rf"\d\{other}\d / 100", score)


@pytest.mark.parametrize("language", ["tr", "et"])
def test_calls_list_speaks_the_language_with_plurals(log, language):
    path, _ = log
    text = run("--lang", language, "calls", "list", "--limit", "2", "--db", str(path))
    for words in LIST[language]:
        assert words in text, words
    assert "calls shown" not in text


def test_lang_after_the_command_and_the_settings_choose_too(log):
    path, ids = log
    assert "Sonuç:" in run("calls", "show", ids["A"], "--db", str(path), "--lang", "tr")
    config.save(Settings(language="et"))
    assert "Tulemus:" in run("calls", "show", ids["A"], "--db", str(path))
    assert "Tulemused" in run("stats", "--db", str(path))
    assert "Sonuç:" in run("--lang", "tr", "calls", "show", ids["A"], "--db", str(path))


def test_the_locale_chooses_when_nothing_else_does(log, monkeypatch):
    path, ids = log
    monkeypatch.setenv("LANG", "et_EE.UTF-8")
    assert "Tulemus:" in run("calls", "show", ids["A"], "--db", str(path))


def test_english_is_unchanged(log):
    path, ids = log
    text = run("calls", "show", ids["A"], "--db", str(path))
    text += run("calls", "list", "--db", str(path))
    text += run("stats", "--db", str(path))
    for words in ENGLISH:
        assert words in text, words


@pytest.mark.parametrize("language", ["tr", "et"])
def test_export_line_speaks_the_language(log, tmp_path, language):
    path, _ = log
    out = tmp_path / "calls.md"
    result = CliRunner().invoke(
        cli,
        ["--lang", language, "export", "--db", str(path), "--format", "markdown", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    expected = {"tr": "7 görüşme", "et": "7 kõnet eksporditud"}[language]
    assert expected in result.output
    markdown = out.read_text(encoding="utf-8")
    assert {"tr": "## Adımlar", "et": "## Sammud"}[language] in markdown


MACHINE = [
    ["calls", "list", "--format", "json"],
    ["calls", "list", "--format", "csv"],
    ["calls", "show", "{A}", "--format", "json"],
    ["stats", "--format", "json"],
    ["stats", "--format", "json", "--since", "2020-01-01"],
    ["export", "--format", "json"],
    ["export", "--format", "csv"],
]


@pytest.mark.parametrize("args", MACHINE, ids=" ".join)
def test_machine_output_is_the_same_bytes_in_every_language(log, args):
    path, ids = log
    args = [a.format(A=ids["A"]) for a in args]
    outputs = {}
    for language in ("en", "tr", "et"):
        result = CliRunner().invoke(cli, ["--lang", language, *args, "--db", str(path)])
        assert result.exit_code == 0, result.output
        outputs[language] = result.stdout_bytes
    assert outputs["en"]
    assert outputs["tr"] == outputs["en"] == outputs["et"]


@pytest.mark.parametrize("language", ["en", "tr", "et"])
@pytest.mark.parametrize("call", ["A", "B", "D", "E"])
@pytest.mark.parametrize("form", ["text", "markdown"])
def test_every_event_reads_as_a_sentence_with_the_steps_title(log, language, call, form):
    path, ids = log
    text = run("--lang", language, "calls", "show", ids[call], "--db", str(path), "--format", form)
    events = text.split({"en": "Events", "tr": "Olaylar", "et": "Sündmused"}[language], 1)[1]
    assert "{" not in events and '"seconds"' not in events, events
    steps = re.findall(r"“([^”]+)”", events)
    assert steps, events
    for raw in ("calm", "vent", "acknowledge", "restate", "apology", "resolve", "thank", "_"):
        assert not re.search(rf"(^|\s){raw}(\s|$)", events), (raw, events)


def test_the_estonian_timeline_names_the_estonian_steps(log):
    path, ids = log
    text = run("--lang", "et", "calls", "show", ids["E"], "--db", str(path))
    events = text.split("Sündmused", 1)[1]
    assert "“Jää rahulikuks” tehtud" in events, events
    assert "kõne lõppes" in events.lower(), events


@pytest.mark.parametrize(
    "language, typed, expected",
    [
        ("et", "Suunatud", "escalated"),  # the word the Estonian list shows
        ("et", "suunatud", "escalated"),
        ("tr", "aktarıldı", "escalated"),
        ("tr", "AKTARILDI", "escalated"),
        ("tr", "aktarildi", "escalated"),  # typed on a keyboard without ı
        ("tr", "kapattı", "hung_up"),
        ("et", "lõpetamata", "unfinished"),
        ("en", "UNFINISHED", "unfinished"),
        ("en", "hung up", "hung_up"),
    ],
)
def test_the_outcome_a_screen_shows_is_an_outcome_its_filter_takes(language, typed, expected):
    from callmate.language.i18n import set_language
    from callmate.review.filters import parse_outcome

    set_language(language)
    try:
        assert parse_outcome(typed) == expected
    finally:
        set_language("en")


@pytest.mark.parametrize(
    "language, words", [("tr", ["sonuç yok", "Çözüldü"]), ("et", ["tulemust", "Lahendatud"])]
)
def test_an_unknown_outcome_is_refused_in_the_language(log, language, words):
    path, _ = log
    result = CliRunner().invoke(
        cli, ["--lang", language, "calls", "list", "--outcome", "zzz", "--db", str(path)]
    )
    assert result.exit_code != 0
    for word in words:
        assert word in result.output, result.output
    assert "unknown outcome" not in result.output
