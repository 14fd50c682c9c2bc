"""The published site and the live preview in a real browser: Debian's Chromium, driven by
Playwright (never a downloaded browser), with axe-core checking accessibility."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page, sync_playwright

from briefgen.publish import build, serve
from tests.support import REPO, SEED_BRIEF, ProjectFactory, hostile_project

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.is_file(), "Debian's chromium is installed by scripts/setup.sh test"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def test_follow_a_note_to_the_highlighted_quote(page: Page, published: Path) -> None:
    page.goto((published / "index.html").as_uri())
    page.get_by_role("link", name="Read the memo").click()
    assert page.url.endswith(f"{SEED_BRIEF}/index.html")
    marker = page.locator("a.ref").first
    number = marker.inner_text()
    marker.click()
    note = page.locator(f"#note-{number}")
    quote = note.locator("q").inner_text()
    note.get_by_role("link", name="paragraph").click()
    assert "/sources/" in page.url
    target = page.locator(":target")
    assert target.count() == 1
    assert " ".join(target.inner_text().split()) == " ".join(quote.split(" … ")[0].split())
    background = target.evaluate("e => getComputedStyle(e).backgroundColor")
    plain = page.locator("mark.cited:not(:target)").first.evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    assert background == "rgb(255, 216, 77)" and background != plain
    assert target.is_visible()


def _record(page: Page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def test_no_request_leaves_the_site_folder(page: Page, published: Path) -> None:
    seen = _record(page)
    top = published.as_uri()
    for relative in (
        "index.html",
        f"{SEED_BRIEF}/index.html",
        f"{SEED_BRIEF}/2013-09-30/index.html",
        "sources/talks-preview-2015.html",
    ):
        page.goto(f"{top}/{relative}")
        page.wait_for_load_state("load")
    assert seen and all(url.startswith(top + "/") for url in seen), seen


def test_content_security_policy_blocks_outside_loads(
    page: Page, published: Path, recording_server: tuple[str, list[str]]
) -> None:
    url, seen = recording_server
    page.goto((published / SEED_BRIEF / "index.html").as_uri())
    page.evaluate(
        """url => {
        const img = document.createElement('img'); img.src = url + '/img'; img.alt = '';
        document.body.append(img);
        const s = document.createElement('script'); s.src = url + '/script';
        document.body.append(s);
        const l = document.createElement('link'); l.rel = 'stylesheet'; l.href = url + '/css';
        document.head.append(l);
    }""",
        url,
    )
    page.wait_for_timeout(500)
    assert seen == []


def test_works_without_javascript(browser: Browser, published: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((published / SEED_BRIEF / "index.html").as_uri())
    page.locator("a.ref").first.click()
    assert page.url.endswith("#note-1")
    assert page.locator(":target").count() == 1
    context.close()


@pytest.mark.parametrize(
    "relative", ["index.html", f"{SEED_BRIEF}/index.html", "sources/act-2013-us-china-meet.html"]
)
def test_axe_finds_no_wcag_21_aa_violations(
    browser: Browser, published: Path, relative: str
) -> None:
    assert AXE.is_file(), "axe-core is installed by scripts/setup.sh test"
    context = browser.new_context(bypass_csp=True)  # to inject axe; the pages allow no script
    page = context.new_page()
    page.goto((published / relative).as_uri())
    page.add_script_tag(path=str(AXE))
    # every violation in full; passes with one node each (half the time on the memo)
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})""")
    violations = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
    ]
    assert violations == []
    assert len(result["passes"]) > 10  # axe really ran
    context.close()


@pytest.mark.parametrize("width", [375, 480, 1280])
def test_memo_reads_on_a_phone_and_a_desktop(browser: Browser, published: Path, width: int) -> None:
    """No sideways scroll at any width; on a narrow screen (480 px and less) the timeline
    is its dated list, not a figure squeezed to illegibility."""
    context = browser.new_context(viewport={"width": width, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    page.goto((published / SEED_BRIEF / "index.html").as_uri())
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page scrolls sideways at {width} px"
    assert page.locator("table.meetings").is_visible()
    assert page.locator(".timeline-figure").is_visible() == (width > 480)
    context.close()


# --- serve -----------------------------------------------------------------------------------


@pytest.fixture
def preview(seed_project: Path) -> Iterator[tuple[str, Path]]:
    root = seed_project
    preview = serve.Preview(root)
    preview.changed()
    preview.rebuild()
    server = serve.make_server(preview, port=0)
    stop = threading.Event()
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
    ).start()
    threading.Thread(target=preview.watch, args=(stop,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    stop.set()
    server.shutdown()
    server.server_close()


def test_serve_reloads_on_edit_and_shows_errors_without_losing_the_page(
    page: Page, preview: tuple[str, Path]
) -> None:
    url, root = preview
    page.goto(f"{url}/{SEED_BRIEF}/")
    heading = page.locator("h1")
    assert heading.inner_text() == "U.S.–China Cyber Talks: State of Play"
    brief = root / "briefs" / SEED_BRIEF / "brief.yaml"
    original = brief.read_text()
    brief.write_text(original.replace("State of Play", "Where Things Stand"))
    page.wait_for_function(  # the page reloads itself (how fast: make bench)
        "() => document.querySelector('h1')?.innerText.includes('Where')", timeout=5000
    )

    # an error: the last good page stays, with the diagnostics above it
    brief.write_text(
        original.replace("Where Things Stand", "x").replace(
            "as_of: 2015-12-01", "as_of: 2015-12-41"
        )
    )
    page.wait_for_selector(".serve-errors", timeout=5000)
    banner = page.locator(".serve-errors").inner_text()
    assert f"briefs/{SEED_BRIEF}/brief.yaml:" in banner and "is not a date" in banner
    assert "Traceback" not in page.content()
    assert page.locator("h1").inner_text() == "U.S.–China Cyber Talks: Where Things Stand"

    brief.write_text(original)
    page.wait_for_function(
        "() => !document.querySelector('.serve-errors') && "
        "document.querySelector('h1')?.innerText.includes('State of Play')",
        timeout=5000,
    )


def test_hostile_text_runs_no_script_in_chromium(
    make_project: ProjectFactory, tmp_path: Path, browser: Browser
) -> None:
    root = hostile_project(make_project)
    assert build.build(root, formats=["html"], output=tmp_path).ok
    dialogs: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    for bypass in (False, True):  # even without the page's CSP, nothing may run
        context = browser.new_context(bypass_csp=bypass)
        page = context.new_page()
        page.on("dialog", dismiss)
        for name in ("test.html", "sources/news.html"):
            page.goto((tmp_path / name).as_uri())
            page.wait_for_timeout(300)
            for link in page.locator("main a").all()[:40]:
                href = link.get_attribute("href") or ""
                assert not href.startswith(("javascript:", "data:"))
            assert page.evaluate("() => window.__xss === undefined")
        context.close()
    assert dialogs == []
