"""A bare Textual app with the same widgets as callmate's live screens: the benches' baseline.

    python bench/bare_app.py ready            # Ready screen ("Press n for a new call"); n -> call
    python bench/bare_app.py call             # the call screen directly ("Stay calm")
    python bench/bare_app.py call --textarea  # the note field is a TextArea instead of an Input
    python bench/bare_app.py ready --headless --exit-after-paint   # whole-process headless timing

No callmate import, no database, no timers, no clipboard: only the widgets, a layout close to
callmate's (so the same amount is painted), and key bindings that do the same visible work as
callmate's keys (space changes the step card, status and step list; 1-9 shows a "Copied" toast;
n focuses the note field; ctrl+e -> a wrap-up screen, ctrl+s -> a break screen, s -> Ready), so that
the tmux polling in live_bench.py can drive both apps with the same keys and wait for the same text.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, RadioButton, RadioSet, Static, TextArea

STEPS = [
    ("Stay calm", "target 0:15", "Settle yourself before you say anything.", []),
    ("Let them vent", "target 2:00", "Let them tell the whole story without interrupting.", []),
    (
        "Verbal acknowledgements",
        "no target",
        "Show the line is alive: they can't see you nod.",
        [
            "I see.",
            "Yes, go on.",
            "I'm listening.",
            "Mm-hm, I understand.",
            "Right, and then what happened?",
        ],
    ),
    (
        "Restate",
        "target 0:30",
        "Say back what you heard.",
        ["I want to make sure I've understood you correctly.", "Have I got that right?"],
    ),
    (
        "Apologise if at fault",
        "target 0:20",
        "A real apology, once.",
        ["I'm sorry this happened.", "You're right, we made a mistake here."],
    ),
    (
        "Solve or escalate",
        "target 3:00",
        "Say what you will do, and when.",
        ["What I can do for you right now is …", "What would be the best solution for you?"],
    ),
    (
        "Thank",
        "target 0:15",
        "Thank them, confirm the next step.",
        ["Thank you for explaining all of this.", "Is there anything else I can help with?"],
    ),
]
TIPS = [
    "• Take two slow breaths; keep them away from the microphone.",
    "• Don't answer on impulse: a fast reply raises the temperature.",
    "• You are simply the first person they reached. It is not personal.",
    "",
    "✗ Answering back in the same tone.",
]

CSS = """
#status { height: 1; padding: 0 1; background: $panel; }
#main { height: 1fr; }
#steps { width: 30; padding: 1 1 0 1; border-right: vkey $panel-lighten-2; }
#card { width: 1fr; padding: 1 1 0 2; }
#customer-row { height: 1; margin-top: 1; }
.field-label { width: auto; padding: 0 1; color: $text-muted; }
#customer-row Input { width: 1fr; }
Input { border: none; height: 1; padding: 0 1; background: $boost; }
Input:focus { border: none; background: $primary 30%; }
TextArea#note { border: none; height: 1; padding: 0 1; margin: 0 1; }
#notes { height: 4; padding: 0 1; border-top: hkey $panel-lighten-2; }
#note { margin: 0 1; }
#ready { padding: 1 2; }
#ready Static { margin-bottom: 1; }
#ready .heading { margin-bottom: 0; }
#prompt { color: $accent; }
WrapUpScreen { padding: 0 2; }
#choices { height: auto; }
#choices Vertical { height: auto; width: 1fr; }
WrapUpScreen RadioSet { width: 100%; }
"""


class ExitAfterPaint:
    """Mixin for a screen: with --exit-after-paint, the app exits after the first paint."""

    def on_mount(self) -> None:
        if getattr(self.app, "exit_after_paint", False):
            self.call_after_refresh(self.app.exit)


class ReadyScreen(ExitAfterPaint, Screen):
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("n", "new_call", "New call"),
        Binding("r", "noop('r')", "Resume"),
        Binding("l", "noop('l')", "Checklist"),
        Binding("question_mark", "noop('question_mark')", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="ready"):
            yield Static("[b]callmate[/b] · ready")
            yield Static("Today: no calls yet.")
            yield Static("[b]Last calls[/b]", classes="heading")
            yield Static("[dim]No calls yet.[/]")
            yield Static("Checklist: [b]Calm call[/b] (en) · agent: [b]x[/b] · [dim]l to change[/]")
            yield Static("Press [b]n[/b] for a new call.", id="prompt")
        yield Footer(compact=True)

    def action_noop(self, key: str) -> None:
        pass

    def action_new_call(self) -> None:
        self.app.switch_screen(CallScreen(textarea=self.app.textarea))


class CallScreen(ExitAfterPaint, Screen):
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("space,enter", "next", "Next", key_display="space"),
        Binding("1", "copy(1)", "Copy", key_display="1-9"),
        *[Binding(str(n), f"copy({n})", f"Copy {n}", show=False) for n in range(2, 10)],
        Binding("n,tab", "note", "Note", key_display="n"),
        Binding("f", "noop('f')", "At fault"),
        Binding("e", "noop('e')", "Escalate"),
        Binding("w", "noop('w')", "Warn"),
        Binding("ctrl+e", "end", "End", priority=True),
        Binding("question_mark", "noop('question_mark')", "Help", key_display="?"),
        Binding("backspace", "back", "Back"),
        Binding("s", "next", "Skip"),
        Binding("c", "noop('c')", "Customer"),
        Binding("escape", "keys", "Back to keys", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, textarea: bool = False) -> None:
        super().__init__()
        self.textarea = textarea
        self.position = 0

    def compose(self) -> ComposeResult:
        yield Static(self.render_status(), id="status")
        with Horizontal(id="main"):
            yield Static(self.render_steps(), id="steps")
            with VerticalScroll(id="card"):
                yield Static(self.render_card(), id="card-text")
        with Horizontal(id="customer-row"):
            yield Label("Name", classes="field-label")
            yield Input(placeholder="customer name", id="name")
            yield Label("Ref", classes="field-label")
            yield Input(placeholder="order / ticket", id="reference")
        yield Static("[dim]No notes yet. Press n (or tab), type, Enter saves.[/]", id="notes")
        if self.textarea:
            yield TextArea(id="note")
        else:
            yield Input(placeholder="n: write a note · Enter saves · Esc back to keys", id="note")
        yield Footer(compact=True)

    def render_status(self) -> str:
        title, target, _, _ = STEPS[self.position]
        timing = f"0:00 / {target.split()[-1]}" if target.startswith("target") else "0:00"
        return f"[b]Call 0:00[/b]  ·  {title} {timing}  ·  [$success]✓ saved[/]"

    def render_steps(self) -> str:
        lines = []
        for i, (title, *_rest) in enumerate(STEPS):
            glyph = "✓" if i < self.position else ("▶" if i == self.position else "·")
            lines.append(f"{glyph} {title[:24]}")
        lines.append("· Take a break")
        return "\n".join(lines)

    def render_card(self) -> str:
        title, target, goal, phrases = STEPS[self.position]
        out = [f"[b]{title}[/b]  [dim]{target}[/]", goal]
        if phrases:
            out += ["", "[b $accent]Say (1–9 copies)[/]"]
            out += [f"[b $accent]{n}[/] {p}" for n, p in enumerate(phrases, 1)]
        return "\n".join(out + [""] + TIPS)

    def show(self) -> None:
        self.query_one("#status", Static).update(self.render_status())
        self.query_one("#steps", Static).update(self.render_steps())
        self.query_one("#card-text", Static).update(self.render_card())
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)

    def action_next(self) -> None:
        if self.position + 1 >= len(STEPS):
            self.action_end()
            return
        self.position += 1
        self.show()

    def action_back(self) -> None:
        self.position = max(0, self.position - 1)
        self.show()

    def action_copy(self, number: int) -> None:
        phrases = STEPS[self.position][3]
        if not 1 <= number <= len(phrases):
            self.notify(f"No phrase {number} on this step.", severity="warning", timeout=2)
            return
        self.app.copy_to_clipboard(phrases[number - 1])
        self.notify(phrases[number - 1], title="Copied", timeout=4)

    def action_note(self) -> None:
        self.query_one("#note").focus()

    def action_keys(self) -> None:
        self.set_focus(None)

    def action_end(self) -> None:
        self.app.switch_screen(WrapUpScreen())

    def action_noop(self, key: str) -> None:
        pass


class WrapUpScreen(Screen):
    AUTO_FOCUS = "#outcome"
    BINDINGS = [Binding("ctrl+s", "save", "Save, then break", priority=True)]

    def compose(self) -> ComposeResult:
        yield Static("[b]Wrap-up[/b] · call 0:42")
        with Horizontal(id="choices"):
            with Vertical():
                yield Label("Outcome")
                with RadioSet(id="outcome"):
                    for i, label in enumerate(("Resolved", "Escalated", "Call back", "Abandoned")):
                        yield RadioButton(label, value=i == 0)
            with Vertical():
                yield Label("How hard was it?")
                with RadioSet():
                    for i, label in enumerate(("1 easy", "2", "3", "4", "5 very hard")):
                        yield RadioButton(label, value=i == 2)
        yield Label("Follow-up (optional)")
        yield Input(placeholder="when to follow up")
        yield Label("Summary")
        yield Input(placeholder="one line: what happened, what was agreed")
        yield Footer(compact=True)

    def action_save(self) -> None:
        self.app.switch_screen(BreakScreen())


class BreakScreen(Screen):
    AUTO_FOCUS = ""
    BINDINGS = [Binding("s,space,enter,escape", "finish", "Skip the break", key_display="s")]

    def compose(self) -> ComposeResult:
        with Vertical(id="ready"):
            yield Static("[b]Take a break[/b]")
            yield Static("That call was draining. Breathe before the next one.")
            yield Static("[b]5:00[/b] left")
        yield Footer(compact=True)

    def action_finish(self) -> None:
        self.app.switch_screen(ReadyScreen())


class BareApp(App):
    CSS = CSS
    TITLE = "bare"

    def __init__(self, first: str, *, textarea: bool = False, exit_after_paint: bool = False):
        super().__init__()
        self.first = first
        self.textarea = textarea
        self.exit_after_paint = exit_after_paint

    def on_mount(self) -> None:
        if self.first == "call":
            self.push_screen(CallScreen(textarea=self.textarea))
        else:
            self.push_screen(ReadyScreen())


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    first = args[0] if args else "ready"
    if first not in ("ready", "call"):
        raise SystemExit(
            "usage: bare_app.py ready|call [--textarea] [--headless] [--exit-after-paint]"
        )
    app = BareApp(
        first, textarea="--textarea" in argv, exit_after_paint="--exit-after-paint" in argv
    )
    app.run(headless="--headless" in argv)


if __name__ == "__main__":
    main(sys.argv[1:])
