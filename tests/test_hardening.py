"""Hostile and broken input: never a traceback, nothing lost, nothing leaked, same bytes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pikepdf
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen import api
from briefgen.cli import main
from briefgen.faults import ENV as FAULTS
from briefgen.publish import build, pdfs
from tests.support import (
    MINIMAL_BOTTOM_LINE,
    MINIMAL_BRIEF,
    REPO,
    ProjectFactory,
    editions_project,
    hostile_project,
)

# --- property: broken briefs end in a diagnostic and exit 1 -----------------------------------

VALID = yaml.safe_load(MINIMAL_BRIEF)
REQUIRED = ["title", "as_of", "marking", "prepared_by", "audience", "bottom_line"]

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=40),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.integers(min_value=70, max_value=200).map(lambda n: "[" * n + "]" * n),  # deep nesting
    st.just("x" * 120_000),  # huge string
)


@st.composite
def broken_briefs(draw: st.DrawFn) -> str:
    """The text of a brief.yaml that is surely invalid, in one of many ways."""
    kind = draw(
        st.sampled_from(
            ["wrong-type", "missing", "unknown-key", "random-yaml", "random-text", "bad-section"]
        )
    )
    data = dict(VALID)
    if kind == "wrong-type":
        key = draw(st.sampled_from(REQUIRED))
        # numbers are fine as text (`title: 2015`), so: nothing, true/false, structures,
        # deep nesting, an empty or a huge string
        value = draw(
            junk.filter(lambda v: not isinstance(v, (int, float)) or isinstance(v, bool)).filter(
                lambda v: not isinstance(v, str) or v.startswith(("[", "x")) or v == ""
            )
        )
        if value == [] or value == {}:
            value = None
        if isinstance(value, str) and value.startswith("["):
            return yaml.safe_dump(data).replace(f"{key}:", f"{key}: {value}\n_was:", 1)
        data[key] = value
        return yaml.safe_dump(data, allow_unicode=True)
    if kind == "missing":
        for key in draw(st.lists(st.sampled_from(REQUIRED), min_size=1, unique=True)):
            del data[key]
        return yaml.safe_dump(data)
    if kind == "unknown-key":
        data[draw(st.text("abcdefgh_", min_size=3, max_size=12)).strip("_") + "_x"] = 1
        return yaml.safe_dump(data)
    if kind == "bad-section":
        data[draw(st.sampled_from(["actors", "meetings", "questions", "metrics"]))] = [draw(junk)]
        return yaml.safe_dump(data, allow_unicode=True)
    if kind == "random-yaml":
        value = draw(
            st.recursive(
                junk,
                lambda inner: (
                    st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=6), inner, max_size=3)
                ),
                max_leaves=8,
            )
        )
        return yaml.safe_dump(value, allow_unicode=True)
    text = draw(st.text(st.characters(blacklist_categories=["Cs"]), max_size=300))
    return text


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.slow
@given(text=broken_briefs())
def test_broken_briefs_end_in_a_diagnostic(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    root = make_project()
    (root / "briefs/test/brief.yaml").write_text(text, encoding="utf-8")
    capsys.readouterr()
    for command in (["check"], ["build", "--format", "html", "-o", str(root / "out")]):
        code = main(["--root", str(root), *command])
        err = capsys.readouterr().err
        assert "Traceback" not in err and "internal error" not in err, err
        assert code == 1, (command, text[:200], err)
        assert "error:" in err
    assert not (root / "out" / "test.html").exists()


def test_valid_brief_builds_every_section(make_project: ProjectFactory, tmp_path: Path) -> None:
    # the other side of the property: exit 0 only with every section there
    root = make_project(
        brief=MINIMAL_BRIEF + "key_judgments:\n  - {text: J., kind: assessment, confidence: low,"
        " cites: [{source: news, quote: useful}]}\n"
    )
    result = build.build(root, formats=["html"], output=tmp_path)
    assert result.ok
    html = (tmp_path / "test.html").read_text()
    for section in ("bottom-line", "key-judgments", "notes", "sources"):
        assert f'id="{section}"' in html


# --- size limits ----------------------------------------------------------------------------

#: The most memory `briefgen check` may take on hostile input (a normal check takes ~60 MB).
MEMORY_BOUND_MB = 200


#: Runs `briefgen check` and prints the process's peak memory. VmHWM is the high-water mark
#: of this process's own memory since it started (getrusage would include, for a child, the
#: memory of the test process it was forked from).
_CHECK_AND_MEASURE = """
import re, sys, time
from briefgen.cli import main
from briefgen.faults import ENV as FAULTS
start = time.perf_counter()
code = main(["check"])
seconds = time.perf_counter() - start
status = open("/proc/self/status").read()
print(seconds)
print(int(re.search(r"VmHWM:\\s+(\\d+) kB", status)[1]) / 1024)
sys.exit(code)
"""


def _run_check(root: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run `briefgen check` in a fresh process; its result and its peak memory (MB)."""
    proc, peak_mb, _ = _run_check_timed(root)
    return proc, peak_mb


