"""Paths from a project cannot lead out of it: a symbolic link in briefs/ or corpus/ that
points elsewhere (another user's files, /etc) is refused, not followed."""

from __future__ import annotations

from pathlib import Path

from briefgen.diagnostics import Diagnostic, Location, error

#: The templates and stylesheets, beside the package (an editable install, as `make` does).
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
#: Where article pages go, beside the memos that link to them.
SOURCES_DIR = "sources"


def escape(path: Path, folder: Path) -> Diagnostic | None:
    """An error when `path`, links followed, is not inside `folder`."""
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except OSError:
        inside = False
    if inside:
        return None
    return error(
        Location(path),
        f"{path.name} links outside {folder.name}/ (to "
        f"{path.resolve()}); briefgen reads only files inside the project",
    )
