"""`briefgen build`: check, then render each brief to HTML and PDF and write the files.

Reads top to bottom: check everything; refuse briefs with errors; build each memo's view;
render HTML (and the article pages its notes link to); lay out and write the PDF. Only
writer.OutputFolder touches the disk.
"""

from __future__ import annotations

import concurrent.futures
import datetime
import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen import buildcache
from briefgen.diagnostics import Diagnostic, display_path, sorted_unique, warning
from briefgen.errors import UsageError
from briefgen.paths import SOURCES_DIR, TEMPLATES
from briefgen.project import Project
from briefgen.writer import OutputFolder

# The rest of briefgen (pydantic, Jinja2, Markdown; WeasyPrint for PDFs) is imported where
# it is used, after the check for an unchanged build: a rebuild with nothing to do must
# cost a small fraction of one that renders.
if TYPE_CHECKING:
    from briefgen import api, view
    from briefgen.corpus import Corpus
    from briefgen.dates import PartialDate
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
    unchanged: list[Path] = field(default_factory=list)  # skipped: inputs as last time
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
        if self.unchanged:
            lines.append(
                f"up to date: {len(self.unchanged)} files in "
                f"{display_path(self.output)}/ (nothing changed since the last "
                "build; edit a brief, the corpus or a template to rebuild)"
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
    jobs: int | None = None,
    on_diagnostics: Callable[[list[Diagnostic]], None] | None = None,
) -> BuildResult:
    """Build every edition of each brief (or only the brief as of `as_of`); each memo
    shows what changed since the previous edition (or since `since`). PDFs are laid out
    `jobs` at a time (default: one per core)."""
    started = time.perf_counter()
    project = Project.at(root)
    out = OutputFolder(
        Path(output) if output else project.root / "build",
        protected=(project.briefs_dir, project.corpus_dir),
    )
    result = BuildResult(out.root)

    names = [project.brief_folder(b).name for b in briefs] if briefs else project.brief_ids()
    key = buildcache.inputs_key(
        [
            *(project.briefs_dir / n for n in names),
            project.corpus_dir,
            TEMPLATES,
            buildcache.CODE,
        ],
        {
            "briefs": names,
            "formats": sorted(set(formats)),
            "paper": paper,
            "as_of": as_of,
            "since": since,
        },
    )
    previous = buildcache.load(out.root)
    if previous and previous.key == key and buildcache.intact(out.root, previous):
        result.unchanged = [out.root / relative for relative in previous.outputs]
        result.diagnostics = [Diagnostic.from_dict(d, project.root) for d in previous.diagnostics]
        if on_diagnostics:
            on_diagnostics(result.diagnostics)
        result.seconds = time.perf_counter() - started
        return result

    from briefgen import api, editions, render
    from briefgen.schema import format_path

    as_of_date = editions.date_option(as_of, "--as-of")
    since_date = editions.date_option(since, "--since")
    checked = api.check(project, names)
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
            started_html = time.perf_counter()
            html = render.render_html(memo, medium="screen", links=links)
            _write(out, f"{name}.html", html, result, time.perf_counter() - started_html)
    if "pdf" in formats:
        pdfs = render_pdfs([memo for _, memo, _ in memos], paper, jobs)
        for (_, _, name), (data, pages, seconds) in zip(memos, pdfs, strict=True):
            _write(out, f"{name}.pdf", data, result, seconds, pages)
    if "html" in formats and memos:
        write_support_files(out, [(b.corpus, m) for b, m, _ in memos])
    api.record_citations(checked, sorted({b.id for b, _, _ in memos}))
    if not result.refused:
        out.write(
            buildcache.STATE,
            buildcache.state(
                key, out.root, out.written, [d.to_dict(project.root) for d in result.diagnostics]
            ),
        )
    result.seconds = time.perf_counter() - started
    return result


def write_support_files(out: OutputFolder, memos: Sequence[tuple[Corpus, view.Memo]]) -> None:
    """What HTML memos link to: the stylesheets and the pages of the articles they cite."""
    from briefgen import render

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
    from briefgen import changes as changes_
    from briefgen import editions, view

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
    seconds: float,
    pages: int | None = None,
) -> None:
    """Write one output; `seconds` is what making it took, reported to the user."""
    path = out.write(name, data)
    result.written.append(Written(path, path.stat().st_size, seconds, pages))


def memo_pdf(memo: view.Memo, paper: str = "letter") -> tuple[bytes, int]:
    """The memo as PDF bytes and its page count; the contents list only when it is long.

    The bytes depend on the inputs alone: the PDF's creation date is the brief's as_of,
    and its modification date is SOURCE_DATE_EPOCH when that is set (reproducible builds).
    """
    from briefgen import pdf, render  # WeasyPrint is slow to import: only for a PDF

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


def _timed_pdf(memo: view.Memo, paper: str) -> tuple[bytes, int, float]:
    started = time.perf_counter()
    data, pages = memo_pdf(memo, paper)
    return data, pages, time.perf_counter() - started


def render_pdfs(
    memos: Sequence[view.Memo], paper: str, jobs: int | None = None
) -> list[tuple[bytes, int, float]]:
    """(pdf, pages, seconds) for each memo, in order. Several memos are laid out in
    parallel, one process per core: WeasyPrint's layout is the cost of a build and uses one
    core. The processes are forked after WeasyPrint is imported, so none imports it again;
    the output is the same bytes as a serial build."""
    jobs = min(jobs or os.cpu_count() or 1, len(memos))
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [_timed_pdf(memo, paper) for memo in memos]
    import weasyprint  # noqa: F401 - imported once, before the fork, for every worker

    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context) as pool:
        return list(pool.map(_timed_pdf, memos, [paper] * len(memos)))


def source_date_epoch() -> str | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org) as an ISO date-time, if set and valid."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    moment = datetime.datetime.fromtimestamp(int(value), tz=datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
