"""The static site: `briefgen publish` writes it for an intranet web server, and
`briefgen serve` previews it from memory.

Layout (every link relative, so the site works under any URL prefix and from file://)::

    index.html                        every brief, newest first: title, date, topics, links
    feed.xml                          an Atom feed of editions
    assets/                           stylesheets
    sources/<article>.html            each cited article, every quoted passage marked
    <brief>/index.html, <brief>.pdf   the current edition
    <brief>/<as-of>/index.html, .pdf  a permanent page per edition, kept across publishes

Publishing is atomic: the new site is written in full beside the old one, inside DIR, and
swapped in by renaming a symbolic link (`DIR/site`), so readers see either the old site or
the new one, never a mix; if anything fails first, the published site is untouched.
One publish writes into DIR at a time (a lock), and only releases briefgen finished are
trusted (release.py).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefgen import api
from briefgen.diagnostics import Diagnostic, display_path
from briefgen.errors import BriefgenError, SystemRefused, describe
from briefgen.model.citations import Match
from briefgen.model.corpus import Article
from briefgen.model.dates import PartialDate
from briefgen.paths import SOURCES_DIR, Templates
from briefgen.publish import buildcache
from briefgen.publish import release as releases
from briefgen.publish.build import WAIT_SECONDS, record_citations
from briefgen.publish.pdfs import PdfMade, pdf_key, print_html, render_pdfs
from briefgen.publish.release import LIVE, Release
from briefgen.publish.writer import (
    OutputFolder,
    exclusive,
    make_folders,
    remove_tree,
    swap_symlink,
)
from briefgen.render import feed, html
from briefgen.render.memos import DatedMemo, memos_for
from briefgen.render.notes import quote_anchor
from briefgen.render.sections import Memo

Files = dict[str, bytes]
Progress = Callable[[str], None]


#: A note's link to its passage, in an edition page: `sources/<article>.html#<anchor>`.
_SOURCE_LINK = re.compile(rf'href="(?:\.\./)*{SOURCES_DIR}/([^"/#]+)\.html#([^"]+)"')


def _quiet(message: str) -> None:
    pass


@dataclass
class Card:
    """A brief on the index page."""

    id: str
    title: str
    subtitle: str | None
    marking: str
    as_of: str
    as_of_iso: str
    html: str
    pdf: str
    bottom_line: object
    topics: list[str]
    editions: list[dict[str, str]]


@dataclass
class Plan:
    """The whole site in memory, by relative path, and the layout key of each PDF."""

    files: Files = field(default_factory=dict)
    pdf_keys: dict[str, str] = field(default_factory=dict)
    quotes: dict[str, list[Match]] = field(default_factory=dict)  # marked on article pages
    reused: int = 0  # PDFs taken unchanged from the previous release or the last build
    kept: int = 0  # earlier editions' pages carried over from the previous release


def plan(
    checked: api.CheckResult,
    *,
    with_pdf: bool = True,
    csp: str | None = html.CSP,
    paper: str = "letter",
    jobs: int | None = None,
    previous: Release | None = None,
    last_build: buildcache.Previous | None = None,
    progress: Progress = _quiet,
) -> Plan:
    """Every file of the site. Each edition's memo is made once and its PDF laid out once
    (or reused from `previous` or `last_build` when what it is made from is unchanged);
    the current edition's page and PDF also stand at the brief's own address."""
    templates = Templates.of_project(checked.project.root)
    site = Plan()
    files = site.files
    cards: list[Card] = []
    editions: list[feed.Edition] = []
    memos: list[tuple[api.CheckedBrief, Memo]] = []
    pdfs: dict[str, Memo] = {}  # laid out together at the end, in parallel
    copies: dict[str, str] = {}  # the current edition's PDF, also at <brief>/<brief>.pdf
    for brief_id in checked.requested:
        brief = checked.briefs[brief_id]
        dated = memos_for(brief)
        current = dated[-1]
        history = [d.date.iso() for d in dated]
        progress(f"{brief.id}: {len(dated)} edition(s) — {', '.join(history)}")
        for edition in dated:
            folder = f"{brief.id}/{edition.date.iso()}"
            pdf_name = f"{brief.id}-{edition.date.iso()}.pdf"
            files[f"{folder}/index.html"] = _page(
                edition.memo,
                "../../",
                csp,
                templates,
                [
                    ("All briefs", "../../index.html"),
                    ("PDF", pdf_name),
                    *_other_editions(history, edition.date.iso(), "../"),
                ],
            )
            pdfs[f"{folder}/{pdf_name}"] = edition.memo
            memos.append((brief, edition.memo))
            editions.append(_feed_entry(brief.id, edition, f"{folder}/", f"{folder}/{pdf_name}"))
        files[f"{brief.id}/index.html"] = _page(
            current.memo,
            "../",
            csp,
            templates,
            [
                ("All briefs", "../index.html"),
                ("PDF", f"{brief.id}.pdf"),
                ("Permanent link to this edition", f"{current.date.iso()}/"),
                *_other_editions(history, current.date.iso(), ""),
            ],
        )
        copies[f"{brief.id}/{brief.id}.pdf"] = (
            f"{brief.id}/{current.date.iso()}/{brief.id}-{current.date.iso()}.pdf"
        )
        topics = [t.title for t in brief.loaded.brief.topics]
        cards.append(_card(brief.id, current, dated[:-1], topics))

    if with_pdf:
        _lay_out(site, pdfs, paper, jobs, previous, last_build, progress, templates)
        files.update({copy: files[original] for copy, original in copies.items()})
    files.update(html.asset_files(templates))
    cited = html.cited_passages([(b.corpus, m) for b, m in memos])
    site.kept = _carry_over_editions(previous, files, cited)
    files.update(html.article_pages(cited, csp=csp, home="../index.html", templates=templates))
    site.quotes = {article: matches for article, (_, matches) in cited.items()}
    cards.sort(key=lambda c: (c.as_of_iso, c.id), reverse=True)  # newest first
    files["index.html"] = html.render_index(cards, csp=csp, templates=templates).encode()
    files[feed.FEED] = feed.atom_feed(editions)
    return site


def _lay_out(
    site: Plan,
    pdfs: dict[str, Memo],
    paper: str,
    jobs: int | None,
    previous: Release | None,
    last_build: buildcache.Previous | None,
    progress: Progress,
    templates: Templates,
) -> None:
    """Each PDF of the site: reused when its key is unchanged — from the previous release,
    or from the project's last build — else laid out (in parallel), with a line of
    progress for each."""
    sources: list[tuple[Release | buildcache.Previous, str]] = []
    if previous:
        sources.append((previous, "unchanged since the last publish"))
    if last_build:
        sources.append(
            (last_build, f"unchanged since the last build (in {display_path(last_build.folder)})")
        )
    todo: list[str] = []
    htmls: list[str] = []  # the print HTML of each PDF to lay out, made once for its key
    for path, memo in pdfs.items():
        page = print_html(memo, templates)
        key = site.pdf_keys[path] = pdf_key(page, paper, templates)
        for made, why in sources:
            if (reused := made.pdf_for(key)) is not None:
                site.files[path] = reused
                site.reused += 1
                progress(f"  {path}: {why}, PDF reused")
                break
        else:
            todo.append(path)
            htmls.append(page)

    def done(i: int, made: PdfMade) -> None:
        data, pages, seconds = made
        site.files[todo[i]] = data
        progress(f"  {todo[i]}: PDF laid out, {pages} pages in {seconds:.1f} s")

    todo_memos = [pdfs[path] for path in todo]
    render_pdfs(todo_memos, paper, jobs, on_done=done, templates=templates, htmls=htmls)


def _page(
    memo: Memo, prefix: str, csp: str | None, templates: Templates, links: list[tuple[str, str]]
) -> bytes:
    return html.render_html(
        memo, medium="screen", prefix=prefix, links=links, csp=csp, templates=templates
    ).encode()


def _other_editions(history: list[str], this: str, to_brief: str) -> list[tuple[str, str]]:
    return [
        (f"Edition of {PartialDate.parse(d).human()}", f"{to_brief}{d}/")
        for d in history
        if d != this
    ]


def _feed_entry(brief_id: str, edition: DatedMemo, page: str, pdf: str) -> feed.Edition:
    memo = edition.memo
    return feed.Edition(
        brief_id=brief_id,
        title=memo.title,
        date=edition.date.first_day(),
        date_iso=edition.date.iso(),
        date_human=edition.date.human(),
        author=memo.prepared_by,
        href=page,
        pdf=pdf,
        summary=str(memo.bottom_line),
    )


def _card(brief_id: str, current: DatedMemo, earlier: list[DatedMemo], topics: list[str]) -> Card:
    memo = current.memo
    return Card(
        id=brief_id,
        title=memo.title,
        subtitle=memo.subtitle,
        marking=memo.marking,
        as_of=memo.as_of,
        as_of_iso=memo.as_of_iso,
        html=f"{brief_id}/index.html",
        pdf=f"{brief_id}/{brief_id}.pdf",
        bottom_line=memo.bottom_line,
        topics=topics,
        editions=[
            {
                "as_of": e.memo.as_of,
                "html": f"{brief_id}/{e.date.iso()}/index.html",
                "pdf": f"{brief_id}/{e.date.iso()}/{brief_id}-{e.date.iso()}.pdf",
            }
            for e in reversed(earlier)
        ],
    )


# --- publishing ------------------------------------------------------------------------------


@dataclass
class Published:
    site: Path
    release: Path
    files: int
    kept: int  # edition pages carried over from the previous publish
    reused: int  # PDFs reused from the previous publish or the last build
    seconds: float
    warnings: list[str] = field(default_factory=list)


def publish(
    root: Path | str | None,
    dest: Path | str,
    briefs: Sequence[str] = (),
    *,
    paper: str = "letter",
    jobs: int | None = None,
    wait: float = WAIT_SECONDS,
    on_diagnostics: Callable[[list[Diagnostic]], None] | None = None,
    progress: Progress = _quiet,
) -> Published:
    """Check the briefs (once), make the whole site in memory, write it as a new release
    and swap it in — all under DEST's lock, so publishes into one DEST take turns."""
    started = time.perf_counter()
    checked = api.check(root, briefs)
    if on_diagnostics:
        on_diagnostics(checked.diagnostics)
    if not checked.ok:
        raise BriefgenError(
            "not published: the briefs have errors (see above); the published site is unchanged"
        )
    dest = Path(dest).resolve()
    project = checked.project
    for protected in (project.briefs_dir, project.corpus_dir):
        if dest == protected.resolve() or dest.is_relative_to(protected.resolve()):
            raise BriefgenError(f"refusing to publish into {protected}")
    if dest.exists() and not dest.is_dir():
        raise BriefgenError(f"cannot publish to {dest}: it is a file, not a folder")
    with exclusive(dest, releases.LOCK, what="publish", wait=wait, on_wait=progress):
        current = releases.live(dest)
        previous = current.release
        warnings = [current.note] if current.note else []
        keep = {current.name} if current.name else set()
        site = plan(
            checked,
            paper=paper,
            jobs=jobs,
            previous=previous,
            last_build=buildcache.load(project.build_dir),
            progress=progress,
        )
        folder = releases.new_folder(dest)
        progress(f"writing {len(site.files)} files to {display_path(folder)}")
        try:
            _write_release(folder, site)
        except OSError as exc:
            releases.prune(dest, keep)
            raise SystemRefused(
                f"not published: {describe(exc)}; what this publish wrote is removed and "
                "the published site is unchanged"
            ) from None
        swap_symlink(dest / LIVE, folder.relative_to(dest))  # atomic on POSIX file systems
        # the release that was live stays, for readers in the middle of a page
        releases.prune(dest, keep | {folder.name})
    if problem := record_citations(checked, checked.requested):
        warnings.append(problem)
    return Published(
        dest / LIVE,
        folder,
        len(site.files),
        site.kept,
        site.reused,
        time.perf_counter() - started,
        warnings,
    )


