"""Putting user text into Textual markup safely."""

from callmate.safe import visible


def esc(text: object, *, newlines: bool = False) -> str:
    """Text as harmless markup: control characters, C1 codes and bidi overrides shown as visible
    symbols (``newlines``: line breaks kept), and every ``[`` escaped so nothing a person typed
    is read as markup (``[$x]`` included)."""
    return visible(str(text), newlines=newlines).replace("[", "\\[")


def marked(style: str, text: str) -> str:
    """``text`` escaped and in one markup style: ``marked("b", _("Steps"))`` is ``[b]Steps[/]``.
    (Translated text goes through here rather than into an f-string: Babel on Python 3.11 cannot
    see a ``_()`` inside an f-string.)"""
    return f"[{style}]{esc(text)}[/]"
