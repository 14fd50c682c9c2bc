"""The memo as its reader meets it: the judgment on page one, the detail in annexes, no
page wasted — for both seed editions and for a second brief on another topic (three
articles of its own, one edition), each read from its PDF's text and its HTML."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import html5lib
import pikepdf
import pytest

from briefgen.model import schema
from briefgen.model.corpus import load_corpus
from briefgen.publish import build
from tests.support import NS, REPO, SEED_BRIEF, flat, pdf_pages

FIXTURE = REPO / "tests" / "fixtures" / "second-brief"
FIXTURE_BRIEF = "lisva-water-talks"
MAX_PAGES = 12
MIN_LINES = 12  # on every page but the last


@dataclass(frozen=True)
class Built:
    """One edition's memo as built: its PDF (and the text of each page) and HTML, and the
    corpus it cites."""

    name: str
    pdf: Path
    html: Path
    corpus: Path
    pages: list[str]

    @classmethod
    def read(cls, name: str, out: Path, corpus: Path) -> Built:
        pdf = out / f"{name}.pdf"
        pages = pdf_pages(pdf)
        return cls(name, pdf, out / f"{name}.html", corpus, pages)

    def tree(self) -> ET.Element:
        tree: ET.Element = html5lib.parse(self.html.read_text(encoding="utf-8"))
        return tree


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second brief, copied (a build writes citations.lock beside it) and built."""
    root = tmp_path_factory.mktemp("second-brief") / "project"
    shutil.copytree(FIXTURE, root)
    result = build.build(root, output=root / "build")
    assert result.ok and not result.diagnostics, result.report()
    return root


@pytest.fixture(
    scope="module", params=["seed, current edition", "seed, 2013 edition", "second brief"]
)
def memo(request: pytest.FixtureRequest) -> Built:
    if request.param == "second brief":
        root: Path = request.getfixturevalue("fixture_build")
        out, name = root / "build", FIXTURE_BRIEF
    else:
        out = request.getfixturevalue("seed_build")
        root = request.getfixturevalue("seed_root")
        name = SEED_BRIEF if "current" in request.param else f"{SEED_BRIEF}--2013-09-30"
    return Built.read(name, out, root / "corpus")


def squeezed(text: str) -> str:
    """Text without white space: a PDF's lines break where the HTML's do not."""
    return "".join(text.split())


def text_of(element: ET.Element) -> str:
    return flat(" ".join(element.itertext()))


#: What the PDF does not print as the HTML has it: text for screen readers, note markers,
#: the change badge (in capitals on paper).
NOT_PRINTED = {"visually-hidden", "refs", "change-tag"}


def printed_text(element: ET.Element) -> str:
    def walk(el: ET.Element) -> str:
        if NOT_PRINTED & set((el.get("class") or "").split()):
            return el.tail or ""
        inner = (el.text or "") + "".join(walk(child) for child in el)
        return inner + (el.tail or "")

    return flat((element.text or "") + "".join(walk(child) for child in element))


def articles(memo: Built) -> list[schema.ArticleMeta]:
    """The articles this edition cites (its HTML links to their pages)."""
    corpus, _ = load_corpus(memo.corpus)
    page = memo.html.read_text(encoding="utf-8")
    return [a.meta for a in corpus.articles.values() if f"sources/{a.id}.html" in page]


def by_id(tree: ET.Element, id_: str) -> ET.Element:
    found = tree.find(f".//*[@id='{id_}']")
    assert found is not None, id_
    return found


def test_page_one_carries_the_judgments_and_what_they_rest_on(memo: Built) -> None:
    tree = memo.tree()
    judgments = [
        printed_text(p)
        for p in by_id(tree, "key-judgments").iter(f"{NS}p")
        if p.get("class") == "judgment"
    ]
    assert judgments, "the memo has key judgments"
    sourcing = by_id(tree, "sourcing")
    summary = [text_of(li) for li in sourcing.iter(f"{NS}li")]
    page_one = squeezed(memo.pages[0])
    assert "Bottomlineupfront" in page_one and "Keyjudgments" in page_one
    for judgment in judgments:  # the whole of each judgment
        assert squeezed(judgment) in page_one, judgment
    assert "Whatthismemorestson" in page_one
    for line in [*summary, text_of(sourcing)]:
        assert squeezed(line) in page_one, line
    # each cited article: its publisher (or title), its date, and what is not known
    for meta in articles(memo):
        said = next(line for line in summary if (meta.publisher or meta.title[:20]) in line)
        if meta.published is not None:
            assert meta.published.human() in said or str(meta.published.year) in said, said
        for unknown in ("publisher", "author"):
            if getattr(meta, unknown) is None:
                assert unknown in said and "not known" in said, said


