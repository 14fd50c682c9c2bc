"""The static site: `briefgen publish` writes it for an intranet web server, and
`briefgen serve` previews it from memory.

Layout (every link relative, so the site works under any URL prefix and from file://)::

    index.html                        every brief: title, as-of date, bottom line, links
    assets/                           stylesheets
    sources/<article>.html            each cited article, every quoted passage marked
    <brief>/index.html, <brief>.pdf   the current edition
    <brief>/<as-of>/index.html, .pdf  a permanent page per edition, kept across publishes

Publishing is atomic: the new site is written in full beside the old one, inside DIR, and
swapped in by renaming a symbolic link (`DIR/site`), so readers see either the old site or
the new one, never a mix; if anything fails first, the published site is untouched.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefgen import api
from briefgen.diagnostics import Diagnostic
from briefgen.errors import BriefgenError
from briefgen.model.dates import PartialDate
from briefgen.paths import Templates
from briefgen.publish.build import record_citations, render_pdfs
from briefgen.publish.writer import OutputFolder, remove_tree, swap_symlink
from briefgen.render import html
from briefgen.render.memos import DatedMemo, memos_for
from briefgen.render.sections import Memo

LIVE = "site"
RELEASES = ".releases"


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
    editions: list[dict[str, str]]


Files = dict[str, bytes]


def plan(
    checked: api.CheckResult,
    *,
    with_pdf: bool = True,
    csp: str | None = html.CSP,
    paper: str = "letter",
) -> Files:
    """Every file of the site, in memory, by relative path. Each edition's memo is made
    once and its PDF laid out once; the current edition's page and PDF also stand at the
    brief's own address."""
    templates = Templates.of_project(checked.project.root)
    files: Files = {}
    cards: list[Card] = []
    memos: list[tuple[api.CheckedBrief, Memo]] = []
    pdfs: dict[str, Memo] = {}  # laid out together at the end, in parallel
    copies: dict[str, str] = {}  # the current edition's PDF, also at <brief>/<brief>.pdf
    for brief_id in checked.requested:
        brief = checked.briefs[brief_id]
        dated = memos_for(brief)
        current = dated[-1]
        history = [d.date.iso() for d in dated]
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
        cards.append(_card(brief.id, current, dated[:-1]))

    if with_pdf:
        made = render_pdfs(list(pdfs.values()), paper, templates=templates)
        files.update({path: data for path, (data, _, _) in zip(pdfs, made, strict=True)})
        files.update({copy: files[original] for copy, original in copies.items()})
    files.update(html.asset_files(templates))
    files.update(
        html.article_pages(
            [(b.corpus, m) for b, m in memos], csp=csp, home="../index.html", templates=templates
        )
    )
    files["index.html"] = html.render_index(cards, csp=csp, templates=templates).encode()
    return files


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


def _card(brief_id: str, current: DatedMemo, earlier: list[DatedMemo]) -> Card:
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
    seconds: float


def publish(
    root: Path | str | None,
    dest: Path | str,
    briefs: Sequence[str] = (),
    *,
    paper: str = "letter",
    on_diagnostics: Callable[[list[Diagnostic]], None] | None = None,
) -> Published:
    """Check the briefs (once), make the whole site in memory, write it as a new release
    and swap it in."""
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
    live = dest / LIVE
    if live.exists() and not live.is_symlink():
        raise BriefgenError(
            f"{live} exists and is not a link briefgen made: move it away, then publish again"
        )
    files = plan(checked, paper=paper)

    releases = dest / RELEASES
    release = releases / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    kept = _carry_over_editions(live, files)
    previous = {live.resolve().name} if live.is_symlink() else set()
    out = OutputFolder(release)
    for relative, data in files.items():
        out.write(relative, data)
    swap_symlink(live, release.relative_to(dest))  # atomic on POSIX file systems
    record_citations(checked, checked.requested)
    _prune(releases, keep={release.name, *previous})  # the previous one, for readers mid-page
    return Published(live, release, len(files), kept, time.perf_counter() - started)


def _carry_over_editions(live: Path, files: Files) -> int:
    """Edition pages published before and not built now (an edition dropped from the
    brief's list) stay, so links in old e-mails keep working."""
    if not live.is_dir():
        return 0
    kept = 0
    for index in live.glob("*/*/index.html"):
        folder = index.parent
        relative = folder.relative_to(live).as_posix()
        if f"{relative}/index.html" in files:
            continue
        for path in folder.rglob("*"):
            if path.is_file():
                files.setdefault(path.relative_to(live).as_posix(), path.read_bytes())
        kept += 1
    return kept


def _prune(releases: Path, keep: set[str]) -> None:
    """Remove old releases (and any left by a publish that was killed midway)."""
    for folder in releases.iterdir():
        if folder.name not in keep:
            remove_tree(folder)
