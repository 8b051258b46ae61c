"""Between calls: today's figures, the last calls, "n: new call", and any unfinished call.

The first paint shows only words from the catalogs (no dates, no database read); the figures and
the last calls follow from the database, with dates in the language spoken.
"""

from __future__ import annotations

import os
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from callmate.call import Call
from callmate.checklists.model import Checklist
from callmate.dates import format_duration, local_tz, show_date
from callmate.language import i18n
from callmate.language.i18n import N_, _, language, ngettext, number
from callmate.language.labels import outcome_label
from callmate.models import StoredCall
from callmate.safe import cell_width, pad, visible
from callmate.ui.messages import SaveStateChanged
from callmate.ui.text import esc, marked
from callmate.ui.typing_guard import TypingGuard
from callmate.ui.widgets.footer import FittingFooter
from callmate.ui.widgets.status import team_text


def ready_data(db, agent: str, now: datetime, feedback_seen: str = "") -> dict:
    """Everything the ready screen shows, read in one go on the writer thread."""
    from callmate.store import evaluations, live

    midnight = now.astimezone(local_tz()).replace(hour=0, minute=0, second=0, microsecond=0)
    return {
        "figures": live.day_figures(db, midnight, agent=agent),
        "recent": live.recent_calls(db, agent=agent, limit=5),
        "unfinished": live.unfinished_calls(db),
        "feedback": evaluations.newer_for_agent(db, agent, feedback_seen),
    }


def render_feedback(count: int) -> str:
    """The line saying new evaluations of the agent's calls arrived (empty: none)."""
    if not count:
        return ""
    told = ngettext(
        "{n} new evaluation of your calls: run callmate feedback to read it.",
        "{n} new evaluations of your calls: run callmate feedback to read them.",
        count,
    )
    return esc(told).format(n=marked("b", number(count)))


def render_figures(figures: dict) -> str:
    calls = figures["calls"]
    if not calls:
        return esc(_("Today: no calls yet."))
    code = language()
    counted = esc(ngettext("{n} call", "{n} calls", calls)).format(n=marked("b", number(calls)))
    average = marked("b", format_duration(figures["average_seconds"], language=code))
    escalated = marked("b", number(figures["escalations"]))
    withdrawn = figures.get("withdrawn") or 0
    if withdrawn:  # escalated at some point, as the statistics count, and said so
        said = _("Today: {calls} · average {average} · {escalated} escalated ({back} taken back)")
        return esc(said).format(
            calls=counted, average=average, escalated=escalated, back=number(withdrawn)
        )
    return esc(_("Today: {calls} · average {average} · {escalated} escalated")).format(
        calls=counted, average=average, escalated=escalated
    )


def render_recent(rows: list[dict]) -> str:
    if not rows:
        return marked("dim", _("No calls yet."))
    code = language()
    whens = [show_date(row["started_at"], code, "day_time") for row in rows]
    outcomes = [outcome_label(row["outcome"]) for row in rows]
    # Padded by terminal cells, not characters: wide letters and emoji line up too.
    when_width = max(cell_width(w) for w in whens)
    outcome_width = max(17, *(cell_width(o) for o in outcomes))
    lines = []
    for row, when, outcome in zip(rows, whens, outcomes, strict=True):
        who = pad(visible(row["customer"] or "—"), 22)
        length = format_duration(row["duration_seconds"], language=code)
        lines.append(
            f"{esc(pad(when, when_width))}  {esc(who)}  {esc(pad(outcome, outcome_width))} {length}"
        )
    return "\n".join(lines)


def _unfinished_sentence(row: dict) -> str:
    """Where the unfinished call was left, in one sentence (its first words marked)."""
    when = esc(show_date(row["started_at"], language(), "day_time"))
    unfinished = marked("b $warning", _("Unfinished call"))
    customer = esc(row["customer"]) if row["customer"] else ""
    if row["status"] == "wrapup":
        if customer:
            text = _("{unfinished} from {when} with {customer}, in wrap-up.")
        else:
            text = _("{unfinished} from {when}, in wrap-up.")
        return esc(text).format(unfinished=unfinished, when=when, customer=customer)
    step = esc(row.get("current_title") or row["current_step"] or "")
    if customer:
        text = _("{unfinished} from {when} with {customer}, at step “{step}”.")
    else:
        text = _("{unfinished} from {when}, at step “{step}”.")
    return esc(text).format(unfinished=unfinished, when=when, customer=customer, step=step)


def render_unfinished(rows: list[dict]) -> str:
    if not rows:
        return ""
    sentence = _unfinished_sentence(rows[0])
    if len(rows) > 1:
        more = len(rows) - 1
        sentence += " " + esc(ngettext("{n} more after it.", "{n} more after it.", more)).format(
            n=number(more)
        )
    keys = (
        marked("b", "r")
        + " "
        + esc(_("resume it"))
        + "  ·  "
        + marked("b", "x")
        + " "
        + esc(_("close it as abandoned (nothing is deleted)"))
    )
    return sentence + "\n" + keys


