"""`briefgen corpus add`: import an article (plain text or a saved web page) into corpus/,
line endings and spacing normalized, words untouched."""

from __future__ import annotations

import html.parser
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import yaml

from briefgen.errors import UsageError
from briefgen.model import schema
from briefgen.model.corpus import SUFFIX, Article, read_article
from briefgen.model.validation import explain, format_path
from briefgen.project import Project
from briefgen.publish.writer import write_atomic


class _Paragraphs(html.parser.HTMLParser):
    """The text of a saved web page's paragraphs (<p>, <h1>–<h6>, <li>, <blockquote>),
    skipping scripts, styles, navigation and the like."""

    BLOCKS: ClassVar[set[str]] = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"}
    SKIP: ClassVar[set[str]] = {
        "script",
        "style",
        "noscript",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "figure",
        "figcaption",
        "template",
        "svg",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] | None = None
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS and not self.skipping:
            self._close()
            self.current = []
        elif tag == "br" and self.current is not None:
            self.current.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCKS:
            self._close()

    def handle_data(self, data: str) -> None:
        if self.current is not None and not self.skipping:
            self.current.append(data)

    def _close(self) -> None:
        if self.current is not None:
            text = " ".join("".join(self.current).split())
            if text:
                self.paragraphs.append(text)
        self.current = None


def article_paragraphs(text: str, *, is_html: bool) -> list[str]:
    """An article's paragraphs, words untouched: line endings normalized, runs of white
    space inside a paragraph made one space; from HTML, the text of its paragraphs."""
    if is_html:
        parser = _Paragraphs()
        parser.feed(text)
        parser.close()
        return parser.paragraphs
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = re.split(r"\n[ \t]*\n", text)
    return [" ".join(b.split()) for b in blocks if b.strip()]


def article_file(meta: schema.ArticleMeta, paragraphs: Iterable[str]) -> str:
    """The corpus file for an article: its YAML header, then its paragraphs."""
    header = {
        k: v
        for k, v in meta.model_dump(mode="json").items()
        if v not in (None, {}, []) or k in ("author", "publisher", "published")
    }
    text = yaml.safe_dump(header, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{text}---\n" + "\n\n".join(paragraphs) + "\n"


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or "<p>" in head or "<body" in head


@dataclass(frozen=True)
class NewArticle:
    """What `corpus add` is told about an article; None is "not known"."""

    id: str
    title: str
    published: str
    inferred: bool = False
    author: str | None = None
    publisher: str | None = None
    url: str | None = None
    note: str | None = None


def add_article(project: Project, source: Path, new: NewArticle) -> Article:
    """Import `source` into the corpus as `new.id`; refuses an id that exists. The file is
    written only once its metadata is valid and it has text."""
    target = project.corpus_dir / f"{new.id}{SUFFIX}"
    if target.exists():
        raise UsageError(f"an article '{new.id}' exists already ({target}); choose another id")
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror or exc}") from None
    text = raw.decode("utf-8", errors="replace")
    paragraphs = article_paragraphs(text, is_html=looks_like_html(text))
    if not paragraphs:
        raise UsageError(f"{source} has no text to import")
    provenance = {"imported_from": source.name}
    if new.note:
        provenance["note"] = new.note
    meta, problems = explain(
        schema.ArticleMeta,
        {
            "id": new.id,
            "title": new.title,
            "author": new.author,
            "publisher": new.publisher,
            "published": new.published,
            "published_basis": "inferred" if new.inferred else "stated",
            "url": new.url,
            "provenance": provenance,
        },
    )
    if meta is None:
        raise UsageError("; ".join(f"--{format_path(p.path[:1])}: {p.text}" for p in problems))
    write_atomic(target, article_file(meta, paragraphs).encode("utf-8"))
    article, _ = read_article(target)
    if article is None:  # cannot happen for a file we wrote; say so rather than hide it
        target.unlink()
        raise UsageError(f"{source}: the imported article does not read back; nothing was added")
    return article
