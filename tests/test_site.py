"""`briefgen publish`: a static site with relative links only, swapped in atomically,
keeping every edition ever published."""

from __future__ import annotations

import re
import signal
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest

from briefgen.errors import BriefgenError
from briefgen.publish import release, site
from briefgen.render.html import CSP
from tests.support import (
    NS,
    SEED_BRIEF,
    ProjectFactory,
    broken_links,
    editions_project,
    run_briefgen,
    site_pages,
)


def test_site_layout(published: Path) -> None:
    assert published.is_symlink()
    expected = [
        "index.html",
        "assets/memo.css",
        f"{SEED_BRIEF}/index.html",
        f"{SEED_BRIEF}/{SEED_BRIEF}.pdf",
        f"{SEED_BRIEF}/2013-09-30/index.html",
        f"{SEED_BRIEF}/2013-09-30/{SEED_BRIEF}-2013-09-30.pdf",
        f"{SEED_BRIEF}/2015-12-01/index.html",
        "sources/act-2013-us-china-meet.html",
        "sources/talks-preview-2015.html",
    ]
    for relative in expected:
        assert (published / relative).is_file(), relative
    index = (published / "index.html").read_text()
    assert "U.S.–China Cyber Talks: State of Play" in index
    assert "1 December 2015" in index and "Washington and Beijing resume" in index


def test_every_internal_link_resolves(published: Path) -> None:
    assert len(site_pages(published)) >= 6
    assert broken_links(published) == []


def test_pages_forbid_outside_loads(published: Path) -> None:
    for page in site_pages(published):
        tree: ET.Element = html5lib.parse(page.read_bytes())
        csp = [
            m.get("content", "")
            for m in tree.iter(f"{NS}meta")
            if m.get("http-equiv") == "Content-Security-Policy"
        ]
        assert csp == [CSP], page
        assert "default-src 'none'" in csp[0] and "script-src" not in csp[0]
        assert tree.find(f".//{NS}script") is None


