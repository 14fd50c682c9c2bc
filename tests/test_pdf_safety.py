"""WeasyPrint may read the project's templates and nothing else, and its logged errors fail
the build. Measured with WeasyPrint 70's default fetcher: it embeds /etc/passwd from an
attachment link, so these tests must fail if the confinement goes."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdf
import pytest

from briefgen.errors import RenderError
from briefgen.paths import Templates
from briefgen.publish import build
from briefgen.render import pdf
from tests.support import MINIMAL_BOTTOM_LINE, MINIMAL_BRIEF, ProjectFactory

SECRET = "root:x:0:0"


def _page(body: str) -> str:
    return f'<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>{body}</body></html>'


def _streams_contain(data: bytes, needle: str) -> bool:
    """Whether any stream of the PDF (decompressed: attachments, annotations, fonts…)
    holds the bytes."""
    import io

    with pikepdf.open(io.BytesIO(data)) as doc:
        return any(
            needle.encode() in obj.read_bytes()
            for obj in doc.objects
            if isinstance(obj, pikepdf.Stream)
        )


@pytest.mark.parametrize(
    "body",
    [
        '<a rel="attachment" href="file:///etc/passwd">passwd</a>',
        '<img alt="x" src="file:///etc/passwd">',
        '<img alt="x" src="../corpus/act-2013-us-china-meet.txt">',
        '<link rel="stylesheet" href="../../../../etc/passwd">',
    ],
)
def test_fetches_outside_templates_fail_the_render(body: str) -> None:
    with pytest.raises(RenderError, match="refused"):
        pdf.write(pdf.render(_page(body)))


def test_default_fetcher_would_have_leaked(tmp_path: Path) -> None:
    """Guards the guard: without our fetcher, WeasyPrint really does embed the file."""
    import weasyprint

    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    html = _page(f'<a rel="attachment" href="{secret.as_uri()}">s</a>')
    assert _streams_contain(weasyprint.HTML(string=html).write_pdf(), SECRET)
    with pytest.raises(RenderError):
        pdf.write(pdf.render(html))


def test_network_fetch_is_refused_and_nothing_is_requested(
    recording_server: tuple[str, list[str]],
) -> None:
    url, seen = recording_server
    with pytest.raises(RenderError, match="refused"):
        pdf.write(pdf.render(_page(f'<img alt="x" src="{url}/pixel.svg">')))
    assert seen == []


def test_symlink_out_of_templates_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "templates"
    root.mkdir()
    (root / "ok.css").write_text("p { color: red }")
    (root / "leak.css").symlink_to("/etc/passwd")
    document = pdf.render(
        _page('<link rel="stylesheet" href="ok.css"><p>x</p>'), templates=Templates((root,))
    )
    assert len(document.pages) == 1
    with pytest.raises(RenderError, match="refused"):
        pdf.render(_page('<link rel="stylesheet" href="leak.css">'), templates=Templates((root,)))


def test_weasyprint_error_log_fails_the_build() -> None:
    # a missing file inside templates/ is an error WeasyPrint only logs
    with pytest.raises(RenderError, match="WeasyPrint reported errors"):
        pdf.write(pdf.render(_page('<img alt="x" src="no-such-image.png">')))


def test_hostile_markdown_is_reported_and_nothing_leaks(
    make_project: ProjectFactory, tmp_path: Path, recording_server: tuple[str, list[str]]
) -> None:
    url, seen = recording_server
    brief = MINIMAL_BRIEF.replace(
        MINIMAL_BOTTOM_LINE,
        "bottom_line: |\n"
        "  ![p](file:///etc/passwd) ![up](../../corpus/news.txt)\n"
        f"  ![remote]({url}/x.svg) [see]({url}/page) [file](file:///etc/passwd)\n",
    )
    root = make_project(brief=brief)
    result = build.build(root, ["test"], output=tmp_path / "out")
    assert result.ok
    warnings = [d for d in result.diagnostics if not d.is_error]
    assert all(
        d.location.path.name == "brief.yaml" and "bottom_line" in d.message for d in warnings
    )
    messages = " ".join(d.message for d in warnings)
    assert "file:///etc/passwd" in messages and "../../corpus/news.txt" in messages
    assert f"{url}/x.svg" in messages
    data = (tmp_path / "out" / "test.pdf").read_bytes()
    assert not _streams_contain(data, SECRET)
    assert SECRET not in "".join(
        p.extract_text() for p in pypdf.PdfReader(tmp_path / "out" / "test.pdf").pages
    )
    assert SECRET not in (tmp_path / "out" / "test.html").read_text()
    assert seen == [], "building the memo made no network request"
