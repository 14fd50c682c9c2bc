"""Resolve every citation of a brief against the corpus, and say why one does not resolve.

The result is a value: a :class:`Resolution` mapping each (source, quote) to where it
stands. The renderer and the citations record receive it; the brief itself is not touched,
so any view of the brief (an as-of copy included) resolves through the same map.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from briefgen.diagnostics import Diagnostic, error, warning
from briefgen.model import schema
from briefgen.model.citations import (
    Match,
    Refused,
    across_paragraphs,
    closest_passage,
    excerpt,
    find_elsewhere,
    find_in_article,
    quoted_words,
    word_difference,
)
from briefgen.model.claims import claims
from briefgen.model.corpus import Article, Corpus
from briefgen.model.dates import PartialDate
from briefgen.model.lockfile import Verified
from briefgen.model.validation import Locate, format_path, unknown
from briefgen.model.yamlsource import Path_

#: Below this similarity a near miss is noise, not a hint.
HINT_THRESHOLD = 60.0

CitationKey = tuple[str, str]  # (source, quote): all a match depends on


def key(cite: schema.Citation) -> CitationKey:
    return (cite.source, cite.quote)


@dataclass(frozen=True)
class Resolution:
    """Where each resolved citation stands; an unresolved one is absent."""

    matches: Mapping[CitationKey, Match] = field(default_factory=dict)

    def __getitem__(self, cite: schema.Citation) -> Match:
        return self.matches[key(cite)]

    def get(self, cite: schema.Citation) -> Match | None:
        return self.matches.get(key(cite))


def resolve(
    brief: schema.Brief,
    corpus: Corpus,
    locate: Locate,
    verified: Mapping[CitationKey, Verified] | None = None,
) -> tuple[Resolution, list[Diagnostic]]:
    """Resolve every citation. `verified`: what each citation matched at the last clean
    build (citations.lock), to explain a quote that stopped matching because its article
    was edited."""
    verified = verified or {}
    matches: dict[CitationKey, Match] = {}
    out: list[Diagnostic] = []
    unread: dict[str, list[Path_]] = {}  # article that could not be read → its citations
    for claim in claims(brief):
        if not claim.cites:
            out.append(
                warning(
                    locate(claim.path),
                    f"{format_path(claim.path)}: {claim.label} has no "
                    "citation (add cites: with a source and an exact quote)",
                )
            )
        for k, cite in enumerate(claim.cites):
            path = (*claim.path, "cites", k)
            if cite.source in corpus.unreadable:
                unread.setdefault(cite.source, []).append(path)
                continue
            match = _resolve_one(cite, path, brief.as_of, corpus, locate, out, verified)
            if match is not None:
                matches[key(cite)] = match
    for source, paths in unread.items():
        out.append(_unreadable(source, paths, corpus, locate))
    return Resolution(matches), out


def _unreadable(source: str, paths: list[Path_], corpus: Corpus, locate: Locate) -> Diagnostic:
    """One error for all citations of an article that could not be read, at the first."""
    n = len(paths)
    return error(
        locate((*paths[0], "source")),
        f"{format_path(paths[0])}.source: the article '{source}' could not be read (its "
        f"errors are reported at {corpus.folder.name}/{corpus.unreadable[source].name}); "
        f"{'its citation' if n == 1 else f'its {n} citations'} in this brief "
        f"{'is' if n == 1 else 'are'} checked once it reads",
    )


def _resolve_one(
    cite: schema.Citation,
    path: Path_,
    as_of: PartialDate,
    corpus: Corpus,
    locate: Locate,
    out: list[Diagnostic],
    verified: Mapping[CitationKey, Verified],
) -> Match | None:
    label = format_path(path)
    article = corpus.get(cite.source)
    if article is None:
        out.append(
            error(
                locate((*path, "source")),
                f"{label}.source: "
                + unknown("source", cite.source, set(corpus.articles))
                + f" — articles live in {corpus.folder.name}/<id>.txt",
            )
        )
        return None
    match = find_in_article(cite.quote, article)
    if isinstance(match, Refused):
        where = f" paragraph {match.paragraph}" if match.paragraph else ""
        out.append(
            error(
                locate((*path, "quote")),
                f"{label}.quote: not a faithful quotation of '{cite.source}'{where}: "
                f"{match.reason}",
            )
        )
        return None
    if match is None:
        record = verified.get(key(cite))
        drift = _drift(record, article) if record else None
        message = drift or _not_found(cite.quote, cite.source, corpus)
        out.append(error(locate((*path, "quote")), f"{label}.quote: {message}"))
        return None
    published = article.published
    if published is not None and published.surely_after(as_of):
        out.append(
            warning(
                locate((*path, "source")),
                f"{label}.source: '{article.id}' was "
                f"published {published}, after the brief's as_of {as_of}",
            )
        )
    return match


def _drift(verified: Verified, article: Article) -> str | None:
    """The quote matched when last built; if its paragraph has since been edited, say how."""
    n = verified.paragraph
    now = article.paragraph(n).text if n <= len(article.paragraphs) else None
    if now == verified.paragraph_text:
        return None
    near = closest_passage(verified.passage, article.paragraphs)
    new = (
        f"now reads “{excerpt(near.passage)}” (paragraph {near.paragraph})"
        if near and near.similarity >= HINT_THRESHOLD
        else "is no longer in the article"
    )
    return (
        f"the article '{article.id}' was edited after this quote was verified: paragraph "
        f"{n} read “{excerpt(verified.passage)}” and {new}; check the source and update "
        "the quote"
    )


def _not_found(quote: str, source: str, corpus: Corpus) -> str:
    message = f"quote not found in '{source}'"
    elsewhere = find_elsewhere(quote, corpus.articles.values(), skip=source)
    if elsewhere:
        m = elsewhere[0]
        return (
            message + f"; it is in '{m.article_id}' paragraph {m.paragraph} "
            f"(did you mean source: {m.article_id}?)"
        )
    article = corpus.articles[source]
    across = across_paragraphs(quote, article)
    if across:
        return (
            message + f": it runs from paragraph {across[0]} into paragraph {across[1]}, and a "
            "quote stands within one paragraph — cite each part separately"
        )
    near = closest_passage(quote, article.paragraphs)
    if near and near.similarity >= HINT_THRESHOLD:
        message += (
            f"; closest passage, paragraph {near.paragraph} "
            f"({near.similarity:.0f}% similar): “{excerpt(near.passage)}”"
        )
        difference = word_difference(quote, near.passage_onwards or near.passage)
        if difference:
            message += f" — {difference}"
    if "..." in quote or "…" in quote:
        message += (
            " (an ellipsis stands for elided words; the pieces around it must appear "
            "in this order in one paragraph)"
        )
    return message


def records(brief: schema.Brief, corpus: Corpus, resolution: Resolution) -> list[Verified]:
    """What each resolved citation of a checked brief matches now, for citations.lock."""
    found: dict[CitationKey, Verified] = {}
    for claim in claims(brief):
        for cite in claim.cites:
            match = resolution.get(cite)
            if match is None:
                continue
            text = corpus.articles[match.article_id].paragraph(match.paragraph).text
            found[key(cite)] = Verified(
                cite.source, cite.quote, match.paragraph, quoted_words(text, match), text
            )
    return [found[k] for k in sorted(found)]
