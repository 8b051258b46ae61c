"""What the screens use, in one typed object: the clock, the settings, saving, where to go next.

Screens and widgets reach it as ``services(self)`` (or ``self.services`` on a
:class:`~callmate.ui.base.CallmateScreen`), never as loose attributes of the App.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from callmate.ui.debounce import Presses

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from callmate.call import Call, Change
    from callmate.checklists.model import Checklist
    from callmate.clock import Clock
    from callmate.config import Settings
    from callmate.review.pages import Typed


class Saving(Protocol):
    """Hands changes to the background writer (see ``ui.saving.Saver``)."""

    error: str

    @property
    def unsaved(self) -> int: ...

    def save(self, change: Change, checklist: Checklist | None = None) -> None: ...

    def save_soon(self, change: Change) -> None: ...

    def run_db(
        self, job: Callable[[Any], Any], then: Callable[[Any], None] | None = None
    ) -> None: ...


class Teamwork(Protocol):
    """The team hub as the screens see it (see ``ui.team.Team``)."""

    waiting: int


class Navigation(Protocol):
    """Where the app goes next; one place decides (``ui.flow.Flow``), so no screen imports
    another."""

    def show_call(self, call: Call, *, then_new_call: bool = False) -> None: ...

    def help(self) -> None: ...

    def pick_checklist(self, chosen: Callable[[Checklist | None], None]) -> None: ...

    def confirm(
        self, question: str, detail: str, yes: str, no: str, answered: Callable[[bool | None], None]
    ) -> None: ...

    def call_detail(
        self, call_id: str, ids: list[str], then: Callable[[str | None], None] | None = None
    ) -> None: ...

    def evaluate(self, record: dict[str, Any], then: Callable[[None], None]) -> None: ...

    def statistics(self, typed: Typed) -> None: ...

    def insights(self, typed: Typed) -> None: ...


#: How long one of Ready's letters waits to see whether it is the first of a sentence (typed for
#: another window: then it does nothing) before it acts (seconds).
TYPING_HOLD = 0.5


@dataclass
class Services:
    db_path: Path
    clock: Clock
    settings: Settings
    #: The checklist the next call starts with (the agent can change it on Ready).
    checklist: Checklist
    saving: Saving
    go: Navigation
    remember: Callable[..., None]
    team: Teamwork
    #: ``--lang`` chose the language: a checklist of another language does not change it.
    language_fixed: bool = False
    #: In review: a call to open at once (``review --call ID``), taken by the first screen.
    open_call: str | None = None
    #: How long one of Ready's letters waits before it acts (0: at once; ``TYPING_HOLD``).
    typing_hold: float = TYPING_HOLD
    #: One press, one action, across screens (the Enter that ends a call is not also wrap-up's).
    presses: Presses = field(init=False)

    def __post_init__(self) -> None:
        self.presses = Presses(self.clock.monotonic)


class _HasServices(Protocol):
    services: Services


def services(node: DOMNode) -> Services:
    """The services of the app a screen or widget belongs to."""
    return cast(_HasServices, node.app).services
