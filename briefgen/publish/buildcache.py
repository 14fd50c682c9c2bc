"""Skip a build whose inputs have not changed since the last build into the same folder.

The inputs are every file of the requested briefs, the corpus, the templates (the project's
overrides and briefgen's own) and briefgen's code, and the options (formats, paper, dates,
SOURCE_DATE_EPOCH); their content hash is kept in the output folder with a hash of each file
written. A rebuild with the same hash, whose outputs are all still there unchanged, does
nothing — and says so. Any change to an input, or a missing or edited output, builds again.

Each PDF's layout key (pdfs.pdf_key) is kept too, so that a publish after a build takes the
PDFs the build laid out instead of laying them out again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from briefgen import __version__
from briefgen.publish.writer import sha256

STATE = ".briefgen-build.json"
CODE = Path(__file__).resolve().parent.parent  # the briefgen package


@dataclass
class Previous:
    """The last build into a folder, as its state file describes it."""

    folder: Path
    key: str
    outputs: dict[str, str] = field(default_factory=dict)  # relative path → sha256
    diagnostics: list[dict[str, object]] = field(default_factory=list)
    pdfs: dict[str, str] = field(default_factory=dict)  # relative path → layout key

    def read(self, relative: str) -> bytes | None:
        """An output of the build, if it is still as the build wrote it."""
        return read_as_recorded(self.folder, relative, self.outputs.get(relative))

    def intact(self) -> bool:
        """Every output of the last build is there, as it was written."""
        return bool(self.outputs) and all(
            self.read(relative) is not None for relative in self.outputs
        )

    def pdf_for(self, key: str) -> bytes | None:
        """A PDF the build laid out from the same print HTML, paper and WeasyPrint."""
        return pdf_made_from(key, self.pdfs, self.read)


def read_as_recorded(folder: Path, relative: str, sha: str | None) -> bytes | None:
    """The bytes of `relative` in `folder` if their sha256 is the one recorded when it was
    written (inside the folder, and not a symbolic link: briefgen writes none)."""
    parts = PurePosixPath(relative).parts
    if not parts or parts[0] == "/" or ".." in parts:
        return None
    path = folder / relative
    try:
        if path.is_symlink():
            return None
        data = path.read_bytes()
    except OSError:
        return None
    return data if sha256(data) == sha else None


def pdf_made_from(
    key: str, pdfs: Mapping[str, str], read: Callable[[str], bytes | None]
) -> bytes | None:
    """Of `pdfs` (relative path → layout key), one laid out with `key` that is still as
    it was written."""
    for relative, made_from in pdfs.items():
        if made_from == key and (data := read(relative)) is not None:
            return data
    return None


def inputs_key(folders: Iterable[Path], options: Mapping[str, object]) -> str:
    digest = hashlib.sha256()
    settings = {
        "version": __version__,
        "options": dict(options),
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH"),
    }
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
        digest.update(b"\1")
    return digest.hexdigest()


def load(out: Path) -> Previous | None:
    try:
        data = json.loads((out / STATE).read_text(encoding="utf-8"))
        return Previous(
            out, data["key"], data["outputs"], data["diagnostics"], dict(data.get("pdfs", {}))
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def state(
    key: str,
    outputs: Mapping[str, str],
    diagnostics: list[dict[str, object]],
    pdfs: Mapping[str, str],
) -> bytes:
    """What to keep of a build: its inputs' key, each output's sha256 (by relative path),
    the diagnostics to repeat when nothing has changed and each PDF's layout key."""
    return json.dumps(
        {
            "key": key,
            "outputs": dict(sorted(outputs.items())),
            "diagnostics": diagnostics,
            "pdfs": dict(sorted(pdfs.items())),
        },
        indent=1,
    ).encode()
