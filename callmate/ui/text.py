"""Putting user text into Textual markup safely."""


def esc(text: str) -> str:
    """Escape every ``[`` so nothing a person typed is read as markup (``[$x]`` included)."""
    return str(text).replace("[", "\\[")


def marked(style: str, text: str) -> str:
    """``text`` escaped and in one markup style: ``marked("b", _("Steps"))`` is ``[b]Steps[/]``.
    (Translated text goes through here rather than into an f-string: Babel on Python 3.11 cannot
    see a ``_()`` inside an f-string.)"""
    return f"[{style}]{esc(text)}[/]"
