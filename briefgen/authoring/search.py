"""`briefgen cite`: find a passage in the corpus by the checker's own rules, or the sentences
most like the words, and print a citation that checks as it is pasted."""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from rapidfuzz import fuzz

from briefgen.errors import UsageError
from briefgen.model.citations import find_in_paragraph
from briefgen.model.corpus import Article, Corpus
from briefgen.model.wording import content_words, sentences


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
    best first. `limit=None` lists every exact match and every near one worth showing.
    Words too common to say anything ("the", "of") do not count towards a near match; a
    search made only of them is refused."""
    wanted = content_words(words)
    if not wanted:
        raise UsageError(
            f"“{words}” has only common words (the, of, and…), which say nothing about a "
            "passage: give some of its telling words"
        )
    articles = [corpus.articles[source]] if source else list(corpus.articles.values())
    hits: list[Hit] = []
    for article in articles:
        for para in article.paragraphs:
            spans = find_in_paragraph(words, para.normalized)
            if spans:
                hits.append(Hit(article, para.number, spans[0][0], spans[-1][1], 100.0))
                continue
            # not there word for word: offer the sentence most like the words (a sentence
            # is what an analyst quotes)
            best = max(
                ((similarity(wanted, para.text[a:b]), a, b) for a, b in sentences(para.text)),
                default=None,
            )
            if best is None or best[0] < NEAR:
                continue
            hits.append(Hit(article, para.number, best[1], best[2], min(best[0], 99.0)))
    hits.sort(key=lambda h: (-h.score, h.article.id, h.paragraph))
    exact = [h for h in hits if h.exact]
    if exact:  # the words are there: near misses would only distract
        hits = exact
    return hits if limit is None else hits[:limit]


#: Below this a sentence shares too little with the words to be offered.
NEAR = 60.0


def similarity(wanted: list[str], sentence: str) -> float:
    """How much of what the analyst typed stands in the sentence, 0–100: each telling word
    counts by its length, in full when the sentence has it, in part when it has a word
    spelled nearly the same ("scepticism"/"skepticism"), not at all otherwise."""
    have = [w.casefold() for w in content_words(sentence)]
    if not have:
        return 0.0
    total = found = 0.0
    for word in wanted:
        folded = word.casefold()
        best = max(fuzz.ratio(folded, h) for h in have)
        total += len(word)
        found += len(word) * (best / 100 if best >= 80 else 0)
    return 100 * found / total
