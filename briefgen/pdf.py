"""HTML → PDF with WeasyPrint, confined: it may read the project's templates and nothing else.

Measured with WeasyPrint 70: its default fetcher embeds `file:///etc/passwd` from an
attachment link and reads images anywhere on disk, and it *logs* failed fetches, missing
alt text and the like while still returning a PDF. So the fetcher here refuses everything
outside templates/, and every ERROR WeasyPrint logs becomes a build failure.

WeasyPrint is imported only here, only when a PDF is built: it is most of briefgen's
start-up time.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from briefgen.errors import RenderError
from briefgen.render import TEMPLATES

PAPER = {"letter": "letter", "a4": "A4"}


class FetchRefused(Exception):
    pass


def _confined_fetcher_class():  # noqa: ANN202 - the class derives from WeasyPrint's
    from weasyprint.urls import URLFetcher

    class ConfinedFetcher(URLFetcher):
        """Serves files under one folder; refuses every other URL (network, other files,
        `..` escapes, symlinks pointing out)."""

        def __init__(self, root: Path, **kwargs: object) -> None:
            super().__init__(allowed_protocols={"file"}, **kwargs)
            self.root = root.resolve()
            self.refused: list[str] = []

        def fetch(self, url: str, headers: object = None):  # noqa: ANN201
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                return self._refuse(url)
            path = Path(unquote(parts.path)).resolve()
            if not path.is_relative_to(self.root) or not path.is_file():
                return self._refuse(url)
            return super().fetch(path.as_uri(), headers)

        def _refuse(self, url: str):  # noqa: ANN202
            self.refused.append(url)
            raise FetchRefused(f"refused to fetch {url}: a memo may only use files in "
                               "templates/")

    return ConfinedFetcher


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_errors() -> Iterator[_ErrorCollector]:
    logger = logging.getLogger("weasyprint")
    collector = _ErrorCollector()
    logger.addHandler(collector)
    old_propagate = logger.propagate
    logger.propagate = False  # we report these ourselves, once, in words
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        logger.propagate = old_propagate


def render(html: str, *, paper: str = "letter"):  # noqa: ANN201 - a weasyprint Document
    """Lay out print HTML into pages. Raises RenderError for anything WeasyPrint logs as an
    error (a refused fetch, missing alt text...), which it would otherwise shrug off."""
    import weasyprint

    fetcher = _confined_fetcher_class()(TEMPLATES)
    page_css = weasyprint.CSS(string=f"@page {{ size: {PAPER[paper]}; }}",
                              url_fetcher=fetcher)
    with _weasyprint_errors() as errors:
        document = weasyprint.HTML(string=html, base_url=TEMPLATES.as_uri() + "/",
                                   url_fetcher=fetcher, media_type="print").render(
            stylesheets=[page_css])
    _raise_if(errors)
    return document


def write(document, *, pdf_ua: bool = True) -> bytes:  # noqa: ANN001
    """The laid-out document as PDF bytes: tagged PDF/UA-1 for screen readers."""
    with _weasyprint_errors() as errors:
        pdf = document.write_pdf(**({"pdf_variant": "pdf/ua-1"} if pdf_ua else {}))
    _raise_if(errors)
    assert pdf is not None
    return pdf


def _raise_if(errors: _ErrorCollector) -> None:
    if errors.messages:
        raise RenderError("WeasyPrint reported errors while making the PDF:\n  "
                          + "\n  ".join(errors.messages))
