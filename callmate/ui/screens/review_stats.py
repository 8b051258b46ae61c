"""Statistics for the calls the review's filter selects, with calls per day as a chart."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Sparkline, Static

from callmate.models import Stats
from callmate.report import stats_text
from callmate.report.text import table
from callmate.review.pages import Typed
from callmate.ui.base import CallmateScreen
from callmate.ui.reading import read_in_thread
from callmate.ui.text import esc


def _block(title: str, lines: list[str]) -> str:
    return f"[b]{esc(title)}[/b]\n" + "\n".join(esc(line) for line in lines)


def render_top(s: Stats, typed: Typed) -> str:
    head = f"[b]Statistics[/b] · {esc(typed.describe())}"
    return head + "\n\n" + "\n".join(esc(line) for line in stats_text.summary_lines(s))


def render_rest(s: Stats) -> str:
    steps = table(stats_text.step_rows(s), stats_text.STEP_HEAD, {0: 9, 1: 22}).splitlines()
    skipped = stats_text.most_skipped_lines(s)
    agents = table(stats_text.agent_rows(s), stats_text.AGENT_HEAD).splitlines()
    return "\n\n".join([
        _block("Outcomes", stats_text.outcome_lines(s, width=20)),
        _block("Time per step against target", steps),
        _block("Most skipped steps", skipped),
        _block("Per agent", agents),
    ])  # fmt: skip


class StatsScreen(CallmateScreen):
    """Statistics for the filtered calls."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="stats.back", tooltip="Back to the list"),
        Binding("r", "refresh", "Refresh", id="stats.refresh", tooltip="Compute again"),
    ]

    def __init__(self, typed: Typed):
        super().__init__()
        self.typed = typed
        self.figures: Stats | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stats"):
            yield Static("[dim]Computing…[/]", id="stats-top")
            yield Static("", id="stats-days-label")
            yield Sparkline([], id="stats-days")
            yield Static("", id="stats-rest")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#stats").focus()
        self.load()

    def load(self) -> None:
        typed, now = self.typed, self.services.clock.now()

        def job(db):
            from callmate.review import pages as review
            from callmate.review import stats

            return stats.compute(db, review.resolve(db, typed, now))

        self._read(job, self.show, self.failed)

    @work(thread=True, exit_on_error=False, exclusive=True, group="review-stats")
    def _read(self, job, then, failed) -> None:
        read_in_thread(self, job, then, failed)

    def show(self, figures: Stats) -> None:
        if not self.is_attached:
            return
        self.figures = figures
        self.query_one("#stats-top", Static).update(render_top(figures, self.typed))
        days = figures.per_day
        label = "[b]Calls per day[/b]"
        if days:
            busiest = max(d.calls for d in days)
            label += (f"  [dim]{days[0].day} … {days[-1].day} (UTC) · "
                      f"busiest {busiest:,}[/]")  # fmt: skip
        self.query_one("#stats-days-label", Static).update(label)
        self.query_one("#stats-days", Sparkline).data = [d.calls for d in days]
        self.query_one("#stats-rest", Static).update(render_rest(figures))

    def failed(self, message: str) -> None:
        if self.is_attached:
            self.query_one("#stats-top", Static).update(f"[$warning]{esc(message)}[/]")

    def action_back(self) -> None:
        self.dismiss()

    def action_refresh(self) -> None:
        self.query_one("#stats-top", Static).update("[dim]Computing…[/]")
        self.load()
