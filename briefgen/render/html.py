"""Jinja2: the memo view to HTML. Autoescaping on, undefined names are errors.

One template serves both outputs; `medium` says which ("screen" for the HTML page,
"print" for the PDF) and the stylesheets differ.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2

from briefgen import __version__
from briefgen.model.citations import Match
from briefgen.model.corpus import Corpus
from briefgen.paths import ASSETS_DIR, SOURCES_DIR, TEMPLATES
from briefgen.render.article import ArticlePage, build_article_page
from briefgen.render.sections import Memo

STYLESHEETS = ("memo.css", "print.css")


@dataclass(frozen=True)
class Stylesheet:
    href: str
    media: str | None = None


@cache
def environment(folder: Path = TEMPLATES) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept in the user's cache folder: compiling them is a tenth of an
    HTML-only build. Jinja2 checks each entry against its template, so an edited template
    is compiled afresh; without a writable cache folder, templates are compiled each run."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "briefgen" / f"jinja-{__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


#: For published pages: nothing may load from outside the site, no script runs.
CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"


def render_html(
    memo: Memo,
    *,
    medium: str,
    show_toc: bool = True,
    link_sources: bool = True,
    prefix: str = "",
    links: Sequence[tuple[str, str]] = (),
    csp: str | None = CSP,
    modified: str | None = None,
) -> str:
    """The memo page. On screen, stylesheets and the article pages the notes link to are
    found at `prefix` (the relative path from the page to the site's top); in print the PDF
    writer resolves stylesheets in templates/. `links` are (label, href) shown under the
    masthead (the PDF, other editions)."""
    if medium == "screen":
        sheets = [
            Stylesheet(f"{prefix}{ASSETS_DIR}/memo.css"),
            Stylesheet(f"{prefix}{ASSETS_DIR}/print.css", media="print"),
        ]
    else:
        sheets = [Stylesheet(name) for name in STYLESHEETS]
        links, csp = (), None
    template = environment().get_template("memo.html.j2")
    return template.render(
        memo=memo,
        medium=medium,
        stylesheets=sheets,
        show_toc=show_toc,
        link_sources=link_sources,
        links=list(links),
        prefix=prefix,
        csp=csp,
        modified=modified,
        version=__version__,
    )


def asset_files() -> dict[str, bytes]:
    """Files the HTML page needs beside it, by path relative to the page."""
    return {f"{ASSETS_DIR}/{name}": (TEMPLATES / name).read_bytes() for name in STYLESHEETS}


def render_article(
    page: ArticlePage, *, prefix: str, home: str | None = None, csp: str | None = CSP
) -> str:
    """An article's page; `prefix` is the relative path from the page to the site's top."""
    return (
        environment()
        .get_template("article.html.j2")
        .render(article=page, prefix=prefix, home=home, csp=csp)
    )


def render_index(cards: Sequence[object], *, csp: str | None = CSP) -> str:
    """The site's front page."""
    return (
        environment()
        .get_template("index.html.j2")
        .render(briefs=cards, csp=csp, version=__version__)
    )


def article_pages(
    memos: Sequence[tuple[Corpus, Memo]], *, csp: str | None = CSP, home: str | None = None
) -> dict[str, bytes]:
    """A page for each article the memos cite, with every passage any of them quotes
    marked; by path relative to the site's top."""
    cited: dict[str, tuple[Corpus, list[Match]]] = {}
    for corpus, memo in memos:
        for note in memo.notes:
            cited.setdefault(note.article.id, (corpus, []))[1].append(note.match)
    return {
        f"{SOURCES_DIR}/{article_id}.html": render_article(
            build_article_page(corpus.articles[article_id], matches),
            prefix="../",
            home=home,
            csp=csp,
        ).encode()
        for article_id, (corpus, matches) in sorted(cited.items())
    }
