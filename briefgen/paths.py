"""Paths from a project cannot lead out of it: a symbolic link in briefs/, corpus/ or
templates/ that points elsewhere (another user's files, /etc) is refused, not followed; nor
is a link that loops, or anything but a regular file where a file is read (a FIFO would
wait forever).

Templates are looked up in two folders, as mkdocs looks up a theme and its `custom_dir`: the
project's own templates/ first, so a team replaces any file by one of the same name, then
briefgen's, shipped in the package (briefgen.templates) and found with importlib.resources,
so an installed briefgen works as well as a checkout.
"""

from __future__ import annotations

import importlib.resources
import stat
from dataclasses import dataclass
from pathlib import Path

from briefgen.diagnostics import Diagnostic, Location, display_path, error
from briefgen.errors import BriefgenError, RenderError

#: A project's own templates and stylesheets, each replacing briefgen's of the same name.
TEMPLATES_DIR = "templates"
#: Where article pages go, beside the memos that link to them.
SOURCES_DIR = "sources"
#: Where the stylesheets go, beside the memos.
ASSETS_DIR = "assets"
#: Folder names the site itself uses beside the briefs' folders: no brief may take them.
RESERVED_NAMES = {SOURCES_DIR: "the pages of cited articles", ASSETS_DIR: "the stylesheets"}


def packaged_templates() -> Path:
    """briefgen's own templates: in site-packages for a wheel, the checkout's top-level
    templates/ for an editable install (pyproject.toml maps the package there)."""
    folder = importlib.resources.files("briefgen.templates")
    if not isinstance(folder, Path):  # a zip import: Jinja2 and WeasyPrint need real files
        raise BriefgenError(f"briefgen's templates must be installed as files, not in {folder}")
    return folder.resolve()


def template_folders(root: Path) -> list[Path]:
    """The folders templates come from, in lookup order, each once: in briefgen's own
    repository the project's templates/ *is* the package's."""
    folders = [root / TEMPLATES_DIR, packaged_templates()]
    unique = {f.resolve(): f for f in folders if f.is_dir()}
    return list(unique.values())


@dataclass(frozen=True)
class Templates:
    """Template folders in lookup order (links resolved); hashable, so one Jinja2
    environment serves each set."""

    folders: tuple[Path, ...]

    @classmethod
    def packaged(cls) -> Templates:
        return cls((packaged_templates(),))

    @classmethod
    def of_project(cls, root: Path) -> Templates:
        """The project's templates/ (if it has one) over briefgen's. RenderError, before
        anything is rendered, if that folder links outside the project or a file in it
        links outside the folder."""
        own = root / TEMPLATES_DIR
        if own.is_dir():
            problems = [escape(own, root)] + [escape(p, own) for p in sorted(own.rglob("*"))]
            if refused := [_refusal(p) for p in problems if p is not None]:
                raise RenderError("\n".join(refused))
        return cls(tuple(f.resolve() for f in template_folders(root)))

    def find(self, name: str) -> Path | None:
        """The file `name` (a relative path, `/`-separated) from the first folder that has
        it; None when none has it. RenderError when that file links outside its folder:
        a link out is refused, not skipped for the next folder's file."""
        parts = name.split("/")
        if any(part in ("", ".", "..") for part in parts):
            return None
        for folder in self.folders:
            path = folder.joinpath(*parts)
            if not (path.exists() or path.is_symlink()):
                continue
            if (problem := escape(path, folder)) is not None:
                raise RenderError(_refusal(problem))
            if path.is_file():
                return path
        return None


def _refusal(problem: Diagnostic) -> str:
    return f"{display_path(problem.location.path)}: {problem.message}"


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
