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
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.diagnostics import Diagnostic, display_path, sorted_unique, warning
from briefgen.errors import UsageError
from briefgen.faults import inject
from briefgen.paths import Templates
from briefgen.project import Project
from briefgen.publish import buildcache
from briefgen.publish.writer import OutputFolder, write_atomic

# The rest of briefgen (pydantic, Jinja2, Markdown; WeasyPrint for PDFs) is imported where
# it is used, after the check for an unchanged build: a rebuild with nothing to do must
# cost a small fraction of one that renders.
if TYPE_CHECKING:
    from weasyprint.document import Document

    from briefgen.api import CheckedBrief, CheckResult
    from briefgen.model.corpus import Corpus
    from briefgen.render.sections import Memo

FORMATS = ("pdf", "html")


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
    templates = Templates.of_project(project.root)
    key = buildcache.inputs_key(
        [
            *(project.briefs_dir / n for n in names),
            project.corpus_dir,
            *templates.folders,
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

    from briefgen import api
    from briefgen.model.dates import date_option
    from briefgen.model.validation import format_path
    from briefgen.render import html
    from briefgen.render.memos import memos_for

    as_of_date = date_option(as_of, "--as-of")
    since_date = date_option(since, "--since")
    checked = api.check(project, names)
    diagnostics = list(checked.diagnostics)

    memos: list[tuple[CheckedBrief, Memo, str]] = []
    for brief_id in checked.requested:
        brief = checked.briefs.get(brief_id)
        if brief is None or not brief.ok:
            result.refused.append(brief_id)
            continue
        locate = brief.loaded.source_map.locate
        for dated in memos_for(brief, as_of_date, since_date):
            diagnostics += [
                warning(locate(path), f"{format_path(path)}: {message}")
                for path, message in dated.problems
            ]
            memos.append((brief, dated.memo, dated.name))
    result.diagnostics = sorted_unique(diagnostics)
    if on_diagnostics:
        on_diagnostics(result.diagnostics)

    for _brief, memo, name in memos:
        if "html" in formats:
            links = [("PDF", f"{name}.pdf")] if "pdf" in formats else []
            started_html = time.perf_counter()
            page = html.render_html(memo, medium="screen", links=links, templates=templates)
            _write(out, f"{name}.html", page, result, time.perf_counter() - started_html)
    if "pdf" in formats:
        pdfs = render_pdfs([memo for _, memo, _ in memos], paper, jobs, templates)
        for (_, _, name), (data, pages, seconds) in zip(memos, pdfs, strict=True):
            _write(out, f"{name}.pdf", data, result, seconds, pages)
    if "html" in formats and memos:
        write_support_files(out, [(b.corpus, m) for b, m, _ in memos], templates)
    record_citations(checked, sorted({b.id for b, _, _ in memos}))
    if not result.refused:
        out.write(
            buildcache.STATE,
            buildcache.state(
                key, out.root, out.written, [d.to_dict(project.root) for d in result.diagnostics]
            ),
        )
    result.seconds = time.perf_counter() - started
    return result


def write_support_files(
    out: OutputFolder, memos: Sequence[tuple[Corpus, Memo]], templates: Templates
) -> None:
    """What HTML memos link to: the stylesheets and the pages of the articles they cite."""
    from briefgen.render import html

    pages = html.article_pages(memos, templates=templates)
    for relative, data in {**html.asset_files(templates), **pages}.items():
        out.write(relative, data)


def record_citations(checked: CheckResult, briefs: Sequence[str]) -> None:
    """After a clean build or publish: remember what each citation of these briefs matched
    (citations.lock), to explain later drift."""
    from briefgen.model.lockfile import LOCK_FILE, updated
    from briefgen.model.resolve import records

    root = checked.project.root
    content = updated(
        root,
        [
            (b.id, records(b.loaded.brief, b.corpus, b.resolution))
            for b in (checked.briefs[name] for name in briefs)
        ],
    )
    if content is not None:
        write_atomic(root / LOCK_FILE, content)


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


def memo_pdf(
    memo: Memo, paper: str = "letter", templates: Templates | None = None
) -> tuple[bytes, int]:
    """The memo as PDF bytes and its page count.

    The bytes depend on the inputs alone: the PDF's creation date is the brief's as_of,
    and its modification date is SOURCE_DATE_EPOCH when that is set (reproducible builds).
    """
    from briefgen.render import html, pdf  # WeasyPrint is slow to import: only for a PDF
    from briefgen.render.memo import ANNEXES

    def layout(flowing: set[str]) -> Document:
        page = html.render_html(
            memo,
            medium="print",
            link_sources=False,
            modified=source_date_epoch(),
            templates=templates,
            flowing=flowing,
        )
        return pdf.render(page, paper=paper, templates=templates)

    # Each annex starts a page — unless that would leave the page before it nearly empty,
    # as its content may: then it follows on (measured, and laid out again).
    flowing: set[str] = set()
    document = layout(flowing)
    for _ in range(len(ANNEXES)):
        short = pdf.short_before(document, [a.anchor for a in ANNEXES]) - flowing
        if not short:
            break
        flowing |= short
        document = layout(flowing)
    return pdf.write(document), len(document.pages)


def _timed_pdf(memo: Memo, paper: str, templates: Templates | None) -> tuple[bytes, int, float]:
    started = time.perf_counter()
    data, pages = memo_pdf(memo, paper, templates)
    return data, pages, time.perf_counter() - started


def render_pdfs(
    memos: Sequence[Memo],
    paper: str,
    jobs: int | None = None,
    templates: Templates | None = None,
) -> list[tuple[bytes, int, float]]:
    """(pdf, pages, seconds) for each memo, in order. Several memos are laid out in
    parallel, one process per core: WeasyPrint's layout is the cost of a build and uses one
    core. The processes are forked after WeasyPrint is imported, so none imports it again;
    the output is the same bytes as a serial build."""
    jobs = min(jobs or os.cpu_count() or 1, len(memos))
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [_timed_pdf(memo, paper, templates) for memo in memos]
    import weasyprint  # noqa: F401 - imported once, before the fork, for every worker

    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_die_with_parent, initargs=(os.getpid(),)
    ) as pool:
        todo = len(memos)
        return list(pool.map(_worker_pdf, memos, [paper] * todo, [templates] * todo))


def _worker_pdf(memo: Memo, paper: str, templates: Templates | None) -> tuple[bytes, int, float]:
    inject("pdf-worker", memo.brief_id)
    return _timed_pdf(memo, paper, templates)


def _die_with_parent(parent: int) -> None:
    """In a PDF worker: if the build is killed, end too, rather than lay out a PDF no one
    will read while holding its memory and the parent's output pipe."""
    import ctypes

    pr_set_pdeathsig = 1
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def source_date_epoch() -> str | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org) as an ISO date-time, if set and valid."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    moment = datetime.datetime.fromtimestamp(int(value), tz=datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
