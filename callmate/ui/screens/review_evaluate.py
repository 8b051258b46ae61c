"""Scoring a call: the evaluation form, filled in from the call's record for the lead to confirm
or correct, a key an answer, saved to the call log in one go."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from callmate.dates import to_iso
from callmate.evaluation import answers as ev
from callmate.evaluation.form import Form, FormError, builtin
from callmate.language.i18n import N_, _, language
from callmate.report import evaluation_text as words
from callmate.ui.base import CallmateScreen
from callmate.ui.text import esc, marked
from callmate.ui.widgets.footer import FittingFooter


def render(
    form: Form, answers: dict[str, dict[str, Any]], cursor: int, keys: tuple[str, str] = ("y", "n")
) -> str:
    """The questions, the one the keys answer marked, each with its answer and whose it is;
    ``keys``: the letters of yes and no."""
    hint = _("{yes}/{no}/x or 1–5 answer · s saves").format(yes=keys[0], no=keys[1])
    lines = [marked("b", form.name) + "  " + marked("dim", hint), ""]
    for n, q in enumerate(form.questions):
        entry = answers[q.id]
        given = words.answer_word(str(entry.get("answer") or ""), q.scale)
        by = words.whose(entry)
        pointer = marked("b $accent", "▸") if n == cursor else " "
        text = marked("b", q.text) if n == cursor else esc(q.text)
        line = f"{pointer} {text}: {marked('b', given)}"
        if by:
            line += " " + marked("dim", f"({by})")
        if entry.get("comment"):
            line += " " + marked("i", "— " + str(entry["comment"]))
        lines.append(line)
    left = ev.unanswered(answers)
    lines += ["", marked("b", words.score_text(ev.score(answers)))]
    if left:
        lines.append(marked("dim", words.left_text(left)))
    return "\n".join(lines)


class EvaluationScreen(CallmateScreen):
    """The evaluation form of one call."""

    HELP_TITLE = N_("Scoring a call: the form, filled in from the record.")
    AUTO_FOCUS = ""
    # fmt: off
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="evaluate.back",
                tooltip=N_("Back to the call without saving")),
        Binding("down,j", "move(1)", N_("Next question"), id="evaluate.next", show=False),
        Binding("up,k", "move(-1)", N_("Previous question"), id="evaluate.previous", show=False),
        Binding("y", "answer('yes')", N_("Yes"), id="evaluate.yes"),
        Binding("n", "answer('no')", N_("No"), id="evaluate.no"),
        Binding("x", "answer('na')", N_("Not applicable"), id="evaluate.na"),
        Binding("1", "answer('1')", "1", id="evaluate.1", show=False),
        Binding("2", "answer('2')", "2", id="evaluate.2", show=False),
        Binding("3", "answer('3')", "3", id="evaluate.3", show=False),
        Binding("4", "answer('4')", "4", id="evaluate.4", show=False),
        Binding("5", "answer('5')", "5", id="evaluate.5", show=False),
        Binding("c", "comment", N_("Comment"), id="evaluate.comment",
                tooltip=N_("A comment on this question")),
        Binding("s", "save", N_("Save"), id="evaluate.save"),
    ]
    # fmt: on

    def __init__(self, record: dict[str, Any]):
        super().__init__()
        self.record = record
        self.form: Form | None = None
        self.answers: dict[str, dict[str, Any]] = {}
        self.cursor = 0
        self.comment = ""
        self.earlier: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="evaluate"):
            yield Static("", id="evaluate-body")
        note = Input(id="evaluate-comment", placeholder=_("A comment, then Enter"))
        note.display = False
        yield note
        yield FittingFooter()

    def on_mount(self) -> None:
        try:
            self.form = builtin(language())
        except FormError as exc:
            self.query_one("#evaluate-body", Static).update(f"[$warning]{esc(str(exc))}[/]")
            return
        lead = self.services.settings.agent_name
        self.answers, self.earlier = ev.resume(self.form, self.record, lead)
        self.comment = str((self.earlier or {}).get("comment") or "")
        self.show()

    def show(self) -> None:
        if self.form is not None:
            self.query_one("#evaluate-body", Static).update(
                render(self.form, self.answers, self.cursor, self.answer_keys())
            )

    def answer_keys(self) -> tuple[str, str]:
        """The first key of yes and of no as this screen has them now (the language's, or the
        agent's own from ``[keys]``)."""
        found = []
        for action, default in (("evaluate.yes", "y"), ("evaluate.no", "n")):
            keys = getattr(self.app, "agent_keys", {}).get(action, default)
            found.append(keys.split(",")[0].strip())
        return found[0], found[1]

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if self.form is None:
            return action == "back"
        if action == "answer" and parameters:
            question = self.form.questions[self.cursor]
            return parameters[0] in question.answers()
        return True

    def action_back(self) -> None:
        note = self.query_one("#evaluate-comment", Input)
        if note.display:  # Esc in the comment leaves the comment, not the form
            note.display = False
            self.set_focus(None)
            return
        self.dismiss()

    def action_move(self, step: int) -> None:
        if self.form is not None:
            self.cursor = max(0, min(len(self.form.questions) - 1, self.cursor + step))
            self.show()
            self.refresh_bindings()

    def action_answer(self, value: str) -> None:
        if self.form is None:
            return
        ev.answer(self.answers, self.form.questions[self.cursor].id, value)
        if self.cursor < len(self.form.questions) - 1:
            self.cursor += 1
        self.show()
        self.refresh_bindings()

    def action_comment(self) -> None:
        if self.form is None:
            return
        note = self.query_one("#evaluate-comment", Input)
        entry = self.answers[self.form.questions[self.cursor].id]
        note.value = str(entry.get("comment") or "")
        note.display = True
        note.focus()

    @on(Input.Submitted, "#evaluate-comment")
    def commented(self, event: Input.Submitted) -> None:
        if self.form is not None:
            self.answers[self.form.questions[self.cursor].id]["comment"] = event.value.strip()
        event.input.display = False
        self.set_focus(None)
        self.show()

    def action_save(self) -> None:
        if self.form is None:
            return
        s = self.services
        earlier = self.earlier or {}
        row = ev.build(
            self.form,
            str(self.record["id"]),
            self.answers,
            lead=s.settings.agent_name,
            at=to_iso(s.clock.now()),  # to the second, as every stored time (the hub checks)
            comment=self.comment,
            evaluation_id=earlier.get("id"),
            created_at=earlier.get("created_at"),
        )
        from callmate.store import evaluations

        s.saving.run_db(lambda db: evaluations.save(db, row), lambda _: self.saved())

    def saved(self) -> None:
        self.notify(_("Evaluation saved."), timeout=2)
        if self.is_attached:
            self.dismiss()
