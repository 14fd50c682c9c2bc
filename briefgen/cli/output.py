"""What the command line prints: diagnostics in three formats, summaries, exit codes.
Results go to stdout; diagnostics and progress to stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from briefgen.diagnostics import Diagnostic, count, display_path

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_BUG, EXIT_SYSTEM = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command stopped by Ctrl-C
EXIT_PIPE = 141  # 128 + SIGPIPE: the reader of the output went away


def print_diagnostics(diagnostics: Sequence[Diagnostic], fmt: str = "text") -> None:
    cwd = Path.cwd()
    if fmt == "github":  # GitHub Actions workflow commands: annotations on the pull request
        for d in diagnostics:
            loc = d.location
            message = d.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            print(
                f"::{d.severity.value} file={display_path(loc.path, cwd)},line={loc.line},"
                f"col={loc.column}::{message}"
            )
        return
    if fmt == "json":
        json.dump([d.to_dict(cwd) for d in diagnostics], sys.stdout, indent=2, ensure_ascii=False)
        print()
        return
    for d in diagnostics:
        print(d.format(cwd), file=sys.stderr)


def summary(n_briefs: int, diagnostics: Sequence[Diagnostic]) -> str:
    errors, warnings = count(diagnostics)

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return (
        f"checked {plural(n_briefs, 'brief')}: {plural(errors, 'error')}, "
        f"{plural(warnings, 'warning')}"
    )