def _snapshot(site_dir: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site_dir).as_posix(): p.read_bytes()
        for p in sorted(site_dir.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_failed_build_leaves_the_site_untouched(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    root = make_project()
    dest = tmp_path / "www"
    site.publish(root, dest, paper="letter")
    before = _snapshot(dest / "site")
    target = (dest / "site").resolve()
    brief = root / "briefs" / "test" / "brief.yaml"
    brief.write_text(brief.read_text().replace("as_of: 2015-12-01", "as_of: 2015-13-01"))
    with pytest.raises(BriefgenError, match="not published"):
        site.publish(root, dest)
    assert (dest / "site").resolve() == target
    assert _snapshot(dest / "site") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "www"]  # nothing else


@pytest.mark.slow
def test_killed_publish_leaves_the_old_site_whole(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    root = make_project()
    dest = tmp_path / "www"
    site.publish(root, dest)
    before = _snapshot(dest / "site")
    brief = root / "briefs" / "test" / "brief.yaml"
    brief.write_text(brief.read_text().replace("title: Test brief", "title: Renamed brief"))
    # killed while it writes the new release, as it is about to put its index in place
    killed = run_briefgen(root, "publish", "--dest", str(dest), fault="write:.releases/=kill")
    assert killed.returncode == -signal.SIGKILL
    # as if it had been killed while writing the new release, too
    partial = dest / ".releases" / "20990101T000000-killed"
    (partial / "test").mkdir(parents=True)
    (partial / "index.html").write_text("<!DOCTYPE html><title>half</title>")
    assert _snapshot(dest / "site") == before, "the site changed under a killed publish"
    assert broken_links(dest / "site") == []
    # the next publish completes, and clears what the killed one left (under DEST's lock,
    # no other publish can be writing it)
    site.publish(root, dest)
    assert "Renamed brief" in (dest / "site" / "index.html").read_text()
    kept = list((dest / release.RELEASES).iterdir())
    assert len(kept) == 2  # the live one and the one before, both finished releases
    assert all(release.load(folder) for folder in kept)


@pytest.mark.slow
def test_earlier_editions_are_kept(make_project: ProjectFactory, tmp_path: Path) -> None:
    root = editions_project(make_project)
    brief = root / "briefs" / "test" / "brief.yaml"
    # a passage only the withdrawn edition quotes: its article page must keep the mark
    brief.write_text(
        brief.read_text().replace(
            "Dropped judgment., kind: assessment, confidence: low,\n"
            "     cites: [{source: old, quote: useful}]",
            "Dropped judgment., kind: assessment, confidence: low,\n"
            "     cites: [{source: old, quote: A second paragraph}]",
        )
    )
    dest = tmp_path / "www"
    site.publish(root, dest)
    old_page = (dest / "site" / "test" / "2015-06-30" / "index.html").read_bytes()
    assert b"A second paragraph" in old_page
    # the edition withdrawn, and the judgments made for it with it
    text = brief.read_text().replace("editions: [2015-06-30, 2015-12-01]", "editions: [2015-12-01]")
    brief.write_text(re.sub(r"  - \{id: \w+, as_of: 2015-06-30,.*\n.*\n", "", text))
    done = site.publish(root, dest)
    assert done.kept == 1
    assert (dest / "site" / "test" / "2015-06-30" / "index.html").read_bytes() == old_page
    assert (dest / "site" / "test" / "2015-06-30" / "test-2015-06-30.pdf").is_file()
    assert broken_links(dest / "site") == []  # its notes still lead to their passages


def test_refuses_to_replace_a_real_folder(tmp_path: Path, seed_root: Path) -> None:
    dest = tmp_path / "www"
    (dest / "site").mkdir(parents=True)
    with pytest.raises(BriefgenError, match="not a link briefgen made"):
        site.publish(seed_root, dest)


# --- the index and the feed readers follow -------------------------------------------------


def test_the_feed_lists_every_edition_with_stable_ids(published: Path) -> None:
    import feedparser

    parsed = feedparser.parse((published / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    entries = parsed.entries
    assert [e.updated[:10] for e in entries] == ["2015-12-01", "2013-09-30"]  # newest first
    assert [e.link for e in entries] == [f"{SEED_BRIEF}/2015-12-01/", f"{SEED_BRIEF}/2013-09-30/"]
    for entry in entries:
        assert entry.id.startswith("urn:uuid:")
        assert (published / entry.link / "index.html").is_file()
        assert "U.S.–China Cyber Talks" in entry.title
    assert "Washington and Beijing resume" in entries[0].summary
    assert len({e.id for e in entries}) == 2


def test_feed_ids_do_not_change_between_publishes(make_project: ProjectFactory) -> None:
    from briefgen import api

    root = editions_project(make_project)
    feeds = [site.plan(api.check(root), with_pdf=False).files["feed.xml"] for _ in range(2)]
    assert feeds[0] == feeds[1]
    brief = root / "briefs" / "test" / "brief.yaml"
    brief.write_text(brief.read_text().replace("title: Fixture", "title: Renamed"))
    renamed = site.plan(api.check(root), with_pdf=False).files["feed.xml"]
    ids = [re.findall(rb"<id>([^<]+)</id>", feed) for feed in (feeds[0], renamed)]
    assert ids[0] == ids[1] and len(ids[0]) == 3  # the feed's and one per edition


def test_the_index_links_the_feed_and_lists_briefs_newest_first(
    make_project: ProjectFactory,
) -> None:
    from briefgen import api

    root = make_project()
    for name, as_of, topic in [("older", "2014-03-01", "Trade"), ("newer", "2016-01-05", "Arms")]:
        folder = root / "briefs" / name
        folder.mkdir()
        (folder / "brief.yaml").write_text(
            (root / "briefs" / "test" / "brief.yaml")
            .read_text()
            .replace("as_of: 2015-12-01", f"as_of: {as_of}")
            .replace("title: Test brief", f"title: The {name} brief")
            .replace("title: Talks", f"title: {topic}")
        )
    index = site.plan(api.check(root), with_pdf=False).files["index.html"].decode()
    tree: ET.Element = html5lib.parse(index)
    feeds = [
        link
        for link in tree.iter(f"{NS}link")
        if link.get("rel") == "alternate" and link.get("type") == "application/atom+xml"
    ]
    assert [f.get("href") for f in feeds] == ["feed.xml"]
    assert any(a.get("href") == "feed.xml" for a in tree.iter(f"{NS}a"))  # a visible link
    cards = tree.findall(f".//{NS}article")
    titles = ["".join(c.find(f"{NS}h2").itertext()) for c in cards]  # type: ignore[union-attr]
    assert titles == ["The newer brief", "Test brief", "The older brief"]
    topics = ["".join(p.itertext()) for c in cards for p in c if p.get("class") == "topics"]
    assert topics == ["Topics: Arms", "Topics: Talks", "Topics: Trade"]
