"""``review.insights``: an effect planted in generated calls is found, with the right sign and an
interval that holds it; with none planted, no more differences than chance gives."""

from __future__ import annotations

import json
import random
import shutil
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from callmate.cli import cli
from callmate.demo import generate as demo
from callmate.measures import comparisons
from callmate.report import insights_text
from callmate.review import insights
from callmate.review.filters import Filter
from callmate.store.db import open_db, open_for_reading

pytestmark = pytest.mark.usefixtures("utc_dates")

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
#: The planted effect: calls that copied the phrase end resolved this much more often.
PLANTED = 0.20


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("insights") / "calls.db"
    db = open_db(path)
    demo.generate(db, 6000, seed=22, end=NOW, days=60)
    db.close()
    return path


def _outcomes_by_chance(path, seed: int, chosen: set[str] = frozenset(), lift: float = 0.0):
    """Every wrapped-up call's outcome, escalation and follow-up drawn at random, apart from
    anything the call did; the calls ``chosen`` resolved ``lift`` more often."""
    rng = random.Random(seed)
    db = open_db(path)
    ids = [
        r[0] for r in db.conn.execute("SELECT id FROM calls WHERE status = 'closed' ORDER BY id")
    ]
    rows = []
    for call_id in ids:
        resolved = rng.random() < 0.55 + (lift if call_id in chosen else 0.0)
        rows.append(
            (
                "resolved" if resolved else "callback",
                int(rng.random() < 0.2),
                "2026-11-24T10:00:00+00:00" if rng.random() < 0.3 else None,
                call_id,
            )
        )
    with db.atomic():
        db.conn.executemany(
            "UPDATE calls SET outcome = ?, escalated = ?, escalation_withdrawn = 0, "
            "follow_up_at = ? WHERE id = ?",
            rows,
        )
    db.close()


def _most_copied(path) -> tuple[tuple[str, str, str, str], set[str]]:
    db = open_for_reading(path)
    try:
        key = db.conn.execute(
            "SELECT c.checklist_id, c.language, e.step_id, "
            "CAST(json_extract(e.data, '$.number') AS TEXT), count(DISTINCT c.id) AS n "
            "FROM events e JOIN calls c ON c.id = e.call_id "
            "WHERE e.kind = 'phrase_copied' AND c.status = 'closed' "
            "GROUP BY 1, 2, 3, 4 ORDER BY n DESC LIMIT 1"
        ).fetchone()[:4]
        chosen = {
            r[0]
            for r in db.conn.execute(
                "SELECT DISTINCT e.call_id FROM events e JOIN calls c ON c.id = e.call_id "
                "WHERE e.kind = 'phrase_copied' AND c.checklist_id = ? AND c.language = ? "
                "AND e.step_id = ? AND CAST(json_extract(e.data, '$.number') AS TEXT) = ?",
                key,
            )
        }
    finally:
        db.close()
    return key, chosen


def _read(path, **options) -> comparisons.Insights:
    db = open_for_reading(path)
    try:
        return insights.compute(db, Filter(), **options)
    finally:
        db.close()


def test_a_planted_phrase_is_found_with_its_sign_and_an_interval_holding_it(generated, tmp_path):
    path = tmp_path / "planted.db"
    shutil.copy(generated, path)
    key, chosen = _most_copied(path)
    _outcomes_by_chance(path, seed=5, chosen=chosen, lift=PLANTED)
    found = _read(path)
    [finding] = [
        f
        for f in found.findings
        if f.kind == "phrase"
        and (f.checklist, f.language, f.step, f.what) == key
        and f.measure == "resolved"
    ]
    assert finding.difference > 0
    low, high = finding.interval
    assert low < PLANTED < high
    assert finding.beyond_chance
    assert finding.text  # the words of one copy name the phrase


def test_with_nothing_planted_no_more_differences_than_chance_gives(generated, tmp_path):
    path = tmp_path / "by_chance.db"
    shutil.copy(generated, path)
    _outcomes_by_chance(path, seed=9)
    found = _read(path)
    assert len(found.findings) > 100  # enough comparisons for chance to have its say
    beyond = [f for f in found.findings if f.beyond_chance]
    # Intervals apart happen about once in 200 comparisons by chance; a few percent at most.
    assert len(beyond) <= 0.02 * len(found.findings), [
        (f.checklist, f.kind, f.step, f.what, f.measure) for f in beyond
    ]