def _write_release(folder: Path, site: Plan) -> None:
    """Every file, then the manifest last: a folder without one was not finished."""
    make_folders(folder.parent)
    out = OutputFolder(folder)
    try:
        for relative, data in site.files.items():
            out.write(relative, data)
        out.write(releases.MANIFEST, releases.manifest(site.files, site.pdf_keys, site.quotes))
    except BaseException:
        remove_tree(folder)
        raise


def _carry_over_editions(
    previous: Release | None, files: Files, cited: dict[str, tuple[Article, list[Match]]]
) -> int:
    """Edition pages published before and not built now (an edition dropped from the
    brief's list) stay, so links in old e-mails keep working. Only files a finished
    release's manifest vouches for are carried over. The passages their notes lead to
    stay marked: added to `cited` from the previous release's record of them, or, for an
    article no memo cites now, its page carried over as it was."""
    if previous is None:
        return 0
    built = {path.removesuffix("/index.html") for path in files if path.count("/") == 2}
    carried: set[str] = set()
    for relative in previous.files:
        edition = "/".join(relative.split("/")[:2])
        if relative.count("/") < 2 or edition in built or relative in files:
            continue  # not inside an edition's folder, or that edition is built now
        data = previous.read(relative)
        if data is None:
            continue
        files[relative] = data
        carried.add(edition)
        for article_id, anchor in _SOURCE_LINK.findall(data.decode("utf-8", "replace")):
            if article_id not in cited:  # no memo cites it now: its page stays as it was
                page = f"{SOURCES_DIR}/{article_id}.html"
                if (old_page := previous.read(page)) is not None:
                    files[page] = old_page
                continue
            article, marked = cited[article_id]
            if any(quote_anchor(m) == anchor for m in marked):
                continue
            marked += [
                m
                for m in previous.quotes.get(article_id, [])
                if quote_anchor(m) == anchor and m.paragraph <= len(article.paragraphs)
            ]
    return len(carried)