def _run_check_timed(root: Path) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """Run `briefgen check` in a fresh process; its result, its peak memory (MB) and the
    seconds the check took (interpreter start and imports left out)."""
    proc = subprocess.run(
        [sys.executable, "-c", _CHECK_AND_MEASURE],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    seconds, peak_mb = proc.stdout.strip().splitlines()[-2:]
    return proc, float(peak_mb), float(seconds)


def test_billion_laughs_is_refused_in_bounded_memory(make_project: ProjectFactory) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{','.join(['*' + prev] * 9)}]")
    root = make_project(brief=MINIMAL_BRIEF + "\n".join(lines) + "\n")
    proc, peak_mb = _run_check(root)
    assert proc.returncode == 1
    assert "expands to more than 200,000 values" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert peak_mb < MEMORY_BOUND_MB, f"peak {peak_mb:.0f} MB"


def test_alias_amplification_is_refused_at_once_in_bounded_memory(
    make_project: ProjectFactory,
) -> None:
    # 192 KB of YAML: one 96,000-character text, then 3,000 aliases of it (288 million
    # characters once expanded; a page of 282 MB before characters were counted)
    judgments = "".join("  - {text: *s, confidence: low}\n" for _ in range(3000))
    brief = MINIMAL_BRIEF.replace(MINIMAL_BOTTOM_LINE, f"bottom_line: &s {'x' * 96_000}")
    root = make_project(brief=brief + "key_judgments:\n" + judgments)
    assert (root / "briefs/test/brief.yaml").stat().st_size > 190_000
    proc, peak_mb, seconds = _run_check_timed(root)
    assert proc.returncode == 1
    assert "expands to more than 10,000,000 characters" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert seconds < 1, f"{seconds:.2f} s"
    assert peak_mb < MEMORY_BOUND_MB, f"peak {peak_mb:.0f} MB"


def test_50_mb_yaml_is_refused_in_bounded_memory(make_project: ProjectFactory) -> None:
    root = make_project()
    big = root / "briefs/test/actors.yaml"
    with big.open("w") as handle:
        line = "- {id: a, name: " + "x" * 1000 + "}\n"
        for _ in range(50 * 1024):
            handle.write(line)
    assert big.stat().st_size > 50_000_000
    proc, peak_mb = _run_check(root)
    assert proc.returncode == 1
    assert (
        "actors.yaml:1:1: error: the file is too large (52.1 MB; the limit is 5 MB)" in proc.stderr
    )
    assert peak_mb < MEMORY_BOUND_MB, f"peak {peak_mb:.0f} MB"


# --- drift ------------------------------------------------------------------------------------


def test_edited_article_reports_old_and_new_wording(seed_project: Path, tmp_path: Path) -> None:
    result = build.build(seed_project, formats=["html"], output=tmp_path)
    assert result.ok and (seed_project / "citations.lock").is_file()
    article = seed_project / "corpus" / "talks-preview-2015.txt"
    article.write_text(
        article.read_text().replace(
            "“Talking is better than not talking.”", "“Talking beats not talking.”"
        )
    )
    errors = [d for d in api.check(seed_project).diagnostics if d.is_error]
    assert len(errors) == 1
    message = errors[0].message
    assert "was edited after this quote was verified" in message
    assert "read ““Talking is better than not talking.”" in message
    assert "now reads “" in message and "Talking beats not talking" in message
    assert errors[0].location.path.name == "actors.yaml"


# --- nothing lost -----------------------------------------------------------------------------


@pytest.mark.slow
def test_killed_build_leaves_previous_outputs_byte_for_byte(
    make_project: ProjectFactory,
) -> None:
    root = make_project()
    assert build.build(root, formats=["pdf"]).ok
    out = root / "build"
    before = {p.name: p.read_bytes() for p in out.glob("[!.]*.*")}
    brief = root / "briefs" / "test" / "brief.yaml"
    brief.write_text(brief.read_text().replace("title: Test brief", "title: Changed"))
    run = [sys.executable, "-m", "briefgen", "build", "--format", "pdf"]
    # killed as it is about to put its first PDF in place (its temporary file stays)
    killed = subprocess.run(
        run, cwd=root, env={**os.environ, FAULTS: "write:.pdf=kill"}, check=False
    )
    assert killed.returncode == -signal.SIGKILL
    assert {p.name: p.read_bytes() for p in out.glob("[!.]*.*")} == before


