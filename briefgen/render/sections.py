"""The memo as plain values, section by section: what the templates show, already
formatted, so that they stay presentation only."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from briefgen.render import timeline
from briefgen.render.notes import Note, NoteMarker, SourceEntry


@dataclass(frozen=True)
class Tag:
    """A label beside a judgment (its kind, likelihood, confidence, sources), with the
    class that styles it."""

    css: str
    label: str


@dataclass
class Judgment:
    number: int
    text: Markup
    tags: list[Tag]
    basis: str | None  # what the confidence rests on, in the analyst's words
    markers: list[NoteMarker]
    change: str | None = None

    @property
    def id(self) -> str:
        return f"judgment-{self.number}"


@dataclass
class SourcingStatement:
    """ICD 206's source summary: what the memo rests on, in plain sentences."""

    lead: str  # "This memo rests on two independent sources, both news articles:"
    sources: list[str]  # one line per source: who, when, what is not known
    single: str  # how many claims rest on a single source


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
    dates_inferred: str | None
    outcomes: list[Outcome]
    markers: list[NoteMarker]
    status_note: Stance | None = None  # the newest dated note on its status
    change: str | None = None  # "New", "Status changed": marked where it appears


@dataclass
class Stance:
    when: str
    text: Markup
    markers: list[NoteMarker]


@dataclass
class Cell:
    topic: str  # its column's heading, which a narrow screen shows beside the stance
    current: Stance | None
    earlier: list[Stance]
    change: str | None = None


@dataclass
class MatrixRow:
    """An actor: who it is, its role (cited), and its stance on each topic."""

    id: str
    name: str
    kind: str
    role: str
    markers: list[NoteMarker]
    cells: list[Cell]
    new: str | None = None  # "New": an actor first met in this edition

    @property
    def change(self) -> str | None:
        return self.new or ("Changed" if any(c.change for c in self.cells) else None)


@dataclass
class MatrixGroup:
    side: str
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
    """A change: one line in the memo's short list, and old and new side by side, each
    with its notes, in the annex."""

    label: str  # the badge: New, Changed, Up, Down...
    headline: str
    line: str  # the whole change in one line
    href: str  # where the item stands in the memo
    old: Stance | None = None
    new: Stance | None = None


@dataclass
class ChangeGroup:
    title: str
    entries: list[ChangeEntry]

    @property
    def compared(self) -> list[ChangeEntry]:
        """Entries shown as was/now in the annex: those with something that was. (What is
        new stands in full where it belongs in the memo, and its line links there.)"""
        return [e for e in self.entries if e.old]


@dataclass(frozen=True)
class Section:
    """A section of the memo: its anchor, its heading and whether it is an annex."""

    anchor: str
    title: str
    annex: str | None = None  # "A", "B"…


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
    sections: list[Section]
    bottom_line: Markup
    bottom_line_markers: list[NoteMarker]
    judgments: list[Judgment]
    sourcing: SourcingStatement
    checked: str  # what was machine-checked, and what is the analyst's judgment
    since: str | None  # the date "What changed" counts from, for readers
    changes: list[ChangeGroup]
    figure: timeline.Figure | None
    figure_description: str
    meetings: list[MeetingRow]
    topics: list[str]
    matrix: list[MatrixGroup]
    questions: list[QuestionEntry]
    metrics: list[MetricEntry]
    notes: list[Note]
    sources: list[SourceEntry]

    @property
    def titles(self) -> dict[str, Section]:
        """The memo's sections by anchor: which it has, and each one's heading."""
        return {s.anchor: s for s in self.sections}
