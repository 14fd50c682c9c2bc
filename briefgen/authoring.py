"""Tools for writing a brief: find a passage to cite, list the corpus, start a brief, and
import an article. Pure functions here; the command line writes what they return."""

from __future__ import annotations

import html.parser
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

import yaml
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from briefgen import schema
from briefgen.checks import claims
from briefgen.citations import find_in_paragraph
from briefgen.corpus import Article, Corpus
from briefgen.dates import PartialDate

# --- cite: find a passage ----------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    article: Article
    paragraph: int
    start: int
    end: int
    score: float  # 100 for an exact match (by the checker's rules)

    @property
    def exact(self) -> bool:
        return self.score >= 100

    @property
    def quote(self) -> str:
        """The passage as published: pasted into a brief, it matches by construction."""
        return self.article.paragraph(self.paragraph).text[self.start : self.end]

    def context(self, width: int = 90) -> tuple[str, str, str]:
        """(before, passage, after), trimmed to about `width` characters either side."""
        text = self.article.paragraph(self.paragraph).text
        before = (
            " ".join(text[max(0, self.start - width) : self.start].split(" ")[1:])
            if self.start > width
            else text[: self.start]
        )
        after = (
            " ".join(text[self.end : self.end + width].split(" ")[:-1])
            if len(text) - self.end > width
            else text[self.end :]
        )
        return (
            ("…" if self.start > width else "") + before,
            self.quote,
            after + ("…" if len(text) - self.end > width else ""),
        )

    def citation_yaml(self) -> str:
        entry = [{"source": self.article.id, "quote": " ".join(self.quote.split())}]
        return yaml.safe_dump({"cites": entry}, allow_unicode=True, width=10_000, sort_keys=False)


def search(
    corpus: Corpus, words: str, source: str | None = None, *, limit: int | None = 3
) -> list[Hit]:
    """Passages for `words`: exact matches (the checker's rules) first, then near ones,
    best first. `limit=None` lists every exact match and every near one worth showing."""
    articles = [corpus.articles[source]] if source else list(corpus.articles.values())
    hits: list[Hit] = []
    for article in articles:
        for para in article.paragraphs:
            spans = find_in_paragraph(words, para.normalized)
            if spans:
                hits.append(Hit(article, para.number, spans[0][0], spans[-1][1], 100.0))
                continue
            # not there word for word: offer the sentence most like the words (a sentence
            # is what an analyst quotes), scored so that extra words in it cost little
            best = max(
                (
                    (fuzz.token_set_ratio(words, para.text[a:b], processor=default_process), a, b)
                    for a, b in _sentences(para.text)
                ),
                default=None,
            )
            if best is None or best[0] < 60:
                continue
            hits.append(Hit(article, para.number, best[1], best[2], min(best[0], 99.9)))
    hits.sort(key=lambda h: (-h.score, h.article.id, h.paragraph))
    exact = [h for h in hits if h.exact]
    if exact:  # the words are there: near misses would only distract
        hits = exact
    return hits if limit is None else hits[:limit]


_SENTENCE_END = re.compile(r"""[.!?…]["”’)\]]*\s+(?=["“‘(\[]?[A-Z0-9])""")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraph's sentences (good enough for suggestions: "U.S." may split)."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        end = m.start() + len(m.group().rstrip())
        spans.append((start, end))
        start = m.end()
    if start < len(text.rstrip()):
        spans.append((start, len(text.rstrip())))
    return spans


# --- sources: the corpus and its use ----------------------------------------------------------


@dataclass(frozen=True)
class SourceUse:
    article: Article
    cited_by: dict[str, int]  # brief id → number of citations


def source_use(corpus: Corpus, briefs: dict[str, schema.Brief]) -> list[SourceUse]:
    counts: dict[str, dict[str, int]] = {a: {} for a in corpus.articles}
    for brief_id, brief in briefs.items():
        for claim in claims(brief):
            for cite in claim.cites:
                if cite.source in counts:
                    by_brief = counts[cite.source]
                    by_brief[brief_id] = by_brief.get(brief_id, 0) + 1
    return [SourceUse(corpus.articles[a], counts[a]) for a in sorted(corpus.articles)]


# --- new: start a brief -----------------------------------------------------------------------


