"""`briefgen corpus add`: import an article (plain text or a saved web page) into corpus/,
line endings and spacing normalized, words untouched, and the headline (the title, again)
dropped so that paragraph numbers are the published article's."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.authoring.articlefile import compose, require_date_basis
from briefgen.authoring.articletext import Block, looks_like_html, paragraphs
from briefgen.authoring.decoding import MAX_SOURCE_BYTES, decode
from briefgen.errors import UsageError
from briefgen.model import schema
from briefgen.model.corpus import SUFFIX, Article
from briefgen.model.text import normalize
from briefgen.model.validation import explain, format_path, id_problem
from briefgen.model.yamlsource import MAX_FILE_BYTES
from briefgen.paths import not_a_file
from briefgen.project import Project
from briefgen.publish.writer import write_atomic


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
    #: The line of the source file that holds the headline, when it is not the title.
    headline_line: int | None = None


@dataclass(frozen=True)
class Added:
    """An imported article, and what the import did that the analyst should know."""

    article: Article
    encoding: str  # e.g. "read as cp1252 (detected)"
    headline: str | None  # the paragraph dropped as the headline
    invisible: int  # invisible characters removed (bidi controls, zero-width spaces, ...)


def add_article(project: Project, source: Path, new: NewArticle) -> Added:
    """Import `source` into the corpus as `new.id`; refuses an id that exists, a file that
    is not text, and metadata that is not valid. Nothing is written unless all is well."""
    if problem := id_problem(new.id):
        raise UsageError(f"--id: {problem}")
    require_date_basis(new.inferred, new.note)
    target = project.corpus_dir / f"{new.id}{SUFFIX}"
    if target.exists():
        raise UsageError(f"an article '{new.id}' exists already ({target}); choose another id")
    if not_source := not_a_file(source):  # a FIFO would block the read
        raise UsageError(f"{not_source.message}; nothing was added")
    if (size := source.stat().st_size) > MAX_SOURCE_BYTES:  # known before it is read
        raise UsageError(
            f"{source.name} is {size / 1e6:.0f} MB, larger than any article "
            f"(the limit is {MAX_SOURCE_BYTES / 1e6:.0f} MB); nothing was added"
        )
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror or exc}") from None
    decoded = decode(raw, source.name)
    blocks, invisible = paragraphs(decoded.text, is_html=looks_like_html(decoded.text))
    blocks, headline = _without_headline(blocks, new.title, new.headline_line, source)
    if not blocks:
        raise UsageError(f"{source} has no text to import; nothing was added")
    meta = _meta(new, source)
    text, article = compose(target, meta, "\n\n".join(b.text for b in blocks) + "\n")
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:  # check would refuse the article
        raise UsageError(
            f"{source}: its text is larger than {MAX_FILE_BYTES // 1_000_000} MB, the most an "
            "article may hold; import the article alone, not the whole page; nothing was added"
        )
    if [p.text for p in article.paragraphs] != [b.text for b in blocks]:
        raise UsageError(f"{source}: the text would not read back as given; nothing was added")
    write_atomic(target, text.encode("utf-8"))
    return Added(article, decoded.describe(), headline, invisible)


def _meta(new: NewArticle, source: Path) -> schema.ArticleMeta:
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
    return meta


def _without_headline(
    blocks: list[Block], title: str, line: int | None, source: Path
) -> tuple[list[Block], str | None]:
    """The paragraphs without the headline: the paragraph at `line` of the source, or else
    a first paragraph that is the title (as the checker compares text, ignoring case)."""
    if line is not None:
        for i, block in enumerate(blocks):
            if block.first_line <= line <= block.last_line:
                return blocks[:i] + blocks[i + 1 :], block.text
        raise UsageError(
            f"--headline-line {line}: line {line} of {source.name} is not in a paragraph "
            "that would be imported (blank, hidden, or past the end); nothing was added"
        )
    if blocks and _same(blocks[0].text, title):
        return blocks[1:], blocks[0].text
    return blocks, None


def _same(a: str, b: str) -> bool:
    return normalize(a).text.casefold() == normalize(b).text.casefold()
