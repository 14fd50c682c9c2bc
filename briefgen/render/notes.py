"""The memo's notes: each citation numbered in the order the memo shows it, the same passage
cited twice being one note with two markers, and what a reader is told about each article.

Links are relative to the site's top (`sources/<article>.html#…`); the page that shows them
adds its own prefix when it is rendered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from briefgen.model import schema
from briefgen.model.citations import Match, Span
from briefgen.model.corpus import Article, Corpus
from briefgen.model.resolve import Resolution
from briefgen.paths import SOURCES_DIR


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


class Notes:
    """Numbers citations in the order the memo shows them; the same passage cited twice
    is one note with two markers."""

    def __init__(self, corpus: Corpus, resolution: Resolution) -> None:
        self.corpus = corpus
        self.resolution = resolution
        self.notes: list[Note] = []
        self.by_key: dict[tuple[str, int, tuple[Span, ...], str | None], Note] = {}
        self.sources: dict[str, SourceEntry] = {}

    def source(self, article: Article) -> SourceEntry:
        entry = self.sources.get(article.id)
        if entry is None:
            meta = article.meta
            entry = SourceEntry(**ArticleFacts.of(meta), page_href=f"{SOURCES_DIR}/{meta.id}.html")
            self.sources[article.id] = entry
        return entry

    def cite(self, cites: Iterable[schema.Citation]) -> list[NoteMarker]:
        markers = []
        for cite in cites:
            match = self.resolution[cite]
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
