"""The wrap-up's follow-up time: typed as text, read forward, and said back in words as it is typed.

The hints are times ahead, written as this field reads them ("tomorrow 10:00", "+2d"); a day
typed alone is due when the working day starts (``dates.parse_follow_up``). A time in the past
is said so, in words, beside what was read.
"""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from callmate.dates import FOLLOW_UP_EXAMPLES, DateError, describe, parse_follow_up
from callmate.language.i18n import _, language, ngettext
from callmate.ui.services import services
from callmate.ui.text import esc, marked


def past_by(moment: datetime, now: datetime) -> str:
    """How far in the past ``moment`` is, in words ("" when it is not)."""
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return ""
    if seconds < 2 * 3600:
        n = int(seconds // 60)
        return ngettext("{n} minute", "{n} minutes", n).format(n=n)
    if seconds < 2 * 86400:
        n = int(seconds // 3600)
        return ngettext("{n} hour", "{n} hours", n).format(n=n)
    n = int(seconds // 86400)
    return ngettext("{n} day", "{n} days", n).format(n=n)


class FollowUpField(Vertical):
    """The label with its hints, the field (``#follow-up``) and what it was read as."""

    DEFAULT_CSS = """
    FollowUpField {
        height: auto;
    }
    """

    def __init__(self, typed: str, **kwargs: object):
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._typed = typed

    def compose(self) -> ComposeResult:
        code = language()
        examples = FOLLOW_UP_EXAMPLES.get(code, FOLLOW_UP_EXAMPLES["en"])
        yield Label(
            _("Follow-up (optional), e.g. {examples}").format(examples=examples),
            id="follow-up-label",
        )
        yield Input(
            self._typed, placeholder=_("when to follow up"), id="follow-up", select_on_focus=False
        )
        yield Static("", id="follow-up-shown")

    def on_mount(self) -> None:
        self._typed_changed()

    @property
    def text(self) -> str:
        return self.query_one("#follow-up", Input).value.strip()

    def moment(self) -> datetime | None:
        """The follow-up time typed, or None; raises DateError for text that is not a time."""
        if not self.text:
            return None
        return parse_follow_up(self.text, now=services(self).clock.now(), language=language())

    def past_by(self, moment: datetime) -> str:
        return past_by(moment, services(self).clock.now())

    @on(Input.Changed, "#follow-up")
    def _typed_changed(self) -> None:
        shown = self.query_one("#follow-up-shown", Static)
        try:
            moment = self.moment()
        except DateError:
            shown.update(marked("$error", _("Not a time I can read yet")))
            return
        if moment is None:
            shown.update("")
            return
        past = self.past_by(moment)
        note = ""
        if past:
            note = "  " + marked("b $warning", _("that is {time} ago").format(time=past))
        shown.update(f"→ {esc(describe(moment, language()))}{note}")
