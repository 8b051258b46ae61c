"""Between calls: today's figures, the last calls, "n: new call", and any unfinished call."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Static

from callmate.call import Call
from callmate.checklist import Checklist
from callmate.dates import format_duration, local_tz, show_local
from callmate.labels import outcome_label
from callmate.models import StoredCall
from callmate.safe import pad, visible
from callmate.ui.base import CallmateScreen
from callmate.ui.text import esc


def ready_data(db, agent: str, now: datetime) -> dict:
    """Everything the ready screen shows, read in one go on the writer thread."""
    from callmate.store import live

    midnight = now.astimezone(local_tz()).replace(hour=0, minute=0, second=0, microsecond=0)
    return {
        "figures": live.day_figures(db, midnight, agent=agent),
        "recent": live.recent_calls(db, agent=agent, limit=5),
        "unfinished": live.unfinished_calls(db),
    }


def render_figures(figures: dict) -> str:
    calls = figures["calls"]
    if not calls:
        return "Today: no calls yet."
    average = format_duration(figures["average_seconds"])
    return (
        f"Today: [b]{calls}[/b] call{'s' if calls != 1 else ''} · average [b]{average}[/b] · "
        f"[b]{figures['escalations']}[/b] escalated"
    )


def render_recent(rows: list[dict]) -> str:
    if not rows:
        return "[dim]No calls yet.[/]"
    lines = []
    for row in rows:
        when = show_local(row["started_at"], "%d %b %H:%M")
        # Padded by terminal cells, not characters: wide letters and emoji line up too.
        who = pad(visible(row["customer"] or "—"), 22)
        outcome = pad(outcome_label(row["outcome"]), 17)
        length = format_duration(row["duration_seconds"])
        lines.append(f"{when}  {esc(who)}  {esc(outcome)} {length}")
    return "\n".join(lines)


def render_unfinished(rows: list[dict]) -> str:
    if not rows:
        return ""
    row = rows[0]
    when = show_local(row["started_at"], "%d %b %H:%M")
    who = f" with {esc(row['customer'])}" if row["customer"] else ""
    step = row.get("current_title") or row["current_step"] or ""
    where = "in wrap-up" if row["status"] == "wrapup" else f"at step “{esc(step)}”"
    more = f" ({len(rows) - 1} more after it)" if len(rows) > 1 else ""
    return (
        f"[b $warning]Unfinished call[/] from {when}{who}, {where}{more}.\n"
        "[b]r[/b] resume it  ·  [b]x[/b] close it as abandoned (nothing is deleted)"
    )


class ReadyScreen(CallmateScreen):
    """Ready: between calls."""

    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("n", "new_call", "New call", id="ready.new"),
        Binding("r", "resume", "Resume", id="ready.resume"),
        Binding("x", "abandon", "Close unfinished", id="ready.abandon"),
        Binding("l", "choose_checklist", "Checklist", tooltip="Pick the checklist / language",
                id="ready.checklist"),
        Binding("q", "app.quit", "Quit", id="ready.quit"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.unfinished: list[dict] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="ready"):
            yield Static("[b]callmate[/b] · ready", id="ready-title")
            yield Static("Today: …", id="figures")
            yield Static("", id="unfinished")
            yield Static("[b]Last calls[/b]", classes="heading")
            yield Static("[dim]…[/]", id="recent")
            yield Static("", id="checklist-line")
            yield Static("Press [b]n[/b] for a new call.", id="prompt")
        yield Footer(compact=True)

    def check_action(self, action: str, _parameters: tuple) -> bool | None:
        if action in ("resume", "abandon"):
            return bool(self.unfinished)
        return True

    def on_mount(self) -> None:
        self.show_checklist()
        # After the first paint: the database (and the writer thread) start once the screen is up.
        self.call_after_refresh(self.load)

    def on_screen_resume(self) -> None:
        self.load()

    def show_checklist(self) -> None:
        c = self.services.checklist
        agent = esc(self.services.settings.agent_name)
        self.query_one("#checklist-line", Static).update(
            f"Checklist: [b]{esc(c.name)}[/b] ({esc(c.language)}) · agent: [b]{agent}[/b] · "
            "[dim]l to change[/]"
        )

    def load(self) -> None:
        agent = self.services.settings.agent_name
        now = self.services.clock.now()
        self.services.saving.run_db(lambda db: ready_data(db, agent, now), self.show_data)

    def show_data(self, data: dict) -> None:
        if not self.is_attached:
            return
        self.unfinished = data["unfinished"]
        self.query_one("#figures", Static).update(render_figures(data["figures"]))
        self.query_one("#recent", Static).update(render_recent(data["recent"]))
        box = self.query_one("#unfinished", Static)
        box.update(render_unfinished(self.unfinished))
        box.display = bool(self.unfinished)
        self.refresh_bindings()

    # -- actions ---------------------------------------------------------------------------------

    def action_new_call(self) -> None:
        s = self.services
        call, change = Call.start(s.checklist, s.clock, agent=s.settings.agent_name)
        s.saving.save(change, s.checklist)
        s.go.show_call(call)

    def _with_unfinished(self, then) -> None:
        if not self.unfinished:
            self.notify("There is no unfinished call.", timeout=2)
            return
        call_id = self.unfinished[0]["id"]
        from callmate.store import live

        self.services.saving.run_db(lambda db: live.load_call(db, call_id), then)

    def _restore(self, record: StoredCall | None) -> Call | None:
        from callmate.resume import restore_call

        if record is None:
            self.notify("That call is no longer in the database.", severity="warning")
            self.load()
            return None
        call, problem = restore_call(record, self.services.checklist, self.services.clock)
        if problem:
            self.notify(problem, severity="warning", timeout=6)
        return call

    def action_resume(self) -> None:
        def resume(record: StoredCall | None) -> None:
            call = self._restore(record)
            if call is None or record is None:
                return
            self.services.saving.save(call.resumed(record.call.updated_at), call.checklist)
            kept = call.keep_draft()  # a note left half-typed is kept as a note of its step
            if kept is not None:
                self.services.saving.save(kept)
            self.services.go.show_call(call)

        self._with_unfinished(resume)

    def action_abandon(self) -> None:
        def abandon(record: StoredCall | None) -> None:
            call = self._restore(record)
            if call is None:
                return
            self.services.saving.save(call.abandon())
            self.notify("Closed as abandoned. It stays in the call log.", timeout=3)
            self.load()

        self._with_unfinished(abandon)

    def action_choose_checklist(self) -> None:
        def chosen(checklist: Checklist | None) -> None:
            if checklist is not None:
                self.services.checklist = checklist
                self.services.remember(checklist=checklist.source.removeprefix("builtin:"))
                self.show_checklist()

        self.services.go.pick_checklist(chosen)
