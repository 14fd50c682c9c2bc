"""The matching form of text: what two spellings of one quotation have in common.

Equal for matching: curly and straight quotes and apostrophes, dash variants, runs of white
space, and Unicode compatibility forms (NFKC, so `…` is `...`). Case is kept. Each character
of the matching form remembers where it came from, so a match can be reported (and quoted)
in the article's own characters.
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = {c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\uff07"}
_QUOTES.update({c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\uff02"})
_DASHES = {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"}
_FOLD = {**_QUOTES, **_DASHES}
#: The same folds, and the ellipsis character spelled out, for str.translate.
_FAST_FOLD = str.maketrans({**_FOLD, "\u2026": "..."})
ELLIPSIS = "..."


class NormalizedText:
    """Text in matching form. The map from each normalized character back to the original
    (needed only to report where a match stands) is worked out when first asked for."""

    __slots__ = ("_origin", "source", "text")

    def __init__(self, source: str) -> None:
        self.source = source
        self._origin: tuple[int, ...] | None = None
        folded = source.translate(_FAST_FOLD)
        if folded.isascii():  # the common case: NFKC leaves ASCII alone
            self.text = " ".join(folded.split())
        else:
            self.text, self._origin = _normalize_by_char(source)

    @property
    def origin(self) -> tuple[int, ...]:
        """origin[i] is the index in the original of normalized character i."""
        if self._origin is None:
            self._origin = _ascii_origin(self.source)
        return self._origin

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized [start, end) back to the original text."""
        origin = self.origin
        if start >= end:
            return (origin[start] if start < len(origin) else len(self.source),) * 2
        return origin[start], origin[end - 1] + 1


def normalize(text: str) -> NormalizedText:
    return NormalizedText(text)


def _ascii_origin(source: str) -> tuple[int, ...]:
    """The origins _normalize_by_char would give, for text that folds to ASCII (where only
    the ellipsis character grows, and white space collapses), worked out by runs."""
    folded_to_source: list[int] | range = range(len(source))
    if "\u2026" in source:
        folded_to_source = []
        for i, ch in enumerate(source):
            folded_to_source.extend([i] * (3 if ch == "\u2026" else 1))
    folded = source.translate(_FAST_FOLD)
    origin: list[int] = []
    previous_end = None
    for word in _WORD.finditer(folded):
        if previous_end is not None:
            origin.append(folded_to_source[previous_end])  # the space: where the gap starts
        origin.extend(folded_to_source[word.start() : word.end()])
        previous_end = word.end()
    return tuple(origin)


_WORD = re.compile(r"\S+")


def _normalize_by_char(text: str) -> tuple[str, tuple[int, ...]]:
    """The definition of the matching form, character by character, keeping origins."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded = _FOLD.get(ch)
        if folded is None:
            folded = unicodedata.normalize("NFKC", ch)
            folded = "".join(_FOLD.get(c, c) for c in folded)
        for c in folded:
            if c.isspace():
                if not chars or chars[-1] == " ":
                    continue
                c = " "
            chars.append(c)
            origin.append(i)
    while chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return "".join(chars), tuple(origin)
