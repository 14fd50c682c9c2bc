"""The kinds of change between two editions of a brief (diff.py finds them): judgments
added, dropped and re-rated; new actors; positions whose stance changed on a topic; new
meetings and meetings whose status moved; new questions and questions whose status moved;
metrics with new observations.

Each kind describes itself, here and only here: its line in `briefgen diff` and its JSON
form (`as_dict`), and what the memo shows of it (`group`, `badge`, `headline`, a one-line
`line` for the memo's short list, `anchor`, and the cited `before` and `after` sides).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from briefgen.model import schema
from briefgen.model.asof import current_status, newest
from briefgen.model.labels import QUESTION_LABELS, STATUS_LABELS, meeting_when

#: The memo's groups of changes, in the order it shows them.
GROUPS = [
    "Key judgments",
    "Positions",
    "Meetings and events",
    "Open questions",
    "Metrics",
    "New actors",
]


@dataclass(frozen=True)
class Side:
    """One side of a was/now comparison: its date line, its text and what it cites."""

    when: str
    text: str
    cites: list[schema.Citation]
    markdown: bool = True  # False: plain text (a figure in the source's words)
    keep: schema.Keep = field(default_factory=schema.Keep)  # its reasons to stand despite a warning


@dataclass(frozen=True)
class ActorAdded:
    actor: schema.Actor
    kind: ClassVar[str] = "actor-added"
    group: ClassVar[str] = "New actors"
    badge: ClassVar[str] = "New"
    before: ClassVar[Side | None] = None
    after: ClassVar[Side | None] = None

    @property
    def headline(self) -> str:
        return f"{self.actor.name} — {self.actor.role}"

    @property
    def line(self) -> str:
        return self.actor.name

    @property
    def anchor(self) -> str:
        return f"actor-{self.actor.id}"

    def as_dict(self) -> dict[str, object]:
        a = self.actor
        return {"kind": self.kind, "actor": a.id, "text": f"New actor: {a.name} ({a.role})"}


@dataclass(frozen=True)
class PositionChanged:
    actor: schema.Actor
    topic: schema.Topic
    old: schema.Position | None  # None: a first position on this topic
    new: schema.Position
    kind: ClassVar[str] = "position-changed"
    group: ClassVar[str] = "Positions"

    @property
    def badge(self) -> str:
        return "New" if self.old is None else "Changed"

    @property
    def headline(self) -> str:
        return f"{self.actor.name} — {self.topic.title}"

    @property
    def line(self) -> str:
        what = "first recorded position" if self.old is None else "position changed"
        return f"{self.headline}: {what} ({self.new.as_of.human()})"

    @property
    def anchor(self) -> str:
        return f"actor-{self.actor.id}"

    @property
    def before(self) -> Side | None:
        return _stance(self.old) if self.old else None

    @property
    def after(self) -> Side | None:
        return _stance(self.new)

    def as_dict(self) -> dict[str, object]:
        old, new = self.old, self.new
        head = f"{self.actor.name} on {self.topic.title}"
        text = (
            f"New position: {head} ({new.as_of}): {new.stance}"
            if old is None
            else f"Position changed: {head}: was ({old.as_of}) {old.stance} → now "
            f"({new.as_of}) {new.stance}"
        )
        return {
            "kind": self.kind,
            "actor": self.actor.id,
            "topic": self.topic.id,
            "old": None if old is None else {"as_of": old.as_of.iso(), "stance": old.stance},
            "new": {"as_of": new.as_of.iso(), "stance": new.stance},
            "text": text,
        }


def _stance(p: schema.Position) -> Side:
    return Side(p.as_of.human(), p.stance, p.cites, keep=p.keep)


@dataclass(frozen=True)
class MeetingAdded:
    meeting: schema.Meeting
    kind: ClassVar[str] = "meeting-added"
    group: ClassVar[str] = "Meetings and events"
    badge: ClassVar[str] = "New"
    before: ClassVar[Side | None] = None
    after: ClassVar[Side | None] = None

    @property
    def headline(self) -> str:
        m = self.meeting
        return f"{m.title} ({meeting_when(m)}): {STATUS_LABELS[m.status].lower()}"

    @property
    def line(self) -> str:
        return self.headline

    @property
    def anchor(self) -> str:
        return f"meeting-{self.meeting.id}"

    def as_dict(self) -> dict[str, object]:
        m = self.meeting
        return {
            "kind": self.kind,
            "meeting": m.id,
            "status": m.status,
            "text": f"New {m.kind}: {m.title} ({m.status})",
        }


@dataclass(frozen=True)
class MeetingStatusChanged:
    meeting: schema.Meeting
    old_status: str
    kind: ClassVar[str] = "meeting-status"
    group: ClassVar[str] = "Meetings and events"
    before: ClassVar[Side | None] = None

    @property
    def badge(self) -> str:
        return STATUS_LABELS[self.meeting.status]

    @property
    def headline(self) -> str:
        m = self.meeting
        return f"{m.title}: {STATUS_LABELS[self.old_status].lower()} → {self.badge.lower()}"

    @property
    def line(self) -> str:
        entry = current_status(self.meeting)
        when = f" ({entry.as_of.human()})" if entry and entry.status == self.meeting.status else ""
        return self.headline + when

    @property
    def anchor(self) -> str:
        return f"meeting-{self.meeting.id}"

    @property
    def after(self) -> Side | None:
        """The newest dated note on its status, if there is one."""
        entry = current_status(self.meeting)
        if entry is None or not entry.note:
            return None
        return Side(entry.as_of.human(), entry.note, entry.cites, keep=entry.keep)

    def as_dict(self) -> dict[str, object]:
        m = self.meeting
        return {
            "kind": self.kind,
            "meeting": m.id,
            "old": self.old_status,
            "new": m.status,
            "text": f"Status changed: {m.title}: {self.old_status} → {m.status}",
        }


@dataclass(frozen=True)
class QuestionAdded:
    question: schema.Question
    kind: ClassVar[str] = "question-added"
    group: ClassVar[str] = "Open questions"
    badge: ClassVar[str] = "New"
    before: ClassVar[Side | None] = None
    after: ClassVar[Side | None] = None

    @property
    def headline(self) -> str:
        return self.question.question

    @property
    def line(self) -> str:
        status = newest(self.question.status_history, lambda e: e.as_of)
        return self.headline + (f" ({QUESTION_LABELS[status.status].lower()})" if status else "")

    @property
    def anchor(self) -> str:
        return f"question-{self.question.id}"

    def as_dict(self) -> dict[str, object]:
        q = self.question
        status = newest(q.status_history, lambda e: e.as_of)
        return {
            "kind": self.kind,
            "question": q.id,
            "status": status.status if status else None,
            "text": f"New question: {q.question}",
        }


@dataclass(frozen=True)
class QuestionStatusChanged:
    question: schema.Question
    old: schema.StatusEntry
    new: schema.StatusEntry
    kind: ClassVar[str] = "question-status"
    group: ClassVar[str] = "Open questions"

    @property
    def badge(self) -> str:
        return QUESTION_LABELS[self.new.status]

    @property
    def headline(self) -> str:
        return self.question.question

    @property
    def line(self) -> str:
        old, new = QUESTION_LABELS[self.old.status], QUESTION_LABELS[self.new.status]
        return f"{self.headline} {old.lower()} → {new.lower()}"

    @property
    def anchor(self) -> str:
        return f"question-{self.question.id}"

    @property
    def before(self) -> Side | None:
        return _status_step(self.old)

    @property
    def after(self) -> Side | None:
        return _status_step(self.new)

    def as_dict(self) -> dict[str, object]:
        q = self.question
        return {
            "kind": self.kind,
            "question": q.id,
            "old": self.old.status,
            "new": self.new.status,
            "text": f"Question {self.old.status} → {self.new.status}: {q.question}",
        }


def _status_step(e: schema.StatusEntry) -> Side:
    return Side(f"{QUESTION_LABELS[e.status]}, {e.as_of.human()}", e.note, e.cites, keep=e.keep)


@dataclass(frozen=True)
class MetricObserved:
    metric: schema.Metric
    old: schema.Observation | None
    new: schema.Observation
    kind: ClassVar[str] = "metric-observed"
    group: ClassVar[str] = "Metrics"

    @property
    def direction(self) -> str:
        if self.old is None:
            return "new"
        if self.new.value > self.old.value:
            return "up"
        return "down" if self.new.value < self.old.value else "unchanged"

    @property
    def badge(self) -> str:
        return {"new": "New", "up": "Up", "down": "Down", "unchanged": "Updated"}[self.direction]

    @property
    def headline(self) -> str:
        return self.metric.label

    @property
    def line(self) -> str:
        old = f"{self.old.wording()} → " if self.old else ""
        return f"{self.headline}: {old}{self.new.wording()}"

    @property
    def anchor(self) -> str:
        return f"metric-{self.metric.id}"

    @property
    def before(self) -> Side | None:
        return _figure_side(self.old) if self.old else None

    @property
    def after(self) -> Side | None:
        return _figure_side(self.new)

    def as_dict(self) -> dict[str, object]:
        metric = self.metric
        text = (
            f"New figure: {metric.label}: {_figure(self.new)}"
            if self.old is None
            else f"Figure {self.direction}: {metric.label}: {_figure(self.old)} → "
            f"{_figure(self.new)}"
        )
        return {
            "kind": self.kind,
            "metric": metric.id,
            "old": None if self.old is None else self.old.value,
            "new": self.new.value,
            "direction": self.direction,
            "text": text,
        }


def _figure_side(o: schema.Observation) -> Side:
    return Side(o.as_of.human(), o.wording(), o.cites, markdown=False, keep=o.keep)


def _figure(obs: schema.Observation) -> str:
    return f"{obs.wording()} ({obs.as_of})"
