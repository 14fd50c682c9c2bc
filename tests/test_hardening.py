"""Hostile and broken input: never a traceback, nothing lost, nothing leaked, same bytes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import html5lib
import pikepdf
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen import api, build
from briefgen.cli import main
from tests.conftest import MINIMAL_BRIEF, REPO, SEED_BRIEF, ProjectFactory

# --- property: broken briefs end in a diagnostic and exit 1 -----------------------------------

VALID = yaml.safe_load(MINIMAL_BRIEF)
REQUIRED = ["title", "as_of", "marking", "prepared_by", "audience", "bottom_line"]

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
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
    text = draw(st.text(st.characters(blacklist_categories=("Cs",)), max_size=300))
    return text


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=broken_briefs())
def test_broken_briefs_end_in_a_diagnostic(make_project: ProjectFactory, capsys, text):
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


def test_valid_brief_builds_every_section(make_project: ProjectFactory, tmp_path: Path):
    # the other side of the property: exit 0 only with every section there
    root = make_project(
        brief=MINIMAL_BRIEF + "key_judgments:\n  - {text: J., confidence: low,"
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
import re, sys
from briefgen.cli import main
code = main(["check"])
status = open("/proc/self/status").read()
print(int(re.search(r"VmHWM:\\s+(\\d+) kB", status)[1]) / 1024)
sys.exit(code)
"""


