"""A pytest plugin (loaded first, `-p tests.isolation`): the suite owns its world.

- What tools would keep in the user's home or in the repository goes to the run's own
  temporary folder, removed at the end: compiled templates (XDG_CACHE_HOME) and Hypothesis's
  files (it keeps no example database either).
- At the end of the run, two checks fail it: a test that changed the repository, and a
  process the suite started that is still running. Every process started during the run
  inherits the environment variable MARK, so one left behind — an orphaned PDF worker, a
  preview server, a browser — is found by its environment even after its parent is gone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

import pytest

RUN_FOLDER = Path(tempfile.mkdtemp(prefix="briefgen-tests-"))
os.environ["XDG_CACHE_HOME"] = str(RUN_FOLDER / "cache")
os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = str(RUN_FOLDER / "hypothesis")

from hypothesis import settings  # noqa: E402 - after its storage folder is chosen

settings.register_profile("briefgen", database=None)
settings.load_profile("briefgen")

REPO = Path(__file__).resolve().parent.parent
MARK = "BRIEFGEN_TEST_RUN"
#: Where the session keeps the repository's state at its start.
SNAPSHOT = pytest.StashKey[dict[str, tuple[int, int]]]()


def pytest_sessionstart(session: pytest.Session) -> None:
    os.environ[MARK] = uuid.uuid4().hex
    session.config.stash[SNAPSHOT] = snapshot(REPO)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(RUN_FOLDER, ignore_errors=True)
    problems = leftovers(REPO, session.config.stash[SNAPSHOT])
    if problems:
        print("\n" + "\n".join(problems))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


#: Folders of tools and installs, not of the project: the suite does not judge them.
_SKIP = {".git", ".venv", "node_modules", ".mypy_cache", ".ruff_cache", "__pycache__"}


def snapshot(repo: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder of the repository with its size and modification time."""
    state: dict[str, tuple[int, int]] = {}
    for folder, dirs, files in os.walk(repo):
        dirs[:] = [d for d in dirs if d not in _SKIP]
        for name in [*dirs, *files]:
            path = Path(folder, name)
            try:
                st = path.lstat()
            except OSError:
                continue
            size = 0 if path.is_dir() else st.st_size
            state[path.relative_to(repo).as_posix()] = (size, st.st_mtime_ns)
    return state


def leftovers(repo: Path, before: dict[str, tuple[int, int]]) -> list[str]:
    """What the run left behind: changes to the repository, and processes still running."""
    problems = []
    after = snapshot(repo)
    for path in sorted(set(before) | set(after)):
        if before.get(path) != after.get(path):
            what = (
                "created" if path not in before else "removed" if path not in after else "changed"
            )
            problems.append(f"isolation: a test {what} {path} in the repository")
    problems += [f"isolation: process left running: {p}" for p in _marked_processes()]
    return problems


def _marked_processes(grace: float = 3.0) -> list[str]:
    """Processes carrying this run's mark, after giving them `grace` seconds to end."""
    mark = f"{MARK}={os.environ.get(MARK, '')}".encode()
    deadline = time.monotonic() + grace
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                environ = (entry / "environ").read_bytes()
                status = (entry / "status").read_text()
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if mark in environ.split(b"\0") and "State:\tZ" not in status:
                found.append(f"pid {entry.name}: {command.strip()[:160]}")
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)