@pytest.mark.slow
def test_pdf_workers_die_with_a_killed_build(make_project: ProjectFactory) -> None:
    mark = f"worker-test-{os.getpid()}"
    killed = subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "--format", "pdf", "-j", "2"],
        cwd=editions_project(make_project),
        env={**os.environ, FAULTS: "pdf-worker=kill-parent", "BRIEFGEN_TEST_WORKER": mark},
        capture_output=True,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 5
    while (left := _processes_with(f"BRIEFGEN_TEST_WORKER={mark}")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert left == [], "PDF workers outlived the build they worked for"


def _processes_with(variable: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
            state = (entry / "status").read_text()
        except OSError:
            continue
        if variable.encode() in environ and "State:\tZ" not in state:
            found.append(int(entry.name))
    return found


@pytest.mark.slow
def test_build_and_publish_leave_briefs_and_corpus_untouched(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    root = editions_project(make_project)

    def listing() -> dict[str, float]:
        return {
            str(p): p.stat().st_mtime
            for folder in ("briefs", "corpus")
            for p in (root / folder).rglob("*")
        }

    before = listing()
    assert build.build(root, formats=["html"], output=tmp_path / "out").ok
    assert main(["--root", str(root), "publish", "--dest", str(tmp_path / "www")]) == 0
    assert listing() == before


# --- paths cannot escape ----------------------------------------------------------------------


def test_source_ids_cannot_be_paths(make_project: ProjectFactory) -> None:
    for bad in ("../../etc/passwd", "/etc/passwd", "a/b"):
        root = make_project(
            {
                "questions.yaml": "- id: q\n  question: Q?\n  why_it_matters: W.\n"
                "  status_history:\n    - as_of: 2015\n      status: open\n"
                f"      note: N.\n      cites: [{{source: '{bad}', quote: x}}]\n"
            }
        )
        errors = [d for d in api.check(root).diagnostics if d.is_error]
        assert len(errors) == 1 and "is not a valid id" in errors[0].message


def test_brief_ids_cannot_leave_briefs(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project()
    for bad in ("../corpus", "/etc", "..", "briefs/../corpus"):
        assert main(["--root", str(root), "check", bad]) == 2
    assert "not a brief folder" in capsys.readouterr().err


def test_symlinks_out_of_the_project_are_refused(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "news2.txt").write_text(
        (REPO / "corpus" / "act-2013-us-china-meet.txt")
        .read_text()
        .replace("act-2013-us-china-meet", "news2")
    )
    (outside / "actors.yaml").write_text("[]\n")
    (outside / "brief.yaml").write_text(MINIMAL_BRIEF)  # a whole brief folder, linked in
    root = make_project()
    (root / "corpus" / "news2.txt").symlink_to(outside / "news2.txt")
    (root / "briefs" / "test" / "actors.yaml").symlink_to(outside / "actors.yaml")
    (root / "briefs" / "linked").symlink_to(outside)
    messages = [d.message for d in api.check(root).diagnostics if d.is_error]
    assert sum("links outside" in m for m in messages) == 3, messages


# --- hostile text is inert ---------------------------------------------------------------------


def test_hostile_text_is_inert_in_html(make_project: ProjectFactory, tmp_path: Path) -> None:
    root = hostile_project(make_project)
    result = build.build(root, formats=["html", "pdf"], output=tmp_path)
    assert result.ok, [d.format() for d in result.diagnostics]
    for page in [tmp_path / "test.html", tmp_path / "sources" / "news.html"]:
        tree: ET.Element = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
        for el in tree.iter():
            assert el.tag not in ("script", "iframe", "img", "object", "embed"), (page, el.tag)
            for name, value in el.attrib.items():
                assert not name.lower().startswith("on"), (page, name)
                assert not str(value).strip().lower().startswith(("javascript:", "data:")), value
        assert "alert(" in page.read_text()  # the words are there, as text
    with pikepdf.open(tmp_path / "test.pdf") as pdf:
        for pdf_page in pdf.pages:
            for annot in pdf_page.get("/Annots", []):
                uri = str(annot.get("/A", pikepdf.Dictionary()).get("/URI", ""))
                assert not uri.lower().startswith(("javascript:", "data:")), uri
        assert "/JavaScript" not in pdf.Root.get("/Names", {})


# --- reproducible ------------------------------------------------------------------------------


@pytest.mark.slow
def test_same_bytes_on_another_day_in_another_folder(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    faketime = shutil.which("faketime")
    assert faketime, "faketime is installed by scripts/setup.sh test"
    project = editions_project(make_project)
    outputs = []
    for n, prefix in enumerate(([], [faketime, "2031-07-04 12:00:00"])):
        root = tmp_path / f"checkout-{n}" / ("deeper/" * n) / "project"
        for folder in ("briefs", "corpus"):
            shutil.copytree(project / folder, root / folder)
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        env["TZ"] = ["UTC", "Pacific/Auckland"][n]
        proc = subprocess.run(
            [*prefix, sys.executable, "-m", "briefgen", "build"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        outputs.append(
            {
                p.relative_to(root / "build").as_posix(): p.read_bytes()
                for p in sorted((root / "build").rglob("*"))
                if p.is_file()
            }
        )
    assert len(outputs[0]) >= 5
    assert outputs[0].keys() == outputs[1].keys()
    differing = [name for name in outputs[0] if outputs[0][name] != outputs[1][name]]
    assert differing == []


@pytest.mark.slow
def test_source_date_epoch_sets_the_pdf_modification_date(
    monkeypatch: pytest.MonkeyPatch, make_project: ProjectFactory
) -> None:
    from briefgen.render.memos import memos_for

    (dated,) = memos_for(api.check(make_project()).briefs["test"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "31536000")
    data, _ = pdfs.memo_pdf(dated.memo)
    import io

    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.docinfo["/ModDate"]).startswith("D:19710101")
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20151201")
