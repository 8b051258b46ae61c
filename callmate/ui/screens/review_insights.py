"""What goes with calls that end well, for the calls the review's filter selects
(``review.insights``): the largest differences first, each with its calls and intervals."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from callmate.language.i18n import N_, _, language
from callmate.measures.comparisons import Insights
from callmate.report import insights_text
from callmate.report.text import heads, table
from callmate.review.pages import Typed
from callmate.safe import cell_width
from callmate.ui.base import CallmateScreen
from callmate.ui.reading import read_in_thread
from callmate.ui.text import esc, marked
from callmate.ui.widgets.footer import FittingFooter
from callmate.ui.widgets.review_filters import describe

#: Lines of the table the panel shows.
SHOWN = 60


def render(found: Insights, typed: Typed, width: int = 80) -> str:
    """The panel's text: the title, the table fitted to ``width`` cells, what it means."""
    head = marked("b", _("What goes with how calls end")) + " · " + esc(describe(typed))
    if not found.findings:
        body = _("Nothing to compare: no side has enough calls.")
    else:
        room = max(20, width - 92)
        body = table(insights_text.rows(found, SHOWN), heads(insights_text.HEAD), {0: 16, 1: room})
        if max(cell_width(line) for line in body.splitlines()) > width:  # a few lines each
            body = "\n".join(insights_text.blocks(found, width, SHOWN))
    notes = "\n".join(esc(line) for line in insights_text.notes(found))
    return f"{head}\n\n{esc(body, newlines=True)}\n\n[dim]{notes}[/]"


class InsightsScreen(CallmateScreen):
    """What goes with how the filtered calls end."""

    HELP_TITLE = N_("What goes with how the filtered calls end.")
    BINDINGS = [
        Binding("escape,q", "back", N_("Back"), id="insights.back", tooltip=N_("Back to the list")),
        Binding("r", "refresh", N_("Refresh"), id="insights.refresh", tooltip=N_("Compute again")),
    ]

    def __init__(self, typed: Typed):
        super().__init__()
        self.typed = typed
        self.found: Insights | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="insights"):
            yield Static(marked("dim", _("Computing…")), id="insights-body")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#insights").focus()
        self.load()

    def load(self) -> None:
        typed, now, spoken = self.typed, self.services.clock.now(), language()

        def job(db):
            from callmate.review import insights, pages

            filt = pages.resolve(db, typed, now, language=spoken)
            return insights.compute(db, filt, language=spoken)

        self._read(job, self.show, self.failed)

    @work(thread=True, exit_on_error=False, exclusive=True, group="review-insights")
    def _read(self, job, then, failed) -> None:
        read_in_thread(self, job, then, failed)

    def show(self, found: Insights) -> None:
        if self.is_attached:
            self.found = found
            self.query_one("#insights-body", Static).update(
                render(found, self.typed, self.size.width - 4)
            )

    def on_resize(self) -> None:
        if self.found is not None:
            self.show(self.found)

    def failed(self, message: str) -> None:
        if self.is_attached:
            self.query_one("#insights-body", Static).update(f"[$warning]{esc(message)}[/]")

    def action_back(self) -> None:
        self.dismiss()

    def action_refresh(self) -> None:
        self.query_one("#insights-body", Static).update(marked("dim", _("Computing…")))
        self.load()
