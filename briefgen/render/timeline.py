"""Geometry of the timeline figure: where each meeting or event goes on a time axis.

Computed here, drawn by templates/timeline.svg.j2; the template does no arithmetic.
Markers carry the row number of the meeting table below the figure, so labels never need
to fit between crowded dates; markers that would overlap are stacked in lanes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from briefgen.model.dates import PartialDate

WIDTH = 680
LEFT, RIGHT = 24, 24
AXIS_Y = 40  # distance of the axis from the top of the lanes area
LANE = 24
RADIUS = 9


@dataclass(frozen=True)
class Span:
    number: int
    start: PartialDate
    end: PartialDate | None  # None: a single date
    status: str
    kind: str
    label: str


@dataclass(frozen=True)
class Marker:
    number: int
    x: float
    y: float
    bar_width: float | None  # spans are drawn as a bar from x, this wide
    status: str
    kind: str
    label: str

    @property
    def text_y(self) -> float:
        return self.y + 3.5  # optical centre of a digit in the circle

    @property
    def bar_y(self) -> float:
        return self.y - 4


@dataclass(frozen=True)
class Tick:
    x: float
    label: str

    @property
    def label_x(self) -> float:
        return self.x + 4


@dataclass(frozen=True)
class Figure:
    width: int
    height: int
    axis_y: float
    axis_x0: float
    axis_x1: float
    ticks: list[Tick]
    markers: list[Marker]

    @property
    def tick_top(self) -> float:
        return self.axis_y - 6

    @property
    def label_y(self) -> float:
        return self.axis_y - 10


def _ordinal(d: dt.date) -> float:
    return float(d.toordinal())


def layout(spans: list[Span]) -> Figure | None:
    if not spans:
        return None
    first = min(s.start.first_day() for s in spans)
    last = max((s.end or s.start).last_day() for s in spans)
    lo = _ordinal(dt.date(first.year, 1, 1))
    hi = _ordinal(dt.date(last.year + 1, 1, 1))
    usable = WIDTH - LEFT - RIGHT

    def x_of(d: dt.date) -> float:
        return round(LEFT + (_ordinal(d) - lo) / (hi - lo) * usable, 1)

    def centre(p: PartialDate) -> dt.date:
        a, b = p.first_day(), p.last_day()
        return a + (b - a) / 2

    lanes: list[float] = []  # right-most x used in each lane
    placed: list[tuple[Span, float, float | None, int]] = []
    for span in sorted(spans, key=lambda s: (s.start.first_day(), s.number)):
        if span.end is None:
            x0, x1 = x_of(centre(span.start)), None
            left, right = x0 - RADIUS, x0 + RADIUS
        else:
            x0, x1 = x_of(span.start.first_day()), x_of(span.end.last_day())
            left, right = x0 - RADIUS, max(x1, x0 + 2 * RADIUS)
        for lane, used in enumerate(lanes):
            if left > used + 3:
                lanes[lane] = right
                break
        else:
            lanes.append(right)
            lane = len(lanes) - 1
        placed.append((span, x0, x1, lane))

    axis_y = AXIS_Y
    markers = [
        Marker(
            s.number,
            x0,
            axis_y + 16 + RADIUS + lane * LANE,
            None if x1 is None else round(max(x1 - x0, 2 * RADIUS), 1),
            s.status,
            s.kind,
            s.label,
        )
        for s, x0, x1, lane in placed
    ]
    # a tick at each new year; the closing boundary gets a line but no label (no room)
    ticks = [
        Tick(x_of(dt.date(year, 1, 1)), str(year) if year <= last.year else "")
        for year in range(first.year, last.year + 2)
    ]
    height = int(axis_y + 16 + len(lanes) * LANE + 8)
    return Figure(WIDTH, height, axis_y, LEFT, WIDTH - RIGHT, ticks, markers)
