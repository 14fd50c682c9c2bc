"""Meetings against the calendar: a status the dates contradict is caught at its line."""

from __future__ import annotations

import pytest

from briefgen import api
from tests.support import ProjectFactory, without_lints

CITE = "  cites: [{source: news, quote: useful}]\n"


def meeting(dates: str, status: str, extra: str = "") -> str:
    """A meetings.yaml with one meeting; its status stands on line 4, column 11."""
    return f"- id: m\n  title: M\n{dates}  status: {status}\n  summary: S.\n{extra}{CITE}"


# (name, meetings.yaml, severity, line, column, message) — the brief's as_of is 2015-12-01
CASES = [
    (
        "held after as_of",
        meeting("  date: 2015-12-05\n", "held"),
        "error",
        4,
        11,
        "meetings[0].status: 'held', but the meeting is dated 2015-12-05, after the brief's "
        "as_of 2015-12-01: it cannot have been held yet (use scheduled, or correct the date)",
    ),
    (
        "held, starting after as_of",
        meeting("  start: 2016-01\n  end: 2016-02\n", "held"),
        "error",
        5,
        11,
        "meetings[0].status: 'held', but the meeting is dated 2016-01, after the brief's "
        "as_of 2015-12-01: it cannot have been held yet (use scheduled, or correct the date)",
    ),
    (
        "still scheduled long after",
        meeting("  date: 2015-09-20\n", "scheduled"),
        "warning",
        4,
        11,
        "meetings[0].status: still scheduled? it was due 2015-09-20, more than a month before "
        "the brief's as_of 2015-12-01; update its status or add a status_history entry",
    ),
    (
        "still scheduled, by its end",
        meeting("  start: 2015-06\n  end: 2015-09\n", "scheduled"),
        "warning",
        5,
        11,
        "meetings[0].status: still scheduled? it was due 2015-09, more than a month before "
        "the brief's as_of 2015-12-01; update its status or add a status_history entry",
    ),
    (
        "announced after its date",
        meeting("  date: 2015-06-01\n  announced: 2015-06-10\n", "held"),
        "warning",
        4,
        14,
        "meetings[0].announced: 2015-06-10 is after the meeting's date 2015-06-01; "
        "`announced` is when a meeting still to come became known: remove it or correct a date",
    ),
    (
        "held in its history before its date",
        meeting(
            "  date: 2015-09\n",
            "held",
            "  status_history:\n    - {as_of: 2015-06, status: held, note: N.,"
            " cites: [{source: news, quote: useful}]}\n",
        ),
        "error",
        7,
        32,
        "meetings[0].status_history[0].status: 'held' as of 2015-06, before the meeting's date "
        "2015-09: it cannot have been held yet",
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "severity", "line", "column", "message"), CASES, ids=[c[0] for c in CASES]
)
def test_statuses_the_calendar_contradicts(
    make_project: ProjectFactory,
    name: str,
    text: str,
    severity: str,
    line: int,
    column: int,
    message: str,
) -> None:
    root = make_project({"meetings.yaml": text})
    found = [
        (d.severity.value, d.location.path.name, d.location.line, d.location.column, d.message)
        for d in without_lints(api.check(root).diagnostics)
    ]
    assert found == [(severity, "meetings.yaml", line, column, message)]


# meetings whose dates agree with their status: nothing to say
FINE = [
    meeting("  date: 2015-12-01\n", "held"),  # held on the as_of date
    meeting("  date: 2015-12\n", "held"),  # a month that includes as_of
    meeting("  date: 2015-11-15\n", "scheduled"),  # due within the month
    meeting("  date: 2016-01\n", "scheduled"),  # still to come
    meeting("  date: 2015-06-01\n  announced: 2015-05\n", "held"),
    # still scheduled long after, but the analyst confirmed it since it fell due
    meeting(
        "  date: 2015-06\n",
        "scheduled",
        "  status_history:\n    - {as_of: 2015-11-20, status: scheduled, note: Not yet held.,"
        " cites: [{source: news, quote: useful}]}\n",
    ),
]


@pytest.mark.parametrize("text", FINE)
def test_statuses_the_calendar_allows(make_project: ProjectFactory, text: str) -> None:
    root = make_project({"meetings.yaml": text})
    assert without_lints(api.check(root).diagnostics) == []
