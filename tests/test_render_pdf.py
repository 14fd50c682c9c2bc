"""The PDF memo, tested by what a reader gets: its text, pages, outline, links and tags."""

from __future__ import annotations

import gc
import io
import shutil
import subprocess
import traceback
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pypdf
import pytest

from briefgen.publish import build
from briefgen.render import pdf
from briefgen.render.sections import Memo
from tests.support import MINIMAL_BRIEF, SEED_BRIEF, ProjectFactory, flat, pdf_pages


@pytest.fixture(scope="module")
def pdf_path(seed_build: Path) -> Path:
    return seed_build / f"{SEED_BRIEF}.pdf"


@pytest.fixture(scope="module")
def pages(pdf_path: Path) -> list[str]:
    return pdf_pages(pdf_path)


def test_every_actor_and_every_quote_is_in_the_text(pages: list[str], seed_memo: Memo) -> None:
    text = flat(" ".join(pages))
    names = [row.name for group in seed_memo.matrix for row in group.rows]
    assert len(names) >= 20
    assert [n for n in names if n not in text] == []
    # a line may break after "…" where the quote has no space: compare without spaces
    squeezed = "".join(text.split())
    quotes = ["".join(n.quote.split()) for n in seed_memo.notes]
    assert len(quotes) >= 50
    assert [q for q in quotes if f"“{q}”" not in squeezed] == [], "each in its quotation marks"


#: The memo's sections in reading order: the judgment first, the detail in annexes.
SECTIONS = [
    "Bottom line up front",
    "Key judgments",
    "What this memo rests on",
    "What changed since 30 September 2013",
    "Timeline of meetings and events",
    "Open questions",
    "Metrics",
    "Annex A. Actors and positions",
    "Annex B. What changed, in full",
    "Annex C. Notes",
    "Annex D. Sources",
]


def test_sections_in_order(pages: list[str]) -> None:
    text = flat(" ".join(pages))
    at = text.index("In this memo:")
    for heading in SECTIONS:
        found = text.find(heading, at + 1)
        assert found > at, f"{heading} is missing or out of order"
        at = found


def test_marking_top_and_bottom_of_every_page(pages: list[str]) -> None:
    for number, text in enumerate(pages, start=1):
        assert text.count("UNCLASSIFIED") >= 2, f"page {number} lacks the marking twice"


def test_page_n_of_m_footer(pages: list[str]) -> None:
    total = len(pages)
    assert total > 4
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text


def test_running_header_has_short_title_and_date(pages: list[str]) -> None:
    for text in pages[1:]:
        assert "U.S.–China Cyber Talks" in text
        assert "As of 1 December 2015" in text


def _outline(pdf_path: Path) -> dict[str, int]:
    reader = pypdf.PdfReader(pdf_path)
    outline: dict[str, int] = {}
    for item in reader.outline:
        if isinstance(item, list):
            continue
        number = reader.get_destination_page_number(item)
        assert item.title is not None and number is not None, item
        outline[item.title] = number + 1
    return outline


def test_outline_has_the_sections_on_the_right_pages(pdf_path: Path, pages: list[str]) -> None:
    outline = _outline(pdf_path)
    for section in SECTIONS:
        if section == "What this memo rests on":  # part of page one, not a bookmark
            continue
        assert section in outline
        page_text = flat(pages[outline[section] - 1])
        assert section in page_text


def test_metadata(pdf_path: Path) -> None:
    with pikepdf.open(pdf_path) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == "U.S.–China Cyber Talks: State of Play"
        assert str(info["/Author"]) == "Cyber Policy Desk"
        assert "Bilateral talks on cybersecurity" in str(info["/Subject"])
        assert "Cyber-enabled commercial espionage" in str(info["/Keywords"])
        assert str(pdf.Root.Lang) == "en"


def test_tagged_for_pdf_ua(pdf_path: Path) -> None:
    with pikepdf.open(pdf_path) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert bool(root.MarkInfo.Marked) is True
        assert str(root.Lang) == "en"
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"


