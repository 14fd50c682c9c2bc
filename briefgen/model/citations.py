"""Quote matching: does a cited passage stand, word for word, in its article?

Quotes and articles are compared in matching form (see text.py). A quote starts and ends on
whole words of the source. An ellipsis in a quote marks words left out within one sentence:
the parts around it (two words or more each) must appear in order in that sentence, and it
may not leave out a negation or a hedge ("not", "probably"…), which would turn the passage's
meaning. Brackets are literal: `[i]n private` matches only a source that prints the
bracket. Case is significant. A quote stands in one paragraph; it never runs across two.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from briefgen.model.corpus import Article, Paragraph
from briefgen.model.text import ELLIPSIS, NormalizedText, normalize
from briefgen.model.wording import HEDGES, NEGATIONS, find_terms, sentence_ends, words

Span = tuple[int, int]


@dataclass(frozen=True)
class Match:
    """Where a quote stands: its article, paragraph and the character spans it covers."""

    article_id: str
    paragraph: int
    spans: tuple[Span, ...]  # in the paragraph's original text; >1 when elided


@dataclass(frozen=True)
class Refused:
    """The quote breaks a rule of quoting: in itself (`paragraph` None), or where its words
    stand in the article."""

    reason: str
    paragraph: int | None = None


def find_in_paragraph(quote: str | NormalizedText, paragraph: NormalizedText) -> tuple[Span, ...]:
    """Spans of the quote in the paragraph (original coordinates), or () when it is not
    there by the rules."""
    q = quote if isinstance(quote, NormalizedText) else normalize(quote)
    found = match_in_paragraph(q, paragraph)
    if not isinstance(found, tuple) or (len(found) > 1 and form_problem(q.text)):
        return ()
    return found


def form_problem(q: str) -> str | None:
    """What is wrong with a quote (in matching form) whatever its source says."""
    if not words(q):
        return "the quote has no words"
    pieces = _pieces(q)
    short = [p for p in pieces if len(words(p)) < 2] if len(pieces) > 1 else []
    if short:
        return (
            f"each part of an elided quote must be two words or more, and “{short[0]}” is "
            "not: quote more of the passage, or quote the words without the ellipsis"
        )
    return None


def _pieces(q: str) -> list[str]:
    return [p for p in (p.strip() for p in q.split(ELLIPSIS)) if p]


def match_in_paragraph(
    quote: str | NormalizedText, paragraph: NormalizedText
) -> tuple[Span, ...] | str | None:
    """Where the quote stands in the paragraph, by the rules: its spans (original
    coordinates); or why its words, though there, do not make a quotation (a reason); or
    None. The rules: a quote starts and ends on word boundaries; an ellipsis stands for
    words left out within one sentence, and it may not leave out a negation or a hedge.
    (The quote's own form — words, parts of two words — is `form_problem`'s to judge.)"""
    q = (quote if isinstance(quote, NormalizedText) else normalize(quote)).text
    hay = paragraph.text
    contiguous = _find_whole(hay, q, 0)
    if contiguous is not None:
        return (paragraph.original_span(contiguous, contiguous + len(q)),)
    pieces = _pieces(q) if ELLIPSIS in q else [q]
    first_reason: str | None = None
    for first in _whole_occurrences(hay, pieces[0], 0) if len(pieces) > 1 else ():
        placed = _place(hay, pieces, first)
        if placed is None:
            break  # the later pieces do not follow this one, nor any later one
        reason = _elision_problem(hay, placed)
        if reason is None:
            return tuple(paragraph.original_span(a, b) for a, b in placed)
        first_reason = first_reason or reason
    return first_reason or next((r for p in pieces if (r := _cut_word(paragraph, p))), None)


def _place(hay: str, pieces: list[str], first: int) -> list[Span] | None:
    """The pieces in order, the first at `first`, each later one at its first whole-word
    place after the one before."""
    spans = [(first, first + len(pieces[0]))]
    for piece in pieces[1:]:
        at = _find_whole(hay, piece, spans[-1][1])
        if at is None:
            return None
        spans.append((at, at + len(piece)))
    return spans


def _elision_problem(hay: str, spans: list[Span]) -> str | None:
    ends = list(sentence_ends(hay))
    for (_, gap_start), (gap_end, _) in itertools.pairwise(spans):
        left_out = hay[gap_start:gap_end]
        if any(gap_start <= e < gap_end for e in ends):
            return (
                "the ellipsis joins words from two sentences; an ellipsis stands for words "
                "left out within one sentence: quote each sentence on its own"
            )
        dropped = find_terms(left_out, NEGATIONS + HEDGES)
        if dropped:
            named = ", ".join(f"“{w}”" for w in dropped)
            gap = left_out.strip()
            context = "" if gap.casefold() in dropped else f" (in “{excerpt(gap, 80)}”)"
            return (
                f"the ellipsis leaves out {named}{context}, which changes what the passage "
                "says: quote those words too"
            )
    return None


def _is_word_char(c: str) -> bool:
    return c.isalnum()


def _inside_word(hay: str, at: int, *, start: bool) -> bool:
    """Whether a quote edge at `at` (a start or an end) cuts a word of `hay` in two. An
    apostrophe or hyphen joined to letters on the far side belongs to the word."""
    if start:
        if at == 0:
            return False
        before = hay[at - 1]
        return _is_word_char(before) or (before in "'-" and at >= 2 and not hay[at - 2].isspace())
    if at >= len(hay):
        return False
    after = hay[at]
    return _is_word_char(after) or (
        after in "'-" and at + 1 < len(hay) and _is_word_char(hay[at + 1])
    )


def _whole(hay: str, piece: str, at: int) -> bool:
    end = at + len(piece)
    return not (_is_word_char(piece[0]) and _inside_word(hay, at, start=True)) and not (
        _is_word_char(piece[-1]) and _inside_word(hay, end, start=False)
    )


def _whole_occurrences(hay: str, piece: str, start: int) -> Iterator[int]:
    at = hay.find(piece, start)
    while at >= 0:
        if _whole(hay, piece, at):
            yield at
        at = hay.find(piece, at + 1)


def _find_whole(hay: str, piece: str, start: int) -> int | None:
    return next(_whole_occurrences(hay, piece, start), None)


def _cut_word(paragraph: NormalizedText, piece: str) -> str | None:
    """If `piece` stands in the paragraph only inside longer words, say which words it
    cuts, in the source's own characters."""
    hay = paragraph.text
    at = hay.find(piece)
    if at < 0 or _find_whole(hay, piece, 0) is not None:
        return None
    a, b = _widen_to_words(paragraph.source, *paragraph.original_span(at, at + len(piece)))
    return (
        f"the quote cuts a word of the source in two (“{excerpt(paragraph.source[a:b], 80)}”):"
        " a quote starts and ends on whole words"
    )


