"""The memo as plain values, ready for the templates: numbered notes, the position matrix,
the timeline geometry, labels and dates already formatted.

Everything a template shows is decided here, in document order, so that note numbers run
1, 2, 3… down the page and the templates stay presentation only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from markupsafe import Markup

from briefgen import changes as changes_
from briefgen import schema, timeline
from briefgen.citations import Match, excerpt
from briefgen.corpus import Article, Corpus
from briefgen.dates import PartialDate
from briefgen.editions import meeting_start, newest
from briefgen.markup import MarkdownRenderer

T = TypeVar("T")

SIDE_LABELS = {
    "us": "United States",
    "china": "China",
    "multilateral": "Multilateral",
    "independent": "Independent experts and others",
}
STATUS_LABELS = {
    "held": "Held",
    "scheduled": "Scheduled",
    "postponed": "Postponed",
    "cancelled": "Cancelled",
    "suspended": "Suspended",
}
EVENT_STATUS_LABELS = {**STATUS_LABELS, "held": "Occurred"}
QUESTION_LABELS = {"open": "Open", "partly-answered": "Partly answered", "answered": "Answered"}
KIND_LABELS = {"person": "Person", "organization": "Organization", "government": "Government"}

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


# --- notes --------------------------------------------------------------------------------


@dataclass
class NoteMarker:
    number: int
    id: str  # the marker's own anchor, the target of the note's back-link


@dataclass
class Note:
    number: int
    quote: str  # the words as published, elided pieces joined by " … "
    article: SourceEntry
    paragraph: int
    paragraph_href: str
    analyst_note: str | None
    match: Match  # where the quote stands, for the highlight on the article's page
    markers: list[NoteMarker] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"note-{self.number}"


@dataclass
class ArticleFacts:
    """What a reader is told about an article, wherever it is named; unknown stays None."""

    id: str
    title: str
    author: str | None
    publisher: str | None
    published: str | None
    published_inferred: bool
    url: str | None

    @classmethod
    def of(cls, meta: schema.ArticleMeta) -> dict[str, Any]:
        """The facts as keyword arguments, for this class or one that extends it."""
        return asdict(
            cls(
                id=meta.id,
                title=meta.title,
                author=meta.author,
                publisher=meta.publisher,
                published=meta.published.human() if meta.published else None,
                published_inferred=meta.published_basis == "inferred",
                url=meta.url,
            )
        )


@dataclass
class SourceEntry(ArticleFacts):
    page_href: str = ""
    citations: int = 0


class _Notes:
    """Numbers citations in the order the memo shows them; the same passage cited twice
    is one note with two markers."""

    def __init__(self, corpus: Corpus, sources_dir: str) -> None:
        self.corpus = corpus
        self.sources_dir = sources_dir
        self.notes: list[Note] = []
        self.by_key: dict[tuple[str, int, tuple[tuple[int, int], ...], str | None], Note] = {}
        self.sources: dict[str, SourceEntry] = {}

    def source(self, article: Article) -> SourceEntry:
        entry = self.sources.get(article.id)
        if entry is None:
            meta = article.meta
            entry = SourceEntry(
                **ArticleFacts.of(meta), page_href=f"{self.sources_dir}/{meta.id}.html"
            )
            self.sources[article.id] = entry
        return entry

    def cite(self, cites: Iterable[schema.Citation]) -> list[NoteMarker]:
        markers = []
        for cite in cites:
            match: Match = cite._match
            key = (match.article_id, match.paragraph, match.spans, cite.note)
            note = self.by_key.get(key)
            if note is None:
                article = self.corpus.articles[match.article_id]
                text = article.paragraph(match.paragraph).text
                quote = " … ".join(" ".join(text[a:b].split()) for a, b in match.spans)
                source = self.source(article)
                source.citations += 1
                note = Note(
                    len(self.notes) + 1,
                    quote,
                    source,
                    match.paragraph,
                    f"{source.page_href}#{quote_anchor(match)}",
                    cite.note,
                    match,
                )
                self.notes.append(note)
                self.by_key[key] = note
            marker = NoteMarker(note.number, f"ref-{note.number}-{len(note.markers) + 1}")
            note.markers.append(marker)
            markers.append(marker)
        return markers


def paragraph_anchor(number: int) -> str:
    """The anchor of a paragraph on its article's page (templates/article.html.j2)."""
    return f"p{number}"


def quote_anchor(match: Match) -> str:
    """The anchor of a cited passage on its article's page: the paragraph and a short hash
    of the spans, so that two quotes from one paragraph have two targets."""
    digest = hashlib.sha1(repr(match.spans).encode()).hexdigest()[:8]
    return f"q{match.paragraph}-{digest}"


# --- sections ---------------------------------------------------------------------------


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
    actor_id: str
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


def _newest_first(items: list[T], key: Callable[[T], PartialDate]) -> list[T]:
    return sorted(items, key=lambda item: key(item).last_day(), reverse=True)


