"""Geometry of the server-drawn SVG charts (no chart library): numbers in, coordinates out, for the templates.

Every chart sits in a 320-unit-wide viewBox that scales to the screen; the table behind each chart holds its
figures in words and numbers.
"""

from dataclasses import dataclass

WIDTH = 320
LEFT = 30  # room for the axis labels
RIGHT = 8
PLOT = WIDTH - LEFT - RIGHT


def _x(percent):
    return round(LEFT + PLOT * max(0.0, min(100.0, percent)) / 100, 1)


@dataclass
class Dumbbell:
    """One row of a before → after chart: a grey dot for pre, a blue dot for post, a line between them."""

    label: str
    y: int
    pre_x: float | None
    post_x: float | None
    flagged: bool


def dumbbells(rows, row_height=22):
    """Return (rows, height, ticks) for [(label, pre %, post %, flagged)]: one row per item."""
    drawn = []
    for index, (label, pre, post, flagged) in enumerate(rows):
        drawn.append(
            Dumbbell(
                label=label,
                y=20 + index * row_height,
                pre_x=None if pre is None else _x(pre),
                post_x=None if post is None else _x(post),
                flagged=flagged,
            )
        )
    height = 20 + len(rows) * row_height + 4
    return drawn, height, axis_ticks()


def axis_ticks():
    """Return [(x, label)] of the percentage axis."""
    return [(_x(value), f"{value}%") for value in (0, 25, 50, 75, 100)]


@dataclass
class TimePoint:
    x: float
    pre_y: float | None
    post_y: float | None


def over_time(points, height=150):
    """Return (points, height, y ticks, first label, last label) for [(label, pre %, post %)] in date order."""
    top, bottom = 10, height - 22
    span = bottom - top

    def y(percent):
        return None if percent is None else round(bottom - span * max(0.0, min(100.0, percent)) / 100, 1)

    count = len(points)
    step = PLOT / max(count, 1)
    drawn = [
        TimePoint(x=round(LEFT + step * (index + 0.5), 1), pre_y=y(pre), post_y=y(post))
        for index, (_label, pre, post) in enumerate(points)
    ]
    ticks = [(y(value), f"{value}%") for value in (0, 50, 100)]
    first = points[0][0] if points else ""
    last = points[-1][0] if len(points) > 1 else ""
    return drawn, height, ticks, first, last