def find_in_article(quote: str, article: Article) -> Match | Refused | None:
    """Where the quote stands (the first paragraph that holds it by the rules), or why it
    does not count where its words stand, or None."""
    normalized = normalize(quote)
    refused: Refused | None = None
    elided: Match | None = None
    for para in article.paragraphs:
        found = match_in_paragraph(normalized, para.normalized)
        if isinstance(found, tuple) and len(found) == 1:  # word for word, the source's
            return Match(article.id, para.number, found)  # own ellipses included
        if isinstance(found, tuple):
            elided = elided or Match(article.id, para.number, found)
        elif found is not None:
            refused = refused or Refused(found, para.number)
    # A malformed elision is refused as such where its parts do stand in the article;
    # elsewhere the quote is simply not there (and the analyst is shown what is).
    problem = form_problem(normalized.text)
    if problem and (not words(normalized.text) or _parts_in_order(normalized.text, article)):
        return Refused(problem)
    return elided or refused


def _parts_in_order(q: str, article: Article) -> bool:
    """Whether the parts of an elided quote appear in order in one paragraph, word
    boundaries aside."""
    for para in article.paragraphs:
        pos = 0
        for piece in _pieces(q):
            pos = para.normalized.text.find(piece, pos)
            if pos < 0:
                break
            pos += len(piece)
        else:
            return True
    return False


