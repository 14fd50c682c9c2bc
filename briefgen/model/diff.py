"""What changed between two views of a brief, computed from the data, never written by hand.

Compares the brief as of one date with the brief as of a later one (see asof.snapshot) and
lists the changes (their kinds are in changes.py) — for the memo's "What changed" and for
`briefgen diff`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from briefgen.errors import UsageError
from briefgen.model import schema
from briefgen.model.asof import newest, previous_edition, snapshot
from briefgen.model.changes import (
    ActorAdded,
    MeetingAdded,
    MeetingStatusChanged,
    MetricObserved,
    PositionChanged,
    QuestionAdded,
    QuestionStatusChanged,
)
from briefgen.model.corpus import Corpus
from briefgen.model.dates import date_option
from briefgen.model.judgments import (
    JudgmentAdded,
    JudgmentDropped,
    JudgmentRevised,
    judgment_tags,
)

Change = (
    JudgmentAdded
    | JudgmentDropped
    | JudgmentRevised
    | ActorAdded
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
    """Changes from the view `old` to the view `new` (both from asof.snapshot)."""
    changes = Changes(old.as_of.iso(), new.as_of.iso())
    items = changes.items
    items += _judgment_changes(old.key_judgments, new.key_judgments)
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


def _judgment_changes(old: list[schema.KeyJudgment], new: list[schema.KeyJudgment]) -> list[Change]:
    """Judgments of the new edition that are new, re-made (same id) or gone."""
    if old == new:  # the same edition on both sides
        return []
    before = {kj.id: kj for kj in old if kj.id}
    now = {kj.id for kj in new if kj.id}
    found: list[Change] = []
    for kj in new:
        then = before.get(kj.id) if kj.id else None
        if then is None:
            found.append(JudgmentAdded(kj))
        elif (then.text, judgment_tags(then)) != (kj.text, judgment_tags(kj)):
            found.append(JudgmentRevised(then, kj))
    found += [JudgmentDropped(kj) for kj in old if not (kj.id and kj.id in now)]
    return found


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
        snapshot(brief, start, corpus, for_reading=False).brief,
        snapshot(brief, end, corpus, for_reading=False).brief,
    )


# --- as text, for `briefgen diff` ----------------------------------------------------------


def as_text(changes: Changes) -> str:
    lines = [f"What changed from {changes.since} to {changes.until}:"]
    lines += [f"  - {c.as_dict()['text']}" for c in changes.items] or ["  (nothing)"]
    return "\n".join(lines)


def as_json(changes: Changes) -> str:
    return json.dumps(
        {
            "from": changes.since,
            "to": changes.until,
            "changes": [c.as_dict() for c in changes.items],
        },
        indent=2,
        ensure_ascii=False,
        allow_nan=False,  # bare NaN is not JSON; the schema admits finite figures only
    )
