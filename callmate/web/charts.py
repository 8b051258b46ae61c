"""Charts as SVG drawn on the server: no script, no style sheet, no font from anywhere else.

Each mark carries its figure twice: for people, as a ``<title>`` (the browser shows it on
hover: ``2026-11-23: 512``), and for programs, as ``data-label`` and ``data-value`` (the exact
figure). Every text from the data is escaped (``markupsafe.escape``); the result is ``Markup``,
put in a page as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

WIDTH = 720
HEIGHT = 180
PAD = 28  # room for the axis figures
ROW = 22  # the height of one horizontal bar

Shown = Callable[[float], str]


def _svg(name: str, width: int, height: int, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="chart" data-chart="{escape(name)}" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        + "".join(body)
        + "</svg>"
    )


def _mark(label: str, value: float) -> str:
    """The attributes and title that say what a mark stands for."""
    return f'data-label="{escape(label)}" data-value="{value!r}"'


def _title(label: str, text: str) -> str:
    return f"<title>{escape(label)}: {escape(text)}</title>"


def columns(name: str, points: Sequence[tuple[str, float | None]], shown: Shown) -> Markup:
    """One column per point (a day), as high as its value against the largest."""
    values = [v for _label, v in points if v is not None]
    top = max(values, default=0) or 1
    step = (WIDTH - PAD) / max(len(points), 1)
    body = [
        f'<line class="axis" x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH}" y2="{HEIGHT - PAD}"/>',
        f'<text class="axis" x="{PAD - 4}" y="12" text-anchor="end">{escape(shown(top))}</text>',
    ]
    for i, (label, value) in enumerate(points):
        if value is None:
            continue
        high = (HEIGHT - PAD - 16) * value / top
        x = PAD + i * step
        body.append(
            f'<rect class="mark" x="{x:.1f}" y="{HEIGHT - PAD - high:.1f}" '
            f'width="{max(step - 1, 1):.1f}" height="{high:.1f}" {_mark(label, value)}>'
            f"{_title(label, shown(value))}</rect>"
        )
    if points:
        first, last = points[0][0], points[-1][0]
        body.append(f'<text class="axis" x="{PAD}" y="{HEIGHT - 8}">{escape(first)}</text>')
        body.append(
            f'<text class="axis" x="{WIDTH}" y="{HEIGHT - 8}" text-anchor="end">'
            f"{escape(last)}</text>"
        )
    return _svg(name, WIDTH, HEIGHT, body)


def lines(
    name: str, series: Sequence[tuple[str, Sequence[tuple[str, float | None]]]], shown: Shown
) -> Markup:
    """Rates (0-1) per day, one line per series, a point per day with its figure."""
    length = max((len(points) for _name, points in series), default=0)
    step = (WIDTH - PAD) / max(length - 1, 1)
    high = HEIGHT - PAD - 16
    body = [
        f'<line class="axis" x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH}" y2="{HEIGHT - PAD}"/>',
        f'<text class="axis" x="{PAD - 4}" y="20" text-anchor="end">{escape(shown(1.0))}</text>',
    ]
    for n, (label, points) in enumerate(series):
        where = [
            (PAD + i * step, HEIGHT - PAD - high * v, day, v)
            for i, (day, v) in enumerate(points)
            if v is not None
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _day, _v in where)
        body.append(f'<polyline class="series series{n}" points="{path}"/>')
        body += [
            f'<circle class="mark series{n}" cx="{x:.1f}" cy="{y:.1f}" r="2.5" '
            f'data-series="{escape(label)}" {_mark(day, v)}>'
            f"{_title(f'{day} {label}', shown(v))}</circle>"
            for x, y, day, v in where
        ]
        body.append(
            f'<text class="legend series{n}" x="{PAD + 8 + 220 * n}" y="{HEIGHT - 8}">'
            f"● {escape(label)}</text>"
        )
    return _svg(name, WIDTH, HEIGHT, body)


def bars(
    name: str,
    rows: Sequence[tuple[str, float | None, float | None]],
    shown: Shown,
    top: float | None = None,
) -> Markup:
    """One horizontal bar per row (a step, an agent), with its target as a tick when it has one."""
    label_width = 260
    values = [max(v or 0, t or 0) for _label, v, t in rows]
    top = top or max(values, default=0) or 1
    room = WIDTH - label_width - 80
    height = ROW * len(rows) + 8
    body = []
    for i, (label, value, target) in enumerate(rows):
        y = 4 + i * ROW
        body.append(
            f'<text class="label" x="{label_width - 6}" y="{y + 14}" text-anchor="end">'
            f"{escape(label)}</text>"
        )
        if value is not None:
            wide = room * value / top
            body.append(
                f'<rect class="mark" x="{label_width}" y="{y + 3}" width="{wide:.1f}" '
                f'height="{ROW - 8}" {_mark(label, value)}>{_title(label, shown(value))}</rect>'
                f'<text class="figure" x="{label_width + wide + 4:.1f}" y="{y + 14}">'
                f"{escape(shown(value))}</text>"
            )
        if target:
            x = label_width + room * target / top
            body.append(
                f'<line class="target" x1="{x:.1f}" y1="{y + 1}" x2="{x:.1f}" y2="{y + ROW - 3}" '
                f'data-target="{target!r}"><title>{escape(shown(target))}</title></line>'
            )
    return _svg(name, WIDTH, height, body)
