"""Putting user text into Textual markup safely."""


def esc(text: str) -> str:
    """Escape every ``[`` so nothing a person typed is read as markup (``[$x]`` included)."""
    return str(text).replace("[", "\\[")
