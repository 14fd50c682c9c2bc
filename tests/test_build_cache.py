"""Unchanged rebuilds do nothing; any changed input rebuilds; parallel builds give the same
bytes as serial ones."""

from __future__ import annotations

import hashlib
import pickle
import signal
from pathlib import Path
from typing import TypedDict

import pytest

from briefgen.publish import build, buildcache, pdfs
from tests.support import SEED_BRIEF, ProjectFactory, larger_project


class BuildOptions(TypedDict, total=False):
    formats: list[str]
    paper: str


@pytest.fixture
def project(seed_project: Path) -> Path:
    return seed_project


def _outputs(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != buildcache.STATE
    }


def test_unchanged_rebuild_does_nothing_and_repeats_the_warnings(project: Path) -> None:
    brief = project / "briefs" / SEED_BRIEF / "questions.yaml"
    brief.write_text(
        brief.read_text() + "- id: extra\n  question: Q?\n  why_it_matters: W.\n"
        "  status_history: [{as_of: 2015-11, status: open, note: N.}]\n"
    )
    first = build.build(project, formats=["html"])
    assert first.written and not first.unchanged
    warnings = [d.format() for d in first.diagnostics]
    assert any("has no citation" in w for w in warnings)
    before = {p: p.stat().st_mtime_ns for p in (project / "build").rglob("*") if p.is_file()}
    second = build.build(project, formats=["html"])
    assert second.written == [] and len(second.unchanged) == len(first.written) + 4  # + assets
    assert [d.format() for d in second.diagnostics] == warnings
    assert {
        p: p.stat().st_mtime_ns for p in (project / "build").rglob("*") if p.is_file()
    } == before
    assert "up to date" in "\n".join(second.report())


@pytest.mark.parametrize("change", ["brief", "corpus", "option", "output", "env"])
def test_any_changed_input_rebuilds(
    project: Path, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    build.build(project, formats=["html"])
    options: BuildOptions = {"formats": ["html"]}
    if change == "brief":
        path = project / "briefs" / SEED_BRIEF / "brief.yaml"
        path.write_text(path.read_text().replace("State of Play", "Where Things Stand"))
    elif change == "corpus":
        path = project / "corpus" / "act-2013-us-china-meet.txt"
        path.write_text(path.read_text().replace("Timothy Farnsworth", "T. Farnsworth"))
    elif change == "option":
        options["paper"] = "a4"
    elif change == "output":
        (project / "build" / f"{SEED_BRIEF}.html").write_text("edited by hand")
    elif change == "env":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "31536000")
    result = build.build(project, **options)
    assert result.written and not result.unchanged
    html = (project / "build" / f"{SEED_BRIEF}.html").read_text()
    assert html != "edited by hand"
    if change == "brief":
        assert "Where Things Stand" in html
    if change == "corpus":
        assert (
            "T. Farnsworth"
            in (project / "build" / "sources" / "act-2013-us-china-meet.html").read_text()
        )


def test_the_same_options_spelled_twice_do_not_rebuild(project: Path) -> None:
    build.build(project, formats=["html"])
    assert build.build(project, formats=["html", "html"]).unchanged


@pytest.mark.slow
def test_parallel_build_gives_the_same_bytes(tmp_path: Path) -> None:
    small = larger_project(tmp_path / "two", 2, 2)  # two briefs: two PDFs to lay out at once
    serial = build.build(small, formats=["pdf"], jobs=1, output=tmp_path / "s")
    parallel = build.build(small, formats=["pdf"], jobs=2, output=tmp_path / "p")
    assert serial.ok and parallel.ok
    assert len([w for w in parallel.written if w.path.suffix == ".pdf"]) == 2
    assert _outputs(tmp_path / "s") == _outputs(tmp_path / "p")


@pytest.mark.slow
def test_a_worker_lays_a_memo_out_again_as_a_serial_build_does(
    make_project: ProjectFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PDF worker gets the print HTML and the memo pickled, unpickled only to lay it out
    again with an annex flowing on: it gives the bytes the serial path gives."""
    from briefgen import api
    from briefgen.render import pdf
    from briefgen.render.memos import memos_for

    (dated,) = memos_for(api.check(make_project()).briefs["test"])
    memo = dated.memo
    annexes = [s.anchor for s in memo.sections if s.annex]
    assert annexes
    asked: list[set[str]] = []

    def first_annex_short(document: object, breaks: list[str]) -> set[str]:
        asked.append(set(breaks))
        return {breaks[0]}  # as if its page break left the page before it nearly empty

    monkeypatch.setattr(pdf, "short_before", first_annex_short)
    serial, pages = pdfs.memo_pdf(memo)
    task = (0, "test", pdfs.print_html(memo, None), annexes, pickle.dumps(memo), "letter", None)
    _, (data, worker_pages, _) = pdfs._worker_pdf(task)
    assert len(asked) == 4  # each path: measured, laid out again, measured again
    assert (data, worker_pages) == (serial, pages)
    flowing = pdfs.print_html(memo, None, {annexes[0]})
    assert f'id="{annexes[0]}" class="annex flows"' in flowing


class _TwoPartError(Exception):
    """An exception pickle cannot rebuild (its constructor takes two arguments)."""

    def __init__(self, what: str, why: str) -> None:
        super().__init__(f"{what}: {why}")


@pytest.mark.slow
def test_an_error_making_a_workers_task_is_raised_not_waited_for(
    make_project: ProjectFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefgen import api
    from briefgen.render.memos import memos_for

    (dated,) = memos_for(api.check(make_project()).briefs["test"])

    def broken(*_args: object, **_kwargs: object) -> str:
        raise _TwoPartError("print HTML", "a template failed")

    def waited(*_args: object) -> None:
        raise TimeoutError("the error was lost in the pool's thread: the build waits for ever")

    monkeypatch.setattr(pdfs, "print_html", broken)
    before = signal.signal(signal.SIGALRM, waited)
    signal.alarm(60)
    try:
        with pytest.raises(_TwoPartError, match="a template failed"):
            pdfs.render_pdfs([dated.memo, dated.memo], "letter", jobs=2)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)


def test_a_recorded_file_outside_its_folder_is_never_read(tmp_path: Path) -> None:
    """A state file or manifest that names a path out of its folder gets nothing, even when
    the hash it gives is right."""
    folder = tmp_path / "build"
    folder.mkdir()
    (tmp_path / "elsewhere.pdf").write_bytes(b"%PDF-1.7 elsewhere")
    (folder / "inside.pdf").write_bytes(b"%PDF-1.7 elsewhere")
    sha = hashlib.sha256(b"%PDF-1.7 elsewhere").hexdigest()
    for relative in ("../elsewhere.pdf", str(tmp_path / "elsewhere.pdf"), "a/../../elsewhere.pdf"):
        assert buildcache.read_as_recorded(folder, relative, sha) is None, relative
    assert buildcache.read_as_recorded(folder, "inside.pdf", sha) == b"%PDF-1.7 elsewhere"
    (folder / "link.pdf").symlink_to(folder / "inside.pdf")
    assert buildcache.read_as_recorded(folder, "link.pdf", sha) is None
