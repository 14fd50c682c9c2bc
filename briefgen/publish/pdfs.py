"""PDFs: a memo laid out by WeasyPrint, several at once in worker processes, and the key
that says when an earlier PDF can be reused.

WeasyPrint (and the rest of rendering) is imported where it is used: a build with nothing
to lay out must not pay for the import.
"""

from __future__ import annotations

import ctypes
import datetime
import functools
import gc
import hashlib
import multiprocessing
import os
import pickle
import signal
import sys
import threading
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
    memo: Memo,
    paper: str = "letter",
    templates: Templates | None = None,
    html: str | None = None,
) -> tuple[bytes, int]:
    """The memo as PDF bytes and its page count (`html`: its print HTML, if made already).

    The bytes depend on the inputs alone: the PDF's creation date is the brief's as_of,
    and its modification date is SOURCE_DATE_EPOCH when that is set (reproducible builds).
    """
    return _pdf_of(
        html if html is not None else print_html(memo, templates),
        lambda flowing: print_html(memo, templates, flowing),
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


def print_html(memo: Memo, templates: Templates | None, flowing: Collection[str] = ()) -> str:
    """What WeasyPrint lays out for the memo: made once per PDF, for its key and its layout."""
    from briefgen.render import html

    return html.render_html(
        memo,
        medium="print",
        link_sources=False,
        modified=source_date_epoch(),
        templates=templates,
        flowing=flowing,
    )


def pdf_key(page: str, paper: str, templates: Templates | None = None) -> str:
    """What a memo's PDF is made from, as a hash: its print HTML (`page`), the paper, the
    templates (stylesheets, fonts), briefgen's code, and the engine (WeasyPrint and what it
    uses, the machine's fonts). Two PDFs with the same key are the same bytes, so a publish
    may reuse the last one's, or the last build's."""
    with _inputs_lock:
        inputs = _layout_inputs(paper, templates or Templates.packaged())
    return hashlib.sha256((inputs + page).encode()).hexdigest()


_inputs_lock = threading.Lock()


def prepare_keys(paper: str, templates: Templates) -> None:
    """Work out, in a thread, what every PDF key of a build shares (templates, code and
    engine hashed: a tenth of a second), while the build checks its briefs."""
    threading.Thread(target=_compute_key_inputs, args=(paper, templates), daemon=True).start()


def _compute_key_inputs(paper: str, templates: Templates) -> None:
    with _inputs_lock:
        _layout_inputs(paper, templates)


@functools.cache
def _layout_inputs(paper: str, templates: Templates) -> str:
    return buildcache.inputs_key(
        [*templates.folders, buildcache.CODE], {"paper": paper, "engine": _engine()}
    )


#: What lays a PDF out besides briefgen: a change to any of them may change the bytes.
ENGINE_PACKAGES = ("weasyprint", "pydyf", "pikepdf", "fonttools", "tinycss2", "cssselect2")


def _library(name: str) -> ctypes.CDLL | None:
    """A C library by its usual soname, else wherever ctypes finds it (it runs ldconfig)."""
    import ctypes.util

    try:
        return ctypes.CDLL(f"lib{name}.so.0")
    except OSError:
        pass
    found = ctypes.util.find_library(name)
    try:
        return ctypes.CDLL(found) if found else None
    except OSError:
        return None


def _engine() -> dict[str, str]:
    """The versions of what lays out and writes a PDF, and the fonts installed (with their
    versions): a PDF made on another machine, or before an upgrade, is not reused. Found
    without importing WeasyPrint, which a publish that reuses every PDF never imports."""
    import shutil
    import subprocess
    from importlib.metadata import PackageNotFoundError, version

    engine: dict[str, str] = {}
    for package in ENGINE_PACKAGES:
        try:
            engine[package] = version(package)
        except PackageNotFoundError:
            engine[package] = "absent"
    for lib, call in (("pango-1.0", "pango_version_string"), ("harfbuzz", "hb_version_string")):
        if (library := _library(lib)) is not None and hasattr(library, call):
            function = getattr(library, call)
            function.restype = ctypes.c_char_p
            engine[lib] = function().decode()
    fc_list, fonts = shutil.which("fc-list"), ""
    if fc_list:  # fontconfig's, beside Pango; without it, the fonts cannot be told apart
        listing = [fc_list, "--format", "%{file} %{fontversion}\\n"]
        fonts = subprocess.run(listing, capture_output=True, text=True, check=False).stdout
    engine["fonts"] = hashlib.sha256("\n".join(sorted(fonts.splitlines())).encode()).hexdigest()
    return engine


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
    htmls: Sequence[str] | None = None,
) -> list[PdfMade]:
    """(pdf, pages, seconds) for each memo, in order; `on_done(i, made)` as each is done.
    `htmls`: the memos' print HTML, if the caller has made it already (for their keys).
    Several memos are laid out in parallel, one process per core: WeasyPrint's layout is
    the cost of a build and uses one core. The processes are forked after WeasyPrint is
    imported (or are `pool`'s, warm already), so none imports it again; the output is the
    same bytes as a serial build. If the build fails or is interrupted, the workers are
    stopped at once. `meanwhile` runs while the workers lay out (before, without any)."""
    jobs = min(jobs or os.cpu_count() or 1, len(memos))
    made: list[PdfMade | None] = [None] * len(memos)

    def page(i: int) -> str:
        return htmls[i] if htmls is not None else print_html(memos[i], templates)

    def done(i: int, result: PdfMade) -> None:
        made[i] = result
        if on_done:
            on_done(i, result)

    def lay_out(workers: Pool) -> None:
        failed: list[BaseException] = []

        def tasks() -> Iterator[WorkerTask]:
            """A worker gets the print HTML, ready-made, and the memo as bytes, to unpickle
            only if it must lay the memo out again (unpickling imports much of briefgen).
            Made in the pool's thread as the workers ask: an error stops the tasks and is
            raised here, in the build's thread, as it was."""
            try:
                for i, memo in enumerate(memos):
                    yield (
                        i,
                        memo.brief_id,
                        page(i),
                        _annexes(memo),
                        pickle.dumps(memo),
                        paper,
                        templates,
                    )
            except Exception as exc:
                failed.append(exc)

        results = workers.imap_unordered(_worker_pdf, tasks())  # under way from here
        if meanwhile:
            meanwhile()
        for i, result in results:
            done(i, result)
        if failed:
            raise failed[0]

    if pool is not None:
        lay_out(pool)
    elif jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        if meanwhile:
            meanwhile()
        for i, memo in enumerate(memos):
            done(i, _timed(functools.partial(memo_pdf, memo, paper, templates, page(i))))
    else:
        import weasyprint  # noqa: F401 - imported once, before the fork, for every worker

        with warm_workers(jobs) as workers:
            assert workers is not None
            lay_out(workers)
    return [m for m in made if m is not None]


#: What a PDF worker is given: index, brief id, print HTML, annex anchors, pickled memo,
#: paper, templates.
WorkerTask = tuple[int, str, str, list[str], bytes, str, Templates | None]


def _worker_pdf(task: WorkerTask) -> tuple[int, PdfMade]:
    i, brief_id, html, annexes, pickled, paper, templates = task

    @functools.cache
    def memo() -> Memo:
        unpickled: Memo = pickle.loads(pickled)
        return unpickled

    def again(flowing: set[str]) -> str:
        return print_html(memo(), templates, flowing)

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
