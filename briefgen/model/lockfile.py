"""`citations.lock`: the passage each citation matched when its brief last built clean.

A corpus article can be edited after a brief cites it (a correction, a re-import). When a
quote then stops matching, the record says what the passage used to read, so the error can
show the old wording beside the new one instead of a bare "not found". The file sits at the
project's top (never in briefs/ or corpus/), is written only by a successful build or
publish (publish/build.py writes it), holds no dates (so rebuilding does not change it) and
is meant to be committed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

LOCK_FILE = "citations.lock"
VERSION = 1


@dataclass(frozen=True)
class Verified:
    source: str
    quote: str
    paragraph: int
    passage: str  # the words the quote matched, as published then
    paragraph_text: str


Lock = dict[str, dict[tuple[str, str], Verified]]  # brief id → (source, quote) → record


def read_lock(root: Path) -> Lock:
    """The record, or an empty one if there is none or it cannot be read (it is a hint for
    messages, never a reason to fail)."""
    try:
        data = json.loads((root / LOCK_FILE).read_text(encoding="utf-8"))
        return {
            brief: {(v["source"], v["quote"]): Verified(**v) for v in entries}
            for brief, entries in data["briefs"].items()
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def updated(root: Path, briefs: Iterable[tuple[str, Iterable[Verified]]]) -> bytes | None:
    """The lock file's new content with the given briefs' records (others' entries stay),
    or None when that is what it holds already."""
    current = read_lock(root)
    for brief_id, verified in briefs:
        current[brief_id] = {(v.source, v.quote): v for v in verified}
    text = _serialize(current)
    path = root / LOCK_FILE
    try:
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return None
    except (OSError, ValueError):
        pass
    return text.encode("utf-8")


def _serialize(lock: Mapping[str, Mapping[tuple[str, str], Verified]]) -> str:
    data = {
        "version": VERSION,
        "briefs": {
            brief: [asdict(v) for _, v in sorted(entries.items())]
            for brief, entries in sorted(lock.items())
        },
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
