"""The call screen's keys: one declaration for the footer, the help, the palette and the README.

The footer shows them in this order: the keys used most come first. Descriptions and tooltips
are English msgids, marked with ``N_`` and translated where they are shown.
"""

from __future__ import annotations

from textual.binding import Binding

from callmate.language.i18n import N_

#: One message a key, so each language can write the number its own way ("2. ifadeyi kopyala").
# fmt: off
COPY_PHRASE = {
    2: N_("Copy phrase 2"), 3: N_("Copy phrase 3"), 4: N_("Copy phrase 4"),
    5: N_("Copy phrase 5"), 6: N_("Copy phrase 6"), 7: N_("Copy phrase 7"),
    8: N_("Copy phrase 8"), 9: N_("Copy phrase 9"),
}
# fmt: on


def _phrase_bindings() -> list[Binding]:
    first = Binding(
        "1",
        "copy_phrase(1)",
        N_("Copy"),
        key_display="1-9",
        id="call.phrase1",
        tooltip=N_("Copy phrase 1-9 to the clipboard"),
    )
    rest = [
        Binding(str(n), f"copy_phrase({n})", COPY_PHRASE[n], show=False, id=f"call.phrase{n}")
        for n in range(2, 10)
    ]
    return [first, *rest]


# Letters, digits after the first key, and every other printable key are text: typed on the call
# screen, they open the note with what was typed (see CallScreen.key_arrives), so a sentence never
# becomes actions. The actions are on keys no sentence starts with: space/enter, 1-9, and ctrl
# with a letter. The ctrl keys are priority bindings: they mean the same while a note is typed
# (and take the keys from the text field, whose ctrl+u, ctrl+w, ctrl+k would erase what was typed).
# fmt: off
CALL_BINDINGS = [
    # TRANSLATORS: the name of the space bar, as the footer shows it ("space Next").
    Binding("space,enter", "next", N_("Next"), key_display=N_("space"), id="call.next",
            tooltip=N_("Step done, go to the next")),
    *_phrase_bindings(),
    Binding("ctrl+e", "end_call", N_("End"), priority=True, id="call.end",
            tooltip=N_("End the call and go to wrap-up")),
    Binding("ctrl+u", "escalate", N_("Escalate"), priority=True, id="call.escalate",
            tooltip=N_("Hand over to a manager (ctrl+u again takes it back)")),
    Binding("ctrl+w", "warn", N_("Warn"), priority=True, id="call.warn",
            tooltip=N_("Abusive caller: the next warning, mildest first; copied and logged")),
    Binding("ctrl+o", "hold", N_("Hold"), priority=True, id="call.hold",
            tooltip=N_("Put the customer on hold, or take them off it (timed)")),
    Binding("ctrl+k", "skip", N_("Skip"), priority=True, id="call.skip",
            tooltip=N_("Skip this step")),
    Binding("ctrl+z", "undo", N_("Undo"), priority=True, id="call.undo",
            tooltip=N_("Undo the last action (logged as a correction)")),
    Binding("ctrl+f", "toggle_fault", N_("At fault"), priority=True, id="call.fault",
            tooltip=N_("We are at fault: switches the apology phrases")),
    Binding("ctrl+d", "hung_up", N_("Hung up"), priority=True, id="call.hung_up",
            tooltip=N_("The customer hung up: end the call with that outcome")),
    Binding("ctrl+q", "app.quit", N_("Quit"), priority=True, id="call.quit",
            tooltip=N_("Leave callmate; the call stays saved and can be resumed")),
    Binding("tab", "tab", N_("Note"), show=False, priority=True, id="call.tab",
            tooltip=N_("Write a note; in the customer fields, the next field")),
    Binding("backspace", "back", N_("Back"), show=False, id="call.back",
            tooltip=N_("Back one step")),
    Binding("ctrl+n", "edit_customer", N_("Customer"), show=False, priority=True,
            id="call.customer", tooltip=N_("Customer name, how to address them, and a reference")),
    Binding("ctrl+l", "edit_last_note", N_("Correct the last note"), show=False, priority=True,
            id="call.edit_note",
            tooltip=N_("Correct the last note, or empty it to remove it (logged)")),
    Binding("ctrl+a", "toggle_avoid_words", N_("Avoid words"), show=False, priority=True,
            id="call.avoid",
            tooltip=N_("Words to avoid, and what to say instead (on top of the card)")),
    Binding("pagedown,ctrl+down", "scroll_card(1)", N_("Scroll the card"), show=False,
            id="call.card_down", tooltip=N_("Down the card: more phrases, tips")),
    Binding("pageup,ctrl+up", "scroll_card(-1)", N_("Scroll the card up"), show=False,
            id="call.card_up"),
    Binding("shift+down", "scroll_notes(1)", N_("Scroll the notes"), show=False,
            id="call.notes_down", tooltip=N_("Older notes: shift+up; newer: shift+down")),
    Binding("shift+up", "scroll_notes(-1)", N_("Scroll the notes up"), show=False,
            id="call.notes_up"),
    Binding("ctrl+g", "toggle_calm", N_("Calm mode"), show=False, priority=True, id="call.calm",
            tooltip=N_("Hide the ticking seconds")),
    Binding("escape", "keys", N_("Back to keys"), show=False, priority=True, id="call.keys",
            tooltip=N_("Leave the text field")),
    Binding("enter", "field_enter", N_("Save the field"), show=False, priority=True,
            id="call.field_enter", tooltip=N_("In a field: save it and go back to the keys")),
]
# fmt: on
