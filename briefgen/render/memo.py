"""The memo's view of a checked brief: every section as plain values, in document order.

Everything a template shows is decided here, in the order the memo shows it, so that note
numbers run 1, 2, 3… down the page and the templates stay presentation only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from markupsafe import Markup

from briefgen.markup import MarkdownRenderer
from briefgen.model import schema
from briefgen.model.asof import current_status, meeting_start
from briefgen.model.changes import GROUPS, Side
from briefgen.model.citations import excerpt
from briefgen.model.corpus import Corpus
from briefgen.model.dates import PartialDate
from briefgen.model.diff import Changes
from briefgen.model.labels import (
    EVENT_STATUS_LABELS,
    KIND_LABELS,
    QUESTION_LABELS,
    SIDE_LABELS,
    STATUS_LABELS,
    meeting_when,
)
from briefgen.model.resolve import Resolution
from briefgen.render import timeline
from briefgen.render.notes import Notes
from briefgen.render.sections import (
    ActorEntry,
    Cell,
    ChangeEntry,
    ChangeGroup,
    Judgment,
    MatrixGroup,
    MatrixRow,
    MeetingRow,
    Memo,
    MetricEntry,
    MetricValue,
    Outcome,
    QuestionEntry,
    SideGroup,
    Stance,
    StatusStep,
)

T = TypeVar("T")

SECTIONS = [
    ("bottom-line", "Bottom line up front"),
    ("changes", "What changed"),
    ("key-judgments", "Key judgments"),
    ("timeline", "Timeline of meetings and events"),
    ("actors", "Actors and positions"),
    ("questions", "Open questions"),
    ("metrics", "Metrics"),
    ("notes", "Notes"),
    ("sources", "Sources"),
]


def build_memo(
    brief_id: str,
    brief: schema.Brief,
    corpus: Corpus,
    resolution: Resolution,
    changes: Changes | None = None,
) -> Memo:
    """The memo's view of a checked brief (or of a snapshot of one at a date). With
    `changes`, the memo opens with what changed and marks the changed items."""
    return _MemoBuilder(brief, corpus, resolution, changes).build(brief_id)


def _newest_first(items: list[T], key: Callable[[T], PartialDate]) -> list[T]:
    return sorted(items, key=lambda item: key(item).last_day(), reverse=True)


class _MemoBuilder:
    """Builds the sections in document order, so that notes are numbered as they appear."""

    def __init__(
        self,
        brief: schema.Brief,
        corpus: Corpus,
        resolution: Resolution,
        changes: Changes | None,
    ) -> None:
        self.brief = brief
        self.md = MarkdownRenderer()
        self.notes = Notes(corpus, resolution)
        self.changes = changes or Changes("", "")

    def prose(self, text: str, inline: bool = True) -> Markup:
        """Markdown to safe HTML; what was removed for safety is reported by `check`."""
        return self.md.render(text, inline=inline).html

    def stance(self, position: schema.Position) -> Stance:
        return Stance(
            position.as_of.human(), self.prose(position.stance), self.notes.cite(position.cites)
        )

    def side(self, side: Side | None) -> Stance | None:
        if side is None:
            return None
        text = self.prose(side.text) if side.markdown else Markup.escape(side.text)
        return Stance(side.when, text, self.notes.cite(side.cites))

    def build(self, brief_id: str) -> Memo:
        brief = self.brief
        bottom_line = self.prose(brief.bottom_line, inline=False)
        change_groups = self.change_groups()
        judgments = [
            Judgment(self.prose(kj.text), kj.confidence, kj.likelihood, self.notes.cite(kj.cites))
            for kj in brief.key_judgments
        ]
        meetings, spans = self.meetings()
        sides, matrix = self.actors()
        questions = self.questions()
        metrics = self.metrics()
        sources = sorted(self.notes.sources.values(), key=lambda s: s.title.casefold())
        present = {
            "changes": bool(change_groups),
            "key-judgments": bool(judgments),
            "timeline": bool(meetings),
            "actors": bool(sides),
            "questions": bool(questions),
            "metrics": bool(metrics),
            "notes": bool(self.notes.notes),
            "sources": bool(sources),
        }
        since = PartialDate.parse(self.changes.since).human() if self.changes.since else None
        first_sentence = excerpt(_plain(brief.bottom_line).split(". ")[0], 200)
        topics = [t.title for t in self.topics()]
        return Memo(
            brief_id=brief_id,
            lang="en",
            title=brief.title,
            short_title=brief.short_title or brief.title,
            subtitle=brief.subtitle,
            marking=brief.marking,
            as_of=brief.as_of.human(),
            as_of_iso=brief.as_of.iso(),
            prepared_by=brief.prepared_by,
            audience=brief.audience,
            keywords=topics,
            description=brief.subtitle or first_sentence,
            sections=[
                (anchor, f"{title} since {since}" if anchor == "changes" else title)
                for anchor, title in SECTIONS
                if present.get(anchor, True)
            ],
            bottom_line=bottom_line,
            since=since,
            changes=change_groups,
            judgments=judgments,
            figure=timeline.layout(spans),
            figure_description=_figure_description(meetings),
            meetings=meetings,
            sides=sides,
            topics=topics,
            matrix=matrix,
            questions=questions,
            metrics=metrics,
            notes=self.notes.notes,
            sources=sources,
        )

    def change_groups(self) -> list[ChangeGroup]:
        """Each change as it describes itself (see model/changes.py), grouped."""
        groups: dict[str, list[ChangeEntry]] = {}
        for c in self.changes.items:
            before = self.side(c.before)
            groups.setdefault(c.group, []).append(
                ChangeEntry(c.badge, c.headline, f"#{c.anchor}", before, self.side(c.after))
            )
        return [ChangeGroup(title, groups[title]) for title in GROUPS if title in groups]

    def meetings(self) -> tuple[list[MeetingRow], list[timeline.Span]]:
        brief = self.brief
        actor_names = {a.id: a.name for a in brief.actors}
        # oldest first; `sorted` is stable, so same-day items keep the brief's order
        ordered = sorted(brief.meetings, key=lambda m: meeting_start(m).first_day())
        changed = self.changes.meetings
        rows, spans = [], []
        for number, m in enumerate(ordered, start=1):
            labels = EVENT_STATUS_LABELS if m.kind == "event" else STATUS_LABELS
            row = MeetingRow(
                number=number,
                id=m.id,
                when=meeting_when(m),
                title=m.title,
                kind=m.kind,
                status=m.status,
                status_label=labels[m.status],
                place=m.place,
                participants=[actor_names[p] for p in m.participants],
                summary=self.prose(m.summary),
                outcomes=[
                    Outcome(self.prose(o.text), self.notes.cite(o.cites)) for o in m.outcomes
                ],
                markers=self.notes.cite(m.cites),
                status_note=self.status_note(m),
                change=changed.get(m.id),
            )
            rows.append(row)
            spans.append(
                timeline.Span(
                    number,
                    meeting_start(m),
                    m.end if m.date is None and m.end else None,
                    m.status,
                    m.kind,
                    f"{number}. {m.title} ({row.when})",
                )
            )
        return rows, spans

    def topics(self) -> list[schema.Topic]:
        """Topics someone has a position on (an earlier edition may predate a topic)."""
        used = {p.topic for a in self.brief.actors for p in a.positions}
        return [t for t in self.brief.topics if t.id in used]

    def status_note(self, m: schema.Meeting) -> Stance | None:
        entry = current_status(m)
        if entry is None or not entry.note:
            return None
        return Stance(entry.as_of.human(), self.prose(entry.note), self.notes.cite(entry.cites))

    def actors(self) -> tuple[list[SideGroup], list[MatrixGroup]]:
        brief = self.brief
        sides: list[SideGroup] = []
        matrix: list[MatrixGroup] = []
        new_actors, changed_cells = self.changes.actors, self.changes.positions
        topics = self.topics()
        for side, label in SIDE_LABELS.items():
            members = [a for a in brief.actors if a.side == side]
            if not members:
                continue
            sides.append(
                SideGroup(
                    side,
                    label,
                    [
                        ActorEntry(
                            a.id,
                            a.name,
                            KIND_LABELS[a.kind],
                            a.role,
                            self.notes.cite(a.cites),
                            "New" if a.id in new_actors else None,
                        )
                        for a in members
                    ],
                )
            )
            rows = []
            for a in members:
                if not a.positions:
                    continue
                cells = []
                for topic in topics:
                    history = _newest_first(
                        [p for p in a.positions if p.topic == topic.id], key=lambda p: p.as_of
                    )
                    stances = [self.stance(p) for p in history]
                    cells.append(
                        Cell(
                            stances[0] if stances else None,
                            stances[1:],
                            "Changed" if (a.id, topic.id) in changed_cells else None,
                        )
                    )
                rows.append(MatrixRow(a.name, cells))
            if rows:
                matrix.append(MatrixGroup(label, rows))
        return sides, matrix

    def questions(self) -> list[QuestionEntry]:
        meeting_titles = {m.id: m.title for m in self.brief.meetings}
        changed = self.changes.questions
        questions = []
        for q in self.brief.questions:
            history = _newest_first(q.status_history, key=lambda s: s.as_of)
            steps = [
                StatusStep(
                    s.as_of.human(),
                    s.status,
                    QUESTION_LABELS[s.status],
                    self.prose(s.note),
                    self.notes.cite(s.cites),
                )
                for s in history
            ]
            questions.append(
                QuestionEntry(
                    id=q.id,
                    question=q.question,
                    status=steps[0].status,
                    status_label=steps[0].label,
                    why=self.prose(q.why_it_matters),
                    raised_at=meeting_titles.get(q.raised_at) if q.raised_at else None,
                    current=steps[0],
                    earlier=steps[1:],
                    watch_for=list(q.watch_for),
                    change=changed.get(q.id),
                )
            )
        return questions

    def metrics(self) -> list[MetricEntry]:
        changed = self.changes.metrics
        metrics = []
        for metric in self.brief.metrics:
            values = [
                MetricValue(o.as_of.human(), o.wording(), self.notes.cite(o.cites))
                for o in _newest_first(list(metric.observations), key=lambda o: o.as_of)
            ]
            metrics.append(
                MetricEntry(
                    metric.id,
                    metric.label,
                    metric.unit,
                    values[0],
                    values[1:],
                    "New" if metric.id in changed else None,
                )
            )
        return metrics


def _plain(markdown_text: str) -> str:
    return markdown_text.replace("**", "").replace("__", "").replace("`", "").strip()


def _figure_description(rows: list[MeetingRow]) -> str:
    return "; ".join(f"{r.number}. {r.title}, {r.when}, {r.status_label.lower()}" for r in rows)
