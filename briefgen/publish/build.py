"""`briefgen build`: check, then render each brief to HTML and PDF and write the files.

Reads top to bottom: check everything; refuse briefs with errors; build each memo's view;
render HTML (and the article pages its notes link to); lay out and write the PDF. Only
writer.OutputFolder touches the disk.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.diagnostics import Diagnostic, display_path, sorted_unique, warning
from briefgen.errors import SystemRefused, UsageError, describe
from briefgen.paths import Templates
from briefgen.project import Project
from briefgen.publish import buildcache
from briefgen.publish.writer import OutputFolder, Transaction, exclusive, write_atomic

# The rest of briefgen (pydantic, Jinja2, Markdown; WeasyPrint for PDFs) is imported where
# it is used, after the check for an unchanged build: a rebuild with nothing to do must
# cost a small fraction of one that renders.
if TYPE_CHECKING:
    from multiprocessing.pool import Pool

    from briefgen.api import CheckedBrief, CheckResult
    from briefgen.model.corpus import Corpus
    from briefgen.render.sections import Memo

FORMATS = ("pdf", "html")
#: The lock file in an output folder: one build writes into it at a time.
LOCK = ".briefgen.lock"
#: How long a build or publish waits for another one writing into the same folder.
WAIT_SECONDS = 600.0


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
    warnings: list[str] = field(default_factory=list)  # for stderr
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


def _quiet(message: str) -> None:
    pass


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
    on_progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build every edition of each brief (or only the brief as of `as_of`); each memo
    shows what changed since the previous edition (or since `since`). PDFs are laid out
    `jobs` at a time (default: one per core)."""
    started = time.perf_counter()
    project = Project.at(root)
    out = OutputFolder(
        Path(output) if output else project.build_dir,
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
    if previous and previous.key == key and previous.intact():
        result.unchanged = [out.root / relative for relative in previous.outputs]
        result.diagnostics = [Diagnostic.from_dict(d, project.root) for d in previous.diagnostics]
        if on_diagnostics:
            on_diagnostics(result.diagnostics)
        result.seconds = time.perf_counter() - started
        return result

    from briefgen.publish.pdfs import prepare_keys, warm_workers

    # PDF workers start now, importing WeasyPrint while the briefs are checked: as many as
    # there will be PDFs, as far as can be known before the briefs are read, up to `jobs`.
    # (A process that has imported it already, such as `serve`, has nothing to gain.)
    cores = jobs or os.cpu_count() or 1
    workers = min(cores, len(names)) if as_of else cores
    warm = "pdf" in formats and "weasyprint" not in sys.modules
    with warm_workers(workers if warm else 0) as pool:
        if "pdf" in formats:
            prepare_keys(paper, templates)
        from briefgen import api
        from briefgen.model.dates import date_option
        from briefgen.model.validation import format_path
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

        if memos or not result.refused:
            with exclusive(
                out.root, LOCK, what="build", wait=WAIT_SECONDS, on_wait=on_progress or _quiet
            ):
                try:
                    out.recover()
                    with out.transaction() as tx:
                        pdf_keys = _stage_outputs(
                            tx, memos, formats, paper, jobs, templates, pool, result
                        )
                        if not result.refused:
                            found = [d.to_dict(project.root) for d in result.diagnostics]
                            state = buildcache.state(key, tx.digests, found, pdf_keys)
                            tx.stage(buildcache.STATE, state)
                except OSError as exc:
                    raise SystemRefused(
                        f"not built: cannot write to {display_path(out.root)}: {describe(exc)}; "
                        "the files there are as they were"
                    ) from None
    result.written = [replace(w, size=w.path.stat().st_size) for w in result.written]
    if problem := record_citations(checked, sorted({b.id for b, _, _ in memos})):
        result.warnings.append(problem)
    result.seconds = time.perf_counter() - started
    return result


def _stage_outputs(
    tx: Transaction,
    memos: Sequence[tuple[CheckedBrief, Memo, str]],
    formats: Sequence[str],
    paper: str,
    jobs: int | None,
    templates: Templates,
    pool: Pool | None,
    result: BuildResult,
) -> dict[str, str]:
    """Every output of the build, staged to be renamed into place together: an edition's
    HTML and PDF, and the pages and stylesheets they link to, are all old or all new. The
    HTML is rendered while the PDFs, slowest to make, are laid out. Returns each PDF's
    layout key, for a publish to reuse the PDF: worked out, from the print HTML each PDF is
    laid out from, before the layout starts, so that a template edited meanwhile makes the
    key stale, not the PDF."""
    from briefgen.publish.pdfs import pdf_key, print_html, render_pdfs
    from briefgen.render import html

    def stage_html() -> None:
        if "html" not in formats or not memos:
            return
        for _brief, memo, name in memos:
            links = [("PDF", f"{name}.pdf")] if "pdf" in formats else []
            started = time.perf_counter()
            page = html.render_html(memo, medium="screen", links=links, templates=templates)
            path = tx.stage(f"{name}.html", page)
            result.written.append(Written(path, 0, time.perf_counter() - started))
        support = support_files([(b.corpus, m) for b, m, _ in memos], templates)
        for relative, data in support.items():
            tx.stage(relative, data)

    if "pdf" not in formats:
        stage_html()
        return {}
    htmls = [print_html(memo, templates) for _, memo, _ in memos]
    keys = {
        f"{name}.pdf": pdf_key(page, paper, templates)
        for (_, _, name), page in zip(memos, htmls, strict=True)
    }
    pdfs = render_pdfs(
        [memo for _, memo, _ in memos],
        paper,
        jobs,
        templates=templates,
        pool=pool,
        meanwhile=stage_html,
        htmls=htmls,
    )
    for (_, _, name), (data, pages, seconds) in zip(memos, pdfs, strict=True):
        result.written.append(Written(tx.stage(f"{name}.pdf", data), 0, seconds, pages))
    return keys


def support_files(memos: Sequence[tuple[Corpus, Memo]], templates: Templates) -> dict[str, bytes]:
    """What HTML memos link to: the stylesheets and the pages of the articles they cite."""
    from briefgen.render import html

    pages = html.article_pages(html.cited_passages(memos), templates=templates)
    return {**html.asset_files(templates), **pages}


def record_citations(checked: CheckResult, briefs: Sequence[str]) -> str | None:
    """After a clean build or publish: remember what each citation of these briefs matched
    (citations.lock), to explain later drift. A project folder that cannot be written (a
    read-only checkout) does not fail the build: the reason comes back as a warning."""
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
    if content is None:
        return None
    try:
        write_atomic(root / LOCK_FILE, content)
    except OSError as exc:
        return f"warning: {LOCK_FILE} not updated: {describe(exc)}"
    return None
