"""The agent's own keys: the ``[keys]`` table of the settings, checked at start, then given to
Textual's keymap (by the bindings' ids, as Posting does).

An entry is refused, and the action keeps its default key, when its id is no action of
callmate, its key is none a terminal sends, it is a key another action of the same screen has
(or one that works everywhere: help, the theme, Textual's ctrl+p, ctrl+q, ctrl+c), or it is a
key typed as text on a screen where typing writes (the call screen: letters open the note; the
wrap-up: they go into the summary). Everything refused is said in one message.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from textual.app import App
from textual.binding import Binding
from textual.keys import Keys, _character_to_key, key_to_character

from callmate import config
from callmate.language.i18n import _, pgettext

MODIFIERS = ("ctrl", "alt", "shift", "meta", "super", "hyper")
#: Key names beyond the Keys enum that Textual reads from a terminal.
_NAMED = {"space", "enter", "tab", "escape", "backspace", "delete", "insert", "home", "end"}
_KNOWN_NAMES = _NAMED | {k.value.rpartition("+")[2] for k in Keys}
#: ctrl with these is what a terminal sends for another key (Tab, Enter, Esc): never its own.
_SENT_AS_ANOTHER = {"i", "m", "left_square_bracket"}


@dataclass(frozen=True)
class Owner:
    """A screen (or the app) whose bindings are one namespace: no two actions share a key.

    ``text``: the printable characters that act on this screen when no field has the focus;
    any other printable key is typed text there (None: the screen has no typing)."""

    name: str
    bindings: tuple[Binding, ...]
    text: frozenset[str] | None = None


def normal(key: str) -> str:
    """A key as Textual names it: ``?`` is question_mark, ``Ctrl+Y`` is ctrl+y."""
    *mods, base = key.strip().split("+") if key.strip() != "+" else ["+"]
    mods = [m.strip().lower() for m in mods]
    base = base.strip()
    if len(base) == 1:
        base = _character_to_key(base.lower() if "ctrl" in mods else base)
    elif base.lower() in _KNOWN_NAMES:
        base = base.lower()
    return "+".join([*mods, base])


def keys_of(text: str) -> list[str]:
    return [normal(k) for k in text.split(",") if k.strip()]


@dataclass
class Checked:
    """What the table asks, sorted: the keymap to apply and the entries refused, said."""

    keymap: dict[str, str]
    problems: list[str]

    def message(self) -> str:
        return "\n".join(self.problems)


def _unsent(key: str) -> bool:
    """A key no terminal sends as itself: ctrl with a letter outside a–z (ctrl+ı, ctrl+ş,
    ctrl+õ: terminals have no code for them), or the ctrl keys that arrive as Tab, Enter, Esc."""
    *mods, base = key.split("+")
    if not mods:
        return False
    if "ctrl" in mods and len(base) == 1 and not (base.isascii() and base.isprintable()):
        return True
    return "ctrl" in mods and base in _SENT_AS_ANOTHER


def _known(key: str) -> bool:
    *mods, base = key.split("+")
    if any(m not in MODIFIERS for m in mods) or not base:
        return False
    return len(base) == 1 or base in _KNOWN_NAMES or key_to_character(base) is not None


def _typed(key: str, owner: Owner) -> bool:
    """The key is text on this screen: a printable character with no ctrl or alt."""
    if owner.text is None:
        return False
    *mods, _base = key.split("+")
    if any(m != "shift" for m in mods):
        return False
    character = key_to_character(key.rpartition("+")[2])
    return bool(
        character and character.isprintable() and character.strip() and character not in owner.text
    )


def check(
    table: Mapping[str, str], all_owners: list[Owner], lines: Mapping[str, int] | None = None
) -> Checked:
    """Sort the ``[keys]`` table into what Textual is given and what is refused, each refusal
    one sentence that names the file, the line and what to do. ``all_owners``: every screen
    whose keys the agent can move, the app's own keys last (``ui.app.key_owners``)."""
    lines = lines if lines is not None else {}
    common = (*all_owners[-1].bindings, Binding(App.COMMAND_PALETTE_BINDING, "command_palette"))
    where_is: dict[str, list[Owner]] = {}
    for owner in all_owners:
        for binding in owner.bindings:
            if binding.id:
                where_is.setdefault(binding.id, []).append(owner)
    problems: dict[str, str] = {}

    def where(action: str) -> str:
        path = config.config_file()
        if action in lines:
            return _("{file}, line {line}").format(file=path, line=lines[action])
        return _("{file}, [keys] “{action}”").format(file=path, action=action)

    wanted: dict[str, list[str]] = {}
    for action, text in table.items():
        keys = keys_of(text)
        if action not in where_is:
            problems[action] = _(
                "{where}: “{action}” is not an action of callmate (docs/keys.md lists them); "
                "it is left out."
            ).format(where=where(action), action=action)
        elif not keys or not all(_known(k) for k in keys):
            problems[action] = _(
                "{where}: “{key}” is not a key callmate knows (write it like ctrl+y, f5 or "
                "shift+up); “{action}” keeps its own key."
            ).format(where=where(action), key=text, action=action)
        elif bad := next((k for k in keys if _unsent(k)), None):
            problems[action] = _(
                "{where}: no terminal sends “{key}” as a key of its own; give “{action}” ctrl "
                "with a letter a–z, or an F key."
            ).format(where=where(action), key=bad, action=action)
        elif typed := next((k for k in keys for o in where_is[action] if _typed(k, o)), None):
            problems[action] = _(
                "{where}: “{key}” would break typing (on that screen, letters and signs are "
                "text); give “{action}” ctrl with a letter, or an F key."
            ).format(where=where(action), key=typed, action=action)
        else:
            wanted[action] = keys

    # Clashes, until none is left: an entry refused gives its action its default keys back,
    # which may clash with another entry in turn.
    while True:
        clash = _first_clash(wanted, all_owners, common)
        if clash is None:
            break
        action, key, other = clash
        del wanted[action]
        problems[action] = _(
            "{where}: “{key}” is the key of “{other}” on that screen already; “{action}” keeps "
            "its own key."
        ).format(where=where(action), key=key, other=other, action=action)
    keymap = {action: ",".join(keys) for action, keys in wanted.items()}
    keymap |= _kept_beside(keymap, all_owners)
    order = list(table)
    return Checked(keymap, [problems[a] for a in order if a in problems])


