"""The memo as plain values, section by section: what the templates show, already
formatted, so that they stay presentation only."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from briefgen.render import timeline
from briefgen.render.notes import Note, NoteMarker, SourceEntry


@dataclass
class Judgment:
    text: Markup
    confidence: str
    likelihood: str | None
    markers: list[NoteMarker]


@dataclass
class Outcome:
    text: Markup
    markers: list[NoteMarker]


@dataclass
class MeetingRow:
    number: int
    id: str
    when: str
    title: str
    kind: str
    status: str
    status_label: str
    place: str | None
    participants: list[str]
    summary: Markup
    outcomes: list[Outcome]
    markers: list[NoteMarker]
    status_note: Stance | None = None  # the newest dated note on its status
    change: str | None = None  # "New", "Status changed": marked where it appears


@dataclass
class ActorEntry:
    id: str
    name: str
    kind: str
    role: str
    markers: list[NoteMarker]
    change: str | None = None


@dataclass
class SideGroup:
    side: str
    label: str
    actors: list[ActorEntry]


@dataclass
class Stance:
    when: str
    text: Markup
    markers: list[NoteMarker]


@dataclass
class Cell:
    current: Stance | None
    earlier: list[Stance]
    change: str | None = None


@dataclass
class MatrixRow:
    name: str
    cells: list[Cell]

    @property
    def change(self) -> str | None:
        return "Changed" if any(c.change for c in self.cells) else None


@dataclass
class MatrixGroup:
    label: str
    rows: list[MatrixRow]


@dataclass
class StatusStep:
    when: str
    status: str
    label: str
    note: Markup
    markers: list[NoteMarker]


@dataclass
class QuestionEntry:
    id: str
    question: str
    status: str
    status_label: str
    why: Markup
    raised_at: str | None
    current: StatusStep
    earlier: list[StatusStep]
    watch_for: list[str]
    change: str | None = None


@dataclass
class MetricValue:
    when: str
    value: str
    markers: list[NoteMarker]


@dataclass
class MetricEntry:
    id: str
    label: str
    unit: str
    current: MetricValue
    earlier: list[MetricValue]
    change: str | None = None


@dataclass
class ChangeEntry:
    """One line of "What changed since": old and new side by side, each with its notes."""

    label: str  # the badge: New, Changed, Up, Down...
    headline: str
    href: str  # where the item stands in the memo
    old: Stance | None = None
    new: Stance | None = None


@dataclass
class ChangeGroup:
    title: str
    entries: list[ChangeEntry]

    @property
    def listed(self) -> list[ChangeEntry]:
        """Entries with nothing to compare: a line each."""
        return [e for e in self.entries if not (e.old or e.new)]

    @property
    def compared(self) -> list[ChangeEntry]:
        """Entries shown as was/now."""
        return [e for e in self.entries if e.old or e.new]


@dataclass
class Memo:
    brief_id: str
    lang: str
    title: str
    short_title: str
    subtitle: str | None
    marking: str
    as_of: str
    as_of_iso: str
    prepared_by: str
    audience: str
    keywords: list[str]
    description: str
    sections: list[tuple[str, str]]
    bottom_line: Markup
    since: str | None  # the date "What changed" counts from, for readers
    changes: list[ChangeGroup]
    judgments: list[Judgment]
    figure: timeline.Figure | None
    figure_description: str
    meetings: list[MeetingRow]
    sides: list[SideGroup]
    topics: list[str]
    matrix: list[MatrixGroup]
    questions: list[QuestionEntry]
    metrics: list[MetricEntry]
    notes: list[Note]
    sources: list[SourceEntry]