class ReadyScreen(TypingGuard):
    """Ready: between calls. A sentence typed into it does nothing (``ui.typing_guard``)."""

    HELP_TITLE = N_("Ready: between calls.")
    AUTO_FOCUS = ""
    # fmt: off
    BINDINGS = [
        Binding("n", "new_call", N_("New call"), id="ready.new"),
        Binding("r", "resume", N_("Resume"), id="ready.resume"),
        Binding("x", "abandon", N_("Close unfinished"), id="ready.abandon"),
        Binding("l", "choose_checklist", N_("Checklist"),
                tooltip=N_("Pick the checklist / language"), id="ready.checklist"),
        Binding("q", "quit", N_("Quit"), id="ready.quit"),
    ]
    # fmt: on

    def __init__(self) -> None:
        super().__init__()
        self.unfinished: list[dict] = []
        #: A key has taken this screen away (a call, or quitting): it takes no more keys.
        self.leaving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="ready"):
            yield Static(marked("b", "callmate") + " · " + esc(_("ready")), id="ready-title")
            yield Static(esc(_("Today: …")), id="figures")
            yield Static("", id="unfinished")
            feedback = Static("", id="feedback-line")
            feedback.display = False
            yield feedback
            yield Static(marked("b", _("Last calls")), classes="heading")
            yield Static(marked("dim", "…"), id="recent")
            yield Static("", id="checklist-line")
            yield Static("", id="team-line")
            prompt = esc(_("Press {key} for a new call.")).format(key=marked("b", "n"))
            yield Static(prompt, id="prompt")
        yield FittingFooter()

    def guarding(self) -> bool:
        return not self.leaving

    def check_action(self, action: str, _parameters: tuple) -> bool | None:
        if self.leaving:
            return False
        if action in ("resume", "abandon"):
            return bool(self.unfinished)
        return True

    def on_mount(self) -> None:
        self.show_checklist()
        # After the first paint: the database (and the writer thread) start once the screen is up.
        self.call_after_refresh(self.load)

    def on_save_state_changed(self, _: SaveStateChanged) -> None:
        """The team hub (or saving) has news: the quiet line about calls waiting."""
        self.query_one("#team-line", Static).update(
            marked("dim", team_text(self.services.team.waiting))
        )

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.leaving = False
        self.load()

    def show_checklist(self) -> None:
        c = self.services.checklist
        agent = marked("b", self.services.settings.agent_name)
        line = esc(_("Checklist: {name} ({language}) · agent: {agent}")).format(
            name=marked("b", c.name), language=esc(c.language), agent=agent
        )
        self.query_one("#checklist-line", Static).update(
            line + " · " + marked("dim", _("l to change"))
        )

    def load(self) -> None:
        agent = self.services.settings.agent_name
        seen = self.services.settings.feedback_seen
        now = self.services.clock.now()
        self.services.saving.run_db(lambda db: ready_data(db, agent, now, seen), self.show_data)

    def show_data(self, data: dict) -> None:
        if not self.is_attached:
            return
        self.unfinished = data["unfinished"]
        self.query_one("#figures", Static).update(render_figures(data["figures"]))
        self.query_one("#recent", Static).update(render_recent(data["recent"]))
        box = self.query_one("#unfinished", Static)
        box.update(render_unfinished(self.unfinished))
        box.display = bool(self.unfinished)
        feedback = self.query_one("#feedback-line", Static)
        feedback.update(render_feedback(data.get("feedback", 0)))
        feedback.display = bool(data.get("feedback"))
        self.refresh_bindings()

    # -- actions ---------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        self.leaving = True
        await self.app.action_quit()

    def action_new_call(self) -> None:
        self.leaving = True
        s = self.services
        call, change = Call.start(s.checklist, s.clock, agent=s.settings.agent_name)
        s.saving.save(change, s.checklist)
        s.go.show_call(call)

    def _with_unfinished(self, then) -> None:
        if not self.unfinished:
            self.notify(_("There is no unfinished call."), timeout=2)
            return
        call_id = self.unfinished[0]["id"]
        from callmate.store import live

        self.services.saving.run_db(lambda db: live.load_call(db, call_id), then)

    def _restore(self, record: StoredCall | None) -> Call | None:
        from callmate.call.resume import restore_call

        if record is None:
            self.notify(_("That call is no longer in the database."), severity="warning")
            self.load()
            return None
        call, problem = restore_call(record, self.services.checklist, self.services.clock)
        if problem:
            self.notify(problem, severity="warning", timeout=6)
        return call

    def action_resume(self) -> None:
        self.leaving = bool(self.unfinished)

        def resume(record: StoredCall | None) -> None:
            call = self._restore(record)
            if call is None or record is None:
                self.leaving = False
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
            self.notify(_("Closed as abandoned. It stays in the call log."), timeout=3)
            self.load()

        self._with_unfinished(abandon)

    def action_choose_checklist(self) -> None:
        def chosen(checklist: Checklist | None) -> None:
            if checklist is None:
                return
            self.services.checklist = checklist
            self.services.remember(checklist=checklist.source.removeprefix("builtin:"))
            code = self.language_for(checklist)
            if code == language():
                self.show_checklist()
            else:
                self.call_later(self.speak, code)

        self.services.go.pick_checklist(chosen)

    def language_for(self, checklist: Checklist) -> str:
        """The language to speak with this checklist: the checklist's own, unless ``--lang`` or
        the settings chose one (the order of ``i18n.resolve_language``)."""
        s = self.services
        if s.language_fixed or i18n.supported(s.settings.language):
            return language()
        return i18n.resolve_language(None, None, checklist.language, os.environ)

    async def speak(self, code: str) -> None:
        """Speak ``code`` from now on: the screen is built again in it."""
        i18n.set_language(code)
        await self.recompose()
        self.show_checklist()
        self.refresh_bindings()
        self.load()