def build_memo(
    brief_id: str,
    brief: schema.Brief,
    corpus: Corpus,
    sources_dir: str = "sources",
    changes: changes_.Changes | None = None,
) -> Memo:
    """The memo's view of a checked brief (or of an as-of view of one, see editions.py).
    With `changes`, the memo opens with what changed and marks the changed items."""
    return _MemoBuilder(brief, corpus, sources_dir, changes).build(brief_id)


class _MemoBuilder:
    """Builds the sections in document order, so that notes are numbered as they appear."""

    def __init__(
        self,
        brief: schema.Brief,
        corpus: Corpus,
        sources_dir: str,
        changes: changes_.Changes | None,
    ) -> None:
        self.brief = brief
        self.md = MarkdownRenderer()
        self.notes = _Notes(corpus, sources_dir)
        self.changes = changes or changes_.Changes("", "")

    def prose(self, text: str, inline: bool = True) -> Markup:
        """Markdown to safe HTML; what was removed for safety is reported by `check`."""
        return self.md.render(text, inline=inline).html

    def stance(self, position: schema.Position) -> Stance:
        return Stance(
            position.as_of.human(), self.prose(position.stance), self.notes.cite(position.cites)
        )

    def build(self, brief_id: str) -> Memo:
        brief = self.brief
        bottom_line = self.prose(brief.bottom_line, inline=False)
        change_groups = self.change_groups()
        judgments = [
            Judgment(self.prose(kj.text), kj.confidence, kj.likelihood, self.notes.cite(kj.cites))
            for i, kj in enumerate(brief.key_judgments)
        ]
        meetings = self.meetings()
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
            keywords=[t.title for t in self.topics()],
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
            figure=timeline.layout([timeline.Span(r.number, *span) for r, span in meetings]),
            figure_description=_figure_description([r for r, _ in meetings]),
            meetings=[r for r, _ in meetings],
            sides=sides,
            topics=[t.title for t in self.topics()],
            matrix=matrix,
            questions=questions,
            metrics=metrics,
            notes=self.notes.notes,
            sources=sources,
        )

    def change_groups(self) -> list[ChangeGroup]:
        groups: dict[str, list[ChangeEntry]] = {}
        for change in self.changes.items:
            title, entry = self.change_entry(change)
            groups.setdefault(title, []).append(entry)
        order = ["Positions", "Meetings and events", "Open questions", "Metrics", "New actors"]
        return [ChangeGroup(t, groups[t]) for t in order if t in groups]

    def change_entry(self, c: changes_.Change) -> tuple[str, ChangeEntry]:
        C = changes_
        if isinstance(c, C.PositionChanged):
            return "Positions", ChangeEntry(
                "New" if c.old is None else "Changed",
                f"{c.actor.name} — {c.topic.title}",
                f"#actor-{c.actor.id}",
                self.stance(c.old) if c.old else None,
                self.stance(c.new),
            )
        if isinstance(c, C.MeetingAdded | C.MeetingStatusChanged):
            m = c.meeting
            label = STATUS_LABELS[m.status]
            if isinstance(c, C.MeetingAdded):
                headline = f"{m.title} ({_when(m)}): {label.lower()}"
            else:
                headline = f"{m.title}: {STATUS_LABELS[c.old_status].lower()} → {label.lower()}"
            new = self.status_note(m) if isinstance(c, C.MeetingStatusChanged) else None
            return "Meetings and events", ChangeEntry(
                "New" if isinstance(c, C.MeetingAdded) else label,
                headline,
                f"#meeting-{m.id}",
                None,
                new,
            )
        if isinstance(c, C.QuestionAdded | C.QuestionStatusChanged):
            q = c.question

            def step(e: schema.StatusEntry) -> Stance:
                return Stance(
                    f"{QUESTION_LABELS[e.status]}, {e.as_of.human()}",
                    self.prose(e.note),
                    self.notes.cite(e.cites),
                )

            if isinstance(c, C.QuestionAdded):
                return "Open questions", ChangeEntry("New", q.question, f"#question-{q.id}")
            return "Open questions", ChangeEntry(
                QUESTION_LABELS[c.new.status],
                q.question,
                f"#question-{q.id}",
                step(c.old),
                step(c.new),
            )
        if isinstance(c, C.MetricObserved):
            metric = c.metric

            def value(o: schema.Observation) -> Stance:
                return Stance(o.as_of.human(), Markup.escape(o.wording()), self.notes.cite(o.cites))

            direction = {"new": "New", "up": "Up", "down": "Down", "unchanged": "Updated"}
            return "Metrics", ChangeEntry(
                direction[c.direction],
                metric.label,
                f"#metric-{metric.id}",
                value(c.old) if c.old else None,
                value(c.new),
            )
        assert isinstance(c, C.ActorAdded)
        return "New actors", ChangeEntry(
            "New", f"{c.actor.name} — {c.actor.role}", f"#actor-{c.actor.id}"
        )

    def meetings(self) -> list[tuple[MeetingRow, tuple]]:
        brief = self.brief
        actor_names = {a.id: a.name for a in brief.actors}
        # oldest first; `sorted` is stable, so same-day items keep the brief's order
        ordered = sorted(brief.meetings, key=lambda m: meeting_start(m).first_day())
        changed = self.changes.meetings
        rows = []
        for number, m in enumerate(ordered, start=1):
            labels = EVENT_STATUS_LABELS if m.kind == "event" else STATUS_LABELS
            row = MeetingRow(
                number=number,
                id=m.id,
                when=_when(m),
                title=m.title,
                kind=m.kind,
                status=m.status,
                status_label=labels[m.status],
                place=m.place,
                participants=[actor_names[p] for p in m.participants],
                summary=self.prose(m.summary),
                outcomes=[
                    Outcome(self.prose(o.text), self.notes.cite(o.cites))
                    for j, o in enumerate(m.outcomes)
                ],
                markers=self.notes.cite(m.cites),
                status_note=self.status_note(m),
                change=changed.get(m.id),
            )
            span = (
                meeting_start(m),
                m.end if m.date is None and m.end else None,
                m.status,
                m.kind,
                f"{number}. {m.title} ({row.when})",
            )
            rows.append((row, span))
        return rows

    def topics(self) -> list[schema.Topic]:
        """Topics someone has a position on (an earlier edition may predate a topic)."""
        used = {p.topic for a in self.brief.actors for p in a.positions}
        return [t for t in self.brief.topics if t.id in used]

    def status_note(self, m: schema.Meeting) -> Stance | None:
        entry = newest(m.status_history, lambda e: e.as_of)
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
                rows.append(MatrixRow(a.id, a.name, cells))
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


