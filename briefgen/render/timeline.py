"""Geometry of the timeline figure: where each meeting or event goes on a time axis.

Computed here, drawn by templates/timeline.svg.j2, which only offsets a shape from
the point given here by its own fixed size (a marker's radius, a legend swatch).
Markers carry the row number of the meeting table below the figure, so labels never need
to fit between crowded dates; markers that would overlap are stacked in lanes. The axis
has a tick per month when the span is under three years and per year otherwise; labels are
spaced so that they never collide, and their count does not grow with the span (a brief
running from 1000 to 9998 lays out as fast as one running a year).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from briefgen.model.dates import PartialDate
from briefgen.model.labels import STATUS_LABELS

WIDTH = 680
LEFT, RIGHT = 24, 24
AXIS_Y = 44  # distance of the axis from the top of the lanes area
LANE = 24
RADIUS = 9
#: The least room a tick label needs, in figure units ("Sept. 2015" at 11 px is ~55).
LABEL_ROOM = 58
LEGEND_ROW = 22
XOf = Callable[[dt.date], float]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


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
    label: str  # "" for an unlabelled tick
    major: bool  # a year boundary (or a labelled year)
    year: str = ""  # on a month axis: the year, above January and the first tick

    @property
    def label_x(self) -> float:
        return self.x + 3


@dataclass(frozen=True)
class LegendItem:
    status: str  # styles the sample marker like the markers of that status
    label: str
    x: float
    y: float
    bar: bool = False  # the sample is a bar: "a span of time"

    @property
    def text_y(self) -> float:
        return self.y + 4


@dataclass(frozen=True)
class Figure:
    width: int
    height: int
    axis_y: float
    axis_x0: float
    axis_x1: float
    ticks: list[Tick]
    markers: list[Marker]
    legend: list[LegendItem]
    legend_y: float

    @property
    def tick_top(self) -> float:
        return self.axis_y - 6

    @property
    def label_y(self) -> float:
        return self.axis_y - 10

    @property
    def year_y(self) -> float:
        return self.axis_y - 26


def _ordinal(d: dt.date) -> float:
    return float(d.toordinal())


def _month_after(d: dt.date) -> dt.date:
    """The first of the next month; the calendar's last day has none, and stays."""
    if (d.year, d.month) == (dt.MAXYEAR, 12):
        return dt.date.max
    return dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def layout(spans: list[Span]) -> Figure | None:
    if not spans:
        return None
    first = min(s.start.first_day() for s in spans)
    last = max((s.end or s.start).last_day() for s in spans)
    monthly = (last - first).days < 3 * 365
    lo = dt.date(first.year, first.month if monthly else 1, 1)
    hi = _month_after(last) if monthly else dt.date(min(last.year + 1, 9999), 12, 31)
    usable = WIDTH - LEFT - RIGHT
    scale = usable / max(_ordinal(hi) - _ordinal(lo), 1.0)

    def x_of(d: dt.date) -> float:
        return round(LEFT + (_ordinal(d) - _ordinal(lo)) * scale, 1)

    def centre(p: PartialDate) -> dt.date:
        a, b = p.first_day(), p.last_day()
        return a + (b - a) / 2

    # (left, right, span, x0, x1): a date of low precision stands at its centre
    extents: list[tuple[float, float, Span, float, float | None]] = []
    for span in spans:
        if span.end is None:
            x0, x1 = x_of(centre(span.start)), None
            extents.append((x0 - RADIUS, x0 + RADIUS, span, x0, x1))
        else:
            x0, x1 = x_of(span.start.first_day()), x_of(span.end.last_day())
            extents.append((x0 - RADIUS, max(x1, x0 + 2 * RADIUS), span, x0, x1))
    lanes: list[float] = []  # right-most x used in each lane
    placed: list[tuple[Span, float, float | None, int]] = []
    for left, right, span, x0, x1 in sorted(extents, key=lambda e: (e[0], e[2].number)):
        for lane, used in enumerate(lanes):
            if left > used + 3:
                lanes[lane] = right
                break
        else:
            lanes.append(right)
            lane = len(lanes) - 1
        placed.append((span, x0, x1, lane))

    markers = [
        Marker(
            s.number,
            x0,
            AXIS_Y + 16 + RADIUS + lane * LANE,
            None if x1 is None else round(max(x1 - x0, 2 * RADIUS), 1),
            s.status,
            s.kind,
            s.label,
        )
        for s, x0, x1, lane in placed
    ]
    ticks = _month_ticks(lo, hi, x_of, scale) if monthly else _year_ticks(lo, hi, x_of, scale)
    legend_y = AXIS_Y + 16 + len(lanes) * LANE + 14
    legend = _legend(spans, legend_y)
    height = int(legend[-1].y + LEGEND_ROW)
    return Figure(WIDTH, height, AXIS_Y, LEFT, WIDTH - RIGHT, ticks, markers, legend, legend_y)


#: Months between month labels, and years between year labels: round numbers.
MONTH_STEPS = (1, 2, 3, 6, 12)
YEAR_STEPS = tuple(n * 10**e for e in range(5) for n in (1, 2, 5))


def _every(room_per_unit: float, steps: tuple[int, ...]) -> int:
    """How many units (months or years) apart labels must stand not to collide."""
    return next((step for step in steps if step * room_per_unit >= LABEL_ROOM), steps[-1])


def _month_ticks(lo: dt.date, hi: dt.date, x_of: XOf, scale: float) -> list[Tick]:
    """A tick per month; labels every few months (so they never collide), the year above
    each January and above the first tick."""
    step = _every(30.4 * scale, MONTH_STEPS)
    ticks = []
    d, n = lo, 0
    while d <= hi:
        labelled = n % step == 0 and d < hi
        year = str(d.year) if d < hi and (n == 0 or d.month == 1) else ""
        ticks.append(Tick(x_of(d), _MONTHS[d.month - 1] if labelled else "", d.month == 1, year))
        if d == dt.date.max:
            break
        d, n = _month_after(d), n + 1
    return ticks


def _year_ticks(lo: dt.date, hi: dt.date, x_of: XOf, scale: float) -> list[Tick]:
    """A tick every `step` years, each labelled: the number of ticks stays small however
    long the span."""
    step = _every(365.25 * scale, YEAR_STEPS)
    years = range(lo.year - lo.year % step, hi.year + 1, step)
    return [
        Tick(x_of(dt.date(max(y, 1), 1, 1)), str(y), True)
        for y in years
        if dt.date(max(y, 1), 1, 1) >= lo
    ]


def _legend(spans: list[Span], y: float) -> list[LegendItem]:
    """The marker kinds in use, and nothing else, in rows that fit the figure's width."""
    order = ["held", "scheduled", "postponed", "suspended", "cancelled", "unknown"]
    entries = []
    for status in sorted({s.status for s in spans}, key=order.index):
        label = STATUS_LABELS[status]
        if status == "held":
            kinds = {s.kind for s in spans if s.status == "held"}
            label = (
                {"event": "Occurred", "meeting": "Held"}[kinds.pop()]
                if len(kinds) == 1
                else "Held or occurred"
            )
        entries.append((status, label, False))
    if any(s.end is not None for s in spans):
        entries.append(("held", "A span of time", True))
    items: list[LegendItem] = []
    x = float(LEFT)
    for status, label, bar in entries:
        width = 26 + 7 * len(label)  # the sample, a gap and the label at 11 px
        if items and x + width > WIDTH - RIGHT:
            x, y = float(LEFT), y + LEGEND_ROW
        items.append(LegendItem(status, label, x, y, bar))
        x += width
    return items