def _run_check(root: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run `briefgen check` in a fresh process; its result and its peak memory (MB)."""
    proc = subprocess.run(
        [sys.executable, "-c", _CHECK_AND_MEASURE],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return proc, float(proc.stdout.strip().splitlines()[-1])


def test_billion_laughs_is_refused_in_bounded_memory(make_project: ProjectFactory):
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


def test_50_mb_yaml_is_refused_in_bounded_memory(make_project: ProjectFactory):
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


def test_edited_article_reports_old_and_new_wording(seed_project: Path, tmp_path: Path):
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


def test_killed_build_leaves_previous_outputs_byte_for_byte(seed_project: Path):
    subprocess.run(
        [sys.executable, "-m", "briefgen", "build"],
        cwd=seed_project,
        check=True,
        capture_output=True,
    )
    out = seed_project / "build"
    before = {p.name: p.read_bytes() for p in out.glob("*.*")}
    brief = seed_project / "briefs" / SEED_BRIEF / "brief.yaml"
    brief.write_text(brief.read_text().replace("State of Play", "Changed"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "build", "--format", "pdf"],
        cwd=seed_project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(2.5)  # inside WeasyPrint's layout of the first PDF
    assert proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert {p.name: p.read_bytes() for p in out.glob("*.*")} == before


def test_never_writes_into_briefs_or_corpus(seed_project: Path, tmp_path: Path):
    def listing() -> dict[str, float]:
        return {
            str(p): p.stat().st_mtime
            for folder in ("briefs", "corpus")
            for p in (seed_project / folder).rglob("*")
        }

    before = listing()
    assert build.build(seed_project, formats=["html"], output=tmp_path).ok
    assert main(["--root", str(seed_project), "publish", "--dest", str(tmp_path / "www")]) == 0
    assert listing() == before


# --- paths cannot escape ----------------------------------------------------------------------


def test_source_ids_cannot_be_paths(make_project: ProjectFactory):
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


def test_brief_ids_cannot_leave_briefs(make_project: ProjectFactory, capsys):
    root = make_project()
    for bad in ("../corpus", "/etc", "..", "briefs/../corpus"):
        assert main(["--root", str(root), "check", bad]) == 2
    assert "not a brief folder" in capsys.readouterr().err


def test_symlinks_out_of_the_project_are_refused(make_project: ProjectFactory, tmp_path: Path):
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

PAYLOADS = [
    "<script>window.__xss=1;alert(1)</script>",
    '<img src=x onerror="window.__xss=1;alert(2)">',
    "<svg onload=alert(3)>",
    "[click](javascript:alert(4))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(6)">x</a>',
    '"><script>alert(7)</script>',
    '<iframe src="javascript:alert(8)"></iframe>',
    "![x](javascript:alert(9))",
    '<div style="background:url(javascript:alert(10))">s</div>',
    "{{ 7*7 }} {% raw %}",
]


def _hostile_project(make_project: ProjectFactory) -> Path:
    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    payload_lines = "\n\n".join(PAYLOADS)
    brief = MINIMAL_BRIEF.replace("title: Test brief", f"title: {q(PAYLOADS[0])}").replace(
        "bottom_line: The talks were **useful**.",
        "bottom_line: |\n" + "\n".join("  " + p for p in payload_lines.splitlines()),
    )
    actor = (
        f"- id: x\n  name: {q(PAYLOADS[1])}\n  kind: person\n  side: us\n"
        f"  role: {q(PAYLOADS[6])}\n  positions:\n    - topic: talks\n      as_of: 2015\n"
        f"      stance: {q(PAYLOADS[3] + ' ' + PAYLOADS[4])}\n"
        "      cites: [{source: news, quote: useful, note: " + q(PAYLOADS[2]) + "}]\n"
    )
    root = make_project({"actors.yaml": actor}, brief=brief)
    article = root / "corpus" / "news.txt"
    article.write_text(
        article.read_text() + "\n<script>alert('corpus')</script> <img src=x onerror=alert(11)>\n"
    )
    return root


def test_hostile_text_is_inert_in_html(make_project: ProjectFactory, tmp_path: Path):
    root = _hostile_project(make_project)
    result = build.build(root, formats=["html", "pdf"], output=tmp_path)
    assert result.ok, [d.format() for d in result.diagnostics]
    for page in [tmp_path / "test.html", tmp_path / "sources" / "news.html"]:
        tree = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
        for el in tree.iter():
            assert el.tag not in ("script", "iframe", "img", "object", "embed"), (page, el.tag)
            for name, value in el.attrib.items():
                assert not name.lower().startswith("on"), (page, name)
                assert not str(value).strip().lower().startswith(("javascript:", "data:")), value
        assert "alert(" in page.read_text()  # the words are there, as text
    with pikepdf.open(tmp_path / "test.pdf") as pdf:
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                uri = str(annot.get("/A", {}).get("/URI", ""))
                assert not uri.lower().startswith(("javascript:", "data:")), uri
        assert "/JavaScript" not in pdf.Root.get("/Names", {})


def test_hostile_text_runs_no_script_in_chromium(make_project: ProjectFactory, tmp_path: Path):
    from playwright.sync_api import sync_playwright

    from tests.test_browser import CHROMIUM, FLAGS

    root = _hostile_project(make_project)
    assert build.build(root, formats=["html"], output=tmp_path).ok
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        for bypass in (False, True):  # even without the page's CSP, nothing may run
            context = browser.new_context(bypass_csp=bypass)
            page = context.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            for name in ("test.html", "sources/news.html"):
                page.goto((tmp_path / name).as_uri())
                page.wait_for_timeout(300)
                for link in page.locator("main a").all()[:40]:
                    href = link.get_attribute("href") or ""
                    assert not href.startswith(("javascript:", "data:"))
                assert page.evaluate("() => window.__xss === undefined")
            context.close()
        browser.close()
    assert dialogs == []


# --- reproducible ------------------------------------------------------------------------------


def test_same_bytes_on_another_day_in_another_folder(tmp_path: Path):
    faketime = shutil.which("faketime")
    assert faketime, "faketime is installed by scripts/setup.sh test"
    outputs = []
    for n, prefix in enumerate(([], [faketime, "2031-07-04 12:00:00"])):
        root = tmp_path / f"checkout-{n}" / ("deeper/" * n) / "project"
        for folder in ("briefs", "corpus"):
            shutil.copytree(REPO / folder, root / folder)
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
    assert len(outputs[0]) >= 6
    assert outputs[0].keys() == outputs[1].keys()
    differing = [name for name in outputs[0] if outputs[0][name] != outputs[1][name]]
    assert differing == []


def test_source_date_epoch_sets_the_pdf_modification_date(monkeypatch, seed_memo):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "31536000")
    data, _ = build.memo_pdf(seed_memo)
    import io

    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.docinfo["/ModDate"]).startswith("D:19710101")
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20151201")
