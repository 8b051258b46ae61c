"""Statistics for the calls the review's filter selects, with calls and handle time per day as
charts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Sparkline, Static

from callmate.dates import show_date
from callmate.language.i18n import N_, _, language, number
from callmate.measures.figures import Stats
from callmate.report import stats_text
from callmate.report.text import duration, heads, table
from callmate.review.pages import Typed
from callmate.ui.base import CallmateScreen
from callmate.ui.reading import read_in_thread
from callmate.ui.text import esc, marked
from callmate.ui.widgets.footer import FittingFooter
from callmate.ui.widgets.review_filters import describe

if TYPE_CHECKING:
    from callmate.review.trends import Day  # read in the worker (the statistics load late)


def computing() -> str:
    return marked("dim", _("Computing…"))


def day(iso_day: str) -> str:
    """A UTC day of the chart (``2026-11-20``) as the language writes a date."""
    try:
        moment = datetime.fromisoformat(iso_day).replace(tzinfo=UTC)
    except ValueError:  # not a date: shown as stored
        return iso_day
    return show_date(moment, language(), "date", tz=UTC)


def handle_times(days: list[Day]) -> list[float]:
    """The handle-time chart's values: each day's average handle time, 0 without one."""
    return [d.average_seconds or 0.0 for d in days]


def _block(title: str, lines: list[str]) -> str:
    return f"[b]{esc(title)}[/b]\n" + "\n".join(esc(line) for line in lines)


def render_top(s: Stats, typed: Typed) -> str:
    head = marked("b", _("Statistics")) + " · " + esc(describe(typed))
    return head + "\n\n" + "\n".join(esc(line) for line in stats_text.summary_lines(s))


#: Cells the step table needs besides the step's title (checklist, times, rates, gaps).
STEP_TABLE_REST = 58


def render_side_by_side(columns: list[tuple[str, Stats]], more: int = 0) -> str:
    """The agents the filter names side by side (and the team beside one), or nothing."""
    if not columns:
        return ""
    lines = table(
        stats_text.side_by_side_rows(columns),
        stats_text.side_by_side_head(columns),
        {0: 34},
    ).splitlines()
    if more:
        lines.append(_("and {n} more (name fewer agents to see them)").format(n=number(more)))
    return _block(_("Agents side by side"), lines) + "\n\n"


def render_rest(s: Stats, width: int = 80) -> str:
    """Outcomes, steps, skips and agents, using the screen's ``width``: a step's title is cut
    only when the screen has no room for it, and the outcome bars take what is left."""
    title_room = max(22, width - STEP_TABLE_REST)
    steps = table(
        stats_text.step_rows(s), heads(stats_text.STEP_HEAD), {0: 9, 1: title_room}
    ).splitlines()
    skipped = stats_text.most_skipped_lines(s)
    agents = table(stats_text.agent_rows(s), heads(stats_text.AGENT_HEAD)).splitlines()
    bars = max(10, min(60, width - stats_text.OUTCOME_LABEL_MAX - 24))
    return "\n\n".join(
        [
            _block(_("Outcomes"), stats_text.outcome_lines(s, width=bars)),
            _block(_("Time per step against target"), steps),
            _block(_("Most skipped steps"), skipped),
            _block(_("Per agent"), agents),
        ]
    )


class StatsScreen(CallmateScreen):
    """Statistics for the filtered calls."""

    HELP_TITLE = N_("Statistics for the filtered calls.")
    BINDINGS = [
        Binding("escape,q", "back", N_("Back"), id="stats.back", tooltip=N_("Back to the list")),
        Binding("r", "refresh", N_("Refresh"), id="stats.refresh", tooltip=N_("Compute again")),
    ]

    def __init__(self, typed: Typed):
        super().__init__()
        self.typed = typed
        self.figures: Stats | None = None
        #: The agents side by side (with the team beside one), and how many more were named.
        self.columns: list[tuple[str, Stats]] = []
        self.more = 0
        #: The trends per day (``review.trends``): the handle time's chart is drawn from them.
        self.trends: list[Day] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stats"):
            yield Static(computing(), id="stats-top")
            yield Static("", id="stats-days-label")
            yield Sparkline([], id="stats-days")
            yield Static("", id="stats-handle-label")
            yield Sparkline([], id="stats-handle")
            yield Static("", id="stats-rest")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#stats").focus()
        self.load()

    def load(self) -> None:
        typed, now = self.typed, self.services.clock.now()

        def job(db):
            from callmate.review import pages as review, side_by_side, stats, trends

            filt = review.resolve(db, typed, now, language=language())
            columns = [(c.agent, c.stats) for c in side_by_side.columns(db, filt)]
            more = max(0, len(filt.agents or ()) - side_by_side.MOST)
            one = len(filt.agents or ()) == 1  # that agent's figures are the first column's
            found = None if one else stats.gather(db, filt)  # read once for both
            figures = columns[0][1] if one else stats.compute(db, filt, found)
            return figures, columns, more, trends.per_day(db, filt, found)

        self._read(job, self.show, self.failed)

    @work(thread=True, exit_on_error=False, exclusive=True, group="review-stats")
    def _read(self, job, then, failed) -> None:
        read_in_thread(self, job, then, failed)

    def show(self, found: tuple[Stats, list[tuple[str, Stats]], int, list[Day]]) -> None:
        if not self.is_attached:
            return
        figures, self.columns, self.more, self.trends = found
        self.figures = figures
        self.query_one("#stats-top", Static).update(render_top(figures, self.typed))
        days = figures.per_day
        label = marked("b", _("Calls per day"))
        if days:
            busiest = _("busiest {n}").format(n=number(max(d.calls for d in days)))
            label += f"  [dim]{esc(day(days[0].day))} … {esc(day(days[-1].day))} (UTC) · "
            label += f"{esc(busiest)}[/]"
        self.query_one("#stats-days-label", Static).update(label)
        self.query_one("#stats-days", Sparkline).data = [d.calls for d in days]
        self._show_handle_time()
        self.query_one("#stats-rest", Static).update(self._rest())

    def _show_handle_time(self) -> None:
        """The handled calls' average handle time per day (0 on a day none was handled)."""
        label = marked("b", _("Average handle time per day"))
        averages = [d.average_seconds for d in self.trends if d.average_seconds is not None]
        if averages:
            longest = _("longest {time}").format(time=duration(max(averages)))
            label += f"  [dim]{esc(longest)}[/]"
        self.query_one("#stats-handle-label", Static).update(label)
        self.query_one("#stats-handle", Sparkline).data = handle_times(self.trends)

    def _rest(self) -> str:
        assert self.figures is not None
        side = render_side_by_side(self.columns, self.more)
        return side + render_rest(self.figures, self.size.width - 4)

    def on_resize(self) -> None:
        if self.figures is not None:
            self.query_one("#stats-rest", Static).update(self._rest())

    def failed(self, message: str) -> None:
        if self.is_attached:
            self.query_one("#stats-top", Static).update(f"[$warning]{esc(message)}[/]")

    def action_back(self) -> None:
        self.dismiss()

    def action_refresh(self) -> None:
        self.query_one("#stats-top", Static).update(computing())
        self.load()
