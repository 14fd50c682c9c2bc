"""An article's paragraphs, from plain text or a saved web page: only what a reader sees,
words untouched (line endings normalized, runs of white space made one space).

A quote is verified against this text, so text a reader never sees must not be in it: a
web page's hidden elements (`hidden`, inline `display:none` or `visibility:hidden`), form
controls and their options, templates, scripts, and the page's furniture (navigation,
header, footer, asides, figures) are skipped; so are invisible characters that change what
a reader sees without being words (bidirectional controls, which reorder the text on
screen; zero-width spaces, word joiners and soft hyphens, which split a word invisibly).
`aria-hidden="true"` is kept: it hides an element from screen readers, not from the eye.
Styles from stylesheets and classes are not evaluated.
"""

from __future__ import annotations

import html.parser
import re
from dataclasses import dataclass
from typing import ClassVar

#: Bidi controls (U+061C, U+200E/F, U+202A–E, U+2066–9) and invisible word splitters
#: (soft hyphen, zero-width space, word joiner, zero-width no-break space). Zero-width
#: joiners and non-joiners stay: they shape scripts and emoji.
INVISIBLE = re.compile("[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


@dataclass(frozen=True)
class Block:
    """A paragraph and the lines of the source file it came from (1-based, inclusive)."""

    text: str
    first_line: int
    last_line: int


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or "<p>" in head or "<body" in head


def paragraphs(text: str, *, is_html: bool) -> tuple[list[Block], int]:
    """The paragraphs a reader sees, and how many invisible characters were removed."""
    blocks = _html_blocks(text) if is_html else _plain_blocks(text)
    removed = 0
    visible = []
    for block in blocks:
        clean, n = INVISIBLE.subn("", block.text)
        removed += n
        clean = " ".join(clean.split())
        if clean:
            visible.append(Block(clean, block.first_line, block.last_line))
    return visible, removed


def _plain_blocks(text: str) -> list[Block]:
    """Paragraphs are separated by blank lines."""
    blocks: list[Block] = []
    current: list[str] = []
    first = 0
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for n, line in enumerate([*lines, ""], start=1):
        if line.strip():
            first = first if current else n
            current.append(line)
        elif current:
            blocks.append(Block(" ".join(" ".join(current).split()), first, n - 1))
            current = []
    return blocks


def _html_blocks(text: str) -> list[Block]:
    parser = _VisibleParagraphs()
    parser.feed(text)
    parser.close()
    return parser.blocks


_HIDDEN_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))", re.I
)


class _VisibleParagraphs(html.parser.HTMLParser):
    """The text of a page's paragraphs (<p>, <h1>–<h6>, <li>, <blockquote>) that a reader
    sees. Open elements are kept on a stack, each knowing whether it is hidden, so that a
    hidden element hides everything inside it until it closes, as a browser would."""

    BLOCKS: ClassVar[set[str]] = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"}
    #: Not the article, or not visible: skipped with everything inside them.
    SKIP: ClassVar[set[str]] = {
        *("script", "style", "noscript", "template", "svg", "iframe", "object"),
        *("nav", "header", "footer", "aside", "figure", "figcaption"),
        *("form", "textarea", "select", "option", "datalist"),
    }
    VOID: ClassVar[set[str]] = {
        *("area", "base", "br", "col", "embed", "hr", "img", "input"),
        *("link", "meta", "param", "source", "track", "wbr"),
    }
    #: Elements a start tag of the same name closes (`<p>a<p>b` is two paragraphs).
    IMPLIED_END: ClassVar[set[str]] = {"p", "li", "option", "dt", "dd", "tr", "td", "th"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.open: list[tuple[str, bool]] = []  # (tag, hidden) of each open element
        self.current: list[str] | None = None
        self.first_line = 0

    @property
    def hidden(self) -> bool:
        return bool(self.open) and self.open[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.IMPLIED_END and any(t == tag for t, _ in self.open):
            self._pop_to(tag)
        if tag == "br":
            if self.current is not None and not self.hidden:
                self.current.append(" ")
            return
        if tag in self.VOID:
            return
        hidden = self.hidden or tag in self.SKIP or _hides(attrs)
        self.open.append((tag, hidden))
        if tag in self.BLOCKS and not hidden:
            self._close()
            self.current = []
            self.first_line = self.getpos()[0]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if any(t == tag for t, _ in self.open):
            self._pop_to(tag)

    def handle_data(self, data: str) -> None:
        if self.current is not None and not self.hidden:
            self.current.append(data)

    def _pop_to(self, tag: str) -> None:
        while self.open:
            popped, hidden = self.open.pop()
            if popped in self.BLOCKS and not hidden:
                self._close()
            if popped == tag:
                return

    def _close(self) -> None:
        if self.current is not None:
            self.blocks.append(Block("".join(self.current), self.first_line, self.getpos()[0]))
        self.current = None


def _hides(attrs: list[tuple[str, str | None]]) -> bool:
    for name, value in attrs:
        if name == "hidden":
            return True
        if name == "style" and value and _HIDDEN_STYLE.search(value):
            return True
    return False
