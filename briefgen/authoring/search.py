"""`briefgen cite`: find a passage in the corpus by the checker's own rules, or the sentences
most like the words, and print a citation that checks as it is pasted."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from briefgen.model.citations import find_in_paragraph
from briefgen.model.corpus import Article, Corpus


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
