"""Review: the call log newest first, a page at a time, with filters typed as text.

Every read runs on a worker thread with its own read-only connection; the screen only ever holds
one page of rows, so a million calls open as fast as a hundred. A database error is shown as a
message and the screen goes on.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import Input, Static

from callmate.language.i18n import N_, _, language, ngettext, number
from callmate.report.text import flags_legend
from callmate.review.filters import Filter
from callmate.review.pages import PAGE_SIZE, Page, Typed
from callmate.ui.base import CallmateScreen
from callmate.ui.reading import read_in_thread
from callmate.ui.text import esc, marked
from callmate.ui.widgets.footer import FittingFooter
from callmate.ui.widgets.review_filters import HINTS, FilterBar, describe
from callmate.ui.widgets.review_table import CallTable

log = logging.getLogger(__name__)
TYPING_PAUSE = 0.35  # seconds of no typing before a filter is applied


def legend() -> str:
    """What the letters of the ! column mean, in the language shown."""
    return marked("dim", "! " + flags_legend() + " · " + _("Enter opens a call"))


class ReviewScreen(CallmateScreen):
    """Review: the call log, newest first."""

    HELP_TITLE = N_("Review: the call log, newest first.")
    AUTO_FOCUS = "#calls"
    # fmt: off
    BINDINGS = [
        Binding("enter", "open_call", N_("Open"), id="review.open",
                tooltip=N_("The call in full")),
        # Priority, like the call screen's n: letters typed right behind them land in the field.
        Binding("slash", "search", N_("Search"), key_display="/", priority=True,
                id="review.search", tooltip=N_("Search the notes")),
        Binding("f", "filters", N_("Filter"), priority=True, id="review.filter",
                tooltip=N_("Since, until, agent, outcome (Tab moves between them)")),
        Binding("s", "stats", N_("Stats"), id="review.stats",
                tooltip=N_("Statistics for the calls the filter selects")),
        Binding("i", "insights", N_("What works"), id="review.insights",
                tooltip=N_("What goes with how the calls the filter selects end")),
        Binding("right_square_bracket", "next_page", N_("Next"), key_display="]",
                id="review.next", tooltip=N_("Next page (or ↓ past the last row)")),
        Binding("left_square_bracket", "previous_page", N_("Prev"), key_display="[",
                id="review.previous", tooltip=N_("Previous page (or ↑ past the first row)")),
        Binding("G", "last_page", N_("Last page"), show=False, id="review.last",
                tooltip=N_("The last page: the oldest calls")),
        Binding("g", "first_page", N_("First page"), show=False, id="review.first",
                tooltip=N_("The first page: the newest calls")),
        Binding("v", "views", N_("Views"), id="review.views",
                tooltip=N_("Saved views: recall one, or save the filters under a name")),
        Binding("x", "clear_filters", N_("Clear"), id="review.clear",
                tooltip=N_("Clear the filters")),
        Binding("r", "refresh", N_("Refresh"), show=False, id="review.refresh",
                tooltip=N_("Read the call log again")),
        Binding("escape", "keys", N_("Back to the list"), show=False, id="review.keys",
                tooltip=N_("Leave the text field")),
        Binding("q", "app.quit", N_("Quit"), id="review.quit"),
    ]
    # fmt: on

    def __init__(self) -> None:
        super().__init__()
        self.typed = Typed()
        self.filter: Filter | None = None
        self.page = Page([], False, 0)
        self.total: int | None = None
        self.message = ""
        self._generation = 0
        self._typing: Timer | None = None
        #: A page is being read; page keys pressed meanwhile are counted in ``_moves`` (pages
        #: forward, or back when negative) and taken one page at a time as each arrives.
        self._reading = False
        self._moves = 0

    def check_action(self, action: str, _parameters: tuple) -> bool | None:
        """While a filter field has the focus, / and f are characters again."""
        if action in ("search", "filters") and isinstance(self.focused, Input):
            return None
        return True

    def compose(self) -> ComposeResult:
        yield Static(marked("b", _("Review")) + " · " + esc(_("loading…")), id="review-status")
        yield FilterBar(id="review-filters")
        yield Static(legend(), id="review-message")
        yield CallTable(id="calls", width=self.app.size.width)
        yield FittingFooter()

    def on_mount(self) -> None:
        self.load()
        call_id, self.services.open_call = self.services.open_call, None
        if call_id is not None:  # review --call ID: that call first, the list behind it
            self.services.go.call_detail(call_id, [call_id], then=self.show_row)

    # -- reading ----------------------------------------------------------------------------------

    def load(
        self,
        index: int = 0,
        *,
        after=None,
        before=None,
        cursor: int = 0,
        count: bool = True,
        last: bool = False,
    ) -> None:
        """Read a page (the first, the one after / before a key, or the ``last``) in the
        background."""
        from callmate.review import pages as review, stats

        self._generation += 1
        self._reading = True
        generation, typed, now = self._generation, self.typed, self.services.clock.now()

        def job(db):
            filt = review.resolve(db, typed, now, language=language())
            if last:
                total = stats.count_calls(db, filt)
                page = review.last_page(db, filt, total)
                self._back(self.show_page, generation, filt, page, cursor)
                return total
            page = review.read_page(db, filt, index, after=after, before=before)
            self._back(self.show_page, generation, filt, page, cursor)
            return stats.count_calls(db, filt) if count else None

        self.show_message(marked("dim", _("Reading…")))
        self._read(
            job,
            lambda total: self.show_total(generation, total),
            lambda message: self.show_problem(generation, message),
        )

    @work(thread=True, exit_on_error=False, group="review-read")
    def _read(self, job: Callable, then: Callable, failed: Callable) -> None:
        read_in_thread(self, job, then, failed)

    def _back(self, callback: Callable, *args) -> None:
        with contextlib.suppress(RuntimeError):
            self.app.call_from_thread(callback, *args)

    # -- showing ----------------------------------------------------------------------------------

    def show_page(self, generation: int, filt: Filter, page: Page, cursor: int) -> None:
        if generation != self._generation or not self.is_attached:
            return
        self._reading = False
        self.filter, self.page = filt, page
        self.query_one(CallTable).show_rows(page.rows, cursor)
        if filt.agents == ():
            nobody = _("No agent called “{name}”.").format(name=self.typed.agent.strip())
            self.show_message(marked("$warning", nobody))
        elif not page.rows:
            empty = _("No calls match.") if not self.typed.is_empty else _("No calls yet.")
            self.show_message(esc(empty))
        else:
            self.show_message(legend())
        self.show_status()
        if self._moves:  # keys pressed while this page was read: the next of them
            forward = self._moves > 0
            self._moves += -1 if forward else 1
            (self.action_next_page if forward else self.action_previous_page)()

    def show_total(self, generation: int, total: int | None) -> None:
        if generation != self._generation or total is None or not self.is_attached:
            return
        self.total = total
        self.show_status()

    def show_problem(self, generation: int, message: str) -> None:
        """A filter that cannot be used: said in the header too, the last rows kept."""
        if generation == self._generation and self.is_attached:
            self._reading, self._moves = False, 0
            self.show_message(f"[$warning]{esc(message)}[/]")
            head = marked("b", _("Review")) + f" · {esc(describe(self.typed))}: "
            self.query_one("#review-status", Static).update(head + marked("$warning", message))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A field of the second row says what it takes while it has the focus."""
        field = (event.widget.id or "").removeprefix("filter-")
        if field in HINTS:
            self.query_one("#review-message", Static).update(marked("dim", _(HINTS[field])))

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        field = (event.widget.id or "").removeprefix("filter-")
        if field in HINTS:
            self.query_one("#review-message", Static).update(self.message)

    def show_message(self, markup: str) -> None:
        self.message = markup
        self.query_one("#review-message", Static).update(markup)

    def show_status(self) -> None:
        page = self.page
        if self.total is None:
            calls = _("… calls")
        else:
            calls = ngettext("{n} call", "{n} calls", self.total).format(n=number(self.total))
        shown = ""
        if page.rows:
            first = page.index * PAGE_SIZE + 1
            shown = f" · {number(first)}–{number(first + len(page.rows) - 1)}"
        text = marked("b", _("Review")) + f" · {esc(calls)}{shown} · {esc(describe(self.typed))}"
        self.query_one("#review-status", Static).update(text)

    # -- filters ----------------------------------------------------------------------------------

    @on(FilterBar.Edited)
    def filters_edited(self, event: FilterBar.Edited) -> None:
        if self._typing is not None:
            self._typing.stop()
        if event.submitted:
            self.apply(event.typed)
            self.query_one(CallTable).focus()
        else:
            self._typing = self.set_timer(TYPING_PAUSE, lambda: self.apply(event.typed))

    def apply(self, typed: Typed) -> None:
        if typed == self.typed:
            return
        self.typed = typed
        self._moves = 0
        self.total = None
        self.load()

    # -- actions ----------------------------------------------------------------------------------

    @on(CallTable.RowSelected)
    def row_selected(self, event: CallTable.RowSelected) -> None:
        event.stop()
        self.action_open_call()

    @on(CallTable.PastEdge)
    def past_edge(self, event: CallTable.PastEdge) -> None:
        if event.direction > 0:
            self.action_next_page()
        else:
            self.action_previous_page()

    def action_open_call(self) -> None:
        table = self.query_one(CallTable)
        call_id = table.current_id
        if call_id is None:
            self.notify(_("No call to open."), timeout=2, markup=False)
            return
        self.services.go.call_detail(call_id, table.row_ids(), then=self.show_row)

    def show_row(self, call_id: str | None) -> None:
        """Back from a call's detail: the cursor on the call shown last (n/p move it there)."""
        if call_id is not None:
            self.query_one(CallTable).move_to(call_id)

    def action_next_page(self) -> None:
        if self._reading:
            self._moves += 1  # every press counts, once the page being read has arrived
            return
        if not self.page.more:
            self._moves = 0  # pressed past the end: the last page it is
            self.notify(_("That is the last page."), timeout=2, markup=False)
            return
        self.load(self.page.index + 1, after=self.page.last_key, count=False)

    def action_previous_page(self) -> None:
        if self._reading:
            self._moves -= 1
            return
        if self.page.index <= 0:
            self._moves = 0
            self.notify(_("That is the first page."), timeout=2, markup=False)
            return
        self.load(self.page.index - 1, before=self.page.first_key, cursor=-1, count=False)

    def action_last_page(self) -> None:
        self._moves = 0
        self.load(last=True)

    def action_first_page(self) -> None:
        self._moves = 0
        self.load(count=self.total is None)

    def action_search(self) -> None:
        self.query_one(FilterBar).focus_field("search")

    def action_filters(self) -> None:
        self.query_one(FilterBar).focus_field("since")

    def action_views(self) -> None:
        from callmate.review import views
        from callmate.ui.screens.review_views import ViewsDialog

        saved = views.saved(self.services.settings)
        self.app.push_screen(ViewsDialog(saved, self.typed), self._view_chosen)

    def _view_chosen(self, chosen) -> None:
        from callmate.review import views
        from callmate.review.filters import FilterError

        if chosen is None:
            return
        settings = self.services.settings
        for name in chosen.removed:
            settings = views.without(settings, name)
        if chosen.what == "recall":
            typed = views.shown(views.find(settings, chosen.name))
            self.query_one(FilterBar).fill(typed)
            self.apply(typed)
            self.notify(_("View “{name}”.").format(name=chosen.name), timeout=2, markup=False)
        elif chosen.what == "save":
            try:
                settings, name = views.with_saved(settings, chosen.name, self.typed)
            except FilterError as exc:
                self.notify(str(exc), severity="warning", markup=False)
            else:
                self.notify(_("Saved as the view “{name}”.").format(name=name), markup=False)
        if settings.views != self.services.settings.views:
            self.services.remember(views=settings.views)

    def action_clear_filters(self) -> None:
        self.query_one(FilterBar).clear()
        self.apply(Typed())

    def action_refresh(self) -> None:
        self.total = None
        self.load()

    def action_keys(self) -> None:
        self.query_one(CallTable).focus()

    def action_stats(self) -> None:
        self.services.go.statistics(self.typed)

    def action_insights(self) -> None:
        self.services.go.insights(self.typed)
