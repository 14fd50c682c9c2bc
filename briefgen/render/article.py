"""An article's page on the site: its metadata and text, each cited passage marked and
addressable, so a note in a memo links straight to the words it quotes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from briefgen.model.citations import Match
from briefgen.model.corpus import Article
from briefgen.render.notes import ArticleFacts, paragraph_anchor, quote_anchor


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
