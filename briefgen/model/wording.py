"""Words that carry a claim's weight: negations, hedges, attributions — and sentences.

The quote rules (an ellipsis may not drop "not"), the claim-support lints (a claim may not
drop the source's "probably") and `cite` (which ignores "the" and "of") all read text the
same way; the lists and the sentence splitter live here, once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

#: Words that turn a statement around. "n't" is matched as a word ending.
NEGATIONS = (
    "not",
    "n't",
    "no",
    "never",
    "nor",
    "neither",
    "none",
    "nobody",
    "nothing",
    "nowhere",
    "without",
    "cannot",
    "hardly",
    "barely",
)

#: Words and phrases by which a source says it is not sure.
HEDGES = (
    "could",
    "may",
    "might",
    "probably",
    "possibly",
    "perhaps",
    "likely",
    "unlikely",
    "suspected",
    "suspects",
    "alleged",
    "allegedly",
    "reportedly",
    "reported",
    "expected to",
    "is expected",
    "are expected",
    "aren't expected",
    "appears to",
    "appear to",
    "seems",
    "seem to",
    "believed",
    "believes",
    "estimated",
    "according to",
    "my sense",
    "i think",
    "it is thought",
    "is seen as",
    "widely suspected",
)

#: Words too common to say what a passage is about (for `cite`'s search).
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "i",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "she",
        "so",
        "that",
        "the",
        "their",
        "them",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "which",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def words(text: str) -> list[str]:
    """The words of a text, apostrophes kept inside them (`aren’t` is one word)."""
    return _WORD.findall(text)


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w.casefold() not in STOP_WORDS]


#: Terms that are something else when capitalized ("a May report").
_LOWER_ONLY = {"may"}


def find_terms(text: str, terms: Iterable[str]) -> list[str]:
    """Which of `terms` (words or phrases, lower case) stand in `text` as whole words."""
    folded = " ".join(w.casefold().replace("’", "'") for w in words(text))
    found = []
    for term in terms:
        if term.replace("’", "'") not in folded:  # most terms are absent: skip the regex
            continue
        if term in _LOWER_ONLY:
            if re.search(rf"(?<![\w']){term}(?![\w'])", text):
                found.append(term)
        elif term == "n't":
            if re.search(r"\w+n't\b", folded):
                found.append(term)
        elif re.search(rf"(?<![\w']){re.escape(term)}(?![\w'])", folded):
            found.append(term)
    return found


# --- sentences -------------------------------------------------------------------------------

#: Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "st",
        "jr",
        "sr",
        "prof",
        "u.s",
        "u.n",
        "u.k",
        "d.c",
        "e.g",
        "i.e",
        "etc",
        "vs",
    ]
)
_END = re.compile(r"""[.!?…]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")


def sentence_ends(text: str) -> Iterator[int]:
    """Where each sentence of `text` ends (the index after its closing punctuation), but
    the last. Good enough for news prose: "U.S." and initials do not end a sentence."""
    for m in _END.finditer(text):
        before = text[: m.start()].rsplit(None, 1)[-1] if text[: m.start()].strip() else ""
        token = before.lstrip("\"'“‘([").casefold()
        if m.group().startswith(".") and (token in _ABBREVIATIONS or len(token) == 1):
            continue
        yield m.end()


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of `text`, white space between them left out."""
    spans, start = [], 0
    for end in sentence_ends(text):
        spans.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def sentence_at(text: str, position: int) -> tuple[int, int]:
    """The span of the sentence holding `position`."""
    for start, end in sentences(text):
        if position < end:
            return start, end
    return (0, len(text)) if not text.strip() else sentences(text)[-1]
