"""Streams and exit codes: whatever the input or the machine does, one line and a documented
exit status — never a traceback, never "internal error" (exit 3)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.faults import ENV as FAULTS
from briefgen.model.dates import PartialDate
from briefgen.render import timeline
from tests.support import ProjectFactory

EXIT_BUG = 3


def briefgen(
    root: Path, *args: str, env: dict[str, str] | None = None, unprivileged: bool = False
) -> subprocess.CompletedProcess[str]:
    """`briefgen ARGS` in a fresh process at `root`. `unprivileged`: without root's power
    to write anywhere, so that a folder's permissions count (the tests may run as root)."""
    command = [sys.executable, "-m", "briefgen", *args]
    if unprivileged and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: permissions cannot be tested")
        command = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--", *command]
    return subprocess.run(
        command,
        cwd=root,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


# --- a closed pipe ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [["cite", "China", "--all"], ["diff", "--format", "json"], ["sources"]],
    ids=["cite", "diff-json", "sources"],
)
def test_a_closed_pipe_ends_quietly(seed_root: Path, args: list[str]) -> None:
    """As `briefgen … | head -c 20` when head has gone: its reader closed, every write to
    the pipe fails."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "briefgen", *args],
            cwd=seed_root,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    assert proc.returncode == 141, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert "Exception ignored" not in proc.stderr


# --- input and machines that once crashed briefgen -------------------------------------------


@dataclass
class Case:
    """A project made by `setup` (given the project and a scratch folder), then a command,
    its exit status and a words of its one-line message."""

    setup: Callable[[Path, Path], list[str]]
    code: int
    says: str
    env: dict[str, str] | None = None
    unprivileged: bool = False  # in a process without root's power to write anywhere
    own_process: bool = False  # in a process of its own (it might hang this one)

    @property
    def apart(self) -> bool:
        return self.own_process or self.unprivileged


MEETING = (
    "- {{id: m{n}, title: M, date: {date}, status: {status}, summary: S.,"
    " cites: [{{source: news, quote: useful}}]}}\n"
)


def _meetings(root: Path, *dates: str) -> None:
    (root / "briefs/test/meetings.yaml").write_text(
        "".join(
            MEETING.format(n=i, date=d, status="held" if d < "2015" else "scheduled")
            for i, d in enumerate(dates)
        )
    )


def year_9999(root: Path, scratch: Path) -> list[str]:
    _meetings(root, "9999-12-31")
    return ["build", "--format", "html", "-o", str(scratch / "out")]


def dest_is_a_file(root: Path, scratch: Path) -> list[str]:
    (scratch / "dest").write_text("a file")
    return ["publish", "--dest", str(scratch / "dest")]


def dest_read_only(root: Path, scratch: Path) -> list[str]:
    (scratch / "dest").mkdir(mode=0o555)
    return ["publish", "--dest", str(scratch / "dest")]


def root_read_only(root: Path, scratch: Path) -> list[str]:
    root.chmod(0o555)
    return ["build", "--format", "html"]


def root_read_only_output_elsewhere(root: Path, scratch: Path) -> list[str]:
    brief = root / "briefs/test/brief.yaml"
    brief.write_text(
        brief.read_text()
        + "key_judgments:\n"
        + "  - {text: T., kind: assessment, confidence: low,\n"
        + "     cites: [{source: news, quote: useful}]}\n"
    )
    root.chmod(0o555)
    return ["build", "--format", "html", "-o", str(scratch / "out")]


def disk_full(root: Path, scratch: Path) -> list[str]:
    return ["build", "--format", "html", "-o", str(scratch / "out")]


def brief_named_index_html(root: Path, scratch: Path) -> list[str]:
    shutil.copytree(root / "briefs/test", root / "briefs/index.html")
    return ["build", "--format", "html", "-o", str(scratch / "out")]


def corpus_symlink_loop(root: Path, scratch: Path) -> list[str]:
    (root / "corpus/loop.txt").symlink_to("loop.txt")
    return ["check"]


def brief_symlink_loop(root: Path, scratch: Path) -> list[str]:
    (root / "briefs/test/actors.yaml").symlink_to("actors.yaml")
    return ["check"]


def port_out_of_range(root: Path, scratch: Path) -> list[str]:
    return ["serve", "--port", "99999"]


def fifo_actors(root: Path, scratch: Path) -> list[str]:
    os.mkfifo(root / "briefs/test/actors.yaml")
    return ["check"]


def corpus_links_out(root: Path, scratch: Path) -> list[str]:
    shutil.move(root / "corpus", scratch / "corpus")
    (root / "corpus").symlink_to(scratch / "corpus")
    return ["check"]


CASES = {
    "year 9999": Case(year_9999, 0, "wrote"),
    "--dest a regular file": Case(dest_is_a_file, 1, "it is a file, not a folder"),
    "--dest read-only": Case(dest_read_only, 4, "permission denied", unprivileged=True),
    "project root read-only": Case(root_read_only, 4, "permission denied", unprivileged=True),
    "project root read-only, output elsewhere": Case(
        root_read_only_output_elsewhere,
        0,
        "warning: citations.lock not updated: permission denied",
        unprivileged=True,
    ),
    "disk full": Case(disk_full, 4, "the disk is full", env={FAULTS: "write:.html=enospc"}),
    "brief folder index.html": Case(brief_named_index_html, 1, "is not a valid brief id"),
    "symlink loop in corpus/": Case(corpus_symlink_loop, 1, "loop.txt is a symbolic link that"),
    "symlink loop in a brief": Case(brief_symlink_loop, 1, "actors.yaml is a symbolic link th"),
    "serve --port 99999": Case(port_out_of_range, 2, "'99999' is not a port"),
    "FIFO actors.yaml": Case(fifo_actors, 1, "actors.yaml is a FIFO", own_process=True),
    "corpus/ links out": Case(corpus_links_out, 1, "corpus/ is a symbolic link to"),
}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, id=name, marks=[pytest.mark.slow] if case.apart else [])
        for name, case in CASES.items()
    ],
)
def test_no_internal_error(
    make_project: ProjectFactory,
    tmp_path: Path,
    case: Case,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_project()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    args = case.setup(root, scratch)
    try:
        if case.apart:
            proc = briefgen(root, *args, env=case.env, unprivileged=case.unprivileged)
            code, out, err = proc.returncode, proc.stdout, proc.stderr
        else:
            monkeypatch.chdir(root)
            for name, value in (case.env or {}).items():
                monkeypatch.setenv(name, value)
            code = main(args)
            out, err = capsys.readouterr()
    finally:
        root.chmod(0o755)
    assert code == case.code, err
    assert case.says in err + out
    assert "Traceback" not in err and "internal error" not in err
    if case.code:
        problems = [line for line in err.splitlines() if not line.startswith("usage:")]
        assert len(problems) == 1 or "checked 1 brief" in err, err


def test_a_span_of_millennia_has_a_few_ticks() -> None:
    """Years 1000 and 9998 in one brief took 29 s and 437 MB: a tick per year, 9,000 of
    them, laid out by WeasyPrint; and a meeting on the calendar's last day crashed. Ticks
    now stand as far apart as their labels need, whatever the span."""
    spans = [
        timeline.Span(1, PartialDate.parse("1000-06-01"), None, "held", "meeting", "A"),
        timeline.Span(2, PartialDate.parse("9998-06-01"), None, "held", "meeting", "B"),
        timeline.Span(3, PartialDate.parse("9999-12-31"), None, "held", "meeting", "C"),
    ]
    figure = timeline.layout(spans)
    assert figure is not None
    assert len(figure.ticks) <= timeline.WIDTH // timeline.LABEL_ROOM + 1
    labelled = [t.label for t in figure.ticks if t.label]
    assert labelled[0] <= "1000" and len(labelled) >= 2
    xs = [m.x for m in figure.markers]
    assert figure.axis_x0 <= min(xs) and max(xs) <= figure.axis_x1
