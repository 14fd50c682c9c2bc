"""Diagnostics are values: every problem found is collected, sorted and printed at the end.

Nothing in the checking pipeline raises to report a content problem; it appends a
:class:`Diagnostic` instead, so one run tells the analyst everything that is wrong.
"""

from __future__ import annotations

import difflib
import enum
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file, 1-based, as editors count lines and columns."""

    path: Path
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Diagnostic:
    location: Location
    severity: Severity
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, int, str]:
        loc = self.location
        return (str(loc.path), loc.line, loc.column, 0 if self.is_error else 1, self.message)

    def format(self, relative_to: Path | None = None) -> str:
        loc = self.location
        return (
            f"{display_path(loc.path, relative_to)}:{loc.line}:{loc.column}: "
            f"{self.severity.value}: {self.message}"
        )

    @classmethod
    def from_dict(cls, data: dict[str, object], root: Path) -> Diagnostic:
        """The inverse of to_dict(relative_to=root)."""
        location = Location(
            root / str(data["path"]), int(str(data["line"])), int(str(data["column"]))
        )
        return cls(location, Severity(data["severity"]), str(data["message"]))

    def to_dict(self, relative_to: Path | None = None) -> dict[str, object]:
        loc = self.location
        return {
            "path": display_path(loc.path, relative_to),
            "line": loc.line,
            "column": loc.column,
            "severity": self.severity.value,
            "message": self.message,
        }


def display_path(path: Path, relative_to: Path | None = None) -> str:
    """Paths as the user typed them: relative to the working folder when inside it."""
    base = relative_to or Path.cwd()
    try:
        return os.path.relpath(path, base) if path.is_absolute() else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


def error(location: Location, message: str) -> Diagnostic:
    return Diagnostic(location, Severity.ERROR, message)


def warning(location: Location, message: str) -> Diagnostic:
    return Diagnostic(location, Severity.WARNING, message)


def sorted_unique(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file and position; the same problem reported twice is printed once."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def count(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = warnings = 0
    for d in diagnostics:
        if d.is_error:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """A hint for a near miss, ` (did you mean 'x'?)`, or nothing when no option is close."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
