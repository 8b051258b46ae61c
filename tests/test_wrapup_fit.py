"""The wrap-up at 80x24 in English, Turkish and Estonian: the after-call work timer, the follow-up
hints, the offer of the notes and every key show whole, within the terminal."""

from __future__ import annotations

import pytest

from callmate.checklists import catalog
from callmate.language.i18n import set_language
from callmate.safe import cell_width
from callmate.ui.screens.wrapup import LAST_OUTCOME
from tests.test_wrapup_support import burst, plain, screen_lines
from tests.ui_helpers import make_app, settle

#: What must show whole, each on one row of the screen, in each language (the outcomes' digits
#: run to the last declared).
# fmt: off
SHOWN = {
    "en": [
        "Wrap-up · call 2:05 · after-call work 0:09 · Ayla Kaya",
        'Follow-up (optional), e.g. "tomorrow 10:00", +2d, "next friday 14:00"',
        "Summary  ctrl+n adds the call's notes (2)",
        "^s Save, then break", f"1-{LAST_OUTCOME} Outcome", "⇧1-5 How hard", "^r Back to the call",
    ],
    "tr": [
        "Görüşme sonu · görüşme 2:05 · görüşme sonrası çalışma 0:09 · Ayla Kaya",
        'Geri dönüş (isteğe bağlı), ör. "yarın 10:00", "2 gün sonra", "gelecek cuma"',
        "Özet  ctrl+n görüşmenin notlarını ekler (2)",
        "^s Kaydet, sonra mola", f"1-{LAST_OUTCOME} Sonuç", "⇧1-5 Zorluk", "^r Görüşmeye dön",
    ],
    "et": [
        "Kõne lõpetamine · kõne 2:05 · kõnejärgne töö 0:09 · Ayla Kaya",
        'Järelkontakt (valikuline), nt homme, "2 päeva pärast", "järgmisel reedel"',
        "Kokkuvõte  ctrl+n lisab kõne märkmed (2)",
        "^s Salvesta, siis paus", f"1-{LAST_OUTCOME} Tulemus", "⇧1-5 Raskus", "^r Tagasi kõnesse",
    ],
}
# fmt: on


@pytest.mark.parametrize("code", list(SHOWN))
async def test_the_wrap_up_fits_80x24_in_the_language(tmp_path, clock, code):
    set_language(code)
    app = make_app(tmp_path / "calls.db", catalog.resolve(f"default.{code}"), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("n")
        await settle(pilot, app)
        burst(app, ["ctrl+n", *"Ayla Kaya", "enter"])
        await settle(pilot, app)
        burst(app, [*"parcel late", "enter", *"refund", "enter"])
        await settle(pilot, app)
        clock.advance(125)
        burst(app, ["ctrl+e"])
        await settle(pilot, app)
        clock.advance(9)
        app.screen.tick()
        await pilot.pause()
        lines = screen_lines(app)
        assert len(lines) == 24 and all(cell_width(line) <= 80 for line in lines)
        for words in SHOWN[code]:
            assert any(words in line for line in lines), (words, "\n".join(lines))
        # The summary field shows (a row of its own, under its label).
        label_row = next(i for i, line in enumerate(lines) if SHOWN[code][2] in line)
        assert plain(app, "#summary-label") == SHOWN[code][2]
        assert app.screen.query_one("#summary").region.y == label_row + 1
        assert lines[-1].strip()  # the footer is on the last row
