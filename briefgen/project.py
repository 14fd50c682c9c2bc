"""A briefgen project: any folder holding `briefs/` and `corpus/` (a team's own repository)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.diagnostics import did_you_mean
from briefgen.errors import BriefgenError, UsageError

BRIEF_FILE = "brief.yaml"
BRIEFS = "briefs"
CORPUS = "corpus"


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def at(cls, root: Path | str | None = None) -> Project:
        """The project at `root` (default: the working folder)."""
        path = Path(root or ".").resolve()
        if not (path / BRIEFS).is_dir():
            hint = " (use --root DIR to point at one)" if root is None else ""
            raise UsageError(f"{path} is not a briefgen project: it has no {BRIEFS}/ folder{hint}")
        for name in (BRIEFS, CORPUS):
            try:
                target = (path / name).resolve()
                inside = target.is_relative_to(path)
            except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop
                target, inside = path / name, False
            if not inside:
                raise BriefgenError(
                    f"{name}/ is a symbolic link to {target}, outside the project {path}: "
                    "briefgen reads only files inside the project"
                )
        return cls(path)

    @property
    def briefs_dir(self) -> Path:
        return self.root / BRIEFS

    @property
    def corpus_dir(self) -> Path:
        return self.root / CORPUS

    @property
    def build_dir(self) -> Path:
        """Where `build` writes unless told otherwise (and where `publish` looks for PDFs
        it can reuse)."""
        return self.root / "build"

    def brief_ids(self) -> list[str]:
        return sorted(
            p.name for p in self.briefs_dir.iterdir() if p.is_dir() and (p / BRIEF_FILE).exists()
        )

    def brief_folder(self, name: str) -> Path:
        """Resolve a brief named on the command line: its id, or its folder's path.

        The result is always a folder directly inside briefs/: a name cannot reach outside.
        """
        candidate = Path(name)
        if len(candidate.parts) > 1 or name in (".", ".."):
            resolved = candidate.resolve()
            if resolved.parent == self.briefs_dir.resolve():
                name = resolved.name
            else:
                raise UsageError(f"'{name}' is not a brief folder inside {self.briefs_dir}")
        known = self.brief_ids()
        if name not in known:
            hint = did_you_mean(name, known)
            listing = (
                f"; briefs here: {', '.join(known)}" if known else f"; {BRIEFS}/ has no brief yet"
            )
            raise UsageError(f"no brief '{name}'{hint}{listing}")
        return self.briefs_dir / name
