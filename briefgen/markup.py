"""Markdown prose fields to safe HTML.

Raw HTML in a field is shown as text, never passed through; links keep only http(s),
mailto and in-page targets; images are refused (a memo is built from the brief's words, and
an image address is a fetch — from the network or the analyst's disk). Each refusal is
reported so the build can warn about the field it came from.
"""

from __future__ import annotations

import functools
import re
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

SAFE_SCHEMES = {"http", "https", "mailto"}

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"\*\*|__|`|(?<!\w)[*_]|[*_](?!\w)")


def plain_text(markdown_text: str) -> str:
    """Markdown as the words a reader sees, on one line: a link's text without its
    address (the digits of a URL are not the claim's), no emphasis or code marks (an
    underscore inside a word stays)."""
    return " ".join(_MARKS.sub("", _LINK.sub(r"\1", markdown_text)).split())


@dataclass
class Rendered:
    html: Markup
    problems: list[str] = field(default_factory=list)
    fragments: list[str] = field(default_factory=list)  # in-page link targets, without '#'


class _Sanitizer(Treeprocessor):
    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.problems: list[str] = []
        self.fragments: list[str] = []

    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "img":
                    self._drop_image(parent, child)
                elif child.tag == "a":
                    self._check_link(child)

    def _drop_image(self, parent: ET.Element, img: ET.Element) -> None:
        src = img.get("src", "")
        self.problems.append(f"image '{src}' not included: memos take no images from brief text")
        alt = img.get("alt", "")
        index = list(parent).index(img)
        parent.remove(img)
        if alt:
            span = ET.Element("span")
            span.text = alt
            span.tail = img.tail
            parent.insert(index, span)
        elif img.tail:
            if index:
                prev = parent[index - 1]
                prev.tail = (prev.tail or "") + img.tail
            else:
                parent.text = (parent.text or "") + img.tail

    def _check_link(self, a: ET.Element) -> None:
        href = (a.get("href") or "").strip()
        scheme = urlsplit(href).scheme.lower()
        if href.startswith("#"):
            self.fragments.append(href[1:])
        if href.startswith("#") or scheme in SAFE_SCHEMES:
            if scheme in ("http", "https"):
                a.set("rel", "noopener noreferrer")
            return
        self.problems.append(f"link '{href}' removed: only http, https and mailto links are kept")
        a.attrib.pop("href", None)
        a.tag = "span"


_TYPOGRAPHIC = {
    "left-single-quote": "‘",
    "right-single-quote": "’",
    "left-double-quote": "“",
    "right-double-quote": "”",
    "ndash": "–",
    "mdash": "—",
    "ellipsis": "…",
}


class MarkdownRenderer:
    """Converts each distinct text once: the same judgment cited in two places, checked and
    then rendered, or printed in two editions, costs one conversion (Markdown is the slow
    part of rendering a large brief). One renderer serves a process (`shared`); its cache
    is emptied when it grows past CACHE_SIZE texts, as in a long `serve`."""

    CACHE_SIZE = 20_000

    def __init__(self) -> None:
        # smarty: the analyst's straight quotes, apostrophes, dashes and dots set as
        # typographic characters (not entities), as smarten() sets plain text
        self._md = markdown.Markdown(
            extensions=["smarty"],
            extension_configs={"smarty": {"substitutions": _TYPOGRAPHIC}},
            output_format="html",
        )
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        self._sanitizer = _Sanitizer(self._md)
        self._md.treeprocessors.register(self._sanitizer, "briefgen_sanitize", 1)
        self._cache: dict[tuple[str, bool], Rendered] = {}
        self._lock = threading.Lock()

    def render(self, text: str, *, inline: bool = False) -> Rendered:
        with self._lock:  # one conversion at a time: the converter and sanitizer keep state
            return self._render(text, inline)

    def _render(self, text: str, inline: bool) -> Rendered:
        key = (text, inline)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        if len(self._cache) >= self.CACHE_SIZE:
            self._cache.clear()
        self._sanitizer.problems = []
        self._sanitizer.fragments = []
        html = self._md.reset().convert(text)
        if inline and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        result = Rendered(
            Markup(html), list(self._sanitizer.problems), list(self._sanitizer.fragments)
        )
        self._cache[key] = result
        return result


@functools.cache
def shared() -> MarkdownRenderer:
    return MarkdownRenderer()
