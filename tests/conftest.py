"""Fixtures: small projects written into a temporary folder, one per failure mode, and the
seed project copied (never used in place). How the suite keeps to its own folders is in
isolation.py, loaded before this file as a plugin."""

from __future__ import annotations

import http.server
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.render.sections import Memo
from tests.support import ARTICLE, MINIMAL_BRIEF, SEED_BRIEF, ProjectFactory, copy_seed

#: Fixtures that build or publish a whole memo (seconds of PDF layout): the tests that use
#: them are slow, and `make test-fast` skips them. Under `make test` (two pytest-xdist
#: workers) they all run in one worker, so that each is made once, not once per worker.
SLOW_FIXTURES = {"seed_build", "published", "fixture_build"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        # test_memo_layout takes its whole memos by parameter (getfixturevalue)
        whole = SLOW_FIXTURES & set(getattr(item, "fixturenames", ()))
        if whole or item.nodeid.startswith("tests/test_memo_layout.py::"):
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.xdist_group("whole-memos"))


def pytest_collection_finish(session: pytest.Session) -> None:
    """In a pytest-xdist worker under `--dist loadgroup`: the groups took (a pytest that
    xdist cannot group under would silently lay the whole memos out in every worker)."""
    if not getattr(session.config.option, "loadgroup", False):
        return
    lost = [
        i.nodeid
        for i in session.items
        if i.get_closest_marker("xdist_group") and "@" not in i.nodeid
    ]
    if lost:
        raise pytest.UsageError(
            f"pytest-xdist did not group {lost[0]} (and {len(lost) - 1} more): see the pytest "
            "pin in pyproject.toml"
        )


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
    """A copy of the seed project, safe to edit."""
    return copy_seed(tmp_path / "seed")


@pytest.fixture(scope="session")
def seed_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seed project shared by the tests that only read it."""
    return copy_seed(tmp_path_factory.mktemp("seed-root") / "seed")


@pytest.fixture(scope="session")
def seed_build(seed_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed brief built once (HTML and PDF) for all rendering tests, into the
    project's own build folder as `make brief` does."""
    from briefgen.publish import build

    result = build.build(seed_root, [SEED_BRIEF])
    assert result.ok, result.report()
    return result.output


@pytest.fixture(scope="session")
def seed_memo(seed_root: Path) -> Memo:
    """The seed brief's current memo view, as `make brief` builds it: what the rendered
    files must show."""
    from briefgen import api
    from briefgen.render.memos import memos_for

    checked = api.check(seed_root, [SEED_BRIEF]).briefs[SEED_BRIEF]
    (current,) = [m for m in memos_for(checked) if m.name == SEED_BRIEF]
    return current.memo


@pytest.fixture(scope="session")
def published(seed_root: Path, seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed project published once, after its build (whose PDFs it takes, as a
    publish after `make brief` does): DEST/site is the live site."""
    from briefgen.publish import site

    dest = tmp_path_factory.mktemp("published") / "www"
    assert site.publish(seed_root, dest).reused == 2  # both editions' PDFs
    live = dest / "site" / SEED_BRIEF
    assert (live / f"{SEED_BRIEF}.pdf").read_bytes() == (
        seed_build / f"{SEED_BRIEF}.pdf"
    ).read_bytes()
    for earlier in seed_build.glob(f"{SEED_BRIEF}--*.pdf"):  # each edition its own PDF
        date = earlier.stem.split("--")[1]
        assert (live / date / f"{SEED_BRIEF}-{date}.pdf").read_bytes() == earlier.read_bytes()
    return dest / "site"


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

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
