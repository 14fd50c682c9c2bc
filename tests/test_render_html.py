"""The HTML memo, tested by parsing it: notes resolve, nothing loads from outside, valid HTML5."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
import pytest

from briefgen.publish import build
from briefgen.render.sections import Memo
from briefgen.render.typography import turn_quotes
from tests.support import MINIMAL_BOTTOM_LINE, MINIMAL_BRIEF, REPO, SEED_BRIEF, ProjectFactory, flat

NS = "{http://www.w3.org/1999/xhtml}"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def parse(path: Path) -> ET.Element:
    tree: ET.Element = html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=True)
    return tree


def ids(tree: ET.Element) -> set[str]:
    return {id_ for el in tree.iter() if (id_ := el.get("id"))}


def text_of(tree: ET.Element) -> str:
    return flat(" ".join(tree.itertext()))


@pytest.fixture(scope="module")
def memo_path(seed_build: Path) -> Path:
    return seed_build / f"{SEED_BRIEF}.html"


@pytest.fixture(scope="module")
def tree(memo_path: Path) -> ET.Element:
    return parse(memo_path)


def test_every_note_marker_resolves_to_a_note_and_back(tree: ET.Element, seed_memo: Memo) -> None:
    anchors = ids(tree)
    refs = [a for a in tree.iter(f"{NS}a") if "ref" in (a.get("class") or "").split()]
    assert len(refs) >= len(seed_memo.notes)
    for a in refs:
        target = a.get("href")
        assert target is not None and target.startswith("#") and target[1:] in anchors, target
        assert a.get("id") in anchors
    notes = tree.find(f".//{NS}ol[@class='notes']")
    assert notes is not None
    for li in notes.findall(f"{NS}li"):
        backs = [href for a in li.iter(f"{NS}a") if (href := a.get("href", "")).startswith("#")]
        assert backs, f"note {li.get('id')} has no link back"
        assert all(b[1:] in anchors for b in backs)


def test_notes_link_to_the_cited_paragraph_of_the_article_page(
    tree: ET.Element, memo_path: Path, seed_memo: Memo
) -> None:
    notes = tree.find(f".//{NS}ol[@class='notes']")
    assert notes is not None
    for li, note in zip(notes.findall(f"{NS}li"), seed_memo.notes, strict=True):
        assert flat(note.quote) in text_of(li)
        links = [
            a.attrib["href"] for a in li.iter(f"{NS}a") if not a.attrib["href"].startswith("#")
        ]
        assert len(links) == 1
        page, _, anchor = links[0].partition("#")
        article = parse(memo_path.parent / page)
        target = next(el for el in article.iter() if el.get("id") == anchor)
        # the element the link targets is the marked passage; a quote that only partly
        # overlaps another is split at the overlap, its anchor on the first part
        assert target.tag == f"{NS}mark"
        marked = turn_quotes(flat("".join(target.itertext())))
        first_piece = flat(note.quote.split(" … ")[0])
        assert marked and first_piece.startswith(marked)


def test_everything_a_page_loads_is_local(seed_build: Path) -> None:
    pages = [seed_build / f"{SEED_BRIEF}.html", *sorted((seed_build / "sources").glob("*.html"))]
    assert len(pages) == 3
    for page in pages:
        tree = parse(page)
        for el in tree.iter():
            for attr in ("src", "href"):
                url = el.get(attr)
                if not url or url.startswith("#"):
                    continue
                parts = urlsplit(url)
                loads = el.tag in (f"{NS}link", f"{NS}script", f"{NS}img", f"{NS}iframe")
                if loads:
                    assert not parts.scheme and not url.startswith("//"), url
                if not parts.scheme:
                    assert (page.parent / parts.path).resolve().is_file(), f"{page.name}: {url}"
        assert tree.find(f".//{NS}script") is None, "the memo works without JavaScript"


def test_landmarks_and_headings(tree: ET.Element) -> None:
    body = tree.find(f"{NS}body")
    assert body is not None
    for landmark in ("header", "nav", "main", "footer"):
        assert body.find(f".//{NS}{landmark}") is not None, landmark
    assert len(list(tree.iter(f"{NS}h1"))) == 1
    h2 = [flat("".join(h.itertext())) for h in tree.iter(f"{NS}h2")]
    assert h2[:4] == [
        "Bottom line up front",
        "Key judgments",
        "What this memo rests on",
        "What changed since 30 September 2013",
    ]
    assert tree.get("lang") == "en"
    assert any(link.get("media") == "print" for link in tree.iter(f"{NS}link"))


def test_memo_content_matches_the_brief(tree: ET.Element, seed_memo: Memo) -> None:
    text = text_of(tree)
    for group in seed_memo.matrix:
        for row in group.rows:
            assert row.name in text and row.role in text
    for meeting in seed_memo.meetings:
        assert meeting.title in text
    for judgment in seed_memo.judgments:  # kind, likelihood by horizon, confidence, sources
        assert all(tag.label in text for tag in judgment.tags), judgment.tags
    assert "over 20 million" in text
    svg = tree.find(".//{http://www.w3.org/2000/svg}svg")
    assert svg is not None and svg.get("role") == "img"
    markers = [
        g for g in svg.iter("{http://www.w3.org/2000/svg}g") if "marker" in g.get("class", "")
    ]
    assert len(markers) == len(seed_memo.meetings)


def test_html_is_valid_per_the_w3c_nu_checker(seed_build: Path) -> None:
    java = shutil.which("java")
    assert java and VNU.is_file(), "the Nu checker is installed by scripts/setup.sh test"
    pages = [seed_build / f"{SEED_BRIEF}.html", *sorted((seed_build / "sources").glob("*.html"))]
    # the JVM's quick compiler only (a third of the CPU for a run this short), with the
    # deep stack the checker's schema needs then
    quick = ["-Xss16m", "-XX:TieredStopAtLevel=1"]
    proc = subprocess.run(
        [java, *quick, "-jar", str(VNU), "--format", "json", "--stdout", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(proc.stdout)["messages"]
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert errors == [], json.dumps(errors, indent=1)


def test_text_from_yaml_is_escaped(make_project: ProjectFactory, tmp_path: Path) -> None:
    hostile = MINIMAL_BRIEF.replace(
        "title: Test brief", "title: \"<script>alert('t')</script> & <b>bold</b>\""
    ).replace(
        MINIMAL_BOTTOM_LINE,
        "bottom_line: |\n  <script>alert(1)</script> <img src=x onerror=alert(2)>\n"
        '  [click](javascript:alert(3)) <a href="http://x" onclick="alert(4)">y</a>',
    )
    root = make_project(brief=hostile)
    result = build.build(root, ["test"], formats=["html"], output=tmp_path / "out")
    assert result.ok
    tree = parse(tmp_path / "out" / "test.html")
    assert tree.find(f".//{NS}script") is None
    assert tree.find(f".//{NS}img") is None
    for el in tree.iter():
        assert not any(name.startswith("on") for name in el.attrib), el.attrib
        assert "javascript:" not in (el.get("href") or "")
    text = text_of(tree)
    # shown as typed (its quotes set typographically, as all analyst text is)
    assert "<script>alert(‘t’)</script> & <b>bold</b>" in text
    assert any("link 'javascript:alert(3)' removed" in d.message for d in result.diagnostics)
