"""A briefs repository replaces any of briefgen's templates or stylesheets with a file of the
same name in its own templates/ folder (as mkdocs' `custom_dir` does); what it does not
replace still comes from briefgen. A file there that links out of the folder is refused, in
the HTML and the PDF alike."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pypdf
import pytest

from briefgen.errors import RenderError
from briefgen.paths import Templates, packaged_templates, template_folders
from briefgen.publish import build, serve
from briefgen.render import pdf
from tests.support import MINIMAL_BRIEF, REPO, ProjectFactory, flat

PACKAGED = packaged_templates()
NOTE = "Team template note"
CSS_MARK = "TEAM-STYLESHEET"


def team_memo_template() -> str:
    """briefgen's memo template, copied as a team would, with one change: a note at the top
    of the page."""
    source = (PACKAGED / "memo.html.j2").read_text(encoding="utf-8")
    changed, count = re.subn(r"(<body[^>]*>)", rf'\1<p class="team-note">{NOTE}</p>', source)
    assert count == 1
    return changed


def team_stylesheet() -> str:
    packaged = (PACKAGED / "memo.css").read_text(encoding="utf-8")
    return packaged + f'\n.team-note::after {{ content: " {CSS_MARK}"; }}\n'


def override(root: Path, name: str, text: str) -> Path:
    path = root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def page_text(path: Path) -> str:
    tree: ET.Element = html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)
    return flat(" ".join(tree.itertext()))


@pytest.mark.slow
def test_overrides_show_in_html_and_pdf_and_the_rest_falls_back(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    cited = (
        "key_judgments:\n  - {text: T., kind: assessment, confidence: low,\n"
        "     cites: [{source: news, quote: useful}]}\n"
    )
    root = make_project(brief=MINIMAL_BRIEF + cited)
    override(root, "memo.html.j2", team_memo_template())
    override(root, "memo.css", team_stylesheet())
    out = tmp_path / "out"
    assert build.build(root, formats=["pdf", "html"], output=out).ok

    tree: ET.Element = html5lib.parse((out / "test.html").read_bytes(), namespaceHTMLElements=False)
    notes = [el for el in tree.iter("p") if el.get("class") == "team-note"]
    assert [flat("".join(el.itertext())) for el in notes] == [NOTE]
    assert (out / "assets" / "memo.css").read_text(encoding="utf-8") == team_stylesheet()
    # not overridden: briefgen's own
    assert (out / "assets" / "print.css").read_bytes() == (PACKAGED / "print.css").read_bytes()
    assert "useful" in page_text(out / "sources" / "news.html")

    pdf_text = flat(" ".join(p.extract_text() for p in pypdf.PdfReader(out / "test.pdf").pages))
    assert f"{NOTE} {CSS_MARK}" in pdf_text  # the template's note, the stylesheet's rule
    assert "Test brief" in pdf_text


def test_an_override_may_extend_the_packaged_template(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    root = make_project()
    build.build(root, formats=["html"], output=tmp_path / "plain")
    override(root, "memo.html.j2", '{% extends "briefgen/memo.html.j2" %}')
    build.build(root, formats=["html"], output=tmp_path / "extended")
    plain = (tmp_path / "plain" / "test.html").read_text(encoding="utf-8")
    assert "Test brief" in plain
    assert (tmp_path / "extended" / "test.html").read_text(encoding="utf-8") == plain


def test_an_override_rebuilds_and_its_removal_falls_back(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    root = make_project()
    out = tmp_path / "out"
    build.build(root, formats=["html"], output=out)
    assert build.build(root, formats=["html"], output=out).unchanged
    css = override(root, "memo.css", team_stylesheet())
    assert build.build(root, formats=["html"], output=out).written
    assert CSS_MARK in (out / "assets" / "memo.css").read_text(encoding="utf-8")
    css.unlink()
    assert build.build(root, formats=["html"], output=out).written
    assert (out / "assets" / "memo.css").read_bytes() == (PACKAGED / "memo.css").read_bytes()


def test_serve_watches_the_overrides_and_picks_them_up(make_project: ProjectFactory) -> None:
    root = make_project()
    preview = serve.Preview(root)
    preview.changed()
    assert NOTE not in preview.rebuild().files["test/index.html"].decode()
    template = override(root, "memo.html.j2", team_memo_template())
    assert template in preview.watched()
    assert preview.changed()
    assert NOTE in preview.rebuild().files["test/index.html"].decode()
    template.unlink()
    assert preview.changed()
    assert NOTE not in preview.rebuild().files["test/index.html"].decode()


@pytest.mark.parametrize("name", ["memo.css", "memo.html.j2", "print.css", "templates"])
def test_a_link_out_of_the_project_is_refused_before_anything_is_written(
    make_project: ProjectFactory, tmp_path: Path, name: str
) -> None:
    root = make_project()
    outside = tmp_path / "outside"
    outside.mkdir()
    for packaged in PACKAGED.iterdir():
        if packaged.is_file():
            (outside / packaged.name).write_bytes(packaged.read_bytes())
    if name == "templates":
        (root / "templates").symlink_to(outside)
    else:
        (root / "templates").mkdir()
        (root / "templates" / name).symlink_to(outside / name)
    out = tmp_path / "out"
    with pytest.raises(RenderError, match="links outside"):
        build.build(root, formats=["pdf", "html"], output=out)
    assert not out.exists() or list(out.iterdir()) == []


def test_the_pdf_fetcher_refuses_an_override_linking_out_rather_than_fall_back(
    tmp_path: Path,
) -> None:
    own = tmp_path / "templates"
    own.mkdir()
    (tmp_path / "leak.css").write_text("p { color: red }")
    (own / "memo.css").symlink_to(tmp_path / "leak.css")
    templates = Templates((own, PACKAGED))
    page = '<!DOCTYPE html><html lang="en"><head><title>t</title>{}</head><body>x</body></html>'
    with pytest.raises(RenderError, match=r"refused .*memo\.css.* links outside"):
        pdf.render(page.format('<link rel="stylesheet" href="memo.css">'), templates=templates)
    # a file the project does not override comes from briefgen's folder
    document = pdf.render(
        page.format('<link rel="stylesheet" href="print.css">'), templates=templates
    )
    assert len(document.pages) == 1


def test_in_briefgens_own_repository_the_two_folders_are_one() -> None:
    """The project's templates/ here is the package's: looked up and hashed once."""
    assert (REPO / "templates").resolve() == PACKAGED  # an editable install, as `make` does
    assert template_folders(REPO) == [REPO / "templates"]
    assert Templates.of_project(REPO).folders == (PACKAGED,)