def test_qpdf_check_passes(pdf_path: Path) -> None:
    qpdf = shutil.which("qpdf")
    assert qpdf, "qpdf is installed by scripts/setup.sh test"
    proc = subprocess.run(
        [qpdf, "--check", str(pdf_path)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_note_markers_link_to_notes_and_back(pdf_path: Path, seed_memo: Memo) -> None:
    with pikepdf.open(pdf_path) as pdf:
        names = pikepdf.NameTree(pdf.Root.Names.Dests)
        targets = set(names.keys())
        internal_links = []
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                    internal_links.append(str(annot.Dest))
    markers = [m.id for n in seed_memo.notes for m in n.markers]
    for note in seed_memo.notes:
        assert note.id in targets
        assert note.id in internal_links
    for marker in markers:
        assert marker in targets, "each note links back to its marker"
        assert marker in internal_links


def test_text_is_selectable_and_fonts_are_embedded(pdf_path: Path) -> None:
    proc = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True)
    rows = proc.stdout.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows), proc.stdout
    assert any("Liberation" in row for row in rows)


def test_a4_is_selectable(make_project: ProjectFactory, tmp_path: Path) -> None:
    root = make_project()
    result = build.build(root, ["test"], formats=["pdf"], paper="a4", output=tmp_path / "out")
    assert result.ok
    page = pypdf.PdfReader(tmp_path / "out" / "test.pdf").pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_a_short_memo_is_one_letter_page(make_project: ProjectFactory, tmp_path: Path) -> None:
    root = make_project(brief=MINIMAL_BRIEF)
    result = build.build(root, ["test"], formats=["pdf"], output=tmp_path / "out")
    assert result.ok
    reader = pypdf.PdfReader(tmp_path / "out" / "test.pdf")
    assert len(reader.pages) == 1
    page = reader.pages[0].mediabox
    assert (round(float(page.width)), round(float(page.height))) == (612, 792)  # US Letter


def _kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    kids = element.get("/K")
    return [] if kids is None else list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _elements(root: pikepdf.Object) -> Iterator[pikepdf.Object]:
    for kid in _kids(root):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def test_list_items_the_engine_leaves_without_a_body_get_one() -> None:
    """WeasyPrint tags an item whose number stands inside it (as the notes' do), or which
    holds paragraphs (as the key judgments do), as /Lbl beside bare content; briefgen
    moves the content into an /LBody, as PDF/UA asks."""
    html = (
        '<html lang="en"><head><title>t</title><style>.inside li { list-style-position: '
        'inside }</style></head><body><ol class="inside"><li id="n1">One <a href="#n2">to '
        'two</a> done.</li><li id="n2">Two <em>words</em>.</li></ol>'
        "<ol><li><p>First paragraph.</p><p>Second paragraph.</p></li></ol></body></html>"
    )
    with pikepdf.open(io.BytesIO(pdf.write(pdf.render(html)))) as tagged:
        items = [e for e in _elements(tagged.Root.StructTreeRoot) if e.S == "/LI"]
        assert len(items) == 3
        bodies = []
        for item in items:
            label, body = _kids(item)
            assert (str(label.S), str(body.S)) == ("/Lbl", "/LBody")
            assert body.P.objgen == item.objgen
            assert _kids(body) and all(kid.P.objgen == body.objgen for kid in _kids(body))
            bodies.append(body)
        assert [str(e.S) for e in _elements(bodies[0])].count("/Link") == 1, "link in body"
        assert [str(e.S) for e in _kids(bodies[2])] == ["/P", "/P"]


def test_no_cycle_collection_while_laying_out() -> None:
    """The cycle collector is off while a memo is laid out and written (it would scan the
    pages being made for nothing), and back on afterwards."""
    during: list[str] = []  # each pass that starts inside WeasyPrint or the PDF/UA fix-ups

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            callers = {frame.filename for frame in traceback.extract_stack()}
            during.extend([f for f in callers if "weasyprint" in f or f.endswith("pdfua.py")][:1])

    html = "<html lang='en'><body>" + "<p>words and <em>more</em> words</p>" * 3000
    gc.callbacks.append(count)
    try:
        pdf.write(pdf.render(html + "</body></html>"))
    finally:
        gc.callbacks.remove(count)
    assert during == []
    assert gc.isenabled()
