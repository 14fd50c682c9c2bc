"""The timeline figure's geometry: an axis a reader can date things by, a legend of only
what the figure shows, nothing drawn over anything else, nothing outside the figure."""

from __future__ import annotations

import itertools

import pytest

from briefgen.model.dates import PartialDate
from briefgen.render import timeline
from briefgen.render.timeline import Figure, Span


def span(
    n: int, start: str, end: str | None = None, status: str = "held", kind: str = "meeting"
) -> Span:
    return Span(
        n, PartialDate.parse(start), PartialDate.parse(end) if end else None, status, kind, f"M{n}"
    )


def figure(spans: list[Span]) -> Figure:
    made = timeline.layout(spans)
    assert made is not None
    return made


def labels_apart(f: Figure) -> float:
    xs = [t.label_x for t in f.ticks if t.label]
    return min((b - a for a, b in itertools.pairwise(xs)), default=float("inf"))


def test_a_span_under_three_years_has_month_ticks_and_year_labels() -> None:
    f = figure([span(1, "2013-07-08"), span(2, "2015-12-01", "2015-12-02")])
    months = [t.label for t in f.ticks if t.label]
    assert set(months) <= {
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    }
    assert len(months) >= 6
    assert [t.year for t in f.ticks if t.year] == ["2013", "2014", "2015"]
    assert len(f.ticks) >= 29  # a tick for each month, labelled or not
    assert labels_apart(f) >= timeline.LABEL_ROOM


def test_a_longer_span_has_year_ticks() -> None:
    f = figure([span(1, "2009-03"), span(2, "2015-12-01")])
    labels = [t.label for t in f.ticks if t.label]
    assert labels[0] == "2009" and labels[-1] >= "2015"
    assert all(label.isdigit() for label in labels)
    assert labels_apart(f) >= timeline.LABEL_ROOM


@pytest.mark.parametrize(
    ("first", "last"),
    [("2015-11-30", "2015-12-02"), ("1000-06-01", "9999-12-31"), ("2015", "2015")],
)
def test_markers_and_ticks_stay_on_the_axis(first: str, last: str) -> None:
    f = figure([span(1, first), span(2, last)])
    assert all(f.axis_x0 <= m.x <= f.axis_x1 for m in f.markers)
    assert all(f.axis_x0 - 0.1 <= t.x <= f.axis_x1 + 0.1 for t in f.ticks)
    assert labels_apart(f) >= timeline.LABEL_ROOM


def test_markers_on_the_same_days_do_not_overlap() -> None:
    f = figure([span(n, "2015-06-01") for n in range(1, 6)] + [span(6, "2015-06-01", "2015-09-30")])
    placed = [(m.x, m.y) for m in f.markers]
    assert len(set(placed)) == len(placed)
    assert f.height > max(m.y for m in f.markers)


def test_the_legend_lists_only_what_the_figure_shows() -> None:
    f = figure([span(1, "2015-01-01", status="scheduled"), span(2, "2015-03-01")])
    assert [(i.status, i.label, i.bar) for i in f.legend] == [
        ("held", "Held", False),
        ("scheduled", "Scheduled", False),
    ]
    f = figure([span(1, "2015-01-01", kind="event"), span(2, "2015-02-01", "2015-06-01")])
    assert [i.label for i in f.legend] == ["Held or occurred", "A span of time"]


def test_a_full_legend_wraps_within_the_figure() -> None:
    statuses = ["held", "scheduled", "postponed", "suspended", "cancelled", "unknown"]
    spans = [span(n, f"2015-0{n + 1}", status=s) for n, s in enumerate(statuses)]
    f = figure([*spans, span(9, "2015-08-01", "2015-09-01", kind="event")])
    assert len(f.legend) == 7
    assert all(i.x + 26 + 7 * len(i.label) <= f.width for i in f.legend)
    rows = sorted({i.y for i in f.legend})
    assert len(rows) == 2 and f.height >= rows[-1] + 8


def test_a_marker_takes_the_first_lane_with_room() -> None:
    """A year-only date stands mid-year; an April date left of it shares its lane."""
    f = figure([span(1, "2013"), span(2, "2013-04-12"), span(3, "2013-10-01")])
    assert len({m.y for m in f.markers}) == 1
