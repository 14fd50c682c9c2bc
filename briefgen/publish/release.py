"""The releases of a published site, and what briefgen trusts of them.

`DEST/site` is a symbolic link to `.releases/<id>`, a folder holding one whole site. Each
release briefgen finishes ends with a manifest (`.briefgen-release.json`, written last):
every file with its sha256, for each PDF the key of what was laid out (see
pdfs.pdf_key), and the passages its article pages mark (so that an edition page carried
into a later release still finds its passages marked). A folder without a valid
manifest is not a briefgen release — a publish that was killed or failed midway, or
anything else — and nothing is ever carried over from it. A `site` link briefgen did not
make (pointing anywhere but into `.releases/`) is refused, not followed.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen import __version__
from briefgen.errors import BriefgenError
from briefgen.model.citations import Match
from briefgen.publish.buildcache import pdf_made_from, read_as_recorded
from briefgen.publish.writer import remove_tree, sha256

LIVE = "site"
RELEASES = ".releases"
LOCK = ".lock"
MANIFEST = ".briefgen-release.json"


@dataclass(frozen=True)
class Release:
    """A finished release: its folder, and what its manifest vouches for."""

    folder: Path
    files: dict[str, str]  # relative path → sha256
    pdfs: dict[str, str]  # relative path of a PDF → the key of its layout
    quotes: dict[str, list[Match]] = field(default_factory=dict)  # article id → passages

    def read(self, relative: str) -> bytes | None:
        """A file of the release, if it is still as the manifest says."""
        return read_as_recorded(self.folder, relative, self.files.get(relative))

    def pdf_for(self, key: str) -> bytes | None:
        """A PDF laid out from the same print HTML, paper and WeasyPrint, if there is one."""
        return pdf_made_from(key, self.pdfs, self.read)


def manifest(
    files: Mapping[str, bytes], pdfs: Mapping[str, str], quotes: Mapping[str, list[Match]]
) -> bytes:
    return json.dumps(
        {
            "briefgen": __version__,
            "files": {path: sha256(data) for path, data in sorted(files.items())},
            "pdfs": dict(sorted(pdfs.items())),
            "quotes": {
                article: [[m.paragraph, [list(span) for span in m.spans]] for m in matches]
                for article, matches in sorted(quotes.items())
            },
        },
        indent=1,
    ).encode()


def _quotes(data: dict[str, list[list[Any]]]) -> dict[str, list[Match]]:
    return {
        str(article): [
            Match(str(article), int(paragraph), tuple((int(a), int(b)) for a, b in spans))
            for paragraph, spans in matches
        ]
        for article, matches in data.items()
    }


def load(folder: Path) -> Release | None:
    """The release in `folder` if its manifest is there, well formed, and every file it
    lists is there unchanged; else None."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = {str(k): str(v) for k, v in data["files"].items()}
        pdfs = {str(k): str(v) for k, v in data["pdfs"].items()}
        quotes = _quotes(data.get("quotes", {}))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    release = Release(folder, files, pdfs, quotes)
    for relative in files:
        parts = Path(relative).parts
        if Path(relative).is_absolute() or ".." in parts or release.read(relative) is None:
            return None
    return release


@dataclass(frozen=True)
class Live:
    """What `DEST/site` points to now: the name of its folder in `.releases/` (kept while
    readers may be on it), the release if it is a finished one, and a note if it is not."""

    name: str | None = None
    release: Release | None = None
    note: str | None = None


def live(dest: Path) -> Live:
    """What `DEST/site` points to, if briefgen made the link. A link or folder briefgen did
    not make is refused with a message, never followed."""
    link, releases = dest / LIVE, dest / RELEASES
    if releases.is_symlink() or (releases.exists() and not releases.is_dir()):
        raise BriefgenError(
            f"{releases} is not a folder briefgen made: move it away, then publish again"
        )
    if not link.is_symlink():
        if link.exists():
            raise BriefgenError(
                f"{link} exists and is not a link briefgen made: move it away, then publish again"
            )
        return Live()
    target = Path(os.readlink(link))
    if target.is_absolute() or len(target.parts) != 2 or target.parts[0] != RELEASES:
        raise BriefgenError(
            f"{link} points to {target}, not into {releases}: briefgen did not make this "
            "link and will not follow it; remove it, then publish again"
        )
    folder = dest / target
    if folder.is_symlink() or not folder.is_dir():
        return Live(note=f"note: {link} points to {target}, which is gone; publishing afresh")
    release = load(folder)
    if release is None:
        return Live(
            folder.name,
            note=f"note: {target} is not a finished briefgen release (no valid manifest); "
            "nothing is carried over from it",
        )
    return Live(folder.name, release)


def new_folder(dest: Path) -> Path:
    return dest / RELEASES / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"


def prune(dest: Path, keep: set[str]) -> None:
    """Remove every release but those kept: older ones, and any a killed or failed publish
    left unfinished. Called with DEST's lock held, so no other publish is writing one."""
    releases = dest / RELEASES
    if not releases.is_dir():
        return
    for entry in releases.iterdir():
        if entry.name not in keep:
            remove_tree(entry)
