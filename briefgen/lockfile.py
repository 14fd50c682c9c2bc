"""`citations.lock`: the passage each citation matched when its brief last built clean.

A corpus article can be edited after a brief cites it (a correction, a re-import). When a
quote then stops matching, the record says what the passage used to read, so the error can
show the old wording beside the new one instead of a bare "not found". The file sits at the
project's top (never in briefs/ or corpus/), is written only by a successful build or
publish, holds no dates (so rebuilding does not change it) and is meant to be committed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from briefgen import schema
from briefgen.checks import claims
from briefgen.corpus import Corpus
from briefgen.writer import write_atomic

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


def records(brief: schema.Brief, corpus: Corpus) -> list[Verified]:
    """What each resolved citation of a checked brief matches now."""
    found: dict[tuple[str, str], Verified] = {}
    for claim in claims(brief):
        for cite in claim.cites:
            match = cite._match
            if match is None:
                continue
            text = corpus.articles[match.article_id].paragraph(match.paragraph).text
            passage = " … ".join(text[a:b] for a, b in match.spans)
            found[(cite.source, cite.quote)] = Verified(
                cite.source, cite.quote, match.paragraph, passage, text
            )
    return [found[key] for key in sorted(found)]


def update_lock(root: Path, briefs: Iterable[tuple[str, list[Verified]]]) -> bool:
    """Record the given briefs' citations (others' entries stay); True when it changed."""
    current = read_lock(root)
    for brief_id, verified in briefs:
        current[brief_id] = {(v.source, v.quote): v for v in verified}
    data = {
        "version": VERSION,
        "briefs": {
            brief: [asdict(v) for _, v in sorted(entries.items())]
            for brief, entries in sorted(current.items())
        },
    }
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    path = root / LOCK_FILE
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    write_atomic(path, text.encode("utf-8"))
    return True
