"""The Textual application: the two modes (live and review), the services the screens use, and
the keys that work everywhere."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from callmate import config
from callmate.checklists.model import Checklist
from callmate.clock import Clock, SystemClock
from callmate.language.i18n import N_, _
from callmate.ui import keymap
from callmate.ui.base import CallmateScreen
from callmate.ui.commands import screen_commands
from callmate.ui.flow import Flow
from callmate.ui.messages import SaveStateChanged
from callmate.ui.saving import Saver
from callmate.ui.services import Services
from callmate.ui.team import Team, TeamStatus

THEMES = ("textual-dark", "textual-light")

#: Textual's own commands in the palette (titles and help, as Textual 8 words them): marked for
#: the catalogs and given back translated (see get_system_commands). A command Textual adds or
#: rewords later shows in English until it is marked here.
# fmt: off
TEXTUAL_COMMANDS = (
    N_("Theme"), N_("Change the current theme"),
    N_("Quit"), N_("Quit the application as soon as possible"),
    N_("Keys"), N_("Show help for the focused widget and a summary of available keys"),
    N_("Hide the keys and widget help panel"),
    N_("Maximize"), N_("Maximize the focused widget"),
    N_("Minimize"), N_("Minimize the widget and restore to normal size"),
    N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen"),
)
# fmt: on


def _ready() -> Screen[Any]:
    from callmate.ui.screens.ready import ReadyScreen

    return ReadyScreen()


def _review() -> Screen[Any]:
    from callmate.ui.screens.review import ReviewScreen

    return ReviewScreen()


def key_owners() -> list[keymap.Owner]:
    """Every screen whose keys the agent can move, the keys that work on all of them last: what
    ``[keys]`` in the settings is checked against (``keymap.check``)."""
    from callmate.ui.screens import wrapup
    from callmate.ui.screens.call import CallScreen
    from callmate.ui.screens.confirm import ConfirmScreen
    from callmate.ui.screens.help import HelpScreen
    from callmate.ui.screens.pick import ChecklistPicker
    from callmate.ui.screens.ready import ReadyScreen
    from callmate.ui.screens.rest import BreakScreen
    from callmate.ui.screens.review import ReviewScreen
    from callmate.ui.screens.review_detail import CallDetailScreen
    from callmate.ui.screens.review_evaluate import EvaluationScreen
    from callmate.ui.screens.review_insights import InsightsScreen
    from callmate.ui.screens.review_stats import StatsScreen
    from callmate.ui.screens.review_views import ViewsDialog

    def declared(cls: Any) -> tuple[Binding, ...]:
        return tuple(b for b in cls.BINDINGS if isinstance(b, Binding))

    screens: list[tuple[Any, frozenset[str] | None]] = [
        (ReadyScreen, None),
        (CallScreen, CallScreen._ACTING_CHARACTERS),
        (wrapup.WrapUpScreen, wrapup.ACTING_CHARACTERS),
        (BreakScreen, None),
        (ReviewScreen, None),
        (CallDetailScreen, None),
        (EvaluationScreen, None),
        (StatsScreen, None),
        (InsightsScreen, None),
        (HelpScreen, None),
        (ConfirmScreen, None),
        (ChecklistPicker, None),
        (ViewsDialog, None),
    ]
    return [keymap.Owner(cls.__name__, declared(cls), text) for cls, text in screens] + [
        keymap.Owner("app", (*declared(CallmateApp), *declared(App)))
    ]


#: Keys Textual names in English, named in the language spoken (English msgids).
KEY_WORDS = {"space": N_("space")}


class CallmateApp(App[None]):
    """callmate: the live-call companion (and, with ``mode="review"``, the team lead's review)."""

    CSS_PATH = "app.tcss"
    TITLE = "callmate"
    MODES = {"live": _ready, "review": _review}
    # fmt: off
    BINDINGS = [
        Binding("question_mark", "help", N_("Help"), key_display="?", id="app.help",
                tooltip=N_("Every key of this screen")),
        Binding("ctrl+t", "toggle_theme", N_("Light or dark theme"), show=False, id="app.theme",
                tooltip=N_("Switch between light and dark (remembered)")),
    ]
    # fmt: on

    def __init__(
        self,
        *,
        db_path: Path,
        checklist: Checklist,
        settings: config.Settings | None = None,
        clock: Clock | None = None,
        mode: str = "live",
        save_settings: bool = True,
        writer_factory: Callable[..., Any] | None = None,
        language_fixed: bool = False,
        team_db: str = "",
        open_call: str | None = None,
        typing_hold: float | None = None,
    ):
        """``language_fixed``: the language was given with ``--lang``, so a checklist of another
        language chosen on Ready does not change it (without it, the interface follows).
        ``open_call``: in review, the id of a call to open at once (``review --call ID``).
        ``typing_hold``: how long one of Ready's letters waits to see whether a sentence follows
        (default ``services.TYPING_HOLD``; 0 acts at once)."""
        super().__init__()
        self.start_mode = mode
        self._theme_is_the_agents = False
        self._save_settings = save_settings
        self.team = Team(self, db_path, team_db, (settings or config.Settings()).agent_name)
        self.saver = Saver(self, db_path, writer_factory, on_finished=self.team.nudge)
        self.saver.on_state_changed = self._save_state_changed
        #: The agent's keys that passed the check at start (action id -> keys); see on_mount.
        self.agent_keys: dict[str, str] = {}
        self.services = Services(
            db_path=db_path,
            clock=clock or SystemClock(),
            settings=settings or config.Settings(),
            checklist=checklist,
            saving=self.saver,
            go=Flow(self),
            remember=self.remember,
            language_fixed=language_fixed,
            team=self.team,
            open_call=open_call,
        )
        if typing_hold is not None:
            self.services.typing_hold = typing_hold

    # -- start and stop -----------------------------------------------------------------------

    def _save_state_changed(self) -> None:
        self.screen.post_message(SaveStateChanged())

    def on_mount(self) -> None:
        self.saver.bind_loop()
        self._apply_agent_keys()
        if self.services.settings.theme in self.available_themes:
            self.theme = self.services.settings.theme
        self._theme_is_the_agents = True  # from now on a change of theme is remembered
        self.call_after_refresh(self._settle_memory)
        self.switch_mode(self.start_mode)
        if self.team.hub and self.start_mode == "live":
            # After the first paint, once the writer has opened (and migrated) the database.
            self.call_after_refresh(self.saver.run_db, lambda db: None, lambda _: self.team.start())

    def _apply_agent_keys(self) -> None:
        """The ``[keys]`` table of the settings, checked, given to Textual's keymap; what is
        refused is said in one message, and those actions keep their default keys. The keys a
        language gives the evaluation form (yes and no on its own letters) come first, and the
        agent's own win over them."""
        spoken = keymap.evaluation_keys() if self.start_mode == "review" else {}
        table = {**spoken, **self.services.settings.keys}
        if not table:
            return
        checked = keymap.check(table, key_owners(), config.key_lines())
        self.agent_keys = checked.keymap
        self.set_keymap(checked.keymap)
        if checked.problems:
            title = _("Keys from the settings")
            self.notify(checked.message(), title=title, severity="warning", timeout=30)

    def _settle_memory(self) -> None:
        """After the first paint, move everything built so far out of the garbage collector's
        sight: later full collections stay short, so no key waits behind one."""
        gc.collect()
        gc.freeze()

    async def on_event(self, event: events.Event) -> None:
        """A key is shown to the screen the moment it arrives, before any binding or widget
        sees it: the screen decides there what it means (text or action, or nothing, when the
        screen is leaving), so the keys right behind it go where it decided."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            if not self.screen_stack:
                return  # keys still arriving as the app closes: nothing is there to take them
            screen = self.screen
            if isinstance(screen, CallmateScreen):
                screen.key_arrives(event.key, event.character)
        await super().on_event(event)

    @property
    def unsaved_at_exit(self) -> int:
        return self.saver.unsaved_at_exit

    async def action_quit(self) -> None:
        """Quit at once; what is being typed on a call is handed to the store first."""
        screen = self.screen
        before_exit = getattr(screen, "before_exit", None)
        if before_exit is None or not isinstance(screen, CallmateScreen):
            self.exit()
            return

        def leave() -> None:
            before_exit()
            self.exit()

        screen.in_order(leave)

    async def on_unmount(self) -> None:
        self.saver.close(timeout=3.0)
        self.team.stop()

    def on_team_status(self, message: TeamStatus) -> None:
        self.team.waiting = message.status.waiting
        self.screen.post_message(SaveStateChanged())

    # -- settings -------------------------------------------------------------------------------

    def remember(self, **changes: Any) -> None:
        settings = self.services.settings
        for key, value in changes.items():
            setattr(settings, key, value)
        if self._save_settings:
            try:
                config.save(settings)
            except OSError as exc:
                message = _("Settings not saved: {reason}").format(reason=exc.strerror)
                self.notify(message, severity="warning")

    def watch_theme(self, theme: str) -> None:
        if self._theme_is_the_agents and theme != self.services.settings.theme:
            self.remember(theme=theme)

    def action_toggle_theme(self) -> None:
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]

    def action_help(self) -> None:
        self.services.go.help()

    def get_key_display(self, binding: Binding) -> str:
        """A key as the footer and help name it, in the language spoken: a binding without a
        display of its own shows "space" as "boşluk" or "tühik" (help names every key of a
        binding, ``space / ⏎``)."""
        if binding.key_display is None and binding.key in KEY_WORDS:
            return _(KEY_WORDS[binding.key])
        return super().get_key_display(binding)

    # -- the command palette --------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from screen_commands(screen)
        for command in super().get_system_commands(screen):
            title, about = (_(text) if text else "" for text in (command.title, command.help))
            yield command._replace(title=title, help=about)

    def action_command_palette(self) -> None:
        """Textual's palette, asking in the language spoken (its words are Textual's own)."""
        from textual.command import CommandPalette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            placeholder = _("Search for commands…")
            self.push_screen(CommandPalette(id="--command-palette", placeholder=placeholder))
