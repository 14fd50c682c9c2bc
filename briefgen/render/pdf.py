"""HTML → PDF with WeasyPrint, confined: it may read the template folders (the project's
templates/, then briefgen's own) and nothing else.

Measured with WeasyPrint 70: its default fetcher embeds `file:///etc/passwd` from an
attachment link and reads images anywhere on disk, and it *logs* failed fetches, missing
alt text and the like while still returning a PDF. So the fetcher here refuses everything
outside the template folders, and every ERROR WeasyPrint logs becomes a build failure.

WeasyPrint is imported only in this module, and this module only when a PDF is built:
the import is most of briefgen's start-up time.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.urls import URLFetcher

from briefgen.errors import RenderError
from briefgen.paths import Templates

if TYPE_CHECKING:
    from weasyprint.document import Document

PAPER = {"letter": "letter", "a4": "A4"}


class FetchRefused(ValueError):
    """Raised inside WeasyPrint for a URL outside the confinement; it logs it as an error."""


class ConfinedFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint is untyped
    """Serves files of the template folders as if they were one: a URL inside any of them
    names a file, taken from the first folder that has it (the project's overrides first).
    Refuses every other URL (network, other files, `..` escapes, symlinks pointing out) and
    remembers what it refused."""

    def __init__(self, templates: Templates, **kwargs: Any) -> None:
        super().__init__(allowed_protocols={"file"}, **kwargs)
        self.templates = templates
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        parts = urlsplit(url)
        reason = "a memo may use files in the template folders only"
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(os.path.normpath(unquote(parts.path)))  # `..` taken out, links kept
            for folder in self.templates.folders:
                if path.is_relative_to(folder):
                    try:
                        found = self.templates.find(path.relative_to(folder).as_posix())
                    except RenderError as exc:  # a link out of its folder
                        found, reason = None, str(exc)
                    if found is not None:
                        return super().fetch(found.resolve().as_uri(), headers)
                    break
        self.refused.append(url)
        raise FetchRefused(f"refused {url}: {reason}")


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _errors_raised() -> Iterator[None]:
    """Turn anything WeasyPrint logs at ERROR into a RenderError, reported once, in words."""
    logger = logging.getLogger("weasyprint")
    collector = _ErrorCollector()
    logger.addHandler(collector)
    old_propagate = logger.propagate
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(collector)
        logger.propagate = old_propagate
    if collector.messages:
        raise RenderError(
            "WeasyPrint reported errors while making the PDF:\n  " + "\n  ".join(collector.messages)
        )


@contextmanager
def _no_collections() -> Iterator[None]:
    """WeasyPrint makes hundreds of thousands of small objects, very few of them garbage
    cycles: they are the pages being laid out, alive until the PDF is written. Python's
    cycle collector would scan them again and again for nothing (measured: 22 passes,
    0.16 s, for the seed memo; 76 passes, 0.67 s, for a 48-page one), so it is off while
    a memo is laid out and written. Peak memory was the same without it (133 and 373 MB);
    the next collection after it takes whatever garbage there was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render(html: str, *, paper: str = "letter", templates: Templates | None = None) -> Document:
    """Lay out print HTML into pages; relative URLs resolve in (and only in) the template
    folders (default: briefgen's own)."""
    templates = templates or Templates.packaged()
    fetcher = ConfinedFetcher(templates)
    base_url = templates.folders[0].as_uri() + "/"
    with _errors_raised(), _no_collections():
        page_size = weasyprint.CSS(string=f"@page {{ size: {PAPER[paper]}; }}")
        return weasyprint.HTML(
            string=html, base_url=base_url, url_fetcher=fetcher, media_type="print"
        ).render(stylesheets=[page_size])


def write(document: Document, *, pdf_ua: bool = True) -> bytes:
    """The laid-out document as PDF bytes; tagged PDF/UA-1 so screen readers can follow it
    (with what WeasyPrint cannot tag itself added afterwards, see pdfua.py)."""
    with _no_collections():
        with _errors_raised():
            pdf = document.write_pdf(**({"pdf_variant": "pdf/ua-1"} if pdf_ua else {}))
        assert isinstance(pdf, bytes)
        if not pdf_ua:
            return pdf
        from briefgen.render import pdfua

        return pdfua.finish(pdf)


#: The fewest lines of text a page may hold, but the last: a page with less is a spill.
MIN_LINES = 12


def lines_per_page(document: Document) -> list[int]:
    """The lines of text on each page as a reader counts them — one per height at which
    text stands (a list marker and its item's first line are one) — running header and
    footer aside."""
    from weasyprint.formatting_structure import boxes

    def has_text(box: Any) -> bool:
        if isinstance(box, boxes.TextBox):
            return bool(box.text.strip())
        return any(has_text(child) for child in getattr(box, "children", ()))

    def heights(box: Any) -> Iterator[int]:
        if isinstance(box, boxes.MarginBox):
            return
        if isinstance(box, boxes.LineBox) and has_text(box):
            yield round(box.position_y)
        for child in getattr(box, "children", ()):
            if not isinstance(box, boxes.LineBox) or isinstance(child, boxes.InlineBlockBox):
                yield from heights(child)

    return [len(set(heights(page._page_box))) for page in document.pages]


def short_before(document: Document, breaks: Sequence[str]) -> set[str]:
    """The sections (by id, among those that start a page) whose page break leaves the
    page before them with fewer than MIN_LINES lines."""

    def ids(box: Any) -> Iterator[str]:
        element = getattr(box, "element", None)
        if element is not None and element.get("id"):
            yield element.get("id")
        for child in getattr(box, "children", ()):
            yield from ids(child)

    on_page = [set(ids(page._page_box)) for page in document.pages]
    lines = lines_per_page(document)
    return {
        section
        for n in range(1, len(on_page))
        for section in breaks
        if section in on_page[n] and section not in on_page[n - 1] and lines[n - 1] < MIN_LINES
    }