def _first_clash(
    wanted: Mapping[str, list[str]], all_owners: list[Owner], common: tuple[Binding, ...]
) -> tuple[str, str, str] | None:
    """The first entry whose new key another action of one of its screens has: (its id, the
    key, the other's id or action)."""
    for action, keys in wanted.items():
        for owner in all_owners:
            own = owner.bindings if owner.name == "app" else (*owner.bindings, *common)
            if not any(b.id == action for b in own):
                continue
            for binding in own:
                if binding.id == action:
                    continue
                theirs = wanted.get(binding.id or "") or keys_of(binding.key)
                for key in keys:
                    if key in theirs:
                        return action, key, binding.id or binding.action
    return None


def _kept_beside(keymap: Mapping[str, str], all_owners: list[Owner]) -> dict[str, str]:
    """Bindings that share a default key with one moved, given that key again: Textual drops
    every binding of a key it takes from an action (call.next leaving Enter would take Enter
    from the note field's "save")."""
    moved = [b for o in all_owners for b in o.bindings if b.id in keymap]
    freed = {k for b in moved for k in keys_of(b.key)}
    kept = {}
    for owner in all_owners:
        if not any(b in moved for b in owner.bindings):
            continue
        for binding in owner.bindings:
            if binding.id and binding.id not in keymap and freed & set(keys_of(binding.key)):
                kept[binding.id] = ",".join(keys_of(binding.key))
    return kept


def rekeyed(binding: Binding, keymap: Mapping[str, str]) -> Binding:
    """The binding with the key the agent chose (the help and the palette name that key)."""
    if binding.id and binding.id in keymap and keymap[binding.id] != binding.key:
        return dataclasses.replace(binding, key=keymap[binding.id], key_display=None)
    return binding


def answer_letters() -> tuple[str, str]:
    """The keys of yes and no in the language spoken: y/n, Turkish e/h (evet/hayır), Estonian
    j/e (jah/ei). Enter answers nothing: the Enter that saved a field must not say yes too."""
    # TRANSLATORS: the one letter that answers "yes" (the first letter of the word for yes).
    yes = pgettext("yes key", "y")
    # TRANSLATORS: the one letter that answers "no" (the first letter of the word for no).
    no = pgettext("no key", "n")
    return yes.casefold(), no.casefold()


#: The keys of moving between questions, besides the arrows.
_MOVES = {"evaluate.next": ("down", "j"), "evaluate.previous": ("up", "k")}


def evaluation_keys() -> dict[str, str]:
    """The form's keys in the language spoken, as ``[keys]`` entries: yes and no on the
    language's own letters (those of the yes/no questions: Turkish e/h, Estonian j/e), and a
    move that would share one of them left to its arrow. Empty in English (the defaults)."""
    yes, no = answer_letters()
    if (yes, no) == ("y", "n"):
        return {}
    found = {"evaluate.yes": yes, "evaluate.no": no}
    for action, keys in _MOVES.items():
        if yes in keys or no in keys:
            found[action] = ",".join(k for k in keys if k not in (yes, no))
    return found
