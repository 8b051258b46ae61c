"""Saved views: a set of filters kept under a name in the settings (``[views."name"]`` in
``config.toml``), saved, listed and recalled in the review (``v``) and recalled by ``--view NAME``
on every command that filters calls.

A view keeps the filters as they were typed, so "since 7d" is the last seven days whenever it is
recalled (and a date typed in Turkish or Estonian reads in every language); the outcome, escalated
and warned are kept as their codes (``hung_up``, ``returned``, ``yes``), which every language
reads, and shown in the words of the language spoken when the view is recalled in the review.
"""

from __future__ import annotations

from dataclasses import fields, replace

from callmate.config import Settings
from callmate.language.i18n import _
from callmate.language.labels import UNFINISHED_KEY, outcome_label
from callmate.review.filter_values import escalated_word, parse_escalated, parse_warnings
from callmate.review.filters import FilterError, fold_word, parse_outcome
from callmate.review.pages import FIELDS, Typed

#: The longest name a view may have (it is shown in a list beside its filters).
NAME_MAX = 40


def saved(settings: Settings) -> dict[str, Typed]:
    """The views in the settings, by name, in the order they were saved (what a hand put in the
    file that is no filter is passed over)."""
    return {
        name: Typed(**{k: v for k, v in values.items() if k in FIELDS})
        for name, values in settings.views.items()
    }


def find(settings: Settings, name: str) -> Typed:
    """The filters of the view called ``name`` (in any case, ı as i); one sentence naming the
    saved ones if there is none."""
    views = saved(settings)
    wanted = " ".join(name.split())
    same = [typed for n, typed in views.items() if _same(n, wanted)]
    if same:
        return same[0]
    if not views:
        raise FilterError(
            _("no view is called “{name}”: none is saved yet (v in the review saves one)").format(
                name=wanted
            )
        )
    raise FilterError(
        _("no view is called “{name}” (saved: {names})").format(name=wanted, names=", ".join(views))
    )


def overlaid(view: Typed, typed: Typed) -> Typed:
    """The view's filters, with those typed as well in their place (``--view`` with ``--since``:
    that time, the rest of the view)."""
    given = {
        f.name: getattr(typed, f.name) for f in fields(Typed) if getattr(typed, f.name).strip()
    }
    return replace(view, **given)


def kept(typed: Typed) -> dict[str, str]:
    """The filters as a view keeps them: as typed, the outcome, escalated and warned as their
    codes; a value that cannot be read is refused (:class:`FilterError`)."""
    values = {name: getattr(typed, name).strip() for name in FIELDS}
    if values["outcome"]:
        values["outcome"] = parse_outcome(values["outcome"]) or UNFINISHED_KEY
    if values["escalated"]:
        values["escalated"] = parse_escalated(values["escalated"]) or ""
    warnings = parse_warnings(values["warned"])
    if warnings in ((1, None), (0, 0)):
        values["warned"] = "yes" if warnings == (1, None) else "no"
    return {name: value for name, value in values.items() if value}


def shown(view: Typed) -> Typed:
    """The view's filters in the words of the language spoken, for the review's fields."""
    words: dict[str, str] = {}
    if view.outcome:
        words["outcome"] = outcome_label(None if view.outcome == UNFINISHED_KEY else view.outcome)
    if view.escalated in ("yes", "returned", "no"):
        words["escalated"] = escalated_word(view.escalated)
    if view.warned in ("yes", "no"):
        words["warned"] = _(view.warned)
    return replace(view, **words)


def with_saved(settings: Settings, name: str, typed: Typed) -> tuple[Settings, str]:
    """The settings with the filters ``typed`` saved as the view ``name`` (one of that name, in
    any case, is replaced), and the name as kept; an empty or overlong name, no filter at all or
    a filter that cannot be read is refused (:class:`FilterError`)."""
    clean = " ".join(name.split())
    if not clean:
        raise FilterError(_("a view needs a name"))
    if len(clean) > NAME_MAX:
        raise FilterError(_("a view's name is at most {n} characters").format(n=NAME_MAX))
    if typed.is_empty:
        raise FilterError(_("there is no filter to save: type one first"))
    values = kept(typed)
    views = {n: v for n, v in settings.views.items() if not _same(n, clean)}
    return replace(settings, views={**views, clean: values}), clean


def _same(name: str, other: str) -> bool:
    """Two names of a view are one in any case, Turkish ı and i (I and İ) as one letter."""
    return fold_word(name).casefold() == fold_word(other).casefold()


def without(settings: Settings, name: str) -> Settings:
    """The settings without the view ``name``."""
    return replace(settings, views={n: v for n, v in settings.views.items() if n != name})
