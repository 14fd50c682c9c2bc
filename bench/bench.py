"""`make bench`: briefgen's speed beside its peers, in one run, written to
docs/benchmarks.md. Every timing is a fresh process (interpreter start included), the
variants alternate within each repetition, and the table shows medians and ratios.

BENCH_REPS (default 5) sets the repetitions.
"""

from __future__ import annotations

import datetime
import filecmp
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import jinja2  # noqa: E402
import synthetic  # noqa: E402

from briefgen import __version__, api  # noqa: E402
from briefgen.model.claims import claims  # noqa: E402
from briefgen.paths import packaged_templates  # noqa: E402
from briefgen.render.html import environment, render_html  # noqa: E402
from briefgen.render.memos import memos_for  # noqa: E402

REPS = int(os.environ.get("BENCH_REPS", "5"))
SEED = "us-china-cyber-talks"
PY = sys.executable
BIN = Path(PY).parent
ENV = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}
ENV.pop("SOURCE_DATE_EPOCH", None)


@dataclass
class Sample:
    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def briefgen(*args: str) -> list[str]:
    """The command line of a fresh `briefgen` process."""
    return [PY, "-m", "briefgen", *args]


def run(cmd: list[str], cwd: Path = REPO) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one fresh process."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(
            f"failed ({proc.returncode}): {' '.join(cmd)}\n"
            f"{proc.stderr.read().decode() if proc.stderr else ''}"
        )
    return seconds, usage.ru_maxrss / 1024


