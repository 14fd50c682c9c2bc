"""Shared fixtures: small projects written into a temporary folder, one per failure mode."""

from __future__ import annotations

import http.server
import shutil
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED_BRIEF = "us-china-cyber-talks"

ARTICLE = """\
---
id: {id}
title: {title}
author: Jane Doe
publisher: Example Weekly
published: {published}
published_basis: stated
url: null
---
The minister said the talks were “useful and…frank” and that both sides ‘expect[s]’ more.

A second paragraph — with a dash, and  extra   spaces.

“[i]n private, they aren’t disavowing it anymore,” an expert said.
"""

MINIMAL_BRIEF = """\
title: Test brief
as_of: 2015-12-01
marking: UNCLASSIFIED
prepared_by: Tests
audience: Test readers
topics:
  - id: talks
    title: Talks
bottom_line: The talks were **useful**.
"""

ProjectFactory = Callable[..., Path]


@pytest.fixture
def make_project(tmp_path: Path) -> ProjectFactory:
    """Write a project: a corpus of one or more articles and a brief from the given files.

    `files` maps a path under briefs/test/ (or any path containing '/') to its text.
    """

    def factory(
        files: dict[str, str] | None = None,
        *,
        articles: dict[str, str] | None = None,
        brief: str | None = MINIMAL_BRIEF,
    ) -> Path:
        root = tmp_path / "project"
        (root / "briefs" / "test").mkdir(parents=True, exist_ok=True)
        (root / "corpus").mkdir(exist_ok=True)
        articles = articles if articles is not None else {"news": "2015-11-30"}
        for article_id, published in articles.items():
            (root / "corpus" / f"{article_id}.txt").write_text(
                ARTICLE.format(id=article_id, title=f"Article {article_id}", published=published),
                encoding="utf-8",
            )
        if brief is not None:
            (root / "briefs" / "test" / "brief.yaml").write_text(brief, encoding="utf-8")
        for name, text in (files or {}).items():
            path = root / name if "/" in name else root / "briefs" / "test" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return factory


@pytest.fixture
def seed_project(tmp_path: Path) -> Path:
    """A copy of the repository's briefs/ and corpus/, safe to edit."""
    root = tmp_path / "seed"
    root.mkdir()
    for folder in ("briefs", "corpus"):
        shutil.copytree(REPO / folder, root / folder)
    return root


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory):
    """The seed brief built once (HTML and PDF) for all rendering tests."""
    from briefgen import build

    out = tmp_path_factory.mktemp("seed-build")
    result = build.build(REPO, [SEED_BRIEF], output=out)
    assert result.ok, result.report()
    return out


@pytest.fixture(scope="session")
def seed_memo():
    """The seed brief's current memo view, as `make brief` builds it: what the rendered
    files must show."""
    from briefgen import api, build

    checked = api.check(REPO, [SEED_BRIEF]).briefs[SEED_BRIEF]
    (current,) = [e for e in build.editions_of(checked) if e.name == SEED_BRIEF]
    return current.memo


def flat(text: str) -> str:
    """Text with every run of white space as one space, as a reader sees it."""
    return " ".join(text.split())


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed project published once: DEST/site is the live site."""
    from briefgen import site

    dest = tmp_path_factory.mktemp("published") / "www"
    site.publish(REPO, dest)
    return dest / "site"


def site_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


@pytest.fixture
def recording_server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request it gets."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/svg+xml")
            self.end_headers()
            self.wfile.write(b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
