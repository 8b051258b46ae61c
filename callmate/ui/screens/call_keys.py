"""The call screen's keys: one declaration for the footer, the help, the palette and the README.

The footer shows them in this order: the keys used most come first.
"""

from __future__ import annotations

from textual.binding import Binding


def _phrase_bindings() -> list[Binding]:
    first = Binding("1", "copy_phrase(1)", "Copy", key_display="1-9", id="call.phrase1",
                    tooltip="Copy phrase 1-9 to the clipboard")  # fmt: skip
    rest = [
        Binding(str(n), f"copy_phrase({n})", f"Copy phrase {n}", show=False, id=f"call.phrase{n}")
        for n in range(2, 10)
    ]
    return [first, *rest]


CALL_BINDINGS = [
    Binding("space,enter", "next", "Next", key_display="space", id="call.next",
            tooltip="Step done, go to the next"),
    *_phrase_bindings(),
    # Keys that move focus are priority bindings: they act when the key arrives, so the
    # letters right behind them go where the agent meant (see check_action).
    Binding("n", "write_note", "Note", priority=True, id="call.note",
            tooltip="Write a note (Enter saves it, Esc goes back to the keys)"),
    Binding("tab", "tab", "Note", show=False, priority=True, id="call.tab",
            tooltip="Write a note; in the customer fields, the next field"),
    Binding("e", "escalate", "Escalate", id="call.escalate",
            tooltip="Hand over to a manager (e again takes it back)"),
    Binding("w", "warn", "Warn", id="call.warn",
            tooltip="Abusive caller: the next warning, mildest first; copied and logged"),
    Binding("h", "hold", "Hold", id="call.hold",
            tooltip="Put the customer on hold, or take them off it (timed)"),
    Binding("f", "toggle_fault", "At fault", id="call.fault",
            tooltip="We are at fault: switches the apology phrases"),
    Binding("s", "skip", "Skip", id="call.skip", tooltip="Skip this step"),
    Binding("ctrl+e", "end_call", "End", priority=True, id="call.end",
            tooltip="End the call and go to wrap-up"),
    Binding("x", "hung_up", "Hung up", id="call.hung_up",
            tooltip="The customer hung up: end the call with that outcome"),
    Binding("backspace", "back", "Back", show=False, id="call.back", tooltip="Back one step"),
    Binding("c", "edit_customer", "Customer", show=False, priority=True, id="call.customer",
            tooltip="Customer name, how to address them, and a reference"),
    Binding("N", "edit_last_note", "Correct the last note", show=False, priority=True,
            key_display="shift+n", id="call.edit_note",
            tooltip="Correct the last note, or empty it to remove it (logged)"),
    Binding("a", "toggle_avoid_words", "Avoid words", show=False, id="call.avoid",
            tooltip="Words to avoid, and what to say instead (on top of the card)"),
    Binding("pagedown,ctrl+down", "scroll_card(1)", "Scroll the card", show=False,
            id="call.card_down", tooltip="Down the card: more phrases, tips"),
    Binding("pageup,ctrl+up", "scroll_card(-1)", "Scroll the card up", show=False,
            id="call.card_up"),
    Binding("shift+down", "scroll_notes(1)", "Scroll the notes", show=False,
            id="call.notes_down", tooltip="Older notes: shift+up; newer: shift+down"),
    Binding("shift+up", "scroll_notes(-1)", "Scroll the notes up", show=False,
            id="call.notes_up"),
    Binding("z", "toggle_calm", "Calm mode", show=False, id="call.calm",
            tooltip="Hide the ticking seconds"),
    Binding("escape", "keys", "Back to keys", show=False, priority=True, id="call.keys",
            tooltip="Leave the text field"),
    Binding("enter", "field_enter", "Save the field", show=False, priority=True,
            id="call.field_enter", tooltip="In a field: save it and go back to the keys"),
    Binding("q", "quit_call", "Quit", show=False, id="call.quit",
            tooltip="Leave callmate; the call stays saved and can be resumed"),
]  # fmt: skip
