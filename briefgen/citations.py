"""Quote matching: does a cited passage stand, word for word, in its article?

Equal for matching: curly and straight quotes and apostrophes, dash variants, runs of white
space, and Unicode compatibility forms (NFKC, so `…` is `...`). An ellipsis in a quote marks
elided words: its pieces must appear in order within one paragraph. Brackets are literal:
`[i]n private` matches only a source that prints the bracket. Case is significant.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefgen.corpus import Article, Paragraph

_QUOTES = {c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\uff07"}
_QUOTES.update({c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\uff02"})
_DASHES = {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"}
_FOLD = {**_QUOTES, **_DASHES}
#: The same folds, and the ellipsis character spelled out, for str.translate.
_FAST_FOLD = str.maketrans({**_FOLD, "\u2026": "..."})
ELLIPSIS = "..."


class NormalizedText:
    """Text in matching form. The map from each normalized character back to the original
    (needed only to report where a match stands) is worked out when first asked for."""

    __slots__ = ("_origin", "source", "text")

    def __init__(self, source: str) -> None:
        self.source = source
        self._origin: tuple[int, ...] | None = None
        folded = source.translate(_FAST_FOLD)
        if folded.isascii():  # the common case: NFKC leaves ASCII alone
            self.text = " ".join(folded.split())
        else:
            self.text, self._origin = _normalize_by_char(source)

    @property
    def origin(self) -> tuple[int, ...]:
        """origin[i] is the index in the original of normalized character i."""
        if self._origin is None:
            self._origin = _ascii_origin(self.source)
        return self._origin

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized [start, end) back to the original text."""
        origin = self.origin
        if start >= end:
            return (origin[start] if start < len(origin) else len(self.source),) * 2
        return origin[start], origin[end - 1] + 1


def normalize(text: str) -> NormalizedText:
    return NormalizedText(text)


def _ascii_origin(source: str) -> tuple[int, ...]:
    """The origins _normalize_by_char would give, for text that folds to ASCII (where only
    the ellipsis character grows, and white space collapses), worked out by runs."""
    folded_to_source: list[int] | range = range(len(source))
    if "\u2026" in source:
        folded_to_source = []
        for i, ch in enumerate(source):
            folded_to_source.extend([i] * (3 if ch == "\u2026" else 1))
    folded = source.translate(_FAST_FOLD)
    origin: list[int] = []
    previous_end = None
    for word in _WORD.finditer(folded):
        if previous_end is not None:
            origin.append(folded_to_source[previous_end])  # the space: where the gap starts
        origin.extend(folded_to_source[word.start() : word.end()])
        previous_end = word.end()
    return tuple(origin)


_WORD = re.compile(r"\S+")


def _normalize_by_char(text: str) -> tuple[str, tuple[int, ...]]:
    """The definition of the matching form, character by character, keeping origins."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded = _FOLD.get(ch)
        if folded is None:
            folded = unicodedata.normalize("NFKC", ch)
            folded = "".join(_FOLD.get(c, c) for c in folded)
        for c in folded:
            if c.isspace():
                if not chars or chars[-1] == " ":
                    continue
                c = " "
            chars.append(c)
            origin.append(i)
    while chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return "".join(chars), tuple(origin)


@dataclass(frozen=True)
class Match:
    """Where a quote stands: its article, paragraph and the character spans it covers."""

    article_id: str
    paragraph: int
    spans: tuple[tuple[int, int], ...]  # in the paragraph's original text; >1 when elided


def find_in_paragraph(
    quote: str | NormalizedText, paragraph: NormalizedText
) -> tuple[tuple[int, int], ...]:
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
    spans: list[tuple[int, int]] = []
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


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Show whole words: an alignment may start or stop inside one."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def excerpt(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
