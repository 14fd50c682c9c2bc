"""What the tests share besides fixtures: the repository's paths, fixture texts, helpers."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from briefgen.diagnostics import Diagnostic

REPO = Path(__file__).resolve().parent.parent
SEED_BRIEF = "us-china-cyber-talks"
#: The files of the seed project a test copies to work on (never used in place).
SEED_FILES = ("briefs", "corpus", "citations.lock")

ARTICLE = """\
---
id: {id}
title: {title}
author: Jane Doe
publisher: Example Weekly
published: {published}
published_basis: stated
url: null
---
The minister said the talks were “useful and…frank” and that both sides ‘expect[s]’ more.

A second paragraph — with a dash, and  extra   spaces.

“[i]n private, they aren’t disavowing it anymore,” an expert said.
"""

#: The fixture brief's bottom line: cited, and kept single-sourced with a reason.
MINIMAL_BOTTOM_LINE = (
    "bottom_line: {text: The talks were **useful**., cites: [{source: news, quote: useful}],"
    " keep: {single_source: The fixture has one article.}}"
)

MINIMAL_BRIEF = """\
title: Test brief
as_of: 2015-12-01
marking: UNCLASSIFIED
prepared_by: Tests
audience: Test readers
topics:
  - id: talks
    title: Talks
%BOTTOM%
""".replace("%BOTTOM%", MINIMAL_BOTTOM_LINE)

ProjectFactory = Callable[..., Path]


def flat(text: str) -> str:
    """Text with every run of white space as one space, as a reader sees it."""
    return " ".join(text.split())


def pdf_pages(pdf: Path) -> list[str]:
    """Each page's text, as pypdf extracts it."""
    stat = pdf.stat()
    return list(_pdf_pages(pdf, stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=16)
def _pdf_pages(pdf: Path, _mtime: int, _size: int) -> tuple[str, ...]:
    """Read once per file as it stands: several test modules read the seed's PDFs (two
    seconds each)."""
    import pypdf

    return tuple(page.extract_text() for page in pypdf.PdfReader(pdf).pages)


def site_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


NS = "{http://www.w3.org/1999/xhtml}"


class _Links(HTMLParser):
    """A page's links (tag, attribute value) and ids, read with the standard library's
    parser: quick enough to check a whole site after each of many publishes."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append((tag, value))
            elif name == "id" and value:
                self.ids.add(value)


def _read_links(page: Path) -> _Links:
    return _parse_links(page.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=256)
def _parse_links(text: str) -> _Links:
    """Parsed once per distinct page: a publish rewrites every page, mostly unchanged."""
    parser = _Links()
    parser.feed(text)
    parser.close()
    return parser


def broken_links(site_dir: Path) -> list[str]:
    """Every href/src on every page that does not resolve to a file (and anchor) in the
    site, or that is not relative."""
    problems = []
    parsed: dict[Path, _Links] = {}
    inside = site_dir.resolve()

    def page_of(path: Path) -> _Links:
        if path not in parsed:
            parsed[path] = _read_links(path)
        return parsed[path]

    @functools.cache
    def file_at(folder: Path, relative: str) -> Path | None:
        """The file a relative link from `folder` leads to, if it is one inside the site
        (resolved once per link target: a memo has hundreds of links to its notes)."""
        target = (folder / relative).resolve()
        if target.is_dir():
            target = (target / "index.html").resolve()
        return target if target.is_file() and target.is_relative_to(inside) else None

    for page in site_pages(site_dir):
        for tag, url in page_of(page).links:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https", "mailto") and tag == "a":
                continue  # a link out, in the brief's text: followed only if clicked
            if parts.scheme or url.startswith("/"):
                problems.append(f"{page.name}: not relative: {url}")
                continue
            target = file_at(page.parent, parts.path) if parts.path else page
            if target is None:
                problems.append(f"{page.relative_to(site_dir)}: missing {url}")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and parts.fragment not in page_of(target).ids
            ):
                problems.append(f"{page.relative_to(site_dir)}: no #{parts.fragment} in {url}")
    return problems


def run_briefgen(
    root: Path, *args: str, fault: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`briefgen --root ROOT ARGS` in a fresh process, with a fault (faults.py) if given."""
    from briefgen.faults import ENV

    return subprocess.run(
        [sys.executable, "-m", "briefgen", "--root", str(root), *args],
        env={**os.environ, **({ENV: fault} if fault else {})},
        capture_output=True,
        text=True,
        check=False,
    )


def copy_seed(root: Path) -> Path:
    """A copy of the seed project (briefs, corpus, citations record) at `root`."""
    import shutil

    root.mkdir(parents=True, exist_ok=True)
    for name in SEED_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.is_file():
            shutil.copy2(source, root / name)
    return root


# --- hostile text ----------------------------------------------------------------------

PAYLOADS = [
    "<script>window.__xss=1;alert(1)</script>",
    '<img src=x onerror="window.__xss=1;alert(2)">',
    "<svg onload=alert(3)>",
    "[click](javascript:alert(4))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(6)">x</a>',
    '"><script>alert(7)</script>',
    '<iframe src="javascript:alert(8)"></iframe>',
    "![x](javascript:alert(9))",
    '<div style="background:url(javascript:alert(10))">s</div>',
    "{{ 7*7 }} {% raw %}",
]


def hostile_project(make_project: ProjectFactory) -> Path:
    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    payload_lines = "\n\n".join(PAYLOADS)
    brief = MINIMAL_BRIEF.replace("title: Test brief", f"title: {q(PAYLOADS[0])}").replace(
        MINIMAL_BOTTOM_LINE, bottom_line(payload_lines)
    )
    actor = (
        f"- id: x\n  name: {q(PAYLOADS[1])}\n  kind: person\n  side: us\n"
        f"  role: {q(PAYLOADS[6])}\n  positions:\n    - topic: talks\n      as_of: 2015\n"
        f"      stance: {q(PAYLOADS[3] + ' ' + PAYLOADS[4])}\n"
        "      cites: [{source: news, quote: useful, note: " + q(PAYLOADS[2]) + "}]\n"
    )
    root = make_project({"actors.yaml": actor}, brief=brief)
    article = root / "corpus" / "news.txt"
    article.write_text(
        article.read_text() + "\n<script>alert('corpus')</script> <img src=x onerror=alert(11)>\n"
    )
    return root


# --- a small brief with two editions and every kind of change ---------------------------------

EDITIONS_BRIEF = """\
title: Fixture
as_of: 2015-12-01
editions: [2015-06-30, 2015-12-01]
marking: UNCLASSIFIED
prepared_by: Tests
audience: Tests
topics:
  - {id: talks, title: Talks}
bottom_line: Now.
earlier_bottom_lines:
  - {as_of: 2015-06-30, text: Then.}
key_judgments:
  - {id: j, as_of: 2015-06-30, text: Old judgment., kind: assessment, confidence: low,
     cites: [{source: old, quote: useful}]}
  - {id: gone, as_of: 2015-06-30, text: Dropped judgment., kind: assessment, confidence: low,
     cites: [{source: old, quote: useful}]}
  - {id: j, text: New judgment., kind: assessment, confidence: moderate,
     cites: [{source: new, quote: useful}]}
  - {text: Fresh forecast., kind: forecast, likelihood: likely, horizon: 2016-06,
     confidence: low, cites: [{source: new, quote: useful}]}
"""

C_OLD = "cites: [{source: old, quote: useful}]"
C_NEW = "cites: [{source: new, quote: useful}]"

ACTORS = f"""\
- id: a
  name: Actor A
  kind: person
  side: us
  role: Minister
  {C_OLD}
  positions:
    - {{topic: talks, as_of: 2015-05, stance: Was for talks., {C_OLD}}}
    - {{topic: talks, as_of: 2015-10, stance: Now against talks., {C_NEW}}}
    - {{topic: talks, as_of: 2015-09, stance: In between., {C_NEW}}}
- id: b
  name: Actor B
  kind: person
  side: china
  role: Envoy
  {C_NEW}
  positions:
    - {{topic: talks, as_of: 2015-09, stance: For talks., {C_NEW}}}
- id: c
  name: Actor C
  kind: person
  side: us
  role: Adviser
  positions:
    - {{topic: talks, as_of: 2015-06, stance: Known only later., {C_NEW}}}
"""

MEETINGS = f"""\
- {{id: m-held, title: Held, date: 2015-05-02, status: held, summary: S., {C_OLD}}}
- id: m-postponed
  title: Postponed
  date: 2015-08
  announced: 2015-06-01
  status: postponed
  status_history:
    - {{as_of: 2015-06-01, status: scheduled, {C_OLD}}}
    - {{as_of: 2015-07, status: postponed, {C_NEW}}}
  summary: S.
  {C_OLD}
- {{id: m-new, title: New, date: 2015-11, status: held, summary: S., {C_NEW}}}
- {{id: m-unannounced, title: Later, date: 2015-08, status: held, summary: S., {C_NEW}}}
- id: m-ongoing
  title: Ongoing
  start: 2015-04
  end: 2015-10
  status: held
  summary: S.
  {C_OLD}
"""

QUESTIONS = f"""\
- id: q-moved
  question: Moved?
  why_it_matters: W.
  status_history:
    - {{as_of: 2015-05, status: open, note: Open., {C_OLD}}}
    - {{as_of: 2015-10, status: answered, note: Yes., {C_NEW}}}
- id: q-new
  question: New?
  why_it_matters: W.
  status_history:
    - {{as_of: 2015-11, status: open, note: Open., {C_NEW}}}
"""

METRICS = f"""\
- id: up
  label: Goes up
  unit: things
  observations:
    - {{as_of: 2015-05, value: 10, {C_OLD}}}
    - {{as_of: 2015-11, value: 12, qualifier: approx, {C_NEW}}}
- id: fresh
  label: First seen
  unit: things
  observations:
    - {{as_of: 2015-11, value: 3, display: three, {C_NEW}}}
"""


def editions_project(make_project: ProjectFactory) -> Path:
    """A small project whose brief has two editions and every kind of change between them:
    quick to lay out, for tests of editions, parallel builds and publishing."""
    return make_project(
        {
            "actors.yaml": ACTORS,
            "meetings.yaml": MEETINGS,
            "questions.yaml": QUESTIONS,
            "metrics.yaml": METRICS,
        },
        brief=EDITIONS_BRIEF,
        articles={"old": "2015-01", "new": "2015-11-30"},
    )


def without_lints(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics other than the claim-support warnings (model/lints.py), which a
    fixture's made-up dates and words may draw in a test about something else."""
    return [d for d in diagnostics if "keep it with a reason" not in d.message]


def bottom_line(text: str) -> str:
    """A bottom line of the given (Markdown) text, cited as the fixture's is."""
    indented = "\n".join("    " + line for line in text.splitlines())
    return (
        f"bottom_line:\n  text: |\n{indented}\n  cites: [{{source: news, quote: useful}}]\n"
        "  keep: {single_source: The fixture has one article.}"
    )


# --- a larger corpus: many briefs, many article pages ------------------------------------


def larger_project(root: Path, briefs: int = 10, articles: int = 40) -> Path:
    """A project of `briefs` small briefs over `articles` articles, each brief citing its
    own few: HTML-heavy (a page per article) with short memos, quick to lay out."""
    (root / "corpus").mkdir(parents=True)
    for a in range(articles):
        (root / "corpus" / f"art-{a}.txt").write_text(
            ARTICLE.format(id=f"art-{a}", title=f"Article {a}", published="2015-11-30"),
            encoding="utf-8",
        )
    per = max(1, articles // briefs)
    for b in range(briefs):
        judgments = "".join(
            f"  - {{text: Judgment {j}., kind: assessment, confidence: low, "
            f"cites: [{{source: art-{(b * per + j) % articles}, quote: useful}}]}}\n"
            for j in range(per)
        )
        folder = root / "briefs" / f"brief-{b}"
        folder.mkdir(parents=True)
        (folder / "brief.yaml").write_text(
            MINIMAL_BRIEF.replace("Test brief", f"Brief number {b}")
            .replace("as_of: 2015-12-01", f"as_of: 2015-12-{b % 28 + 1:02d}")
            .replace("source: news", f"source: art-{b * per % articles}")
            + "key_judgments:\n"
            + judgments,
            encoding="utf-8",
        )
    return root