def alternate(
    variants: dict[str, Callable[[int], list[str]]], reps: int = REPS, cwd: Path = REPO
) -> dict[str, Sample]:
    samples = {name: Sample() for name in variants}
    for rep in range(reps):
        for name, make in variants.items():
            seconds, peak = run(make(rep), cwd)
            samples[name].seconds.append(seconds)
            samples[name].peak_mb.append(peak)
    return samples


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    rows: list[tuple[str, str, str, str]] = []  # measure, result, target, met

    def row(measure: str, result: str, target: str, met: bool | None) -> None:
        rows.append((measure, result, target, "—" if met is None else ("yes" if met else "**no**")))
        print(f"{measure}: {result} (target {target})", flush=True)

    checked = api.check(REPO, [SEED]).briefs[SEED]
    current = memos_for(checked, checked.loaded.brief.as_of)[0]
    memo = current.memo
    (work / "print.html").write_text(render_html(memo, medium="print", link_sources=False))
    md = jinja2.Environment(loader=jinja2.FileSystemLoader(REPO / "bench"), autoescape=False)
    (work / "memo.md").write_text(md.get_template("memo.md.j2").render(memo=memo))
    svg = environment().get_template("timeline.svg.j2").render(memo=memo)
    (work / "timeline.svg").write_text(svg)
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    as_of = checked.loaded.brief.as_of.iso()
    templates = packaged_templates()

    # 1. full build of one memo vs bare WeasyPrint vs Pandoc → WeasyPrint
    full = alternate(
        {
            "briefgen": lambda r: briefgen(
                "--root", str(REPO), "build", SEED, "--as-of", as_of, "-o", str(work / f"full-{r}")
            ),
            "weasyprint": lambda r: [
                PY,
                "-m",
                "weasyprint",
                "--pdf-variant",
                "pdf/ua-1",
                "-u",
                templates.as_uri() + "/",
                str(work / "print.html"),
                str(work / f"bare-{r}.pdf"),
            ],
            "pandoc": lambda r: [
                pandoc,
                str(work / "memo.md"),
                "--standalone",
                "--resource-path",
                str(work),  # where timeline.svg is
                "--pdf-engine=weasyprint",
                "--pdf-engine-opt=--pdf-variant=pdf/ua-1",  # tagged, as briefgen's PDF is
                "--css",
                str(templates / "memo.css"),
                "--css",
                str(templates / "print.css"),
                "-o",
                str(work / f"pandoc-{r}.pdf"),
            ],
        },
        cwd=work,  # Pandoc leaves its temporary files in the working folder
    )
    ratio = full["briefgen"].median / full["weasyprint"].median
    row(
        "Full build of the seed memo (check + HTML + PDF) ÷ bare WeasyPrint on the same print HTML",
        f"{ratio:.2f}× ({full['briefgen'].median:.2f} s vs {full['weasyprint'].median:.2f} s)",
        "≤ 1.10×",
        ratio <= 1.10,
    )
    row(
        "Full build ÷ Pandoc → WeasyPrint on an equivalent Markdown memo",
        f"{full['briefgen'].median / full['pandoc'].median:.2f}× (Pandoc "
        f"{full['pandoc'].median:.2f} s)",
        "< 1",
        full["briefgen"].median < full["pandoc"].median,
    )
    peak = max(full["briefgen"].peak_mb)
    row("Peak memory of the seed PDF build", f"{peak:.0f} MB", "≤ 250 MB", peak <= 250)

    # 2. HTML only
    html = alternate(
        {
            "html": lambda r: briefgen(
                "build", SEED, "--as-of", as_of, "--format", "html", "-o", str(work / f"html-{r}")
            )
        }
    )
    row(
        "HTML-only build, wall time with interpreter start",
        f"{html['html'].median:.2f} s",
        "≤ 0.5 s",
        html["html"].median <= 0.5,
    )

    # 3. every edition, serial vs parallel, and an unchanged rebuild
    editions = alternate(
        {
            "j1": lambda r: briefgen("build", SEED, "-j", "1", "-o", str(work / f"j1-{r}")),
            "j2": lambda r: briefgen("build", SEED, "-j", "2", "-o", str(work / f"j2-{r}")),
        },
        reps=max(3, REPS // 2),
    )
    same = all(
        filecmp.cmp(p, work / "j2-0" / p.name, shallow=False)
        for p in (work / "j1-0").glob(f"{SEED}*")
    )
    row(
        "All editions (2 PDFs), -j 2 ÷ -j 1",
        f"{editions['j2'].median / editions['j1'].median:.2f}× "
        f"({editions['j2'].median:.2f} s vs {editions['j1'].median:.2f} s); outputs identical: "
        f"{'yes' if same else 'NO'}",
        "< 1, identical",
        same and editions["j2"].median < editions["j1"].median,
    )
    unchanged = alternate({"again": lambda r: briefgen("build", SEED, "-o", str(work / "j2-0"))})
    share = unchanged["again"].median / editions["j2"].median
    row(
        "Unchanged rebuild ÷ full build (same output folder)",
        f"{share:.1%} ({unchanged['again'].median:.2f} s)",
        "≤ 5 %",
        share <= 0.05,
    )

    # 4. serve: a YAML edit, rebuilt in a warm process
    from briefgen.publish import serve

    project = work / "serve"
    for folder in ("briefs", "corpus"):
        shutil.copytree(REPO / folder, project / folder)
    preview = serve.Preview(project)
    preview.rebuild()
    brief = project / "briefs" / SEED / "brief.yaml"
    text = brief.read_text()
    times = []
    for i in range(max(REPS, 5)):
        brief.write_text(text.replace("State of Play", f"State of Play {i}"))
        times.append(preview.rebuild().seconds)
    row(
        "`serve`: preview rebuilt after a YAML edit (warm process)",
        f"{statistics.median(times):.3f} s",
        "≤ 0.3 s",
        statistics.median(times) <= 0.3,
    )

    # 5. scale: check time as the brief grows; PDF time per page
    scales: dict[int, tuple[float, int, int]] = {}
    for times_n, articles in ((1, 2), (10, 40), (50, 200)):
        root = synthetic.make(work / f"syn{times_n}", times_n, articles)
        brief_ = api.check(root).briefs["synthetic"].loaded.brief
        cites = sum(len(c.cites) for c in claims(brief_))
        scales[times_n] = (
            alternate({"check": lambda r: briefgen("check")}, cwd=root)["check"].median,
            cites,
            articles,
        )
    t50, c50, a50 = scales[50]
    row(
        f"`check` on a synthetic brief 50× the seed ({c50:,} citations over {a50} articles)",
        f"{t50:.2f} s",
        "≤ 2 s",
        t50 <= 2,
    )
    per = {
        n: (t - scales[1][0]) / (c - scales[1][1]) * 1000
        for n, (t, c, _) in scales.items()
        if n > 1
    }
    row(
        "`check` cost per 1,000 extra citations, 10× vs 50× (linear growth)",
        f"{per[10]:.2f} s vs {per[50]:.2f} s",
        "within 2× (quadratic growth would be 5×)",
        per[50] <= per[10] * 2,
    )
    pages = {}
    for times_n in (1, 5):
        root = work / f"syn{times_n}" if times_n == 1 else synthetic.make(work / "syn5", 5, 10)
        out = work / f"pages-{times_n}"
        seconds, _ = run(
            briefgen("build", "--as-of", as_of, "--format", "pdf", "-o", str(out)),
            cwd=root,
        )
        import pypdf

        count = len(pypdf.PdfReader(out / "synthetic.pdf").pages)
        pages[times_n] = (seconds, count)
    per_page = {n: s / p for n, (s, p) in pages.items()}
    row(
        "PDF build time per page, seed-sized vs 5× brief",
        f"{per_page[1]:.3f} s/page ({pages[1][1]} pages) vs {per_page[5]:.3f} s/page "
        f"({pages[5][1]} pages)",
        "flat",
        per_page[5] <= per_page[1] * 1.25,
    )

    # 6. publish: ten briefs (copies of the seed under other ids), serial vs parallel PDFs
    many = work / "many"
    shutil.copytree(REPO / "corpus", many / "corpus")
    for i in range(10):
        shutil.copytree(REPO / "briefs" / SEED, many / "briefs" / f"seed-copy-{i}")

    def publish_with(jobs: str) -> Callable[[int], list[str]]:
        return lambda r: briefgen("publish", "--dest", str(work / f"pub-{jobs}-{r}"), "-j", jobs)

    publishes = alternate({jobs: publish_with(jobs) for jobs in ("1", "2")}, reps=2, cwd=many)
    j1, j2 = publishes["1"].median, publishes["2"].median
    row(
        "Publish of ten briefs (copies of the seed, 20 PDFs), -j 2 ÷ -j 1",
        f"{j2 / j1:.2f}× ({j2:.1f} s vs {j1:.1f} s)",
        "< 1",
        j2 < j1,
    )
    again = alternate(
        {"again": lambda r: briefgen("publish", "--dest", str(work / "pub-2-0"))}, cwd=many
    )
    share = again["again"].median / j2
    row(
        "Republish of the ten briefs, nothing changed (PDFs reused) ÷ first publish (-j 2)",
        f"{share:.1%} ({again['again'].median:.2f} s)",
        "≤ 10 %",
        share <= 0.10,
    )

    write_report(rows)
    shutil.rmtree(work, ignore_errors=True)


def write_report(rows: list[tuple[str, str, str, str]]) -> None:
    import weasyprint

    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/bench.py`); rerun it to refresh this page. Each timing",
        "is a fresh process, interpreter start included; variants alternate within each of",
        f"{REPS} repetitions and the table shows medians.",
        "",
        f"Run on {datetime.date.today().isoformat()}: {platform.platform()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, briefgen {__version__}, "
        f"WeasyPrint {weasyprint.__version__}.",
        "",
        "Notes. The Pandoc comparison renders the same content (sections, tables, figure,",
        "notes as footnotes) from Markdown with the same stylesheets, tagged PDF/UA-1 as",
        "briefgen's is. Pandoc's HTML is plainer (about 1,550 elements in its body to",
        "briefgen's 1,750: note markers and their back-links, change badges, table cells",
        "holding paragraphs) and has no multi-column blocks. What brings briefgen below it:",
        "the PDF worker imports WeasyPrint while the brief is checked and gets the print HTML",
        "ready-made; Python's cycle collector is off while the memo is laid out and written",
        "(WeasyPrint makes hundreds of thousands of objects, nearly none of them garbage);",
        "and the print HTML spares WeasyPrint boxes it would lay out for nothing — every",
        "inline element costs it some 2,000 Python calls, twice over in columns: the notes'",
        "numbers stand inside their items, their quotation marks are text, a lone note marker",
        "has no <sup>, badges are not inline-blocks, the marking and short title run as",
        "strings, and what only screen readers use is left out. Bare WeasyPrint and Pandoc",
        "run with Python's defaults. Timings on this virtual machine vary by ±10 % from run",
        "to run, and more within one.",
        "",
        "| measure | result | target | met |",
        "| --- | --- | --- | --- |",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows),
        "",
    ]
    (REPO / "docs" / "benchmarks.md").write_text("\n".join(lines), encoding="utf-8")
    print("wrote docs/benchmarks.md")


if __name__ == "__main__":
    main()
