"""Claim-support checks: does each claim say no more than the passages it cites?

`check` proves that a quote stands in its article; these checks read the claim beside the
passage, as an editor would, and warn at the claim's YAML line:

- attribution: a position cites words of its actor, not someone else's account of it;
- hedge: where the passage hedges ("could", "suspected", "several experts agreed"), the
  claim does too;
- specifics: every number, month, day and name in the claim stands in a cited passage
  (and a claim dated to the day or month has a passage that gives that day or month);
- single-source: a key judgment or bottom line rests on more than one source;
- confidence: *high* confidence rests on independent sources whose publisher and date are
  known.

A claim kept as written despite a warning carries its reason in `keep:` — one reason per
check, printed in the memo's note. A reason with nothing to excuse is itself a warning, so
`keep:` cannot go stale into a blanket suppression.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from briefgen.diagnostics import Diagnostic, warning
from briefgen.markup import plain_text
from briefgen.model import schema
from briefgen.model.attribution import speakers
from briefgen.model.citations import Span, excerpt
from briefgen.model.claims import Claim, claims
from briefgen.model.corpus import Article, Corpus
from briefgen.model.dates import MONTHS, PartialDate
from briefgen.model.names import ActorNames, fold, has_word, is_named
from briefgen.model.resolve import Resolution
from briefgen.model.sourcing import independent, unknowns
from briefgen.model.validation import Locate, format_path
from briefgen.model.wording import HEDGES, find_terms, sentence_at, sentences

#: What to do about each warning, appended to its message.
REMEDIES = {
    "attribution": "cite the actor's own words, make it a claim of the one who said it, or",
    "hedge": "say how sure the source is, cite a firmer passage, or",
    "specifics": "reword the claim, cite a passage that gives it, or",
    "single_source": "cite an independent source too, or",
    "confidence": "lower the confidence, add independent sources, or",
}

#: Words by which a claim says it is someone's view or not certain.
_HEDGED_CLAIM = (
    *HEDGES,
    "said", "says", "say", "told", "reported", "reports", "expect", "expects", "expected",
    "estimate", "estimates", "suggest", "suggests", "suggested", "believe", "think", "thinks",
    "view", "sense", "would", "claim", "claims", "claimed", "argue", "argues", "warn", "warns",
    "warned", "sees", "see", "judge", "judges", "assess", "assesses", "assessed", "doubt",
)  # fmt: skip
#: Where a sentence's parts part, for the reach of a hedge: a hedge in a parenthetical
#: ("…, which will include X, aren't expected…") does not reach X.
_CLAUSE_BREAK = re.compile(r",[”\"’]?\s|;\s|\s[—–]\s|:\s")
#: A people's name where the passage names the place, and the other way round.
_DEMONYMS = {"chinese": "china", "american": "america", "americans": "america"}
#: Number words that are only numbers ("one" is as often a pronoun).
_NUMBER_WORDS = dict(
    zip(
        ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"),
        range(2, 12),
        strict=True,
    )
) | {"twelve": 12}
#: A number as written: "2013", "20,000,000", "1.5" — a comma only between thousands (so
#: "2013," is the year and a comma).
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?![\d])|(?<![\w.,])\d+(?:\.\d+)?(?![\w])")
_NUMBER_WORD = re.compile(rf"\b(?:{'|'.join(_NUMBER_WORDS)})\b", re.IGNORECASE)
_CAPITALIZED = re.compile(r"\b[A-Z][\w.’'-]*")
_NOT_NAMES = {"I", "A", "An", "The", "It", "In", "On", "At", "By", "For", "No", "Not"}


@dataclass(frozen=True)
class Passage:
    """A cited passage in its paragraph (the text as published)."""

    article: Article
    paragraph: int
    text: str
    spans: tuple[Span, ...]
    previous: str  # the paragraph before, where "he" may have been named

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    def sentence(self) -> str:
        first, _ = sentence_at(self.text, self.start)
        _, last = sentence_at(self.text, max(self.start, self.end - 1))
        return self.text[first:last]

    def clause(self) -> str:
        """The quote and the rest of its clause: how far a hedge beside it reaches."""
        first, last = sentence_at(self.text, self.start)
        last = max(last, sentence_at(self.text, max(self.start, self.end - 1))[1])
        breaks = [m.start() for m in _CLAUSE_BREAK.finditer(self.text, first, last)]
        begin = max([b for b in breaks if b <= self.start], default=first)
        stop = min([b for b in breaks if b >= self.end], default=last)
        return self.text[begin:stop]

    def lead_in(self) -> str:
        """The quote and its clause up to it: where the one who acts is named."""
        first, _ = sentence_at(self.text, self.start)
        cut = max(self.text.rfind(",", first, self.start), first)
        return self.text[cut : self.end]


@dataclass(frozen=True)
class BriefFacts:
    """What the checks read of the brief as a whole, worked out once per brief, not once
    per claim."""

    as_of: PartialDate
    names: ActorNames

    @classmethod
    def of(cls, brief: schema.Brief) -> BriefFacts:
        return cls(brief.as_of, ActorNames.of(brief.actors))


def lint(
    brief: schema.Brief, corpus: Corpus, resolution: Resolution, locate: Locate
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    facts = BriefFacts.of(brief)
    for claim in claims(brief):
        found = _passages(claim, corpus, resolution)
        if not found:
            continue
        label = format_path(claim.path)
        for name, check in CHECKS.items():
            problem = check(claim, found, facts)
            reason = getattr(claim.keep, name)
            if problem and not reason:
                remedy = REMEDIES[name] + f" keep it with a reason (keep: {{{name}: …}})"
                out.append(warning(locate(claim.path), f"{label}: {problem}; {remedy}"))
            elif reason and not problem:
                where = (*claim.path, "keep", name)
                out.append(
                    warning(
                        locate(where),
                        f"{format_path(where)}: nothing to keep — the claim passes the "
                        f"{name.replace('_', '-')} check; remove the reason",
                    )
                )
    return out


def _passages(claim: Claim, corpus: Corpus, resolution: Resolution) -> list[Passage]:
    found = []
    for cite in claim.cites:
        match = resolution.get(cite)
        article = corpus.get(cite.source)
        if match is None or article is None:
            continue
        n = match.paragraph
        previous = article.paragraph(n - 1).text if n > 1 else ""
        found.append(Passage(article, n, article.paragraph(n).text, match.spans, previous))
    return found


# --- the checks: each returns what it saw, or None --------------------------------------------

Check = Callable[[Claim, list[Passage], "BriefFacts"], str | None]


def attribution(claim: Claim, passages: list[Passage], facts: BriefFacts) -> str | None:
    actor = claim.actor
    if claim.kind != "position" or actor is None:
        return None
    for p in passages:
        said = speakers(p.text, p.start, p.end, p.previous)
        for who in said:
            if not is_named(who.who, actor):
                return (
                    f"its passage reports what {who.who} {who.verb}"
                    f" (“{excerpt(p.sentence(), 120)}”), not a position of {actor.name}"
                )
        if not said and not is_named(p.lead_in(), actor):
            return (
                f"its passage does not name {actor.name} as the one who holds it "
                f"(“{excerpt(p.sentence(), 120)}”): it reads as the reporter's own words"
            )
    return None


def hedge(claim: Claim, passages: list[Passage], facts: BriefFacts) -> str | None:
    said = sorted({t for p in passages for t in find_terms(p.clause(), HEDGES)})
    if not said or _is_hedged(claim):
        return None
    words = ", ".join(f"“{t}”" for t in said)
    return f"its passage hedges ({words}) but the claim states it flat"


def specifics(claim: Claim, passages: list[Passage], facts: BriefFacts) -> str | None:
    text = " ".join(p.text for p in passages)
    known = _known_dates(passages, claim, facts.as_of)
    missing = [
        *_missing_numbers(claim.text, text, known),
        *_missing_months(claim.text, text, known),
        *_missing_names(claim.text, text, facts),
    ]
    if missing:
        shown = ", ".join(f"“{m}”" for m in dict.fromkeys(missing))
        return f"it gives {shown}, which none of its passages does"
    return _unsupported_date(claim, passages, text)


def single_source(claim: Claim, passages: list[Passage], facts: BriefFacts) -> str | None:
    if claim.kind not in ("judgment", "bottom-line"):
        return None
    groups = independent(p.article for p in passages)
    if len(groups) >= 2:
        return None
    return f"it rests on a single source ('{groups[0][0].id}')"


def confidence(claim: Claim, passages: list[Passage], facts: BriefFacts) -> str | None:
    item = claim.item
    if not isinstance(item, schema.KeyJudgment) or item.confidence != "high":
        return None
    articles = list({p.article.id: p.article for p in passages}.values())
    if len(independent(articles)) < 2:
        return "high confidence rests on a single source"
    weak = [(a.id, ", ".join(m)) for a in articles if (m := _weak(a))]
    if weak:
        shown = "; ".join(f"'{a}' ({m} not known)" for a, m in weak)
        return f"high confidence rests on a source whose origin is not known: {shown}"
    return None


CHECKS: dict[str, Check] = {
    "attribution": attribution,
    "hedge": hedge,
    "specifics": specifics,
    "single_source": single_source,
    "confidence": confidence,
}


# --- helpers ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=12)
def _month(month: str) -> re.Pattern[str]:
    """A month as a source writes it — "September", "Sept." or "Sep." — not the first
    letters of "Separately" or "Marine"."""
    short = {month[:3], "Sept"} if month == "September" else {month[:3]}
    forms = "|".join([month, *(rf"{s}\." for s in sorted(short) if s != month)])
    return re.compile(rf"\b(?:{forms})(?!\w)")


def _is_hedged(claim: Claim) -> bool:
    item = claim.item
    if isinstance(item, schema.KeyJudgment):
        extreme = item.likelihood in ("almost certain", "almost no chance")
        if (item.kind == "forecast" and not extreme) or item.confidence != "high":
            return True
    if isinstance(item, schema.Observation) and item.qualifier in ("estimate", "approx"):
        return True
    return bool(find_terms(claim.text, _HEDGED_CLAIM))


def _weak(article: Article) -> list[str]:
    """What makes a source too uncertain to carry high confidence: no publisher, no date
    stated (an author or a kind not known does not, on its own)."""
    return [u for u in unknowns(article.meta) if u in ("publisher", "date")]


def _known_dates(passages: Iterable[Passage], claim: Claim, as_of: PartialDate) -> set[str]:
    """Date parts a claim may give without a passage stating them: the date of the edition
    it belongs to and the stated publication dates of the cited articles."""
    edition = claim.as_of if claim.kind in ("judgment", "bottom-line") else None
    dates = [edition or as_of] + [
        p.article.meta.published
        for p in passages
        if p.article.meta.published and p.article.meta.published_basis != "inferred"
    ]
    known: set[str] = set()
    for d in dates:
        known.add(str(d.year))
        if d.month:
            known.add(MONTHS[d.month - 1])
        if d.day:
            known.add(str(d.day))
    return known


def _numbers(text: str) -> list[tuple[str, float]]:
    found = [(m.group(), float(m.group().replace(",", ""))) for m in _NUMBER.finditer(text)]
    for m in _NUMBER_WORD.finditer(text):
        found.append((m.group(), _NUMBER_WORDS[m.group().casefold()]))
    return found


def _missing_numbers(claim: str, passages: str, known: set[str]) -> list[str]:
    have = {value for _, value in _numbers(passages)}
    return [
        shown
        for shown, value in _numbers(plain_text(claim))
        if value not in have and shown not in known
    ]


def _missing_months(claim: str, passages: str, known: set[str]) -> list[str]:
    return [
        month
        for month in MONTHS
        if re.search(rf"\b{month}\b", claim)
        and month not in known
        and not _month(month).search(passages)
    ]


def _missing_names(claim: str, passages: str, facts: BriefFacts) -> list[str]:
    """Capitalized words (not opening a sentence) that no passage has, counting an actor's
    other names as the same name ("Beijing" where the passage says "China")."""
    plain = plain_text(claim)
    folded_passages = fold(passages)
    equal = facts.names.words_in(folded_passages)
    if "united states" in folded_passages or "u.s." in folded_passages:
        equal |= {"u.s.", "us", "united", "states", "american", "america"}
    equal |= {d for d, place in _DEMONYMS.items() if place in folded_passages}
    missing = []
    for start, end in sentences(plain):
        for m in _CAPITALIZED.finditer(plain, start, end):
            if m.start() == start:  # a sentence's first word is capitalized anyway
                continue
            word = re.sub(r"['’]s$", "", m.group()).rstrip(",;:")
            if word.endswith(".") and "." not in word[:-1]:  # a full stop, not "U.S."
                word = word[:-1]
            parts = [w for w in re.split(r"[–—-]", word) if w]
            for part in parts:
                if part in _NOT_NAMES or part in MONTHS or fold(part) in equal:
                    continue
                if not has_word(folded_passages, fold(part)):
                    missing.append(part)
    return missing


def _claim_dates(claim: Claim) -> list[tuple[str, PartialDate]]:
    item = claim.item
    if isinstance(item, schema.Meeting):
        if item.dates_inferred:
            return []
        named = (("date", item.date), ("start", item.start), ("end", item.end))
        return [(key, d) for key, d in named if d is not None]
    # a judgment's or bottom line's as_of names its edition: it is not a claim about a date
    dated = claim.as_of and claim.kind not in ("judgment", "bottom-line")
    return [("as_of", claim.as_of)] if claim.as_of and dated else []


def _unsupported_date(claim: Claim, passages: list[Passage], text: str) -> str | None:
    """A date given to the day (or month) that no passage gives, nor a cited article's
    publication (an as_of may be the day the article appeared)."""
    published = {p.article.meta.published for p in passages if p.article.meta.published}
    for key, d in _claim_dates(claim):
        if d.month is None:
            continue
        month = MONTHS[d.month - 1]
        if d.day is None:
            stated = _month(month).search(text)
            of_article = any(p.year == d.year and p.month == d.month for p in published)
        else:
            stated = re.search(rf"\b{month}\.?\s+{d.day}\b|\b{d.day}\s+{month}\b", text)
            of_article = key == "as_of" and d in published
        if not stated and not of_article:
            precision = "day" if d.day else "month"
            return (
                f"its {key} {d} gives the {precision}, but no passage does (nor the cited "
                "article's date): write the date as precisely as the source allows"
                + (" — or say how it was inferred (dates_inferred: …)" if key != "as_of" else "")
            )
    return None