def scaffold(brief_id: str, today: PartialDate) -> dict[str, str]:
    """The files of a new brief: each passes `briefgen check` as it is, and shows in
    comments how to fill it in. The first line points YAML-aware editors at the schema."""

    def head(kind: str) -> str:
        return f"# yaml-language-server: $schema=../../schemas/{schema.SCHEMA_FILES[kind]}\n"

    brief = (
        head("brief")
        + f"""\
# The brief's front matter. `briefgen check` validates every file here; `briefgen cite
# "words"` finds a passage in corpus/ and prints a citation to paste.
title: "{brief_id.replace("-", " ").capitalize()}"
# short_title: A shorter title for the running header
subtitle: What this brief covers
as_of: {today.iso()}                 # the date of this edition
# editions: [{today.iso()}]          # list each edition's date, oldest first
marking: UNCLASSIFIED
prepared_by: Your team
audience: Who reads it
topics:
  - id: main-topic
    title: The main topic
bottom_line: |
  One paragraph a busy reader can stop after. Markdown: **bold**, *italic*, [links](https://example.org).
key_judgments: []
# key_judgments:
#   - text: What you judge, in one sentence.
#     confidence: moderate           # low | moderate | high
#     likelihood: likely             # almost no chance | very unlikely | unlikely |
#                                    # roughly even chance | likely | very likely | almost certain
#     cites:
#       - source: an-article-id      # a file corpus/<id>.txt
#         quote: the exact words of the article
"""
    )
    actors = (
        head("actors")
        + """\
# Actors: people, organizations and governments, and their positions over time.
[]
# - id: a-person
#   name: A. Person
#   kind: person                     # person | organization | government
#   side: us                         # us | china | multilateral | independent
#   role: Minister of Something
#   cites: [{source: an-article-id, quote: "A. Person, Minister of Something"}]
#   positions:                       # the newest as_of per topic is the current stance
#     - topic: main-topic
#       as_of: 2015-09               # YYYY, YYYY-MM or YYYY-MM-DD
#       stance: What they hold.
#       cites: [{source: an-article-id, quote: the words that show it}]
"""
    )
    meetings = (
        head("meetings")
        + """\
# Meetings and events (kind: event), with a date or a start and an end.
[]
# - id: first-round
#   title: First round of talks
#   date: 2015-09-25                 # or start: ... and end: ...
#   place: Washington
#   status: held                     # held | scheduled | postponed | cancelled | suspended
#   participants: [a-person]
#   summary: What happened.
#   outcomes:
#     - text: What was agreed.
#       cites: [{source: an-article-id, quote: the words}]
#   cites: [{source: an-article-id, quote: the words}]
"""
    )
    questions = (
        head("questions")
        + """\
# Open questions: why each matters, what would answer it, and its status over time.
[]
# - id: a-question
#   question: Will they agree?
#   why_it_matters: Because.
#   raised_at: first-round           # a meeting id (optional)
#   status_history:
#     - as_of: 2015-09-25
#       status: open                 # open | partly-answered | answered
#       note: Where it stands.
#       cites: [{source: an-article-id, quote: the words}]
#   watch_for:
#     - An indicator to watch
"""
    )
    metrics = (
        head("metrics")
        + """\
# Figures the sources give: a number to compare, and the source's own wording.
[]
# - id: a-figure
#   label: What is counted
#   unit: people
#   observations:
#     - as_of: 2015
#       value: 20000000
#       display: over 20 million     # as the source says it
#       qualifier: at-least          # exact | approx | at-least | estimate
#       cites: [{source: an-article-id, quote: over 20 million}]
"""
    )
    return {
        "brief.yaml": brief,
        "actors.yaml": actors,
        "meetings.yaml": meetings,
        "questions.yaml": questions,
        "metrics.yaml": metrics,
    }


# --- corpus add: import an article ----------------------------------------------------------


class _Paragraphs(html.parser.HTMLParser):
    """The text of a saved web page's paragraphs (<p>, <h1>–<h6>, <li>, <blockquote>),
    skipping scripts, styles, navigation and the like."""

    BLOCKS: ClassVar[set[str]] = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"}
    SKIP: ClassVar[set[str]] = {
        "script",
        "style",
        "noscript",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "figure",
        "figcaption",
        "template",
        "svg",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] | None = None
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS and not self.skipping:
            self._close()
            self.current = []
        elif tag == "br" and self.current is not None:
            self.current.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCKS:
            self._close()

    def handle_data(self, data: str) -> None:
        if self.current is not None and not self.skipping:
            self.current.append(data)

    def _close(self) -> None:
        if self.current is not None:
            text = " ".join("".join(self.current).split())
            if text:
                self.paragraphs.append(text)
        self.current = None


def article_paragraphs(text: str, *, is_html: bool) -> list[str]:
    """An article's paragraphs, words untouched: line endings normalized, runs of white
    space inside a paragraph made one space; from HTML, the text of its paragraphs."""
    if is_html:
        parser = _Paragraphs()
        parser.feed(text)
        parser.close()
        return parser.paragraphs
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = re.split(r"\n[ \t]*\n", text)
    return [" ".join(b.split()) for b in blocks if b.strip()]


def article_file(meta: schema.ArticleMeta, paragraphs: Iterable[str]) -> str:
    """The corpus file for an article: its YAML header, then its paragraphs."""
    header = {
        k: v
        for k, v in meta.model_dump(mode="json").items()
        if v not in (None, {}, []) or k in ("author", "publisher", "published")
    }
    text = yaml.safe_dump(header, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{text}---\n" + "\n\n".join(paragraphs) + "\n"


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or "<p>" in head or "<body" in head
