"""Publishing under attack and accident: concurrent publishes take turns, only finished
briefgen releases are trusted, a full disk leaves nothing behind, permissions do not
depend on the umask, and unchanged PDFs are reused."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.errors import BriefgenError
from briefgen.publish import release, site
from tests.support import (
    ProjectFactory,
    broken_links,
    copy_seed,
    editions_project,
    larger_project,
    run_briefgen,
)


def _cli(argv: list[str], log: Path) -> None:
    """In a forked process: the command line, its stdout and stderr to `log`.out/.err."""
    with open(f"{log}.out", "w") as out, open(f"{log}.err", "w") as err:
        sys.stdout, sys.stderr = out, err
        code = main(argv)
        out.flush()
        err.flush()
    os._exit(code)


def _finished(dest: Path) -> set[str]:
    """The files of the live release, which must be a finished one, each as its manifest
    says, and every link between them resolving."""
    live = release.load((dest / "site").resolve())
    assert live is not None, "the live site is not a finished release"
    assert broken_links(dest / "site") == []
    return set(live.files)


def _concurrent_pairs(root: Path, dest: Path, pairs: int, logs: Path) -> int:
    """Publish `pairs` times two publishes at once; after each pair the site is whole and
    each run succeeded or said why not. Returns how many runs said they waited."""
    expected = _finished(dest)
    context = multiprocessing.get_context("fork")
    waited = 0
    for pair in range(pairs):
        runs = [
            (
                context.Process(
                    target=_cli,
                    args=(["--root", str(root), "publish", "--dest", str(dest)], log),
                ),
                log,
            )
            for log in (logs / f"{pair}-a", logs / f"{pair}-b")
        ]
        for process, _ in runs:
            process.start()
        for process, log in runs:
            process.join(60)
            err = Path(f"{log}.err").read_text()
            assert "Traceback" not in err and "internal error" not in err, err
            assert process.exitcode == 0 or "gave up after" in err, err
            waited += "waiting for another publish to" in err
        assert _finished(dest) == expected, f"pair {pair}: the site is not complete"
        assert len(list((dest / release.RELEASES).iterdir())) <= 2
    return waited


@pytest.mark.slow
def test_concurrent_publishes_never_tear_the_site(published: Path, tmp_path: Path) -> None:
    """Twenty pairs: ten on the seed, ten on a larger corpus (four briefs, eight articles).
    The first publish of each lays out its PDFs; the rest reuse them."""
    logs = tmp_path / "logs"
    logs.mkdir()
    # the seed: its first publish is the session's (the `published` fixture), copied
    seed, dest = copy_seed(tmp_path / "seed"), tmp_path / "seed-www"
    shutil.copytree(published.parent, dest, symlinks=True)
    waited = _concurrent_pairs(seed, dest, 10, logs)
    # a larger corpus, published once for real, then in pairs
    larger, dest = larger_project(tmp_path / "larger", 4, 8), tmp_path / "larger-www"
    site.publish(larger, dest, jobs=2)
    waited += _concurrent_pairs(larger, dest, 10, logs)
    assert waited >= 1, "no publish ever had to wait: were they concurrent at all?"


def test_a_publish_that_cannot_get_the_lock_gives_up_clearly(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    dest = tmp_path / "www"
    dest.mkdir()
    said: list[str] = []
    with open(dest / release.LOCK, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(BriefgenError, match="gave up after 0 s: another publish to"):
            site.publish(make_project(), dest, wait=0.3, progress=said.append)
    assert said == [f"waiting for another publish to {dest} to finish…"]
    assert sorted(p.name for p in dest.iterdir()) == [release.LOCK]  # nothing written


# --- only briefgen's own releases are trusted -------------------------------------------------


def _private_folder(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    (home / "brief" / "2015-01-01").mkdir(parents=True)
    (home / "brief" / "2015-01-01" / "index.html").write_text("<title>planted</title>")
    (home / "brief" / "2015-01-01" / "id_rsa").write_text("PRIVATE KEY")
    return home


def _nothing_private_published(dest: Path) -> None:
    for path in dest.rglob("*"):
        assert path.name != "id_rsa" and "planted" not in (
            path.read_text(errors="replace") if path.is_file() else ""
        ), path


@pytest.mark.parametrize("target", ["outside", "absolute", "up"])
def test_a_site_link_briefgen_did_not_make_is_refused(
    make_project: ProjectFactory, tmp_path: Path, target: str
) -> None:
    home = _private_folder(tmp_path)
    dest = tmp_path / "www"
    (dest / release.RELEASES).mkdir(parents=True)
    link = {"outside": "../home", "absolute": str(home), "up": ".releases/../../home"}[target]
    (dest / "site").symlink_to(link)
    with pytest.raises(BriefgenError, match="briefgen did not make this link"):
        site.publish(make_project(), dest)
    assert os.readlink(dest / "site") == link
    _nothing_private_published(dest)


def test_a_release_without_a_manifest_is_not_carried_over(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    home = _private_folder(tmp_path)
    dest = tmp_path / "www"
    (dest / release.RELEASES).mkdir(parents=True)
    shutil.copytree(home, dest / release.RELEASES / "planted")
    (dest / "site").symlink_to(f"{release.RELEASES}/planted")
    said: list[str] = []
    done = site.publish(make_project(), dest, progress=said.append)
    assert done.kept == 0
    assert any("not a finished briefgen release" in w for w in done.warnings)
    _nothing_private_published(dest / "site")


def test_a_tampered_release_is_not_trusted(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "a.html").write_bytes(b"one")
    (folder / release.MANIFEST).write_bytes(release.manifest({"a.html": b"one"}, {}, {}))
    assert release.load(folder) is not None
    (folder / "a.html").write_bytes(b"two")
    assert release.load(folder) is None
    (folder / release.MANIFEST).write_bytes(release.manifest({"../a.html": b"one"}, {}, {}))
    assert release.load(folder) is None


# --- a full disk, a kill ----------------------------------------------------------------------


@pytest.mark.slow
def test_a_full_disk_leaves_nothing_behind_and_the_next_publish_works(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    root, dest = make_project(), tmp_path / "www"
    site.publish(root, dest)
    live = os.readlink(dest / "site")
    full = run_briefgen(root, "publish", "--dest", str(dest), fault="write:index.html=enospc")
    assert full.returncode == 4
    problems = [line for line in full.stderr.splitlines() if line.startswith("briefgen:")]
    assert problems == [
        "briefgen: error: not published: the disk is full; what this publish wrote is "
        "removed and the published site is unchanged"
    ]
    assert "Traceback" not in full.stderr
    assert os.readlink(dest / "site") == live
    assert [p.name for p in (dest / release.RELEASES).iterdir()] == [Path(live).name]
    done = site.publish(root, dest)
    assert done.reused == 1 and os.readlink(dest / "site") != live
    assert release.load(done.release) is not None and broken_links(done.site) == []


# --- permissions ------------------------------------------------------------------------------


def _modes(folder: Path) -> set[tuple[str, str]]:
    return {
        ("folder" if p.is_dir() else "file", oct(stat.S_IMODE(p.stat().st_mode)))
        for p in [folder, *folder.rglob("*")]
        if not p.is_symlink()
    }


@pytest.mark.slow
def test_build_and_publish_write_0644_and_0755_under_umask_077(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    root = make_project()

    def run(*args: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "briefgen", "--root", str(root), *args],
            check=True,
            capture_output=True,
            preexec_fn=lambda: os.umask(0o077),
        )

    run("build", "--format", "html", "-o", str(tmp_path / "out" / "deeper"))
    run("publish", "--dest", str(tmp_path / "www" / "deeper"))
    expected = {("folder", "0o755"), ("file", "0o644")}
    assert _modes(tmp_path / "out") == expected
    assert _modes(tmp_path / "www") == expected


# --- unchanged PDFs are reused ----------------------------------------------------------------


@pytest.mark.slow
def test_a_publish_after_a_build_takes_the_pdfs_the_build_laid_out(
    make_project: ProjectFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = editions_project(make_project)  # two editions: each page must get its own PDF
    assert main(["--root", str(root), "build"]) == 0
    built = {
        "2015-06-30": (root / "build" / "test--2015-06-30.pdf").read_bytes(),
        "2015-12-01": (root / "build" / "test.pdf").read_bytes(),
    }
    assert built["2015-06-30"] != built["2015-12-01"]

    def published(dest: Path) -> dict[str, bytes]:
        return {d: (dest / "site" / "test" / d / f"test-{d}.pdf").read_bytes() for d in built}

    assert main(["--root", str(root), "publish", "--dest", str(tmp_path / "www")]) == 0
    out = capsys.readouterr()
    assert out.err.count("unchanged since the last build (in ") == 2, out.err
    assert published(tmp_path / "www") == built
    # a PDF changed since the build is not the build's: laid out again, same bytes as built
    # (one laid out from other print HTML or paper has another key: see the test below)
    edited = root / "build" / "test.pdf"
    edited.write_bytes(built["2015-12-01"].replace(b"%%EOF", b"%%EOF\n% edited"))
    assert site.publish(root, tmp_path / "other").reused == 1
    assert published(tmp_path / "other") == built


@pytest.mark.slow
def test_unchanged_pdfs_are_reused_and_changed_ones_laid_out(
    make_project: ProjectFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, dest = make_project(), tmp_path / "www"
    assert main(["--root", str(root), "publish", "--dest", str(dest)]) == 0
    first = (dest / "site" / "test" / "test.pdf").read_bytes()
    assert "test/2015-12-01/test-2015-12-01.pdf: PDF laid out" in capsys.readouterr().err
    assert main(["--root", str(root), "publish", "--dest", str(dest), "-j", "1"]) == 0
    out = capsys.readouterr()
    assert "unchanged since the last publish, PDF reused" in out.err
    assert "1 unchanged PDF(s) reused" in out.out
    assert (dest / "site" / "test" / "test.pdf").read_bytes() == first
    brief = root / "briefs" / "test" / "brief.yaml"
    brief.write_text(brief.read_text().replace("Test brief", "Renamed brief"))
    for argv in (["--paper", "a4"], []):  # the paper, then the print HTML, changed
        done = site.publish(root, dest, paper=argv[1] if argv else "letter")
        assert done.reused == 0
    assert (dest / "site" / "test" / "test.pdf").read_bytes() != first
