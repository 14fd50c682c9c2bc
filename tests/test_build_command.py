"""`briefgen build` as a user runs it: what it refuses, what it reports, what it leaves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.publish import build
from tests.support import MINIMAL_BRIEF, ProjectFactory


def test_build_reports_what_it_wrote(
    make_project: ProjectFactory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_project()
    monkeypatch.chdir(root)
    assert main(["build"]) == 0
    out = capsys.readouterr().out
    assert "wrote build/test.html (" in out and "wrote build/test.pdf (" in out
    assert " KB" in out and " pages)" in out and out.rstrip().splitlines()[-1].startswith("done")
    assert (root / "build" / "test.pdf").read_bytes().startswith(b"%PDF")
    assert (root / "build" / "assets" / "memo.css").is_file()


def test_brief_with_errors_is_not_rendered_and_old_output_survives(
    make_project: ProjectFactory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_project()
    monkeypatch.chdir(root)
    assert main(["build"]) == 0
    before = {p: p.read_bytes() for p in (root / "build").glob("test.*")}
    (root / "briefs/test/brief.yaml").write_text(MINIMAL_BRIEF.replace("2015-12-01", "2015-12-41"))
    assert main(["build"]) == 1
    captured = capsys.readouterr()
    assert "brief.yaml:2:8: error: as_of:" in captured.err
    assert "not built: test has errors" in captured.out
    assert {p: p.read_bytes() for p in (root / "build").glob("test.*")} == before


def test_warnings_print_and_the_build_goes_on(
    make_project: ProjectFactory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_project(
        {
            "questions.yaml": "- id: q\n  question: Q?\n  why_it_matters: W.\n"
            "  status_history:\n    - as_of: 2015-11\n      status: open\n"
            "      note: N.\n"
        }
    )
    monkeypatch.chdir(root)
    assert main(["build", "--format", "html"]) == 0
    captured = capsys.readouterr()
    assert (
        "warning: questions[0].status_history[0]: status of question 'q' has no citation"
        in captured.err
    )
    assert "wrote build/test.html" in captured.out


@pytest.mark.parametrize(
    "args", [["build", "--format", "docx"], ["build", "nope"], ["build", "--paper", "legal"]]
)
def test_usage_errors_exit_2(
    make_project: ProjectFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
) -> None:
    monkeypatch.chdir(make_project())
    assert main(args) == 2
    assert "briefgen:" in capsys.readouterr().err


def test_never_writes_into_briefs_or_corpus(
    make_project: ProjectFactory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_project()
    monkeypatch.chdir(root)
    for target in ("briefs/out", "corpus"):
        assert main(["build", "-o", target]) == 1
        assert "never writes into briefs/ or corpus/" in capsys.readouterr().err
    assert sorted(p.name for p in (root / "corpus").iterdir()) == ["news.txt"]


def test_python_dash_m_and_html_only_build_does_not_import_weasyprint(
    make_project: ProjectFactory,
) -> None:
    root = make_project()
    code = (
        "import sys; from briefgen.cli import main; rc = main(['build', '--format', 'html']);"
        "assert 'weasyprint' not in sys.modules, 'imported WeasyPrint'; sys.exit(rc)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "briefgen", "--version"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0 and proc.stdout.startswith("briefgen ")


def test_api_build_returns_written_files(make_project: ProjectFactory, tmp_path: Path) -> None:
    root = make_project(
        {
            "questions.yaml": "- id: q\n  question: Q?\n  why_it_matters: W.\n"
            "  status_history:\n    - as_of: 2015-11\n      status: open\n"
            "      note: N.\n      cites:\n        - source: news\n"
            "          quote: useful and…frank\n"
        }
    )
    result = build.build(root, formats=["html"], output=tmp_path / "site")
    assert [w.path.name for w in result.written] == ["test.html"]
    assert (tmp_path / "site" / "sources" / "news.html").is_file()