def test_the_kept_figures_and_the_call_steps_give_the_same_figures(generated):
    def shape(found):
        return sorted(json.dumps(f.to_json(), sort_keys=True) for f in found.findings)

    for by in ((), ("agent",), ("language", "month")):
        assert shape(_read(generated, by=by, figures=True)) == shape(
            _read(generated, by=by, figures=False)
        )


def test_one_step_gives_that_steps_lines_only(generated):
    whole = _read(generated)
    one = _read(generated, step="restate")
    assert one.findings
    assert {f.step for f in one.findings} == {"restate"}
    assert sorted(map(repr, one.findings)) == sorted(
        repr(f) for f in whole.findings if f.step == "restate" and f.kind != "hold"
    )


def test_each_side_has_enough_calls_and_the_largest_difference_comes_first(generated):
    found = _read(generated)
    assert all(f.with_.calls >= 30 and f.without.calls >= 30 for f in found.findings)
    sizes = [abs(f.difference) for f in found.findings]
    assert sizes == sorted(sizes, reverse=True)
    assert found.calls > 0


def test_wilson_interval():
    low, high = comparisons.wilson(81, 263)
    assert round(low, 4) == 0.2553 and round(high, 4) == 0.3662
    assert comparisons.wilson(0, 0) == (0.0, 1.0)
    assert comparisons.wilson(0, 10)[0] == 0.0
    assert comparisons.wilson(10, 10)[1] == pytest.approx(1.0)


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_the_command_in_each_format(generated, fmt):
    result = CliRunner().invoke(
        cli,
        ["insights", "--db", str(generated), "--format", fmt, "--agent", "ann", "--by", "month"],
    )
    assert result.exit_code == 0, result.output
    if fmt == "json":
        shape = json.loads(result.output)
        assert shape["filter"]["agent"] == "ann" and shape["by"] == ["month"]
        assert all(f["group"] for f in shape["findings"])
    elif fmt == "csv":
        assert result.output.startswith('"checklist","language"')
    else:
        assert "goes with" in result.output.lower()


async def test_the_review_panel_shows_what_the_command_finds(generated):
    """i on the review list opens the panel: the filter's comparisons, as insights gives them."""
    from textual.widgets import Static

    from callmate.checklists import catalog
    from callmate.clock import FakeClock
    from callmate.config import Settings
    from callmate.ui.app import CallmateApp
    from callmate.ui.screens.review_insights import InsightsScreen

    app = CallmateApp(
        db_path=generated,
        checklist=catalog.resolve(None),
        settings=Settings(agent="Lead"),
        clock=FakeClock(NOW),
        mode="review",
        save_settings=False,
    )

    async def settle(pilot) -> None:
        for _n in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.pause()

    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, InsightsScreen)
        assert app.screen.found is not None
        assert app.screen.found.findings == _read(generated).findings
        body = str(app.screen.query_one("#insights-body", Static).content)
        assert "What goes with how calls end" in body and "GOES WITH" in body
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, InsightsScreen)


def test_the_command_speaks_turkish(generated):
    result = CliRunner().invoke(cli, ["insights", "--db", str(generated), "--lang", "tr"])
    assert result.exit_code == 0, result.output
    assert "ile birlikte görülüyor" in result.output


@pytest.mark.parametrize("code", ["en", "tr", "et"])
def test_the_panel_fits_80_columns_in_each_language(generated, code):
    """At 80×24 (76 cells inside the panel) each comparison is a few lines that fit: its
    line breaks are line breaks (never a visible ␊) and no line of the table wraps."""
    from rich.text import Text

    from callmate.language.i18n import set_language
    from callmate.review.pages import Typed
    from callmate.safe import cell_width
    from callmate.ui.screens.review_insights import render

    set_language(code)
    try:
        found = _read(generated, language=code)
        shown = Text.from_markup(render(found, Typed(), 76)).plain
        prose = set(insights_text.notes(found))  # sentences, wrapped as the screen wraps text
        largest = insights_text.difference(found.findings[0])
    finally:
        set_language("en")
    assert "␊" not in shown
    lines = [line for line in shown.splitlines()[1:] if line not in prose]
    assert max(cell_width(line) for line in lines) <= 76
    assert any(largest in line for line in lines)
    assert len(lines) > 4 * min(len(found.findings), 60)
