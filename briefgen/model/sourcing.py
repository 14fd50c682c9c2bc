"""What a brief rests on (ICD 206's source summary): which sources, of what kind, from which
publishers and dates, what is not known about each, and how many claims rest on one source.

Sources are independent when their publishers differ; two articles of one publisher count
once. An article whose publisher is not known counts as its own source — the most that can
be said for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from briefgen.model import schema
from briefgen.model.claims import claims
from briefgen.model.corpus import Article, Corpus

SOURCE_KINDS = {
    "news-article": ("news article", "news articles"),
    "journal-article": ("journal article", "journal articles"),
    "report": ("report", "reports"),
    "transcript": ("transcript", "transcripts"),
    "statement": ("official statement", "official statements"),
    "dataset": ("dataset", "datasets"),
    "other": ("other source", "other sources"),
    None: ("source of unstated kind", "sources of unstated kind"),
}


def independent(articles: Iterable[Article]) -> list[list[Article]]:
    """The articles grouped into independent sources (by publisher, when known)."""
    groups: dict[str, list[Article]] = {}
    for article in articles:
        publisher = article.meta.publisher
        key = f"publisher:{publisher.casefold()}" if publisher else f"article:{article.id}"
        groups.setdefault(key, []).append(article)
    return list(groups.values())


def cited_articles(cites: Iterable[schema.Citation], corpus: Corpus) -> list[Article]:
    """The distinct articles some citations name, in citation order."""
    found: dict[str, Article] = {}
    for cite in cites:
        article = corpus.get(cite.source)
        if article is not None:
            found.setdefault(article.id, article)
    return list(found.values())


def unknowns(meta: schema.ArticleMeta) -> list[str]:
    """What is not known about an article: "publisher", "author", "date", "kind". A date
    inferred by the analyst is not known from the article either."""
    missing = [key for key in ("publisher", "author") if getattr(meta, key) is None]
    if meta.published is None or meta.published_basis == "inferred":
        missing.append("date")
    if meta.kind is None:
        missing.append("kind")
    return missing


@dataclass(frozen=True)
class Summary:
    """What a brief (or a view of it) rests on."""

    articles: list[Article]  # every article cited, in order of first citation
    claims: int  # claims with at least one citation
    single_source_claims: int
    judgments: int  # key judgments and bottom lines with citations
    single_source_judgments: int

    @property
    def independent(self) -> int:
        return len(independent(self.articles))


def summarize(brief: schema.Brief, corpus: Corpus) -> Summary:
    cited: dict[str, Article] = {}
    counts = {"claims": 0, "single": 0, "judgments": 0, "single_judgments": 0}
    for claim in claims(brief):
        articles = cited_articles(claim.cites, corpus)
        if not articles:
            continue
        for article in articles:
            cited.setdefault(article.id, article)
        single = len(independent(articles)) < 2
        counts["claims"] += 1
        counts["single"] += single
        if claim.kind in ("judgment", "bottom-line"):
            counts["judgments"] += 1
            counts["single_judgments"] += single
    return Summary(
        list(cited.values()),
        counts["claims"],
        counts["single"],
        counts["judgments"],
        counts["single_judgments"],
    )
