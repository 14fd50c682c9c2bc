"""The local corpus: one text file per article, a YAML header of metadata, then the text.

File layout (`corpus/<id>.txt`)::

    ---
    id: <id>            # must equal the file name
    title: ...
    author: null        # unknown stays unknown
    ...
    ---
    First paragraph as published.

    Second paragraph.

Paragraphs are separated by blank lines and numbered from 1 in order; (article id,
paragraph number) addresses a passage. The text is data: briefgen never rewrites it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefgen.diagnostics import Diagnostic, Location, error, warning
from briefgen.model import schema
from briefgen.model.dates import PartialDate
from briefgen.model.text import NormalizedText, normalize
from briefgen.model.validation import validate
from briefgen.model.yamlsource import MAX_FILE_BYTES, read_yaml
from briefgen.paths import escape, not_a_file

SUFFIX = ".txt"


@dataclass(frozen=True)
class Paragraph:
    number: int
    text: str
    normalized: NormalizedText = field(repr=False, compare=False)


@dataclass(frozen=True)
class Article:
    meta: schema.ArticleMeta
    path: Path
    paragraphs: tuple[Paragraph, ...]

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def published(self) -> PartialDate | None:
        return self.meta.published

    def paragraph(self, number: int) -> Paragraph:
        return self.paragraphs[number - 1]


@dataclass
class Corpus:
    folder: Path
    articles: dict[str, Article] = field(default_factory=dict)
    #: Articles that are there but could not be read (their errors are reported), by the
    #: id their file names: a citation of one is not an "unknown source".
    unreadable: dict[str, Path] = field(default_factory=dict)

    def get(self, article_id: str) -> Article | None:
        return self.articles.get(article_id)


def load_corpus(folder: Path) -> tuple[Corpus, list[Diagnostic]]:
    corpus = Corpus(folder)
    diagnostics: list[Diagnostic] = []
    if not folder.is_dir():
        return corpus, [
            error(
                Location(folder),
                "no corpus folder here: create it and put "
                "one <article-id>.txt file per article in it",
            )
        ]
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        if problem := escape(path, folder) or not_a_file(path):
            diagnostics.append(problem)
            continue
        article, found = read_article(path)
        diagnostics += found
        if article is not None:
            corpus.articles[article.id] = article
        else:
            corpus.unreadable[path.stem] = path
    return corpus, diagnostics


def read_article(path: Path) -> tuple[Article | None, list[Diagnostic]]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, [
                error(
                    Location(path),
                    f"the article file is larger than {MAX_FILE_BYTES // 1_000_000} MB",
                )
            ]
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except OSError as exc:
        return None, [error(Location(path), f"cannot read the article: {exc.strerror or exc}")]
    except UnicodeDecodeError:
        return None, [error(Location(path), "the article is not UTF-8 text")]
    return parse_article(path, text)


def header_end(lines: list[str]) -> int | None:
    """The index of the line that closes the header: the first `---` after the opening one,
    at the start of its line (an indented `---` is text inside a header value)."""
    if not lines or lines[0].rstrip() != "---":
        return None
    return next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)


def parse_article(path: Path, text: str) -> tuple[Article | None, list[Diagnostic]]:
    """An article from the text of its file (`path` names it in messages and gives its id)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    end = header_end(lines)
    if end is None:
        return None, [
            error(
                Location(path),
                "an article starts with a metadata header between "
                "two '---' lines (id, title, author, publisher, published, url)",
            )
        ]
    doc, diagnostics = read_yaml(path, text="\n".join(lines[1:end]), line_offset=1)
    if diagnostics:
        return None, diagnostics
    meta, diagnostics = validate(schema.ArticleMeta, doc)
    if meta is None:
        return None, diagnostics
    if meta.id != path.stem:
        return None, [
            error(
                doc.locate(("id",)),
                f"id '{meta.id}' differs from the file name "
                f"'{path.name}': they must match (rename one)",
            )
        ]
    paragraphs = tuple(_paragraphs(lines, end + 1))
    if not paragraphs:
        return None, [error(Location(path, end + 2), "the article has no text below its header")]
    found = []
    if meta.published_basis == "inferred" and date_basis(meta) is None:
        found.append(
            warning(
                doc.locate(("published_basis",)),
                "published_basis: inferred, but the header does not say how the date was "
                "inferred (provenance.published, or the note corpus add writes); the memo "
                "tells the reader the date is inferred, and the basis belongs beside it "
                f'(briefgen corpus update {meta.id} --inferred --note "…")',
            )
        )
    return Article(meta, path, paragraphs), found


def date_basis(meta: schema.ArticleMeta) -> str | None:
    """What an article's header says of how its date is known: `provenance.published`
    when written by hand, or the note `corpus add` and `corpus update` record."""
    for key in ("published", "note"):
        if said := meta.provenance.get(key, "").strip():
            return said
    return None


def _paragraphs(lines: list[str], first: int) -> list[Paragraph]:
    result: list[Paragraph] = []
    block: list[str] = []
    for i in range(first, len(lines) + 1):
        line = lines[i] if i < len(lines) else ""
        if line.strip():
            block.append(line)
        elif block:
            body = "\n".join(block)
            result.append(Paragraph(len(result) + 1, body, normalize(body)))
            block = []
    return result
