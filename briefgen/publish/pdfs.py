"""PDFs: a memo laid out by WeasyPrint, several at once in worker processes, and the key
that says when an earlier PDF can be reused.

WeasyPrint (and the rest of rendering) is imported where it is used: a build with nothing
to lay out must not pay for the import.
"""

from __future__ import annotations

import datetime
import functools
import gc
import hashlib
import multiprocessing
import os
import pickle
import signal
import sys
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.pool import Pool
from typing import TYPE_CHECKING

from briefgen.faults import inject
from briefgen.paths import Templates
from briefgen.publish import buildcache

if TYPE_CHECKING:
    from briefgen.render.sections import Memo


def memo_pdf(
    memo: Memo, paper: str = "letter", templates: Templates | None = None
) -> tuple[bytes, int]:
    """The memo as PDF bytes and its page count.

    The bytes depend on the inputs alone: the PDF's creation date is the brief's as_of,
    and its modification date is SOURCE_DATE_EPOCH when that is set (reproducible builds).
    """
    return _pdf_of(
        _print_html(memo, templates),
        lambda flowing: _print_html(memo, templates, flowing),
        _annexes(memo),
        paper,
        templates,
    )


def _annexes(memo: Memo) -> list[str]:
    return [section.anchor for section in memo.sections if section.annex]


def _pdf_of(
    html: str,
    again: Callable[[set[str]], str],
    annexes: Sequence[str],
    paper: str,
    templates: Templates | None,
) -> tuple[bytes, int]:
    """`html` laid out, and laid out `again` (the memo's print HTML with some of its
    `annexes` flowing on) if an annex's page break would leave a page nearly empty."""
    from briefgen.render import pdf  # WeasyPrint is slow to import: only for a PDF

    # Each annex starts a page — unless that would leave the page before it nearly empty,
    # as its content may: then it follows on (measured, and laid out again).
    flowing: set[str] = set()
    document = pdf.render(html, paper=paper, templates=templates)
    for _ in range(len(annexes)):
        short = pdf.short_before(document, annexes) - flowing
        if not short:
            break
        flowing |= short
        document = pdf.render(again(flowing), paper=paper, templates=templates)
    return pdf.write(document), len(document.pages)


def _print_html(memo: Memo, templates: Templates | None, flowing: Collection[str] = ()) -> str:
    from briefgen.render import html

    return html.render_html(
        memo,
        medium="print",
        link_sources=False,
        modified=source_date_epoch(),
        templates=templates,
        flowing=flowing,
    )


def pdf_key(memo: Memo, paper: str, templates: Templates | None = None) -> str:
    """What a memo's PDF is made from, as a hash: its print HTML, the paper, the templates
    (stylesheets, fonts), briefgen's code and WeasyPrint's version. Two PDFs with the same
    key are the same bytes, so a publish may reuse the last one's."""
    page = _print_html(memo, templates)
    inputs = _layout_inputs(paper, templates or Templates.packaged())
    return hashlib.sha256((inputs + page).encode()).hexdigest()


@functools.cache
def _layout_inputs(paper: str, templates: Templates) -> str:
    from importlib.metadata import version

    return buildcache.inputs_key(
        [*templates.folders, buildcache.CODE],
        {"paper": paper, "weasyprint": version("weasyprint")},
    )


def _timed(make: Callable[[], tuple[bytes, int]]) -> PdfMade:
    started = time.perf_counter()
    data, pages = make()
    return data, pages, time.perf_counter() - started


PdfMade = tuple[bytes, int, float]  # the PDF, its pages, the seconds its layout took


@contextmanager
def warm_workers(count: int) -> Iterator[Pool | None]:
    """`count` PDF workers forked now, before there is anything to lay out: each imports
    WeasyPrint (about a second of a build) while the build checks the brief and renders
    its HTML. Stopped when the block ends, whatever happened in it."""
    if count < 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    pool = multiprocessing.get_context("fork").Pool(
        count, initializer=_worker_start, initargs=(os.getpid(),)
    )
    try:
        yield pool
    finally:
        pool.terminate()  # at once: no PDF is laid out for a build that has stopped
        pool.join()


def render_pdfs(
    memos: Sequence[Memo],
    paper: str,
    jobs: int | None = None,
    on_done: Callable[[int, PdfMade], None] | None = None,
    templates: Templates | None = None,
    pool: Pool | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> list[PdfMade]:
    """(pdf, pages, seconds) for each memo, in order; `on_done(i, made)` as each is done.
    Several memos are laid out in parallel, one process per core: WeasyPrint's layout is
    the cost of a build and uses one core. The processes are forked after WeasyPrint is
    imported (or are `pool`'s, warm already), so none imports it again; the output is the
    same bytes as a serial build. If the build fails or is interrupted, the workers are
    stopped at once. `meanwhile` runs while the workers lay out (before, without any)."""
    jobs = min(jobs or os.cpu_count() or 1, len(memos))
    made: list[PdfMade | None] = [None] * len(memos)

    def done(i: int, result: PdfMade) -> None:
        made[i] = result
        if on_done:
            on_done(i, result)

    def lay_out(workers: Pool) -> None:
        # a worker gets the print HTML, made here, and the memo as bytes, to unpickle
        # only if it must lay the memo out again: unpickling imports much of briefgen
        tasks = (
            (
                i,
                memo.brief_id,
                _print_html(memo, templates),
                _annexes(memo),
                pickle.dumps(memo),
                paper,
                templates,
            )
            for i, memo in enumerate(memos)
        )
        results = workers.imap_unordered(_worker_pdf, tasks)  # under way from here
        if meanwhile:
            meanwhile()
        for i, result in results:
            done(i, result)

    if pool is not None:
        lay_out(pool)
    elif jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        if meanwhile:
            meanwhile()
        for i, memo in enumerate(memos):
            done(i, _timed(functools.partial(memo_pdf, memo, paper, templates)))
    else:
        import weasyprint  # noqa: F401 - imported once, before the fork, for every worker

        with warm_workers(jobs) as workers:
            assert workers is not None
            lay_out(workers)
    return [m for m in made if m is not None]


def _worker_pdf(
    task: tuple[int, str, str, list[str], bytes, str, Templates | None],
) -> tuple[int, PdfMade]:
    i, brief_id, html, annexes, memo, paper, templates = task

    def again(flowing: set[str]) -> str:
        return _print_html(pickle.loads(memo), templates, flowing)

    inject("pdf-worker", brief_id)
    return i, _timed(lambda: _pdf_of(html, again, annexes, paper, templates))


def _worker_start(parent: int) -> None:
    """In a PDF worker: Ctrl-C is the parent's to handle (it stops the workers), the
    worker dies with the parent, and WeasyPrint is imported now, while the parent checks
    the brief, not at the first PDF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    from briefgen.render import pdf, pdfua  # noqa: F401 - WeasyPrint and pikepdf

    gc.freeze()  # what the worker holds now lives as long as it: never scan it for garbage


def _die_with_parent(parent: int) -> None:
    """In a PDF worker: if the build is killed, end too, rather than lay out a PDF no one
    will read while holding its memory and the parent's output pipe."""
    if not sys.platform.startswith("linux"):
        return  # PR_SET_PDEATHSIG is Linux's; elsewhere a killed build may leave a worker
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
