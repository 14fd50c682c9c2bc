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
from briefgen.model.sourcing import SOURCE_KINDS
from briefgen.paths import SOURCES_DIR
from briefgen.render.typography import short_date, short_title, turn_quotes


@dataclass
class NoteMarker:
    number: int
    id: str  # the marker's own anchor, the target of the note's back-link
    backref: str = "↩"  # the back-link's text: ↩, or ↩¹ ↩² when the note has several

    #: Digits as superscript characters: a <sup> inside a link would be a second link in
    #: the tagged PDF.
    SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass
class Note:
    number: int
    quote: str  # the words as published, parts joined by " … ", inner quotation marks turned
    article: SourceEntry
    paragraph: int
    paragraph_href: str
    full: bool  # the first note on its article gives the full reference; later ones, short
    analyst_note: str | None
    kept: list[str]  # why the claim stands as written despite a claim-support warning
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
    url_href: str | None  # the address as a link: http(s) only
    kind: str | None  # "news article"

    @property
    def byline(self) -> str:
        return self.author or "Author not known"

    @property
    def imprint(self) -> str:
        """Publisher and date, as a sentence opens with them: "Publisher not known, 1
        December 2015 (date inferred)"."""
        return f"{self.publisher or 'Publisher not known'}, {self.date_or_unknown}"

    @property
    def imprint_inline(self) -> str:
        """The same, within a sentence (a note's first reference)."""
        return f"{self.publisher or 'publisher not known'}, {self.date_or_unknown}"

    @property
    def date_or_unknown(self) -> str:
        if self.published is None:
            return "date not known"
        return self.published + (" (date inferred)" if self.published_inferred else "")

    @property
    def kind_label(self) -> str | None:
        return self.kind[0].upper() + self.kind[1:] if self.kind else None

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
                url_href=meta.url if meta.url and meta.url.startswith(_LINKABLE) else None,
                kind=SOURCE_KINDS[meta.kind][0] if meta.kind else None,
            )
        )


_LINKABLE = ("https://", "http://")


@dataclass
class SourceEntry(ArticleFacts):
    page_href: str = ""
    short_ref: str = ""  # how later notes name it: "Arms Control Today, Sept. 2013"
    citations: int = 0

    @property
    def cited(self) -> str:
        return f"Cited {self.citations} time{'' if self.citations == 1 else 's'}."


def short_reference(meta: schema.ArticleMeta) -> str:
    """A later note's reference: the publisher and a short date; for an article with no
    known publisher, its short title."""
    when = short_date(meta.published) if meta.published else "n.d."
    if meta.published and meta.published_basis == "inferred":
        when = f"inferred {when}"
    name = meta.publisher or f"“{short_title(meta.title)}”"
    return f"{name}, {when}"


class Notes:
    """Numbers citations in the order the memo shows them; the same passage cited twice
    is one note with two markers."""

    def __init__(self, corpus: Corpus, resolution: Resolution) -> None:
        self.corpus = corpus
        self.resolution = resolution
        self.notes: list[Note] = []
        self.by_key: dict[tuple[str, int, tuple[Span, ...], str | None, tuple[str, ...]], Note] = {}
        self.sources: dict[str, SourceEntry] = {}

    def source(self, article: Article) -> SourceEntry:
        entry = self.sources.get(article.id)
        if entry is None:
            meta = article.meta
            entry = SourceEntry(
                **ArticleFacts.of(meta),
                page_href=f"{SOURCES_DIR}/{meta.id}.html",
                short_ref=short_reference(meta),
            )
            self.sources[article.id] = entry
        return entry

    def cite(
        self, cites: Iterable[schema.Citation], keep: schema.Keep | None = None
    ) -> list[NoteMarker]:
        """Markers for a claim's citations; `keep`: its reasons to stand despite a
        warning, printed in its notes."""
        reasons = tuple(kept_reasons(keep)) if keep else ()
        markers = []
        for n, cite in enumerate(cites):
            kept = reasons if n == 0 else ()  # said once, in the claim's first note
            match = self.resolution[cite]
            key = (match.article_id, match.paragraph, match.spans, cite.note, kept)
            note = self.by_key.get(key)
            if note is None:
                article = self.corpus.articles[match.article_id]
                text = article.paragraph(match.paragraph).text
                quote = " … ".join(" ".join(text[a:b].split()) for a, b in match.spans)
                first = article.id not in self.sources
                source = self.source(article)
                source.citations += 1
                note = Note(
                    len(self.notes) + 1,
                    turn_quotes(quote),
                    source,
                    match.paragraph,
                    f"{source.page_href}#{quote_anchor(match)}",
                    first,
                    cite.note,
                    list(kept),
                    match,
                )
                self.notes.append(note)
                self.by_key[key] = note
            marker = NoteMarker(note.number, f"ref-{note.number}-{len(note.markers) + 1}")
            note.markers.append(marker)
            markers.append(marker)
            if len(note.markers) > 1:  # number the back-links once there are several
                for n, m in enumerate(note.markers, start=1):
                    m.backref = "↩" + str(n).translate(NoteMarker.SUPERSCRIPTS)
        return markers


def paragraph_anchor(number: int) -> str:
    """The anchor of a paragraph on its article's page (templates/article.html.j2)."""
    return f"p{number}"


def quote_anchor(match: Match) -> str:
    """The anchor of a cited passage on its article's page: the paragraph and a short hash
    of the spans, so that two quotes from one paragraph have two targets."""
    digest = hashlib.sha1(repr(match.spans).encode()).hexdigest()[:8]
    return f"q{match.paragraph}-{digest}"


#: How the memo names each claim-support check when it prints why a claim was kept.
KEPT_AS = {
    "attribution": "Attribution",
    "hedge": "Hedging",
    "specifics": "Specifics",
    "single_source": "Single source",
    "confidence": "Confidence",
}


def kept_reasons(keep: schema.Keep) -> list[str]:
    """ "Single source: only one report…" for each reason a claim is kept as written."""
    return [
        f"{label}: {reason}" for key, label in KEPT_AS.items() if (reason := getattr(keep, key))
    ]
