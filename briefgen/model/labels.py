"""How the brief's coded values read to a person: the words for each enum value of the schema
and for a meeting's dates. One place, so the memo, the diff and the site say the same."""

from __future__ import annotations

from briefgen.model import schema

STATUS_LABELS = {
    "held": "Held",
    "scheduled": "Scheduled",
    "postponed": "Postponed",
    "cancelled": "Cancelled",
    "suspended": "Suspended",
    "unknown": "Not known",
}
EVENT_STATUS_LABELS = {**STATUS_LABELS, "held": "Occurred"}
QUESTION_LABELS = {"open": "Open", "partly-answered": "Partly answered", "answered": "Answered"}
KIND_LABELS = {"person": "Person", "organization": "Organization", "government": "Government"}


def meeting_when(m: schema.Meeting) -> str:
    """A meeting's date or span, as precise as the brief gives it."""
    if m.date is not None:
        return m.date.human()
    assert m.start is not None
    if m.end is None:  # an as-of view of something still going on
        return f"since {m.start.human()}"
    return f"{m.start.human()} – {m.end.human()}"
