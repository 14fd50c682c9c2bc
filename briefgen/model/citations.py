"""Quote matching: does a cited passage stand, word for word, in its article?

Quotes and articles are compared in matching form (see text.py). An ellipsis in a quote
marks elided words: its pieces must appear in order within one paragraph. Brackets are
literal: `[i]n private` matches only a source that prints the bracket. Case is significant.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefgen.model.corpus import Article, Paragraph
from briefgen.model.text import ELLIPSIS, NormalizedText, normalize

Span = tuple[int, int]


@dataclass(frozen=True)
class Match:
    """Where a quote stands: its article, paragraph and the character spans it covers."""

    article_id: str
    paragraph: int
    spans: tuple[Span, ...]  # in the paragraph's original text; >1 when elided


def find_in_paragraph(quote: str | NormalizedText, paragraph: NormalizedText) -> tuple[Span, ...]:
    """Spans of the quote in the paragraph (original coordinates), or () when absent."""
    q = (quote if isinstance(quote, NormalizedText) else normalize(quote)).text
    if not q:
        return ()
    hay = paragraph.text
    at = hay.find(q)
    if at >= 0:
        return (paragraph.original_span(at, at + len(q)),)
    if ELLIPSIS not in q:
        return ()
    pieces = [p.strip() for p in q.split(ELLIPSIS)]
    pieces = [p for p in pieces if p]
    if not pieces:
        return ()
    spans: list[Span] = []
    pos = 0
    for piece in pieces:
        at = hay.find(piece, pos)
        if at < 0:
            return ()
        spans.append(paragraph.original_span(at, at + len(piece)))
        pos = at + len(piece)
    return tuple(spans)


def find_in_article(quote: str, article: Article) -> Match | None:
    normalized = normalize(quote)
    for para in article.paragraphs:
        spans = find_in_paragraph(normalized, para.normalized)
        if spans:
            return Match(article.id, para.number, spans)
    return None


def find_elsewhere(quote: str, articles: Iterable[Article], skip: str) -> list[Match]:
    found = []
    for article in articles:
        if article.id != skip and (m := find_in_article(quote, article)):
            found.append(m)
    return found


@dataclass(frozen=True)
class NearMiss:
    paragraph: int
    similarity: float  # 0-100
    passage: str


def closest_passage(quote: str, paragraphs: Sequence[Paragraph]) -> NearMiss | None:
    """The passage most like the quote, to show the analyst what the article actually says."""
    from rapidfuzz import fuzz  # only when a quote is not found: keep it off start-up

    q = normalize(quote).text
    best: NearMiss | None = None
    for para in paragraphs:
        hay = para.normalized
        result = fuzz.partial_ratio_alignment(q, hay.text)
        if result is None:
            continue
        if best is None or result.score > best.similarity:
            start, end = hay.original_span(result.dest_start, result.dest_end)
            start, end = _widen_to_words(para.text, start, end)
            best = NearMiss(para.number, result.score, para.text[start:end])
    return best


def _widen_to_words(text: str, start: int, end: int) -> Span:
    """Show whole words: an alignment may start or stop inside one."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def excerpt(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quoted_words(text: str, match: Match, joiner: str = " … ") -> str:
    """The words a match covers, as the article prints them; elided pieces joined."""
    return joiner.join(text[a:b] for a, b in match.spans)
