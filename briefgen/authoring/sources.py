"""`briefgen sources`: the corpus and how the briefs use it."""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.api import CheckResult
from briefgen.model import schema
from briefgen.model.claims import citations
from briefgen.model.corpus import Article, Corpus, load_corpus


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