def find_elsewhere(quote: str, articles: Iterable[Article], skip: str) -> list[Match]:
    found = []
    for article in articles:
        if article.id != skip and isinstance(m := find_in_article(quote, article), Match):
            found.append(m)
    return found


def across_paragraphs(quote: str, article: Article) -> tuple[int, int] | None:
    """The two paragraphs a quote runs across, if joining them would hold it."""
    q = normalize(quote).text
    for a, b in itertools.pairwise(article.paragraphs):
        joined = f"{a.normalized.text} {b.normalized.text}"
        at = joined.find(q)
        if 0 <= at < len(a.normalized.text) < at + len(q):
            return a.number, b.number
    return None


@dataclass(frozen=True)
class NearMiss:
    paragraph: int
    similarity: float  # 0-100
    passage: str
    #: The passage and the words after it, to tell a quote's difference from it when the
    #: source has words the quote leaves out (the aligned passage then stops short).
    passage_onwards: str = ""


def closest_passage(quote: str, paragraphs: Sequence[Paragraph]) -> NearMiss | None:
    """The passage most like the quote, to show the analyst what the article actually says."""
    from rapidfuzz import fuzz  # only when a quote is not found: keep it off start-up

    q = normalize(quote).text
    best: NearMiss | None = None
    for para in paragraphs:
        hay = para.normalized
        result = fuzz.partial_ratio_alignment(q, hay.text)
        if result is None:
            continue
        if best is None or result.score > best.similarity:
            start, end = hay.original_span(result.dest_start, result.dest_end)
            start, end = _widen_to_words(para.text, start, end)
            onwards = para.text[start : end + len(quote)]
            best = NearMiss(para.number, result.score, para.text[start:end], onwards)
    return best


def _widen_to_words(text: str, start: int, end: int) -> Span:
    """Show whole words: an alignment may start or stop inside one."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def word_difference(quote: str, passage: str, most: int = 3) -> str:
    """How a near-miss quote differs from the passage, word by word, in plain words: what
    to change so that it matches (spelling, a missing or extra word)."""
    mine, theirs = normalize(quote).text.split(), normalize(passage).text.split()
    # shown as typed and as published (matching form only for comparing)
    shown_mine, shown_theirs = _same_words(quote, mine), _same_words(passage, theirs)
    ops = difflib.SequenceMatcher(None, mine, theirs, autojunk=False).get_opcodes()
    said = []
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "replace" and n == len(ops) - 1:  # the source's words after the quote
            j2 = min(j2, j1 + (i2 - i1))  # are context, not a difference
        if op == "replace" and n == 0:
            j1 = max(j1, j2 - (i2 - i1))
        ours, source = " ".join(shown_mine[i1:i2]), " ".join(shown_theirs[j1:j2])
        if op == "replace":
            said.append(f"“{ours}” where the source has “{source}”")
        elif op == "delete":
            said.append(f"“{ours}” is not in the source")
        elif op == "insert" and 0 < n < len(ops) - 1:  # words around the quote don't count
            after = f" after “{shown_mine[i1 - 1]}”" if i1 else ""
            said.append(f"the source has “{source}”{after}")
    if not said:
        return ""
    more = f", and {len(said) - most} more difference(s)" if len(said) > most else ""
    return "; ".join(said[:most]) + more


def _same_words(original: str, normalized: list[str]) -> list[str]:
    """The original's words, when they line up one for one with the matching form's."""
    shown = original.split()
    return shown if len(shown) == len(normalized) else normalized


def excerpt(text: str, limit: int = 160) -> str:
    """The text on one line, cut at a word (a long word at the limit) when too long."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:—–-") + "…"


def quoted_words(text: str, match: Match, joiner: str = " … ") -> str:
    """The words a match covers, as the article prints them; elided pieces joined."""
    return joiner.join(text[a:b] for a, b in match.spans)
