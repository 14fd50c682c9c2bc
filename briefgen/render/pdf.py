"""HTML → PDF with WeasyPrint, confined: it may read the project's templates and nothing else.

Measured with WeasyPrint 70: its default fetcher embeds `file:///etc/passwd` from an
attachment link and reads images anywhere on disk, and it *logs* failed fetches, missing
alt text and the like while still returning a PDF. So the fetcher here refuses everything
outside templates/, and every ERROR WeasyPrint logs becomes a build failure.

WeasyPrint is imported only in this module, and this module only when a PDF is built:
the import is most of briefgen's start-up time.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.urls import URLFetcher

from briefgen.errors import RenderError
from briefgen.paths import TEMPLATES

if TYPE_CHECKING:
    from weasyprint.document import Document

PAPER = {"letter": "letter", "a4": "A4"}


class FetchRefused(ValueError):
    """Raised inside WeasyPrint for a URL outside the confinement; it logs it as an error."""


class ConfinedFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint is untyped
    """Serves files under one folder; refuses every other URL (network, other files,
    `..` escapes, symlinks pointing out) and remembers what it refused."""

    def __init__(self, root: Path, **kwargs: Any) -> None:
        super().__init__(allowed_protocols={"file"}, **kwargs)
        self.root = root.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        parts = urlsplit(url)
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(unquote(parts.path)).resolve()  # follows symlinks before the check
            if path.is_relative_to(self.root) and path.is_file():
                return super().fetch(path.as_uri(), headers)
        self.refused.append(url)
        raise FetchRefused(f"refused {url}: a memo may use files in templates/ only")


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


def render(html: str, *, paper: str = "letter", root: Path = TEMPLATES) -> Document:
    """Lay out print HTML into pages; relative URLs resolve in (and only in) `root`."""
    fetcher = ConfinedFetcher(root)
    page_size = weasyprint.CSS(string=f"@page {{ size: {PAPER[paper]}; }}")
    with _errors_raised():
        return weasyprint.HTML(
            string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher, media_type="print"
        ).render(stylesheets=[page_size])


def write(document: Document, *, pdf_ua: bool = True) -> bytes:
    """The laid-out document as PDF bytes; tagged PDF/UA-1 so screen readers can follow it
    (with what WeasyPrint cannot tag itself added afterwards, see pdfua.py)."""
    with _errors_raised():
        pdf = document.write_pdf(**({"pdf_variant": "pdf/ua-1"} if pdf_ua else {}))
    assert isinstance(pdf, bytes)
    if not pdf_ua:
        return pdf
    from briefgen.render import pdfua

    return pdfua.finish(pdf)
