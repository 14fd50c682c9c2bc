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
#: Most labelled ticks on the axis: a year label needs about 50 px of the figure's width.
MAX_TICKS = 12


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


def _new_year(year: int) -> float:
    """The day number of 1 January of `year`, also just past the calendar's ends (year 0,
    year 10000), where the axis may have to begin or close."""
    inside = min(max(year, dt.MINYEAR), dt.MAXYEAR)
    return _ordinal(dt.date(inside, 1, 1)) + (year - inside) * 365.2425


def tick_step(first_year: int, last_year: int) -> int:
    """Years between ticks: 1, 2, 5, 10, 20, 50 … — the smallest that keeps the axis to
    MAX_TICKS labels. The figure's cost follows the number of ticks and markers, never the
    length of the span (a brief dated in 1000 and 9998 is as quick as one in 2015)."""
    span = last_year - first_year + 1
    decade = 1
    while True:
        for step in (decade, 2 * decade, 5 * decade):
            if span <= MAX_TICKS * step:
                return step
        decade *= 10


def layout(spans: list[Span]) -> Figure | None:
    if not spans:
        return None
    first = min(s.start.first_day() for s in spans)
    last = max((s.end or s.start).last_day() for s in spans)
    step = tick_step(first.year, last.year)
    start_year = first.year // step * step
    end_year = (last.year // step + 1) * step  # the axis closes at a tick after the last day
    lo, hi = _new_year(start_year), _new_year(end_year)

    def x_of(d: dt.date) -> float:
        return _x(_ordinal(d), lo, hi)

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
    # a tick every `step` years; the closing boundary gets a line but no label (no room)
    ticks = [
        Tick(_x(_new_year(year), lo, hi), str(year) if year <= last.year else "")
        for year in range(start_year, end_year + 1, step)
    ]
    height = int(axis_y + 16 + len(lanes) * LANE + 8)
    return Figure(WIDTH, height, axis_y, LEFT, WIDTH - RIGHT, ticks, markers)


def _x(day: float, lo: float, hi: float) -> float:
    return round(LEFT + (day - lo) / (hi - lo) * (WIDTH - LEFT - RIGHT), 1)
