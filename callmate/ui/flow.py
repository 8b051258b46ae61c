"""Where the app goes next. The one place that knows the screens: a live call runs
ready → call → wrap-up → break → ready, and the state of the call decides which screen shows it;
the review opens a call's detail and the statistics. Screens ask for a move through
``services.go`` and never import each other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from callmate.call import Call
    from callmate.checklists.model import Checklist
    from callmate.review.pages import Typed


def live_screen(call: Call) -> Screen[Any] | None:
    """The screen for a call in the state it is in (``None``: the call is over, back to Ready)."""
    from callmate.ui.screens.call import CallScreen
    from callmate.ui.screens.rest import BreakScreen
    from callmate.ui.screens.wrapup import WrapUpScreen

    if call.status == "open":
        return CallScreen(call)
    if call.status == "wrapup":
        return WrapUpScreen(call)
    if call.status == "closed" and call.break_seconds is None:
        return BreakScreen(call)
    return None


class Flow:
    """Moves between the screens of an app (see ``services.Navigation``).

    In the live mode, Ready stays at the bottom of the stack; a call's screens replace one
    another above it, and going back to Ready uncovers it (it reads the day's figures again).
    """

    def __init__(self, app: App[Any]):
        self.app = app

    def show_call(self, call: Call, *, then_new_call: bool = False) -> None:
        screen = live_screen(call)
        if screen is None:
            self.ready(start_call=then_new_call)
        elif len(self.app.screen_stack) > 1:
            self.app.switch_screen(screen)
        else:
            self.app.push_screen(screen)

    def ready(self, *, start_call: bool = False) -> None:
        from callmate.ui.screens.ready import ReadyScreen

        while len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        ready = self.app.screen
        if start_call and isinstance(ready, ReadyScreen):
            ready.action_new_call()

    def help(self) -> None:
        from callmate.ui.screens.help import HelpScreen

        if not isinstance(self.app.screen, HelpScreen):
            self.app.push_screen(HelpScreen(self.app.screen))

    def pick_checklist(self, chosen: Callable[[Checklist | None], None]) -> None:
        from callmate.ui.screens.pick import ChecklistPicker

        self.app.push_screen(ChecklistPicker(), chosen)

    def confirm(
        self, question: str, detail: str, yes: str, no: str, answered: Callable[[bool | None], None]
    ) -> None:
        from callmate.ui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen(question, detail, yes=yes, no=no), answered)

    def call_detail(
        self, call_id: str, ids: list[str], then: Callable[[str | None], None] | None = None
    ) -> None:
        from callmate.ui.screens.review_detail import CallDetailScreen

        self.app.push_screen(CallDetailScreen(call_id, ids), then)

    def evaluate(self, record: dict[str, Any], then: Callable[[None], None]) -> None:
        from callmate.ui.screens.review_evaluate import EvaluationScreen

        self.app.push_screen(EvaluationScreen(record), then)

    def statistics(self, typed: Typed) -> None:
        from callmate.ui.screens.review_stats import StatsScreen

        self.app.push_screen(StatsScreen(typed))

    def insights(self, typed: Typed) -> None:
        from callmate.ui.screens.review_insights import InsightsScreen

        self.app.push_screen(InsightsScreen(typed))
