"""The memo as plain values, ready for the templates: numbered notes, the position matrix,
the timeline geometry, labels and dates already formatted.

Everything a template shows is decided here, in document order, so that note numbers run
1, 2, 3… down the page and the templates stay presentation only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from markupsafe import Markup

from briefgen import schema, timeline
from briefgen.citations import Match, excerpt
from briefgen.corpus import Article, Corpus
from briefgen.dates import PartialDate
from briefgen.markup import MarkdownRenderer
from briefgen.yamlsource import Path_

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
    markers: list[NoteMarker] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"note-{self.number}"


@dataclass
class SourceEntry:
    id: str
    title: str
    author: str | None
    publisher: str | None
    published: str | None
    published_inferred: bool
    url: str | None
    page_href: str
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
                id=meta.id,
                title=meta.title,
                author=meta.author,
                publisher=meta.publisher,
                published=meta.published.human() if meta.published else None,
                published_inferred=meta.published_basis == "inferred",
                url=meta.url,
                page_href=f"{self.sources_dir}/{meta.id}.html",
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
                    f"{source.page_href}#{paragraph_anchor(match.paragraph)}",
                    cite.note,
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


@dataclass
class ActorEntry:
    id: str
    name: str
    kind: str
    role: str
    markers: list[NoteMarker]


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


@dataclass
class MatrixRow:
    actor_id: str
    name: str
    cells: list[Cell]


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
    #: (path in the brief, message) for prose that was changed to be safe: the build warns.
    problems: list[tuple[Path_, str]]


def format_value(obs: schema.Observation) -> str:
    """The figure as the source states it, or the number with its qualifier."""
    if obs.display:
        return obs.display
    number = f"{obs.value:,.0f}" if float(obs.value).is_integer() else f"{obs.value:,}"
    prefix = {
        "exact": "",
        "approx": "about ",
        "at-least": "at least ",
        "estimate": "an estimated ",
    }[obs.qualifier]
    return prefix + number


def _newest_first(items: list[T], key: Callable[[T], PartialDate]) -> list[T]:
    return sorted(items, key=lambda item: key(item).last_day(), reverse=True)


def build_memo(
    brief_id: str, brief: schema.Brief, corpus: Corpus, sources_dir: str = "sources"
) -> Memo:
    md = MarkdownRenderer()
    notes = _Notes(corpus, sources_dir)
    problems: list[tuple[Path_, str]] = []

    def prose(text: str, path: Path_, inline: bool = True) -> Markup:
        rendered = md.render(text, inline=inline)
        problems.extend((path, p) for p in rendered.problems)
        return rendered.html

    bottom_line = prose(brief.bottom_line, ("bottom_line",), inline=False)
    judgments = [
        Judgment(
            prose(kj.text, ("key_judgments", i, "text")),
            kj.confidence,
            kj.likelihood,
            notes.cite(kj.cites),
        )
        for i, kj in enumerate(brief.key_judgments)
    ]

    actor_names = {a.id: a.name for a in brief.actors}
    ordered = sorted(enumerate(brief.meetings), key=lambda im: (_start(im[1]).first_day(), im[0]))
    meetings: list[MeetingRow] = []
    spans: list[timeline.Span] = []
    for number, (i, m) in enumerate(ordered, start=1):
        labels = EVENT_STATUS_LABELS if m.kind == "event" else STATUS_LABELS
        meetings.append(
            MeetingRow(
                number=number,
                id=m.id,
                when=_when(m),
                title=m.title,
                kind=m.kind,
                status=m.status,
                status_label=labels[m.status],
                place=m.place,
                participants=[actor_names[p] for p in m.participants],
                summary=prose(m.summary, ("meetings", i, "summary")),
                outcomes=[
                    Outcome(
                        prose(o.text, ("meetings", i, "outcomes", j, "text")), notes.cite(o.cites)
                    )
                    for j, o in enumerate(m.outcomes)
                ],
                markers=notes.cite(m.cites),
            )
        )
        spans.append(
            timeline.Span(
                number,
                _start(m),
                m.end if m.date is None else None,
                m.status,
                m.kind,
                f"{number}. {m.title} ({_when(m)})",
            )
        )
    figure = timeline.layout(spans)

    sides: list[SideGroup] = []
    matrix: list[MatrixGroup] = []
    topic_ids = [t.id for t in brief.topics]
    for side, label in SIDE_LABELS.items():
        members = [(i, a) for i, a in enumerate(brief.actors) if a.side == side]
        if not members:
            continue
        sides.append(
            SideGroup(
                side,
                label,
                [
                    ActorEntry(a.id, a.name, KIND_LABELS[a.kind], a.role, notes.cite(a.cites))
                    for _, a in members
                ],
            )
        )
        rows = []
        for i, a in members:
            if not a.positions:
                continue
            cells = []
            for topic in topic_ids:
                history = _newest_first(
                    [(j, p) for j, p in enumerate(a.positions) if p.topic == topic],
                    key=lambda jp: jp[1].as_of,
                )
                stances = [
                    Stance(
                        p.as_of.human(),
                        prose(p.stance, ("actors", i, "positions", j, "stance")),
                        notes.cite(p.cites),
                    )
                    for j, p in history
                ]
                cells.append(Cell(stances[0] if stances else None, stances[1:]))
            rows.append(MatrixRow(a.id, a.name, cells))
        if rows:
            matrix.append(MatrixGroup(label, rows))

    meeting_titles = {m.id: m.title for m in brief.meetings}
    questions = []
    for i, q in enumerate(brief.questions):
        history = _newest_first(list(enumerate(q.status_history)), key=lambda js: js[1].as_of)
        steps = [
            StatusStep(
                s.as_of.human(),
                s.status,
                QUESTION_LABELS[s.status],
                prose(s.note, ("questions", i, "status_history", j, "note")),
                notes.cite(s.cites),
            )
            for j, s in history
        ]
        questions.append(
            QuestionEntry(
                id=q.id,
                question=q.question,
                status=steps[0].status,
                status_label=steps[0].label,
                why=prose(q.why_it_matters, ("questions", i, "why_it_matters")),
                raised_at=meeting_titles.get(q.raised_at) if q.raised_at else None,
                current=steps[0],
                earlier=steps[1:],
                watch_for=list(q.watch_for),
            )
        )

    metrics = []
    for metric in brief.metrics:
        values = [
            MetricValue(o.as_of.human(), format_value(o), notes.cite(o.cites))
            for o in _newest_first(list(metric.observations), key=lambda o: o.as_of)
        ]
        metrics.append(MetricEntry(metric.id, metric.label, metric.unit, values[0], values[1:]))

    sources = sorted(notes.sources.values(), key=lambda s: s.title.casefold())
    first_sentence = excerpt(" ".join(_plain(brief.bottom_line).split(". ")[:1]), 200)
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
        keywords=[t.title for t in brief.topics],
        description=brief.subtitle or first_sentence,
        sections=[s for s in SECTIONS if _has(s[0], brief)],
        bottom_line=bottom_line,
        judgments=judgments,
        figure=figure,
        figure_description=_figure_description(meetings),
        meetings=meetings,
        sides=sides,
        topics=[t.title for t in brief.topics],
        matrix=matrix,
        questions=questions,
        metrics=metrics,
        notes=notes.notes,
        sources=sources,
        problems=problems,
    )


def _start(m: schema.Meeting) -> PartialDate:
    start = m.date or m.start
    assert start is not None  # checked: a meeting has a date or a start and an end
    return start


def _when(m: schema.Meeting) -> str:
    if m.date is not None:
        return m.date.human()
    assert m.start is not None and m.end is not None
    return f"{m.start.human()} – {m.end.human()}"


def _plain(markdown_text: str) -> str:
    return markdown_text.replace("**", "").replace("__", "").replace("`", "").strip()


def _figure_description(rows: list[MeetingRow]) -> str:
    return "; ".join(f"{r.number}. {r.title}, {r.when}, {r.status_label.lower()}" for r in rows)


def _has(section: str, brief: schema.Brief) -> bool:
    return {
        "key-judgments": bool(brief.key_judgments),
        "timeline": bool(brief.meetings),
        "actors": bool(brief.actors),
        "questions": bool(brief.questions),
        "metrics": bool(brief.metrics),
    }.get(section, True)


# --- article pages -----------------------------------------------------------------------


@dataclass
class ArticleParagraph:
    number: int
    anchor: str
    text: str


@dataclass
class ArticlePage:
    id: str
    title: str
    author: str | None
    publisher: str | None
    published: str | None
    published_inferred: bool
    url: str | None
    provenance: list[tuple[str, str]]
    paragraphs: list[ArticleParagraph]


def build_article_page(article: Article) -> ArticlePage:
    meta = article.meta
    return ArticlePage(
        id=meta.id,
        title=meta.title,
        author=meta.author,
        publisher=meta.publisher,
        published=meta.published.human() if meta.published else None,
        published_inferred=meta.published_basis == "inferred",
        url=meta.url,
        provenance=list(meta.provenance.items()),
        paragraphs=[
            ArticleParagraph(p.number, paragraph_anchor(p.number), p.text)
            for p in article.paragraphs
        ],
    )
