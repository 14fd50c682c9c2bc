"""How text is set: typographic quotes and apostrophes in what the analyst typed, quotation
marks turned inside a quotation, short dates and short titles for notes.

A quote from the corpus keeps its words and its apostrophes as published; only the
quotation marks it contains are turned (double to single), so that a quotation within the
memo's own quotation marks reads “… ‘…’ …”, never “… “…” …”.
"""

from __future__ import annotations

import re

from briefgen.model.dates import PartialDate

#: Chicago's abbreviations, for short dates in notes.
SHORT_MONTHS = [
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
]  # fmt: skip

_OPENS_AFTER = " \t\n([{—–-/“‘"


def smarten(text: str) -> str:
    """Straight quotes and apostrophes in analyst text made typographic: "x" → “x”,
    it's → it’s, 'x' → ‘x’."""
    out = []
    for i, ch in enumerate(text):
        before = text[i - 1] if i else " "
        if ch == '"':
            out.append("“" if before in _OPENS_AFTER else "”")
        elif ch == "'":
            after = text[i + 1] if i + 1 < len(text) else " "
            opening = before in _OPENS_AFTER and not after.isspace()
            out.append("‘" if opening else "’")
        else:
            out.append(ch)
    return "".join(out)


def turn_quotes(quote: str) -> str:
    """A quotation's own quotation marks, turned for nesting inside the memo's: double
    become single, as a quotation within a quotation is set. The words stay as published;
    the article's page shows the marks as they stand."""
    turned = quote.replace("“", "‘").replace("”", "’")
    return re.sub(
        r'"',
        lambda m: "‘" if m.start() == 0 or turned[m.start() - 1] in _OPENS_AFTER else "’",
        turned,
    )


def short_date(d: PartialDate) -> str:
    """`Sept. 2013`, `1 Dec. 2015`, `2014`."""
    if d.month is None:
        return str(d.year)
    month = SHORT_MONTHS[d.month - 1]
    return f"{d.day} {month} {d.year}" if d.day else f"{month} {d.year}"


def short_title(title: str, words: int = 6) -> str:
    """The first words of a title, for a later note on an article with no known publisher."""
    parts = title.split()
    return title if len(parts) <= words else " ".join(parts[:words]).rstrip(",;:") + "…"
