"""briefgen as a team gets it, like pypa/build's tests/test_self_packaging.py: the sdist and
the wheel built from the repository hold exactly what they should (a template missing from
the wheel fails here, not in a user's build), and the wheel, installed into a fresh
virtualenv outside the repository, takes a brief from `new` to `publish` in an empty team
folder.

No network: the wheels of briefgen's dependencies wait in .venv/wheelhouse
(`scripts/setup.sh test` downloads them), and the build runs without isolation on the
project's own setuptools."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

import html5lib
import pypdf
import pytest

from tests.support import REPO, flat

pytestmark = pytest.mark.slow

WHEELHOUSE = REPO / ".venv" / "wheelhouse"
NAME = "briefgen-0.1.0"
NS = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Dists:
    sdist: Path
    wheel: Path
    #: The repository's files as a fresh clone has them (tracked or new, not ignored).
    files: frozenset[str]


def _run(*command: str | Path, cwd: Path | None = None) -> str:
    """Run a command; its output on failure, so a broken step says why."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    # the installed briefgen may keep bytecode in its own venv: later commands start faster
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run(
        [str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, f"{command}: exit {done.returncode}\n{done.stdout}{done.stderr}"
    return done.stdout + done.stderr


def _repository_files() -> list[str]:
    listing = _run(
        "git", "-C", REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard"
    )
    return sorted(f for f in listing.split("\0") if f and (REPO / f).is_file())


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Dists:
    """The sdist, and the wheel built from it (what `python -m build` does by default, so
    the sdist is proven to hold what a build needs), from a copy of the repository: a
    build writes egg-info and build/ beside its sources."""
    work = tmp_path_factory.mktemp("packaging")
    files = _repository_files()
    for name in files:
        (work / "src" / name).parent.mkdir(parents=True, exist_ok=True)
        (work / "src" / name).write_bytes((REPO / name).read_bytes())
    _run(sys.executable, "-m", "build", "--no-isolation", "--outdir", work / "dist", work / "src")
    return Dists(
        work / "dist" / f"{NAME}.tar.gz",
        work / "dist" / f"{NAME}-py3-none-any.whl",
        frozenset(files),
    )


def test_wheel_and_sdist_hold_exactly_the_package(dists: Dists) -> None:
    code = {f for f in dists.files if f.startswith("briefgen/") and f.endswith(".py")}
    templates = {f for f in dists.files if f.startswith("templates/")}
    assert {"templates/memo.html.j2", "templates/memo.css", "briefgen/cli/__init__.py"} <= {
        *code,
        *templates,
    }
    with zipfile.ZipFile(dists.wheel) as wheel:
        in_wheel = set(wheel.namelist())
        entry_points = wheel.read(f"{NAME}.dist-info/entry_points.txt").decode()
    assert in_wheel == {
        *code,
        "briefgen/py.typed",
        *(f"briefgen/{f}" for f in templates),
        *(
            f"{NAME}.dist-info/{f}"
            for f in ("METADATA", "RECORD", "WHEEL", "entry_points.txt", "top_level.txt")
        ),
    }
    assert "briefgen = briefgen.cli:main" in entry_points

    with tarfile.open(dists.sdist) as sdist:
        in_sdist = {m.name.removeprefix(f"{NAME}/") for m in sdist.getmembers() if m.isfile()}
    assert in_sdist == {
        *code,
        "briefgen/py.typed",
        *templates,
        "MANIFEST.in",
        "README.md",
        "pyproject.toml",
        "PKG-INFO",
        "setup.cfg",
        *(
            f"briefgen.egg-info/{f}"
            for f in (
                "PKG-INFO",
                "SOURCES.txt",
                "dependency_links.txt",
                "entry_points.txt",
                "requires.txt",
                "top_level.txt",
            )
        ),
    }


ARTICLE = """\
Rivers agree to share data

The two river authorities agreed on Tuesday to share flow data every week, officials said.

A second meeting is planned for the spring.
"""
BOTTOM_LINE = """\
bottom_line:
  text: The two river authorities now share flow data every week.
  cites: [{source: river-data, quote: agreed on Tuesday to share flow data every week}]
  keep: {single_source: The only report so far.}
"""
JUDGMENT = """\
key_judgments:
  - text: The authorities will keep sharing data.
    kind: assessment
    confidence: low
    cites:
      - source: river-data
        quote: agreed on Tuesday to share flow data every week
    keep: {single_source: The only report so far.}
"""


def _html(path: Path) -> ET.Element:
    tree: ET.Element = html5lib.parse(path.read_bytes(), namespaceHTMLElements=True)
    return tree


def _title(tree: ET.Element) -> str:
    title = tree.find(f".//{NS}title")
    assert title is not None
    return flat(title.text or "")


def test_installed_wheel_takes_a_team_from_new_to_publish(dists: Dists, tmp_path: Path) -> None:
    assert any(WHEELHOUSE.glob("weasyprint-*.whl")), "run `make setup-test` (the wheelhouse)"
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    _run(
        *(sys.executable, "-m", "pip", "--isolated", "--python", venv / "bin" / "python"),
        *("install", "--quiet", "--no-index", "--find-links", WHEELHOUSE, "--no-compile"),
        dists.wheel,
    )
    briefgen = venv / "bin" / "briefgen"
    where = _run(
        *(venv / "bin" / "python", "-c", "import briefgen.paths as p; print(p.__file__)"),
        cwd=tmp_path,  # not the repository, whose briefgen/ `-c` would find first
    )
    assert Path(where.strip()).is_relative_to(venv)  # the wheel's briefgen, not the checkout's

    team = tmp_path / "team"
    (team / "briefs").mkdir(parents=True)
    (team / "corpus").mkdir()
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    _run(briefgen, "new", "water-talks", cwd=team)
    _run(
        *(briefgen, "corpus", "add", tmp_path / "article.txt", "--id", "river-data"),
        *("--title", "Rivers agree to share data", "--published", "2015-06-01"),
        cwd=team,
    )
    brief = team / "briefs" / "water-talks" / "brief.yaml"
    text = brief.read_text(encoding="utf-8").replace('title: "Water talks"', "title: River Data")
    text = re.sub(r"bottom_line: \|\n  .*\n", BOTTOM_LINE, text, count=1)
    brief.write_text(text.replace("key_judgments: []\n", JUDGMENT, 1), encoding="utf-8")
    assert "0 errors, 0 warnings" in _run(briefgen, "check", cwd=team)
    _run(briefgen, "build", "water-talks", "--format", "pdf,html", cwd=team)
    _run(briefgen, "publish", "--dest", tmp_path / "www", cwd=team)

    built = team / "build"
    pdf_text = flat(
        " ".join(p.extract_text() for p in pypdf.PdfReader(built / "water-talks.pdf").pages)
    )
    assert "River Data" in pdf_text
    assert "agreed on Tuesday to share flow data every week" in pdf_text
    assert _title(_html(built / "water-talks.html")) == "River Data"
    assert (built / "assets" / "memo.css").read_bytes() == (
        REPO / "templates" / "memo.css"
    ).read_bytes()
    assert "share flow data" in flat(
        " ".join(_html(built / "sources" / "river-data.html").itertext())
    )

    site = tmp_path / "www" / "site"
    index = flat(" ".join(_html(site / "index.html").itertext()))
    assert "River Data" in index
    assert _title(_html(site / "water-talks" / "index.html")) == "River Data"
    published = pypdf.PdfReader(site / "water-talks" / "water-talks.pdf")
    assert "River Data" in published.pages[0].extract_text()
