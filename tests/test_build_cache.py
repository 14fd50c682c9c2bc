"""Unchanged rebuilds do nothing; any changed input rebuilds; parallel builds give the same
bytes as serial ones."""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict

import pytest

from briefgen.publish import build, buildcache
from tests.support import SEED_BRIEF, larger_project


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
