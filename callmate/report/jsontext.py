"""JSON for scripts: exact, valid, and harmless on a terminal.

``json.dumps`` escapes the C0 controls (ESC included) but, with ``ensure_ascii=False``, writes
DEL, the C1 controls (U+009B is a one-byte "ESC [" to many terminals), bidi overrides, other
invisible format characters and lone surrogates as they are. :func:`dumps` escapes those too
(``\\u009b``), and only those: Turkish and Estonian letters stay readable, and ``json.loads``
gives back exactly the text that was stored.
"""

from __future__ import annotations

import json
import math
from typing import Any

from callmate.safe import replace_hidden


def _escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # beyond the BMP (tag characters): a surrogate pair, as JSON writes it
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def dumps(value: Any, *, indent: int | None = 2) -> str:
    """``value`` as JSON text (``ensure_ascii=False``) with every hidden character escaped.

    Those characters can only stand inside JSON strings (the structure is ASCII), so escaping
    them in the whole text is exact. What JSON cannot hold, a hand-made log can: a number
    beyond any (infinity) is ``null``, bytes are their text (UTF-8, other bytes as ``\\xff``).
    """
    options: dict[str, Any] = {"ensure_ascii": False, "indent": indent, "allow_nan": False}
    try:
        text = json.dumps(value, default=_bytes, **options)
    except ValueError:  # only then is the value walked through
        text = json.dumps(_finite(value), default=_bytes, **options)
    return replace_hidden(text, _escape)


def _bytes(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "backslashreplace")
    raise TypeError(f"{type(value).__name__} is not JSON")


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value