def test_the_footer_says_what_was_checked_and_what_was_judged(memo: Built) -> None:
    """Verified quotations are not verified claims: the memo says which checks ran and
    that the judgments are the analyst's, in the HTML footer and on the PDF's last page."""
    footer = text_of(next(e for e in memo.tree().iter(f"{NS}p") if e.get("class") == "checked"))
    for said in (
        "every quotation stands word for word in its source",
        "for attribution, hedging, specifics and single sourcing",
        "high-confidence judgment against the standing of its sources",
        "are the analyst's, not machine-checked",
    ):
        assert said in footer, footer
    assert squeezed(footer) in squeezed(memo.pages[-1])


def test_no_more_than_twelve_pages(memo: Built) -> None:
    assert len(memo.pages) <= MAX_PAGES


def _lines(page: str) -> list[str]:
    """A page's lines of text: the running header and footer (the same on every page) and
    bare list markers not counted."""
    running = re.compile(r"^(UNCLASSIFIED.*|As of .*|Page \d+ of \d+|[\d.•]+|.{0,40}Talks)$")
    return [line for line in page.splitlines() if line.strip() and not running.match(line.strip())]


def test_no_page_but_the_last_is_nearly_empty(memo: Built) -> None:
    counts = [len(_lines(page)) for page in memo.pages]
    assert all(n >= MIN_LINES for n in counts[:-1]), counts


def test_each_article_is_named_in_full_at_most_twice(memo: Built) -> None:
    """Once in the first note citing it, once in the list of sources; later notes use a
    short form (the publisher and a short date, or a short title)."""
    text = squeezed(" ".join(memo.pages))
    for meta in articles(memo):
        times = text.count(squeezed(meta.title))
        assert 1 <= times <= 2, f"{meta.title}: {times} times"
    short = [line for line in " ".join(memo.pages).split("—") if re.search(r", ¶\d+", line)]
    assert short, "notes name the paragraph they cite"


def test_quotes_within_quotes_are_turned(memo: Built) -> None:
    notes = by_id(memo.tree(), "notes")
    for q in notes.iter(f"{NS}q"):
        quote = "".join(q.itertext())
        assert "“" not in quote and "”" not in quote, quote  # <q> adds the outer marks
    text = " ".join(memo.pages)
    assert "““" not in text and "””" not in text


def test_source_addresses_are_links(memo: Built) -> None:
    addresses = [meta.url for meta in articles(memo) if meta.url]
    with pikepdf.open(memo.pdf) as pdf:
        uris = {
            str(annot.A.URI)
            for page in pdf.pages
            for annot in page.get("/Annots", [])
            if "/A" in annot and "/URI" in annot.A
        }
    assert set(addresses) <= uris, set(addresses) - uris


def test_an_independent_checker_finds_the_pdf_accessible(memo: Built) -> None:
    """outloud checks the Matterhorn Protocol (PDF/UA-1) from the file alone: a checker
    that did not write it. No errors; the warnings it may give are listed in the README."""
    outloud = Path(sys.executable).parent / "outloud"
    assert outloud.is_file(), "outloud is installed by scripts/setup.sh test"
    proc = subprocess.run(
        [outloud, str(memo.pdf), "--json", "-"], capture_output=True, text=True, check=False
    )
    (result,) = json.loads(proc.stdout)["results"]
    errors = [f for f in result["findings"] if f["severity"] == "error"]
    assert result["counts"]["error"] == 0, json.dumps(errors, indent=1)
    warnings = {f["rule"] for f in result["findings"] if f["severity"] == "warning"}
    assert warnings <= EXPLAINED_WARNINGS, warnings


#: Warnings outloud may give on a memo, each explained in the README ("Accessibility").
EXPLAINED_WARNINGS: set[str] = set()
