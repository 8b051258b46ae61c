"""One call in full: the steps against their targets, notes, phrases used, warnings and events."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from callmate.dates import format_duration, show_date
from callmate.language.i18n import N_, _, language
from callmate.language.labels import step_status_label
from callmate.report.text import event_text, header_lines, short_id
from callmate.safe import cell_width, pad, visible
from callmate.ui.base import CallmateScreen
from callmate.ui.reading import read_in_thread
from callmate.ui.text import esc, marked
from callmate.ui.widgets.footer import FittingFooter

BAR = 24  # cells for the longest of the steps' times and targets
SHOWN_ELSEWHERE = {"phrase_copied", "step_done", "step_skipped"}


def timeline(steps: list[dict[str, Any]], width: int = BAR) -> list[str]:
    """Each step's time as a bar against its target (┃): within it in green, over it in orange."""
    scale = max([s["seconds"] or 0 for s in steps] + [s["target_seconds"] or 0 for s in steps])
    scale = scale or 1
    lines = []
    for number, s in enumerate(steps, 1):
        seconds, target = s["seconds"] or 0, s["target_seconds"] or 0
        cells = round(width * seconds / scale) if s["visits"] else 0
        mark = round(width * target / scale) if target else None
        inside = min(cells, mark if mark is not None else cells)
        bar = f"[$success]{'█' * inside}[/][$warning]{'█' * (cells - inside)}[/]"
        rest = width - cells
        if mark is not None and mark >= cells:
            bar += " " * (mark - cells) + "┃" + " " * max(0, rest - (mark - cells) - 1)
        else:
            bar += " " * rest
        time = format_duration(seconds, language=language()) if s["visits"] else "–"
        goal = format_duration(target, language=language()) if target else "–"
        status = "" if s["status"] == "done" else esc(step_status_label(str(s["status"])))
        if s["status"] == "skipped":
            status = marked("$warning", step_status_label("skipped"))
        title = esc(pad(visible(str(s["title"] or s["id"])), 20))  # by terminal cells
        lines.append(f"{number:>2} {title} {time:>5}/{goal:<5} {bar} {status}".rstrip())
    return lines


#: The widest a fact's label may be before the values are set after it (every value of the
#: call's facts starts in one column: "Kontrol listesi", "Yöneticiye aktarıldı").
LABEL_MOST = 24


def render(record: dict[str, Any]) -> str:
    """The whole detail as markup; everything from the database is escaped."""
    call = _("Call {id}").format(id=short_id(record["id"]))
    lines = [marked("b", call) + "  " + marked("dim", record["id"]), ""]
    facts = header_lines(record)
    width = min(LABEL_MOST, max((cell_width(label) for label, _value in facts), default=0))
    lines += [f"[b]{esc(pad(label, width))}[/b]  {esc(value)}" for label, value in facts]
    lines += ["", marked("b", _("Steps")) + "  " + marked("dim", _("time / target"))]
    lines += timeline(record["steps"])
    none = "  " + marked("dim", _("none"))
    titles = {s["id"]: s["title"] for s in record["steps"]}

    def where(item: dict[str, Any]) -> str:
        step = titles.get(item.get("step_id"), item.get("step_id") or "")
        offset = "+" + format_duration(item.get("offset_seconds") or 0, language=language())
        return f"[dim]{offset:>7}[/] [i]{esc(step)}[/i]"

    lines += ["", marked("b", _("Notes"))]
    lines += [f"{where(n)}  {esc(n['text'])}" for n in record["notes"]] or [none]
    phrases = [e for e in record["events"] if e["kind"] == "phrase_copied"]
    lines += ["", marked("b", _("Phrases used"))]
    lines += [
        f"{where(e)}  “{esc(e['data'].get('text', ''))}” [dim]({esc(e['data'].get('how', ''))})[/]"
        for e in phrases
    ] or [none]
    others = [e for e in record["events"] if e["kind"] not in SHOWN_ELSEWHERE]
    lines += ["", marked("b", _("Warnings and events"))]
    for e in others:
        style = "$warning" if e["kind"] in ("warning", "escalated", "abandoned") else "$text"
        at = show_date(e["at"], language(), "time_seconds")
        lines.append(f"{where(e)}  [{style}]{esc(event_text(e, titles))}[/] [dim]{at}[/]")
    if record.get("evaluations"):
        from callmate.report import evaluation_text as ev

        form = ev.reader_form()
        lines += ["", marked("b", _("Evaluations"))]
        for evaluation in record["evaluations"]:
            lines.append(marked("i", ev.heading(evaluation)))
            lines += ["  " + esc(line) for line in ev.answer_lines(evaluation, form)]
    return "\n".join(lines)


class CallDetailScreen(CallmateScreen):
    """A call in full."""

    HELP_TITLE = N_("A call in full.")
    # fmt: off
    BINDINGS = [
        Binding("escape,q", "back", N_("Back"), id="detail.back", tooltip=N_("Back to the list")),
        Binding("n", "neighbour(1)", N_("Next call"), id="detail.next",
                tooltip=N_("The next (older) call on this page")),
        Binding("p", "neighbour(-1)", N_("Previous call"), id="detail.previous",
                tooltip=N_("The previous (newer) call on this page")),
        Binding("e", "evaluate", N_("Evaluate"), id="detail.evaluate",
                tooltip=N_("Score this call on the evaluation form")),
    ]
    # fmt: on

    def __init__(self, call_id: str, ids: list[str] | None = None):
        super().__init__()
        self.call_id = call_id
        self.ids = ids or [call_id]
        self.record: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail"):
            yield Static(marked("dim", _("Reading the call…")), id="detail-body")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#detail").focus()
        self.load()

    def load(self) -> None:
        call_id = self.call_id

        def job(db):
            from callmate.review.queries import call_record

            return call_record(db, call_id)

        self._read(job, self.show, self.failed)

    @work(thread=True, exit_on_error=False, exclusive=True, group="review-detail")
    def _read(self, job, then, failed) -> None:
        read_in_thread(self, job, then, failed)

    def show(self, record: dict[str, Any]) -> None:
        if not self.is_attached or record["id"] != self.call_id:
            return
        self.record = record
        self.query_one("#detail-body", Static).update(render(record))
        self.query_one("#detail").scroll_home(animate=False)

    def failed(self, message: str) -> None:
        if self.is_attached:
            self.query_one("#detail-body", Static).update(f"[$warning]{esc(message)}[/]")

    def action_back(self) -> None:
        # The list puts its cursor on the call shown last (a screen's result; ours are None).
        self.dismiss(self.call_id)  # type: ignore[arg-type]

    def action_evaluate(self) -> None:
        if self.record is None or self.record["id"] != self.call_id:
            self.notify(_("The call is still being read."), timeout=2, markup=False)
            return
        self.services.go.evaluate(self.record, lambda _result: self.load())

    def action_neighbour(self, step: int) -> None:
        index = self.ids.index(self.call_id) if self.call_id in self.ids else 0
        target = index + step
        if not 0 <= target < len(self.ids):
            self.notify(_("No more calls on this page."), timeout=2, markup=False)
            return
        self.call_id = self.ids[target]
        self.load()