def _when(m: schema.Meeting) -> str:
    if m.date is not None:
        return m.date.human()
    assert m.start is not None
    if m.end is None:  # an as-of view of something still going on
        return f"since {m.start.human()}"
    return f"{m.start.human()} – {m.end.human()}"


def _plain(markdown_text: str) -> str:
    return markdown_text.replace("**", "").replace("__", "").replace("`", "").strip()


def _figure_description(rows: list[MeetingRow]) -> str:
    return "; ".join(f"{r.number}. {r.title}, {r.when}, {r.status_label.lower()}" for r in rows)


# --- article pages -----------------------------------------------------------------------


@dataclass
class Segment:
    """A run of a paragraph: plain text, or a cited passage holding its own runs (passages
    quoted inside a longer quote nest in it)."""

    text: str = ""
    cited: bool = False
    id: str | None = None  # the anchor a note links to
    children: list[Segment] = field(default_factory=list)


@dataclass
class ArticleParagraph:
    number: int
    anchor: str
    segments: list[Segment]  # a tree: see _segments


@dataclass
class ArticlePage(ArticleFacts):
    provenance: list[tuple[str, str]] = field(default_factory=list)
    paragraphs: list[ArticleParagraph] = field(default_factory=list)


def build_article_page(article: Article, matches: Iterable[Match] = ()) -> ArticlePage:
    """The article's page, every cited passage marked and addressable by its note's link."""
    by_paragraph: dict[int, list[Match]] = {}
    for m in {(m.paragraph, m.spans): m for m in matches if m.article_id == article.id}.values():
        by_paragraph.setdefault(m.paragraph, []).append(m)
    meta = article.meta
    return ArticlePage(
        **ArticleFacts.of(meta),
        provenance=list(meta.provenance.items()),
        paragraphs=[
            ArticleParagraph(
                p.number,
                paragraph_anchor(p.number),
                _segments(p.text, by_paragraph.get(p.number, [])),
            )
            for p in article.paragraphs
        ],
    )


def _segments(text: str, matches: list[Match]) -> list[Segment]:
    """The paragraph as a tree of runs: each cited passage a node, nested where one quote
    lies inside another, so that the element a note links to holds its passage. Where a
    quote starts inside another and runs past its end, the earlier one is cut at the
    overlap and continues inside the later (its anchor keeps the part before the overlap,
    usually nearly all of it); an elided quote is marked piece by piece."""
    pieces: list[tuple[int, int, str | None]] = []
    for m in matches:
        anchor: str | None = quote_anchor(m)
        for a, b in m.spans:
            pieces.append((a, b, anchor))
            anchor = None
    pieces.sort(key=lambda p: (p[0], -p[1], p[2] is None))
    root = Segment()
    stack: list[tuple[Segment, int]] = [(root, len(text))]  # open nodes and where they end
    pos = 0

    def emit(upto: int) -> None:
        nonlocal pos
        if upto > pos:
            stack[-1][0].children.append(Segment(text[pos:upto]))
            pos = upto

    def open_node(node: Segment, end: int) -> None:
        stack[-1][0].children.append(node)
        stack.append((node, end))

    for a, b, anchor in pieces:
        while len(stack) > 1 and stack[-1][1] <= a:  # close what ends before this starts
            emit(stack[-1][1])
            stack.pop()
        emit(a)
        crossed = []  # open passages this one starts inside but outlasts
        while len(stack) > 1 and stack[-1][1] < b:
            crossed.append(stack.pop()[1])
        open_node(Segment(cited=True, id=anchor), b)
        for end in reversed(crossed):  # the rest of each crossed passage, nested in this one
            open_node(Segment(cited=True), end)
    while len(stack) > 1:
        emit(stack[-1][1])
        stack.pop()
    emit(len(text))
    return root.children
