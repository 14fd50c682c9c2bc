"""The Python API the command line and the tests call.

`check` is pure apart from reading its inputs: it loads, validates and resolves, and returns
the checked briefs — each with the resolution of its citations — and every diagnostic.
`build` (publish/build.py) renders and writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.diagnostics import Diagnostic, Location, error, sorted_unique
from briefgen.model.checks import check_brief
from briefgen.model.corpus import Corpus, load_corpus
from briefgen.model.loader import LoadedBrief, load_brief
from briefgen.model.lockfile import read_lock
from briefgen.model.resolve import Resolution
from briefgen.model.validation import id_problem
from briefgen.paths import RESERVED_NAMES, escape
from briefgen.project import BRIEF_FILE, Project


@dataclass(frozen=True)
class CheckedBrief:
    """A brief that loaded and validated, with where each citation stands; `ok` when it
    has no errors and can be rendered."""

    loaded: LoadedBrief
    corpus: Corpus
    resolution: Resolution
    ok: bool

    @property
    def id(self) -> str:
        return self.loaded.id


@dataclass
class CheckResult:
    project: Project
    requested: list[str]
    briefs: dict[str, CheckedBrief] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


def check(root: Project | Path | str | None = None, briefs: Sequence[str] = ()) -> CheckResult:
    """Load, validate and resolve the named briefs (default: all) against the corpus."""
    project = root if isinstance(root, Project) else Project.at(root)
    folders = (
        [project.brief_folder(name) for name in briefs]
        if briefs
        else [project.briefs_dir / name for name in project.brief_ids()]
    )
    result = CheckResult(project, [f.name for f in folders])
    corpus, diagnostics = load_corpus(project.corpus_dir)
    lock = read_lock(project.root)
    corpus_errors = {d.location.path for d in diagnostics if d.is_error}
    for folder in folders:
        if problem := escape(folder, project.briefs_dir):
            diagnostics.append(problem)
            continue
        if problem_ := brief_id_problem(folder.name):
            diagnostics.append(error(Location(folder / BRIEF_FILE), problem_))
            continue
        loaded, found = load_brief(folder)
        diagnostics += found
        if loaded is None:
            continue
        resolution, found = check_brief(loaded, corpus, lock.get(loaded.id))
        diagnostics += found
        ok = not any(d.is_error for d in found) and not corpus_errors
        result.briefs[loaded.id] = CheckedBrief(loaded, corpus, resolution, ok)
    result.diagnostics = sorted_unique(diagnostics)
    return result


def brief_id_problem(name: str) -> str | None:
    """Why `name` cannot be a brief's id (its folder's name, and its address on the site),
    or None. Checked before anything is written under that name."""
    if problem := id_problem(name, "brief id"):
        return f"the brief folder {problem}"
    if name in RESERVED_NAMES:
        return (
            f"the brief folder '{name}' has a name the site uses for {RESERVED_NAMES[name]}: "
            "rename it"
        )
    return None
