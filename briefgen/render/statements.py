"""What the memo says about itself, in plain sentences: the tags of a key judgment, what the
memo rests on (ICD 206's source summary), and what was machine-checked and what is the
analyst's judgment."""

from __future__ import annotations

from briefgen.model import schema
from briefgen.model.claims import claims
from briefgen.model.judgments import likelihood_by_horizon
from briefgen.model.sourcing import SOURCE_KINDS, Summary, unknowns
from briefgen.render.sections import SourcingStatement, Tag
from briefgen.render.typography import short_title

_NUMBERS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def number(n: int) -> str:
    return _NUMBERS[n] if n < len(_NUMBERS) else str(n)


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{number(n)} {one if n == 1 else many or one + 's'}"


def judgment_tags(kj: schema.KeyJudgment, sources: int) -> list[Tag]:
    """Kind, likelihood by horizon, confidence, independent sources: ICD 203 in four tags."""
    tags = [Tag(f"kind-{kj.kind}", kj.kind.capitalize())]
    if kj.likelihood and (likely := likelihood_by_horizon(kj)):
        slug = kj.likelihood.replace(" ", "-")
        tags.append(Tag(f"likelihood-{slug}", likely[0].upper() + likely[1:]))
    tags.append(Tag(f"confidence-{kj.confidence}", f"{kj.confidence.capitalize()} confidence"))
    tags.append(Tag("source-count", f"{sources} source{'' if sources == 1 else 's'}"))
    return tags


def sourcing_statement(summary: Summary) -> SourcingStatement:
    articles = summary.articles
    kinds = {a.meta.kind for a in articles}
    n = summary.independent
    lead = f"This memo rests on {plural(n, 'independent source')}"
    if len(kinds) == 1 and articles:
        one, many = SOURCE_KINDS[kinds.pop()]
        lead += (
            f", {'both' if len(articles) == 2 else 'all'} {many}"
            if len(articles) > 1
            else f", a {one}"
        )
    return SourcingStatement(
        lead + ":",
        [_describe(a.meta) for a in articles],
        _single(summary),
    )


def _describe(meta: schema.ArticleMeta) -> str:
    """One source in a line: who published it, when, by whom, and what is not known."""
    name = meta.publisher or f"“{short_title(meta.title)}”"
    facts = []
    if meta.published and meta.published_basis == "inferred":
        facts.append(f"date inferred as {meta.published.human()}")
    elif meta.published:
        facts.append(meta.published.human())
    if meta.author:
        facts.append(f"by {meta.author}")
    missing = unknowns(meta)
    if meta.published:
        missing = [m for m in missing if m != "date"]
    if missing:
        facts.append(f"{_and(missing)} not known")
    return f"{name} ({'; '.join(facts)})" if facts else name


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _single(summary: Summary) -> str:
    """How much of the memo rests on one source, the judgments named apart."""
    if not summary.single_source_claims:
        return "Every cited claim rests on more than one independent source."
    said = (
        f"{summary.single_source_claims} of its {summary.claims} cited claims"
        " rest on a single source"
    )
    judged = summary.single_source_judgments
    if not judged:
        return f"{said}; none of the key judgments or the bottom line does."
    return f"{said}, {judged} of the {summary.judgments} key judgments and bottom line among them."


def checked_statement(brief: schema.Brief) -> str:
    """What briefgen verified, and what it leaves to the analyst."""
    kept = sum(1 for claim in claims(brief) if any(v for v in claim.keep.model_dump().values()))
    kept_part = (
        f"; {plural(kept, 'claim')} {'is' if kept == 1 else 'are'} kept as written with the "
        "analyst's stated reason, printed in its notes"
        if kept
        else ""
    )
    return (
        "Checked by briefgen: every quotation stands word for word in its source, and every "
        "claim was read against its passages for attribution, hedging, specifics and "
        "single sourcing, and each high-confidence judgment against the standing of its "
        f"sources{kept_part}. The judgments — their wording, likelihood and "
        "confidence — are the analyst's, not machine-checked."
    )
