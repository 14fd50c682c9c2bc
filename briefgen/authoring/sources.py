"""`briefgen sources`: the corpus and how the briefs use it — and, with `--coverage`, what
the sources say that no claim cites, so an analyst sees what the brief leaves out."""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.api import CheckResult
from briefgen.model import schema
from briefgen.model.citations import excerpt
from briefgen.model.claims import citations
from briefgen.model.corpus import Article, Corpus, load_corpus
from briefgen.model.wording import sentences


@dataclass(frozen=True)
class SourceUse:
    article: Article
    cited_by: dict[str, int]  # brief id → number of citations

    def summary(self) -> str:
        """Two lines for the listing: id, then title, publisher, date, size and use."""
        meta = self.article.meta
        when = (
            f"{meta.published}{' (inferred)' if meta.published_basis == 'inferred' else ''}"
            if meta.published
            else "date not known"
        )
        uses = ", ".join(f"{b}: {n}" for b, n in sorted(self.cited_by.items()))
        cited = f"cited by {uses}" if uses else "not cited by any brief"
        return (
            f"{meta.id}\n    {meta.title} — {meta.publisher or 'publisher not known'}, "
            f"{when}; {len(self.article.paragraphs)} paragraphs; {cited}"
        )


def source_use(checked: CheckResult) -> list[SourceUse]:
    """Every article of the project's corpus, with how often each checked brief cites it."""
    corpus = next(iter(checked.briefs.values())).corpus if checked.briefs else None
    if corpus is None:
        corpus, _ = load_corpus(checked.project.corpus_dir)
    return count_citations(corpus, {b: c.loaded.brief for b, c in checked.briefs.items()})


def count_citations(corpus: Corpus, briefs: dict[str, schema.Brief]) -> list[SourceUse]:
    counts: dict[str, dict[str, int]] = {a: {} for a in corpus.articles}
    for brief_id, brief in briefs.items():
        for cite in citations(brief):
            if cite.source in counts:
                by_brief = counts[cite.source]
                by_brief[brief_id] = by_brief.get(brief_id, 0) + 1
    return [SourceUse(corpus.articles[a], counts[a]) for a in sorted(corpus.articles)]


# --- coverage: what the sources say that the brief does not -----------------------------------


@dataclass(frozen=True)
class Uncited:
    """A paragraph no claim cites (`sentence` None), or one sentence of a cited paragraph."""

    paragraph: int
    sentence: int | None
    text: str


@dataclass(frozen=True)
class Coverage:
    article: Article
    cited_paragraphs: int
    uncited: list[Uncited]

    def lines(self) -> list[str]:
        meta = self.article.meta
        total = len(self.article.paragraphs)
        head = f"{meta.id} — {meta.title}: {self.cited_paragraphs} of {total} paragraphs cited"
        body = [
            f"  ¶{u.paragraph}{f', sentence {u.sentence}' if u.sentence else ''} not cited: "
            f"“{excerpt(u.text, 200)}”"
            for u in self.uncited
        ]
        return [head, *body]


def coverage(checked: CheckResult, briefs: list[str] | None = None) -> list[Coverage]:
    """For each article of the corpus, the paragraphs — and the sentences of cited
    paragraphs — that no claim of the given briefs (default: all) cites."""
    chosen = [checked.briefs[b] for b in briefs] if briefs else list(checked.briefs.values())
    spans: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for brief in chosen:
        for cite in citations(brief.loaded.brief):
            match = brief.resolution.get(cite)
            if match is not None:
                spans.setdefault((match.article_id, match.paragraph), []).extend(match.spans)
    corpus = chosen[0].corpus if chosen else load_corpus(checked.project.corpus_dir)[0]
    result = []
    for article in sorted(corpus.articles.values(), key=lambda a: a.id):
        uncited: list[Uncited] = []
        for para in article.paragraphs:
            cited = spans.get((article.id, para.number), [])
            if not cited:
                uncited.append(Uncited(para.number, None, para.text))
                continue
            for n, (a, b) in enumerate(sentences(para.text), start=1):
                if not any(x < b and a < y for x, y in cited):
                    uncited.append(Uncited(para.number, n, para.text[a:b]))
        whole = sum(1 for u in uncited if u.sentence is None)
        result.append(Coverage(article, len(article.paragraphs) - whole, uncited))
    return result
