"""Paths from a project cannot lead out of it: a symbolic link in briefs/ or corpus/ that
points elsewhere (another user's files, /etc) is refused, not followed; nor is a link that
loops, or anything but a regular file where a file is read (a FIFO would wait forever)."""

from __future__ import annotations

import stat
from pathlib import Path

from briefgen.diagnostics import Diagnostic, Location, error

#: The templates and stylesheets, beside the package (an editable install, as `make` does).
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
#: Where article pages go, beside the memos that link to them.
SOURCES_DIR = "sources"
#: Where the stylesheets go, beside the memos.
ASSETS_DIR = "assets"
#: Folder names the site itself uses beside the briefs' folders: no brief may take them.
RESERVED_NAMES = {SOURCES_DIR: "the pages of cited articles", ASSETS_DIR: "the stylesheets"}


def escape(path: Path, folder: Path) -> Diagnostic | None:
    """An error when `path`, links followed, is not inside `folder`."""
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop (Python 3.11)
        return error(Location(path), f"{path.name} is a symbolic link that loops; remove it")
    if inside:
        return None
    return error(
        Location(path),
        f"{path.name} links outside {folder.name}/ (to "
        f"{path.resolve()}); briefgen reads only files inside the project",
    )


def not_a_file(path: Path) -> Diagnostic | None:
    """An error when `path` is not a regular file (a folder, a FIFO, a device)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return error(Location(path), f"cannot read {path.name}: {exc.strerror or exc}")
    if stat.S_ISREG(mode):
        return None
    kind = "a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "not a file"
    return error(Location(path), f"{path.name} is {kind}; briefgen reads only regular files")
