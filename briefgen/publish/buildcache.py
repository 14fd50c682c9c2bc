"""Skip a build whose inputs have not changed since the last build into the same folder.

The inputs are every file of the requested briefs, the corpus, the templates (the project's
overrides and briefgen's own) and briefgen's code, and the options (formats, paper, dates,
SOURCE_DATE_EPOCH); their content hash is kept in the output folder with a hash of each file
written. A rebuild with the same hash, whose outputs are all still there unchanged, does
nothing — and says so. Any change to an input, or a missing or edited output, builds again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from briefgen import __version__

STATE = ".briefgen-build.json"
CODE = Path(__file__).resolve().parent.parent  # the briefgen package


@dataclass
class Previous:
    key: str
    outputs: dict[str, str] = field(default_factory=dict)  # relative path → sha256
    diagnostics: list[dict[str, object]] = field(default_factory=list)


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
        return Previous(data["key"], data["outputs"], data["diagnostics"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def intact(out: Path, previous: Previous) -> bool:
    """Every output of the last build is there, as it was written."""
    for relative, sha in previous.outputs.items():
        try:
            if hashlib.sha256((out / relative).read_bytes()).hexdigest() != sha:
                return False
        except OSError:
            return False
    return bool(previous.outputs)


def state(key: str, outputs: Mapping[str, str], diagnostics: list[dict[str, object]]) -> bytes:
    """What to keep of a build: its inputs' key, each output's sha256 (by relative path)
    and the diagnostics to repeat when nothing has changed."""
    outputs = dict(sorted(outputs.items()))
    return json.dumps(
        {"key": key, "outputs": outputs, "diagnostics": diagnostics}, indent=1
    ).encode()
