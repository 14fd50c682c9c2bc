"""What changed between two views of a brief, computed from the data, never written by hand.

Compares the brief as of one date with the brief as of a later one (see editions.view_at):
new actors; positions whose stance changed on a topic; new meetings and meetings whose
status moved; new questions and questions whose status moved; metrics with new observations.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from briefgen import schema
from briefgen.corpus import Corpus
from briefgen.editions import date_option, newest, previous_edition, view_at
from briefgen.errors import UsageError


@dataclass(frozen=True)
class ActorAdded:
    actor: schema.Actor
    kind: str = "actor-added"


@dataclass(frozen=True)
class PositionChanged:
    actor: schema.Actor
    topic: schema.Topic
    old: schema.Position | None  # None: a first position on this topic
    new: schema.Position
    kind: str = "position-changed"


@dataclass(frozen=True)
class MeetingAdded:
    meeting: schema.Meeting
    kind: str = "meeting-added"


@dataclass(frozen=True)
class MeetingStatusChanged:
    meeting: schema.Meeting
    old_status: str
    kind: str = "meeting-status"


@dataclass(frozen=True)
class QuestionAdded:
    question: schema.Question
    kind: str = "question-added"


@dataclass(frozen=True)
class QuestionStatusChanged:
    question: schema.Question
    old: schema.StatusEntry
    new: schema.StatusEntry
    kind: str = "question-status"


@dataclass(frozen=True)
class MetricObserved:
    metric: schema.Metric
    old: schema.Observation | None
    new: schema.Observation
    kind: str = "metric-observed"

    @property
    def direction(self) -> str:
        if self.old is None:
            return "new"
        if self.new.value > self.old.value:
            return "up"
        return "down" if self.new.value < self.old.value else "unchanged"


Change = (
    ActorAdded
    | PositionChanged
    | MeetingAdded
    | MeetingStatusChanged
    | QuestionAdded
    | QuestionStatusChanged
    | MetricObserved
)


@dataclass
class Changes:
    since: str
    until: str
    items: list[Change] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.items)

    # where a changed item shows elsewhere in the memo, it is marked there too
    @property
    def actors(self) -> set[str]:
        return {c.actor.id for c in self.items if isinstance(c, ActorAdded)}

    @property
    def positions(self) -> set[tuple[str, str]]:
        return {(c.actor.id, c.topic.id) for c in self.items if isinstance(c, PositionChanged)}

    @property
    def meetings(self) -> dict[str, str]:
        return {
            c.meeting.id: ("New" if isinstance(c, MeetingAdded) else "Status changed")
            for c in self.items
            if isinstance(c, MeetingAdded | MeetingStatusChanged)
        }

    @property
    def questions(self) -> dict[str, str]:
        return {
            c.question.id: ("New" if isinstance(c, QuestionAdded) else "Status changed")
            for c in self.items
            if isinstance(c, QuestionAdded | QuestionStatusChanged)
        }

    @property
    def metrics(self) -> set[str]:
        return {c.metric.id for c in self.items if isinstance(c, MetricObserved)}


def current_position(actor: schema.Actor, topic: str) -> schema.Position | None:
    return newest([p for p in actor.positions if p.topic == topic], lambda p: p.as_of)


def compute(old: schema.Brief, new: schema.Brief) -> Changes:
    """Changes from the view `old` to the view `new` (both from editions.view_at)."""
    changes = Changes(old.as_of.iso(), new.as_of.iso())
    items = changes.items
    topics = {t.id: t for t in new.topics}
    old_actors = {a.id: a for a in old.actors}
    for actor in new.actors:
        before = old_actors.get(actor.id)
        if before is None:  # a new actor's positions are news with it, not changes
            items.append(ActorAdded(actor))
            continue
        for topic_id, topic in topics.items():
            now = current_position(actor, topic_id)
            then = current_position(before, topic_id)
            if now is not None and (
                then is None or then.stance != now.stance or then.as_of != now.as_of
            ):
                items.append(PositionChanged(actor, topic, then, now))

    old_meetings = {m.id: m for m in old.meetings}
    for meeting in new.meetings:
        meeting_then = old_meetings.get(meeting.id)
        if meeting_then is None:
            items.append(MeetingAdded(meeting))
        elif meeting_then.status != meeting.status:
            items.append(MeetingStatusChanged(meeting, meeting_then.status))

    old_questions = {q.id: q for q in old.questions}
    for question in new.questions:
        question_then = old_questions.get(question.id)
        if question_then is None:
            items.append(QuestionAdded(question))
            continue
        status_then = newest(question_then.status_history, lambda e: e.as_of)
        status_now = newest(question.status_history, lambda e: e.as_of)
        if status_then and status_now and status_then.status != status_now.status:
            items.append(QuestionStatusChanged(question, status_then, status_now))

    old_metrics = {m.id: m for m in old.metrics}
    for metric in new.metrics:
        seen = newest(metric.observations, lambda o: o.as_of)
        metric_then = old_metrics.get(metric.id)
        seen_then = newest(metric_then.observations, lambda o: o.as_of) if metric_then else None
        if seen is not None and (
            seen_then is None or seen_then.as_of != seen.as_of or seen_then.value != seen.value
        ):
            items.append(MetricObserved(metric, seen_then, seen))
    return changes


def between(brief: schema.Brief, corpus: Corpus, since: str | None, until: str | None) -> Changes:
    """What changed from `since` (default: the edition before `until`) to `until` (default:
    the brief's as_of) — `briefgen diff`."""
    end = date_option(until, "--to") or brief.as_of
    start = date_option(since, "--from") or previous_edition(brief, end)
    if start is None:
        raise UsageError(f"no edition before {end} to compare with: give --from DATE")
    if not start.last_day() < end.last_day():
        raise UsageError(f"--from {start} is not before --to {end}")
    return compute(
        view_at(brief, start, corpus, for_reading=False).brief,
        view_at(brief, end, corpus, for_reading=False).brief,
    )


# --- as text, for `briefgen diff` ----------------------------------------------------------


def describe(change: Change) -> dict[str, object]:
    """One change as plain values (the JSON form, and the source of the text form)."""
    if isinstance(change, ActorAdded):
        a = change.actor
        return {"kind": change.kind, "actor": a.id, "text": f"New actor: {a.name} ({a.role})"}
    if isinstance(change, PositionChanged):
        old = change.old
        head = f"{change.actor.name} on {change.topic.title}"
        text = (
            f"New position: {head} ({change.new.as_of}): {change.new.stance}"
            if old is None
            else f"Position changed: {head}: was ({old.as_of}) {old.stance} → now "
            f"({change.new.as_of}) {change.new.stance}"
        )
        return {
            "kind": change.kind,
            "actor": change.actor.id,
            "topic": change.topic.id,
            "old": None if old is None else {"as_of": old.as_of.iso(), "stance": old.stance},
            "new": {"as_of": change.new.as_of.iso(), "stance": change.new.stance},
            "text": text,
        }
    if isinstance(change, MeetingAdded):
        m = change.meeting
        return {
            "kind": change.kind,
            "meeting": m.id,
            "status": m.status,
            "text": f"New {m.kind}: {m.title} ({m.status})",
        }
    if isinstance(change, MeetingStatusChanged):
        m = change.meeting
        return {
            "kind": change.kind,
            "meeting": m.id,
            "old": change.old_status,
            "new": m.status,
            "text": f"Status changed: {m.title}: {change.old_status} → {m.status}",
        }
    if isinstance(change, QuestionAdded):
        q = change.question
        status = newest(q.status_history, lambda e: e.as_of)
        return {
            "kind": change.kind,
            "question": q.id,
            "status": status.status if status else None,
            "text": f"New question: {q.question}",
        }
    if isinstance(change, QuestionStatusChanged):
        q = change.question
        return {
            "kind": change.kind,
            "question": q.id,
            "old": change.old.status,
            "new": change.new.status,
            "text": f"Question {change.old.status} → {change.new.status}: {q.question}",
        }
    metric = change.metric
    old_value = None if change.old is None else change.old.value
    text = (
        f"New figure: {metric.label}: {_figure(change.new)}"
        if change.old is None
        else f"Figure {change.direction}: {metric.label}: {_figure(change.old)} → "
        f"{_figure(change.new)}"
    )
    return {
        "kind": change.kind,
        "metric": metric.id,
        "old": old_value,
        "new": change.new.value,
        "direction": change.direction,
        "text": text,
    }


def _figure(obs: schema.Observation) -> str:
    return f"{obs.wording()} ({obs.as_of})"


def as_text(changes: Changes) -> str:
    lines = [f"What changed from {changes.since} to {changes.until}:"]
    lines += [f"  - {describe(c)['text']}" for c in changes.items] or ["  (nothing)"]
    return "\n".join(lines)


def as_json(changes: Changes) -> str:
    return json.dumps(
        {
            "from": changes.since,
            "to": changes.until,
            "changes": [describe(c) for c in changes.items],
        },
        indent=2,
        ensure_ascii=False,
    )
