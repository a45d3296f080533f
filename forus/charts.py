"""Small bar and line charts drawn by the server as inline SVG, with their numbers.

`bar_chart` and `line_chart` work out the shapes; the template
`admin/dashboard/chart.html` draws them, titled for screen readers, with a
table of the numbers below. No script, nothing from another host.
"""

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 600
HEIGHT = 180
# Room for the axis labels: left of the plot and below it.
LEFT = 44
BOTTOM = 24
TOP = 10
RIGHT = 8


@dataclass(frozen=True)
class ChartPoint:
    label: str
    value: int
    # Where it is drawn: a bar from (x, y) of this width down to the axis, or a
    # line's vertex at (x + width / 2, y).
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Chart:
    chart_id: str
    kind: str  # "bar" or "line"
    title: str
    label_heading: str
    value_heading: str
    points: list[ChartPoint]
    top_value: int
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def plot_left(self) -> int:
        return LEFT

    @property
    def plot_right(self) -> int:
        return self.width - RIGHT

    @property
    def axis_y(self) -> int:
        return self.height - BOTTOM

    @property
    def top_y(self) -> int:
        return TOP

    @property
    def label_y(self) -> int:
        return self.height - 6

    @property
    def total(self) -> int:
        return sum(point.value for point in self.points)

    @property
    def line_path(self) -> str:
        """The line through every point, for a line chart's <polyline>."""
        return " ".join(f"{point.centre:.1f},{point.y:.1f}" for point in self.points)

    @property
    def axis_labels(self) -> list[ChartPoint]:
        """The points whose labels fit under the axis: the first, the last and a few between."""
        count = len(self.points)
        if count <= 7:
            return self.points
        step = (count - 1) / 4
        indexes = sorted({round(step * number) for number in range(5)})
        return [self.points[index] for index in indexes]


def _nice_top(largest: int) -> int:
    """A round number at or above the largest value, for the top of the axis."""
    if largest <= 5:
        return max(largest, 1)
    magnitude = 10 ** (len(str(largest)) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if largest <= factor * magnitude:
            return int(factor * magnitude)
    return largest  # pragma: no cover - 10 x magnitude is always enough


def _chart(
    kind: str,
    *,
    chart_id: str,
    title: str,
    points: Sequence[tuple[str, int]],
    label_heading: str,
    value_heading: str,
) -> Chart:
    top = _nice_top(max((value for _label, value in points), default=0))
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - BOTTOM - TOP
    slot = plot_width / max(len(points), 1)
    gap = min(slot * 0.2, 4) if kind == "bar" else 0
    shapes = []
    for index, (label, value) in enumerate(points):
        height = plot_height * value / top
        shapes.append(
            ChartPoint(
                label=label,
                value=value,
                x=round(LEFT + index * slot + gap / 2, 2),
                y=round(HEIGHT - BOTTOM - height, 2),
                width=round(slot - gap, 2),
                height=round(height, 2),
            )
        )
    return Chart(
        chart_id=chart_id,
        kind=kind,
        title=title,
        label_heading=label_heading,
        value_heading=value_heading,
        points=shapes,
        top_value=top,
    )


def bar_chart(
    *,
    chart_id: str,
    title: str,
    points: Sequence[tuple[str, int]],
    label_heading: str,
    value_heading: str,
) -> Chart:
    """A bar per (label, value), left to right; `chart_id` must be unique on the page."""
    return _chart(
        "bar",
        chart_id=chart_id,
        title=title,
        points=points,
        label_heading=label_heading,
        value_heading=value_heading,
    )


def line_chart(
    *,
    chart_id: str,
    title: str,
    points: Sequence[tuple[str, int]],
    label_heading: str,
    value_heading: str,
) -> Chart:
    """A line through each (label, value), left to right; `chart_id` unique on the page."""
    return _chart(
        "line",
        chart_id=chart_id,
        title=title,
        points=points,
        label_heading=label_heading,
        value_heading=value_heading,
    )
