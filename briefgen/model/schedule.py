"""Meetings against the calendar: a status that the dates contradict.

A meeting `held` after the brief's `as_of` has not happened yet: an error (the memo would
report as fact what cannot be known). One still `scheduled` long after it was due, or
`announced` after it took place, is probably a status nobody updated: a warning. An
analyst who has confirmed a status since it fell due says so in `status_history`, and the
warning gives way to that entry.
"""

from __future__ import annotations

import datetime as dt

from briefgen.diagnostics import Diagnostic, error, warning
from briefgen.model import schema
from briefgen.model.dates import PartialDate
from briefgen.model.validation import Locate, format_path

#: How long after its date a meeting may stay `scheduled` before the status looks stale.
GRACE = dt.timedelta(days=31)


def check_schedule(brief: schema.Brief, locate: Locate, out: list[Diagnostic]) -> None:
    for i, meeting in enumerate(brief.meetings):
        start = meeting.date or meeting.start
        due = meeting.date or meeting.end or meeting.start
        if start is None or due is None:
            continue  # no dates: reported by the meeting checks
        label = format_path(("meetings", i))
        status = ("meetings", i, "status")
        if meeting.status == "held" and start.surely_after(brief.as_of):
            out.append(
                error(
                    locate(status),
                    f"{label}.status: 'held', but the meeting is dated {start}, after the "
                    f"brief's as_of {brief.as_of}: it cannot have been held yet (use "
                    "scheduled, or correct the date)",
                )
            )
        if (
            meeting.status == "scheduled"
            and brief.as_of.first_day() - due.last_day() > GRACE
            and not _confirmed_since(meeting, due)
        ):
            out.append(
                warning(
                    locate(status),
                    f"{label}.status: still scheduled? it was due {due}, more than a month "
                    f"before the brief's as_of {brief.as_of}; update its status or add a "
                    "status_history entry",
                )
            )
        if meeting.announced is not None and meeting.announced.surely_after(start):
            out.append(
                warning(
                    locate(("meetings", i, "announced")),
                    f"{label}.announced: {meeting.announced} is after the meeting's date "
                    f"{start}; `announced` is when a meeting still to come became known: "
                    "remove it or correct a date",
                )
            )
        for j, entry in enumerate(meeting.status_history):
            if entry.status == "held" and start.surely_after(entry.as_of):
                out.append(
                    error(
                        locate(("meetings", i, "status_history", j, "status")),
                        f"{label}.status_history[{j}].status: 'held' as of {entry.as_of}, "
                        f"before the meeting's date {start}: it cannot have been held yet",
                    )
                )


def _confirmed_since(meeting: schema.Meeting, due: PartialDate) -> bool:
    """The status_history says, as of a date after the meeting fell due, that its status
    is still the one given: the analyst has looked, and decided."""
    return any(
        e.status == meeting.status and e.as_of.first_day() > due.last_day()
        for e in meeting.status_history
    )
