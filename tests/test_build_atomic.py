"""A build's outputs change together: an edition's HTML and PDF (and the pages they link
to) are all old or all new, whenever the build is killed, interrupted or runs out of disk."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefgen.faults import ENV as FAULTS
from briefgen.publish.writer import JOURNAL, OutputFolder
from tests.support import ARTICLE, MINIMAL_BRIEF, ProjectFactory, editions_project
from tests.test_hardening import _processes_with


def _build(
    root: Path, fault: str | None = None, args: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefgen", "build", *args],
        cwd=root,
        env={**os.environ, **({FAULTS: fault} if fault else {})},
        capture_output=True,
        text=True,
        check=False,
    )


def _titles(out: Path, new: str = "Renamed brief") -> dict[str, str]:
    """Which title each output carries, old or new: the HTML's text, the PDF's metadata."""
    import pypdf

    html = (out / "test.html").read_text()
    metadata = pypdf.PdfReader(out / "test.pdf").metadata
    return {
        "html": "new" if new in html else "old",
        "pdf": "new" if metadata and metadata.title == new else "old",
    }


def _no_temporary_files(out: Path) -> bool:
    return not [p for p in out.rglob(".*.tmp")]


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project built once (HTML and PDF)."""
    root = tmp_path_factory.mktemp("built") / "project"
    (root / "briefs" / "test").mkdir(parents=True)
    (root / "corpus").mkdir()
    (root / "corpus" / "news.txt").write_text(
        ARTICLE.format(id="news", title="News", published="2015-11-30"), encoding="utf-8"
    )
    (root / "briefs" / "test" / "brief.yaml").write_text(MINIMAL_BRIEF)
    assert _build(root).returncode == 0
    return root


@pytest.fixture
def built(built_once: Path, tmp_path: Path) -> Path:
    """A copy of the built project, its title changed since the build."""
    root = tmp_path / "project"
    shutil.copytree(built_once, root)
    brief = root / "briefs" / "test" / "brief.yaml"
    brief.write_text(brief.read_text().replace("Test brief", "Renamed brief"))
    return root


@pytest.mark.slow
@pytest.mark.parametrize(
    "fault",
    [
        "write:assets/memo.css=kill",  # killed with the HTML written, before the PDF is
        "rename:test.pdf=kill",  # killed between the renames (the HTML is in place)
    ],
)
def test_a_killed_build_leaves_html_and_pdf_in_step(built: Path, fault: str) -> None:
    out = built / "build"
    killed = _build(built, fault)
    assert killed.returncode == -signal.SIGKILL
    if fault.startswith("rename"):
        # the journal says what is pending: the next build into the folder finishes it
        # first — shown here by a build killed as it starts to write its own files
        assert (out / JOURNAL).is_file()
        assert _build(built, "write:test.html=kill").returncode == -signal.SIGKILL
        assert _titles(out) == {"html": "new", "pdf": "new"}
        assert not (out / JOURNAL).exists()
        # the next build that writes completes, and clears what the killed ones left
        brief = built / "briefs" / "test" / "brief.yaml"
        brief.write_text(brief.read_text().replace("Renamed brief", "Third title"))
        assert _build(built).returncode == 0
        assert _titles(out, "Third title") == {"html": "new", "pdf": "new"}
        assert _no_temporary_files(out)
    else:
        assert _titles(out) == {"html": "old", "pdf": "old"}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("fault", "code", "says"),
    [
        ("write:assets/memo.css=interrupt", 130, "briefgen: interrupted"),
        ("write:assets/memo.css=enospc", 4, "the disk is full"),
    ],
)
def test_an_interrupted_or_full_build_changes_nothing(
    built: Path, fault: str, code: int, says: str
) -> None:
    out = built / "build"
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    failed = _build(built, fault)
    assert failed.returncode == code
    lines = failed.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], failed.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_recovery_finishes_a_transaction_and_clears_leftovers(tmp_path: Path) -> None:
    out = OutputFolder(tmp_path)
    with out.transaction() as tx:
        tx.stage("a.html", "old a")
        tx.stage("a.pdf", b"old pdf")
    # as if killed between the renames of the next transaction
    (tmp_path / ".a.html.x.tmp").write_text("new a")
    (tmp_path / ".a.pdf.y.tmp").write_bytes(b"new pdf")
    (tmp_path / JOURNAL).write_text('[[".a.html.x.tmp", "a.html"], [".a.pdf.y.tmp", "a.pdf"]]')
    os.replace(tmp_path / ".a.html.x.tmp", tmp_path / "a.html")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".b.html.z.tmp").write_text("left by a killed build")
    out.recover()
    assert (tmp_path / "a.html").read_text() == "new a"
    assert (tmp_path / "a.pdf").read_bytes() == b"new pdf"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.html", "a.pdf", "sub"]


def test_a_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    out = OutputFolder(tmp_path)
    with pytest.raises(RuntimeError), out.transaction() as tx:
        tx.stage("a.html", "a")
        tx.stage("deeper/b.html", "b")
        raise RuntimeError("the PDF could not be made")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@pytest.mark.slow
def test_ctrl_c_while_pdfs_are_laid_out_in_parallel(make_project: ProjectFactory) -> None:
    """A real SIGINT, sent to the build while its workers lay out PDFs: one line, exit 130,
    no worker left running, the outputs of the last build as they were."""
    root = editions_project(make_project)
    assert _build(root, args=("--format", "html")).returncode == 0
    brief = root / "briefs" / "test" / "brief.yaml"
    brief.write_text(brief.read_text().replace("title: Fixture", "title: Renamed brief"))
    mark = f"ctrl-c-{os.getpid()}"
    stopped = subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "-j", "2"],
        cwd=root,
        env={**os.environ, FAULTS: "pdf-worker=interrupt-parent", "BRIEFGEN_TEST_WORKER": mark},
        capture_output=True,
        text=True,
        check=False,
    )
    assert stopped.returncode == 130
    assert stopped.stderr.strip().splitlines()[-1] == "briefgen: interrupted"
    assert "Traceback" not in stopped.stderr
    assert "Renamed brief" not in (root / "build" / "test.html").read_text()
    assert not list((root / "build").glob("*.pdf"))
    deadline = time.monotonic() + 5
    while (left := _processes_with(f"BRIEFGEN_TEST_WORKER={mark}")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert left == [], "PDF workers outlived the interrupted build"
