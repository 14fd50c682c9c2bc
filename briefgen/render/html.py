"""Jinja2: the memo view to HTML. Autoescaping on, undefined names are errors.

One template serves both outputs; `medium` says which ("screen" for the HTML page,
"print" for the PDF) and the stylesheets differ.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2

from briefgen import __version__
from briefgen.errors import RenderError
from briefgen.model.citations import Match
from briefgen.model.corpus import Article, Corpus
from briefgen.paths import ASSETS_DIR, SOURCES_DIR, Templates
from briefgen.render.article import ArticlePage, build_article_page
from briefgen.render.sections import Memo

STYLESHEETS = ("memo.css", "print.css")


@dataclass(frozen=True)
class Stylesheet:
    href: str
    media: str | None = None


#: In a template, the packaged file of a name even where the project replaces it: an
#: override may `{% extends "briefgen/memo.html.j2" %}` and change only some blocks.
PACKAGED = "briefgen"


class _Loader(jinja2.BaseLoader):
    """Templates by name from the first folder that has them (the project's, then
    briefgen's); a file linking outside its folder is refused (RenderError)."""

    def __init__(self, templates: Templates) -> None:
        self.templates = templates

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = self.templates.find(template)
        if path is None:
            raise jinja2.TemplateNotFound(template)
        mtime = path.stat().st_mtime_ns

        def uptodate() -> bool:
            """Still the file to use, unchanged: `serve` sees an edit, and an override
            added or removed while it runs."""
            try:
                return self.templates.find(template) == path and path.stat().st_mtime_ns == mtime
            except OSError:
                return False

        return path.read_text(encoding="utf-8"), str(path), uptodate


@cache
def environment(templates: Templates | None = None) -> jinja2.Environment:
    """The Jinja2 environment for a project's templates (default: briefgen's own)."""
    templates = templates or Templates.packaged()
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                _Loader(templates),
                jinja2.PrefixLoader({PACKAGED: _Loader(Templates.packaged())}, delimiter="/"),
            ]
        ),
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
    link_sources: bool = True,
    prefix: str = "",
    links: Sequence[tuple[str, str]] = (),
    csp: str | None = CSP,
    modified: str | None = None,
    flowing: Collection[str] = (),
    templates: Templates | None = None,
) -> str:
    """The memo page. On screen, stylesheets and the article pages the notes link to are
    found at `prefix` (the relative path from the page to the site's top); in print the PDF
    writer resolves stylesheets in the template folders. `links` are (label, href) shown
    under the masthead (the PDF, other editions)."""
    if medium == "screen":
        sheets = [
            Stylesheet(f"{prefix}{ASSETS_DIR}/memo.css"),
            Stylesheet(f"{prefix}{ASSETS_DIR}/print.css", media="print"),
        ]
    else:
        sheets = [Stylesheet(name) for name in STYLESHEETS]
        links, csp = (), None
    template = environment(templates).get_template("memo.html.j2")
    return template.render(
        memo=memo,
        medium=medium,
        stylesheets=sheets,
        link_sources=link_sources,
        links=list(links),
        prefix=prefix,
        csp=csp,
        modified=modified,
        flowing=set(flowing),
        version=__version__,
    )


def asset_files(templates: Templates | None = None) -> dict[str, bytes]:
    """Files the HTML page needs beside it, by path relative to the page: each stylesheet
    from the first template folder that has it."""
    templates = templates or Templates.packaged()
    files = {}
    for name in STYLESHEETS:
        path = templates.find(name)
        if path is None:
            raise RenderError(f"no {name} in {', '.join(map(str, templates.folders))}")
        files[f"{ASSETS_DIR}/{name}"] = path.read_bytes()
    return files


def render_article(
    page: ArticlePage,
    *,
    prefix: str,
    home: str | None = None,
    csp: str | None = CSP,
    templates: Templates | None = None,
) -> str:
    """An article's page; `prefix` is the relative path from the page to the site's top."""
    return (
        environment(templates)
        .get_template("article.html.j2")
        .render(article=page, prefix=prefix, home=home, csp=csp)
    )


def render_index(
    cards: Sequence[object], *, csp: str | None = CSP, templates: Templates | None = None
) -> str:
    """The site's front page."""
    return (
        environment(templates)
        .get_template("index.html.j2")
        .render(briefs=cards, csp=csp, version=__version__)
    )


def cited_passages(memos: Sequence[tuple[Corpus, Memo]]) -> dict[str, tuple[Article, list[Match]]]:
    """Each article the memos cite, with every passage any of them quotes."""
    cited: dict[str, tuple[Article, list[Match]]] = {}
    for corpus, memo in memos:
        for note in memo.notes:
            article = corpus.articles[note.article.id]
            cited.setdefault(article.id, (article, []))[1].append(note.match)
    return cited


def article_pages(
    cited: Mapping[str, tuple[Article, list[Match]]],
    *,
    csp: str | None = CSP,
    home: str | None = None,
    templates: Templates | None = None,
) -> dict[str, bytes]:
    """A page for each cited article, with its passages marked; by path relative to the
    site's top."""
    return {
        f"{SOURCES_DIR}/{article_id}.html": render_article(
            build_article_page(article, matches),
            prefix="../",
            home=home,
            csp=csp,
            templates=templates,
        ).encode()
        for article_id, (article, matches) in sorted(cited.items())
    }
