"""`briefgen build`: check, then render each brief to HTML and PDF and write the files.

Reads top to bottom: check everything; refuse briefs with errors; build each memo's view;
render HTML (and the article pages its notes link to); lay out and write the PDF. Only
writer.OutputFolder touches the disk.
"""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefgen import api, editions, render, view
from briefgen import changes as changes_
from briefgen.corpus import Corpus
from briefgen.dates import PartialDate
from briefgen.diagnostics import Diagnostic, display_path, sorted_unique, warning
from briefgen.errors import UsageError
from briefgen.project import Project
from briefgen.render import SOURCES_DIR
from briefgen.schema import format_path
from briefgen.writer import OutputFolder
from briefgen.yamlsource import Path_

FORMATS = ("pdf", "html")
#: A contents list earns its place once a memo runs past a few pages.
TOC_MIN_PAGES = 4


def parse_formats(text: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise UsageError(
            f"unknown format {', '.join(unknown) or '(none)'}: use pdf, html or pdf,html"
        )
    return formats


@dataclass
class Written:
    path: Path
    size: int
    seconds: float
    pages: int | None = None


@dataclass
class BuildResult:
    output: Path
    written: list[Written] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.refused

    def report(self) -> list[str]:
        lines = []
        for w in self.written:
            pages = f", {w.pages} pages" if w.pages else ""
            lines.append(
                f"wrote {display_path(w.path)} ({_size(w.size)}{pages}) in {w.seconds:.2f} s"
            )
        for brief_id in self.refused:
            lines.append(
                f"not built: {brief_id} has errors (see above); nothing was written for it"
            )
        lines.append(f"done in {self.seconds:.2f} s")
        return lines


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} B"


def build(
    root: Path | str | None = None,
    briefs: Sequence[str] = (),
    *,
    formats: Sequence[str] = FORMATS,
    paper: str = "letter",
    output: Path | str | None = None,
    as_of: str | None = None,
    since: str | None = None,
    on_diagnostics: Callable[[list[Diagnostic]], None] | None = None,
) -> BuildResult:
    """Build every edition of each brief (or only the brief as of `as_of`); each memo
    shows what changed since the previous edition (or since `since`)."""
    started = time.perf_counter()
    project = Project.at(root)
    as_of_date = editions.date_option(as_of, "--as-of")
    since_date = editions.date_option(since, "--since")
    checked = api.check(project, briefs)
    out = OutputFolder(
        Path(output) if output else project.root / "build",
        protected=(project.briefs_dir, project.corpus_dir),
    )
    result = BuildResult(out.root)
    diagnostics = list(checked.diagnostics)

    memos: list[tuple[api.CheckedBrief, view.Memo, str]] = []
    for brief_id in checked.requested:
        brief = checked.briefs.get(brief_id)
        if brief is None or not brief.ok:
            result.refused.append(brief_id)
            continue
        locate = brief.loaded.source_map.locate
        for edition in editions_of(brief, as_of_date, since_date):
            diagnostics += [
                warning(locate(path), f"{format_path(path)}: {message}")
                for path, message in edition.problems
            ]
            memos.append((brief, edition.memo, edition.name))
    result.diagnostics = sorted_unique(diagnostics)
    if on_diagnostics:
        on_diagnostics(result.diagnostics)

    for _brief, memo, name in memos:
        if "html" in formats:
            links = [("PDF", f"{name}.pdf")] if "pdf" in formats else []
            _write(
                out, f"{name}.html", render.render_html(memo, medium="screen", links=links), result
            )
        if "pdf" in formats:
            started_pdf = time.perf_counter()
            data, pages = memo_pdf(memo, paper)
            _write(out, f"{name}.pdf", data, result, started_pdf, pages)
    if "html" in formats and memos:
        write_support_files(out, [(b.corpus, m) for b, m, _ in memos])
    api.record_citations(checked, sorted({b.id for b, _, _ in memos}))
    result.seconds = time.perf_counter() - started
    return result


def write_support_files(out: OutputFolder, memos: Sequence[tuple[Corpus, view.Memo]]) -> None:
    """What HTML memos link to: the stylesheets and the pages of the articles they cite."""
    for relative, data in {**render.asset_files(), **render.article_pages(memos)}.items():
        out.write(relative, data)


@dataclass
class Edition:
    name: str  # the output file name, without extension
    date: PartialDate
    memo: view.Memo
    problems: list[tuple[Path_, str]]  # claims left uncited at this date


def editions_of(
    brief: api.CheckedBrief,
    as_of: PartialDate | None = None,
    since: PartialDate | None = None,
    sources_dir: str = SOURCES_DIR,
) -> list[Edition]:
    """The memos to build for a brief: each edition (or the one view as of `as_of`), each
    showing what changed since the edition before it (or since `since`, for the newest)."""
    full = brief.loaded.brief
    dates = [as_of] if as_of else editions.editions(full)
    result = []
    for date in dates:
        current = editions.view_at(full, date, brief.corpus)
        start = since if since and date is dates[-1] else editions.previous_edition(full, date)
        changes = None
        if start is not None:
            before = editions.view_at(full, start, brief.corpus, for_reading=False)
            changes = changes_.compute(before.brief, current.brief)
        memo = view.build_memo(brief.id, current.brief, brief.corpus, sources_dir, changes)
        name = brief.id if date.iso() == full.as_of.iso() else f"{brief.id}--{date.iso()}"
        result.append(Edition(name, date, memo, current.problems))
    return result


def _write(
    out: OutputFolder,
    name: str,
    data: str | bytes,
    result: BuildResult,
    started: float | None = None,
    pages: int | None = None,
) -> None:
    started = time.perf_counter() if started is None else started
    path = out.write(name, data)
    result.written.append(Written(path, path.stat().st_size, time.perf_counter() - started, pages))


def memo_pdf(memo: view.Memo, paper: str = "letter") -> tuple[bytes, int]:
    """The memo as PDF bytes and its page count; the contents list only when it is long.

    The bytes depend on the inputs alone: the PDF's creation date is the brief's as_of,
    and its modification date is SOURCE_DATE_EPOCH when that is set (reproducible builds).
    """
    from briefgen import pdf  # WeasyPrint is slow to import: only when a PDF is wanted

    modified = source_date_epoch()

    def layout(show_toc: bool):
        html = render.render_html(
            memo, medium="print", show_toc=show_toc, link_sources=False, modified=modified
        )
        return pdf.render(html, paper=paper)

    document = layout(show_toc=True)
    if len(document.pages) < TOC_MIN_PAGES:
        document = layout(show_toc=False)
    return pdf.write(document), len(document.pages)


def source_date_epoch() -> str | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org) as an ISO date-time, if set and valid."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    moment = datetime.datetime.fromtimestamp(int(value), tz=datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
