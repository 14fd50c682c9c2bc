"""The memo's view of a checked brief: every section as plain values, in document order.

Everything a template shows is decided here, in the order the memo shows it, so that note
numbers run 1, 2, 3… down the page and the templates stay presentation only. The order is
the reader's: the bottom line, the key judgments and what they rest on, what changed in a
line each; then the body (timeline, questions, metrics); then the annexes (actors and
positions, what changed in full, notes, sources). Text the analyst typed is set with
typographic quotes; text quoted from the corpus is not touched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from markupsafe import Markup

from briefgen import markup
from briefgen.markup import plain_text
from briefgen.model import schema
from briefgen.model.asof import current_status, meeting_start
from briefgen.model.changes import GROUPS, Side
from briefgen.model.citations import excerpt
from briefgen.model.corpus import Corpus
from briefgen.model.dates import PartialDate
from briefgen.model.diff import Changes
from briefgen.model.judgments import JudgmentAdded, JudgmentRevised
from briefgen.model.labels import (
    EVENT_STATUS_LABELS,
    KIND_LABELS,
    QUESTION_LABELS,
    STATUS_LABELS,
    meeting_when,
)
from briefgen.model.resolve import Resolution
from briefgen.model.sourcing import cited_articles, independent, summarize
from briefgen.render import timeline
from briefgen.render.notes import Notes
from briefgen.render.sections import (
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
    Section,
    Stance,
    StatusStep,
)
from briefgen.render.statements import checked_statement, judgment_tags, sourcing_statement
from briefgen.render.typography import smarten

T = TypeVar("T")

BODY = [
    Section("bottom-line", "Bottom line up front"),
    Section("key-judgments", "Key judgments"),
    Section("changes", "What changed"),
    Section("timeline", "Timeline of meetings and events"),
    Section("questions", "Open questions"),
    Section("metrics", "Metrics"),
]
ANNEXES = [
    Section("actors", "Actors and positions"),
    Section("changes-in-full", "What changed, in full"),
    Section("notes", "Notes"),
    Section("sources", "Sources"),
]


def build_memo(
    brief_id: str,
    brief: schema.Brief,
    corpus: Corpus,
    resolution: Resolution,
    changes: Changes | None = None,
    title: str | None = None,
) -> Memo:
    """The memo's view of a checked brief (or of a snapshot of one at a date), under
    `title` (its edition's; by default the brief's). With `changes`, the memo says what
    changed and marks the changed items."""
    return _MemoBuilder(brief, corpus, resolution, changes).build(brief_id, title)


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
        self.corpus = corpus
        self.md = markup.shared()
        self.notes = Notes(corpus, resolution)
        self.compared = changes is not None  # an earlier edition to compare with
        self.changes = changes if changes is not None else Changes("", "")

    def prose(self, text: str, inline: bool = True) -> Markup:
        """Markdown to safe HTML; what was removed for safety is reported by `check`."""
        return self.md.render(text, inline=inline).html

    def stance(self, position: schema.Position) -> Stance:
        markers = self.notes.cite(position.cites, position.keep)
        return Stance(position.as_of.human(), self.prose(position.stance), markers)

    def side(self, side: Side | None) -> Stance | None:
        if side is None:
            return None
        text = self.prose(side.text) if side.markdown else Markup.escape(smarten(side.text))
        return Stance(side.when, text, self.notes.cite(side.cites, side.keep))

    def build(self, brief_id: str, title: str | None) -> Memo:
        brief = self.brief
        bottom_line = self.prose(brief.bottom_line.text, inline=False)
        bottom_markers = self.notes.cite(brief.bottom_line.cites, brief.bottom_line.keep)
        judgments = self.judgments()
        meetings, spans = self.meetings()
        questions = self.questions()
        metrics = self.metrics()
        matrix = self.actors()
        change_groups = self.change_groups()
        sources = sorted(self.notes.sources.values(), key=lambda s: s.title.casefold())
        since = PartialDate.parse(self.changes.since).human() if self.changes.since else None
        present = {
            "key-judgments": bool(judgments),
            "changes": self.compared,  # even if nothing changed: links to #changes hold
            "changes-in-full": any(g.compared for g in change_groups),
            "timeline": bool(meetings),
            "questions": bool(questions),
            "metrics": bool(metrics),
            "actors": bool(matrix),
            "notes": bool(self.notes.notes),
            "sources": bool(sources),
        }
        body = [
            Section(s.anchor, f"{s.title} since {since}" if s.anchor == "changes" else s.title)
            for s in BODY
            if present.get(s.anchor, True)
        ]
        annexes = [s for s in ANNEXES if present[s.anchor]]
        first_sentence = excerpt(plain_text(brief.bottom_line.text).split(". ")[0], 200)
        topics = [smarten(t.title) for t in self.topics()]
        return Memo(
            brief_id=brief_id,
            lang="en",
            title=smarten(title or brief.title),
            short_title=smarten(brief.short_title or title or brief.title),
            subtitle=smarten(brief.subtitle) if brief.subtitle else None,
            marking=brief.marking,
            as_of=brief.as_of.human(),
            as_of_iso=brief.as_of.iso(),
            prepared_by=smarten(brief.prepared_by),
            audience=smarten(brief.audience),
            keywords=topics,
            description=smarten(brief.subtitle or first_sentence),
            sections=[
                *body,
                *(Section(s.anchor, s.title, "ABCD"[n]) for n, s in enumerate(annexes)),
            ],
            bottom_line=bottom_line,
            bottom_line_markers=bottom_markers,
            judgments=judgments,
            sourcing=sourcing_statement(summarize(brief, self.corpus)),
            checked=checked_statement(brief),
            since=since,
            changes=change_groups,
            figure=timeline.layout(spans),
            figure_description=_figure_description(meetings),
            meetings=meetings,
            topics=topics,
            matrix=matrix,
            questions=questions,
            metrics=metrics,
            notes=self.notes.notes,
            sources=sources,
        )

    def judgments(self) -> list[Judgment]:
        marks: dict[str, str] = {}  # judgments new or re-made in this edition, by text
        for c in self.changes.items:
            if isinstance(c, JudgmentAdded):
                marks[c.judgment.text] = c.badge
            elif isinstance(c, JudgmentRevised):
                marks[c.new.text] = c.badge
        result = []
        for n, kj in enumerate(self.brief.key_judgments, start=1):
            sources = len(independent(cited_articles(kj.cites, self.corpus)))
            result.append(
                Judgment(
                    n,
                    self.prose(kj.text),
                    judgment_tags(kj, sources),
                    smarten(kj.confidence_basis) if kj.confidence_basis else None,
                    self.notes.cite(kj.cites, kj.keep),
                    marks.get(kj.text),
                )
            )
        return result

    def change_groups(self) -> list[ChangeGroup]:
        """Each change as it describes itself (see model/changes.py), grouped."""
        groups: dict[str, list[ChangeEntry]] = {}
        for c in self.changes.items:
            # Was and now side by side, in the annex, for what was there before; what
            # is new stands in full where the memo shows it, and its line links there.
            before = self.side(c.before)
            after = self.side(c.after) if before else None
            groups.setdefault(c.group, []).append(
                ChangeEntry(
                    c.badge, smarten(c.headline), smarten(c.line), f"#{c.anchor}", before, after
                )
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
            when = meeting_when(m) + (" (inferred)" if m.dates_inferred else "")
            row = MeetingRow(
                number=number,
                id=m.id,
                when=when,
                title=smarten(m.title),
                kind=m.kind,
                status=m.status,
                status_label=labels[m.status],
                place=smarten(m.place) if m.place else None,
                participants=[smarten(actor_names[p]) for p in m.participants],
                summary=self.prose(m.summary),
                dates_inferred=smarten(m.dates_inferred) if m.dates_inferred else None,
                outcomes=[
                    Outcome(self.prose(o.text), self.notes.cite(o.cites, o.keep))
                    for o in m.outcomes
                ],
                markers=self.notes.cite(m.cites, m.keep),
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
                    f"{number}. {row.title} ({row.when})",
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
        markers = self.notes.cite(entry.cites, entry.keep)
        return Stance(entry.as_of.human(), self.prose(entry.note), markers)

    def actors(self) -> list[MatrixGroup]:
        """The actors by side, each with its role and its stance on each topic: current,
        with its date, and earlier ones below it."""
        new_actors, changed_cells = self.changes.actors, self.changes.positions
        topics = self.topics()
        matrix: list[MatrixGroup] = []
        for side in self.brief.sides:
            rows = []
            for a in (a for a in self.brief.actors if a.side == side.id):
                role_markers = self.notes.cite(a.cites, a.keep)
                cells = []
                for topic in topics:
                    history = _newest_first(
                        [p for p in a.positions if p.topic == topic.id], key=lambda p: p.as_of
                    )
                    stances = [self.stance(p) for p in history]
                    cells.append(
                        Cell(
                            smarten(topic.title),
                            stances[0] if stances else None,
                            stances[1:],
                            "Changed" if (a.id, topic.id) in changed_cells else None,
                        )
                    )
                rows.append(
                    MatrixRow(
                        a.id,
                        smarten(a.name),
                        KIND_LABELS[a.kind],
                        smarten(a.role),
                        role_markers,
                        cells,
                        "New" if a.id in new_actors else None,
                    )
                )
            if rows:
                matrix.append(MatrixGroup(side.id, smarten(side.title), rows))
        return matrix

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
                    self.notes.cite(s.cites, s.keep),
                )
                for s in history
            ]
            questions.append(
                QuestionEntry(
                    id=q.id,
                    question=smarten(q.question),
                    status=steps[0].status,
                    status_label=steps[0].label,
                    why=self.prose(q.why_it_matters),
                    raised_at=smarten(meeting_titles[q.raised_at]) if q.raised_at else None,
                    current=steps[0],
                    earlier=steps[1:],
                    watch_for=[smarten(w) for w in q.watch_for],
                    change=changed.get(q.id),
                )
            )
        return questions

    def metrics(self) -> list[MetricEntry]:
        changed = self.changes.metrics
        metrics = []
        for metric in self.brief.metrics:
            values = [
                MetricValue(o.as_of.human(), smarten(o.wording()), self.notes.cite(o.cites, o.keep))
                for o in _newest_first(list(metric.observations), key=lambda o: o.as_of)
            ]
            metrics.append(
                MetricEntry(
                    metric.id,
                    smarten(metric.label),
                    smarten(metric.unit),
                    values[0],
                    values[1:],
                    "New" if metric.id in changed else None,
                )
            )
        return metrics


def _figure_description(rows: list[MeetingRow]) -> str:
    return "; ".join(f"{r.number}. {r.title}, {r.when}, {r.status_label.lower()}" for r in rows)
