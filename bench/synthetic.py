"""A synthetic project N times the seed brief: N copies of every actor, meeting, question and
metric, citing copies of the seed articles (so every quote still matches), to measure how
briefgen scales. `python bench/synthetic.py DIR N [ARTICLES]`."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "briefs" / "us-china-cyber-talks"
SECTIONS = ("actors", "meetings", "questions", "metrics")
IDS = {"actors": "id", "meetings": "id", "questions": "id", "metrics": "id"}


def _load(path: Path) -> object:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # all text


def _recite(node: object, source_for) -> object:
    """A copy of node with every citation's source renamed."""
    if isinstance(node, dict):
        out = {k: _recite(v, source_for) for k, v in node.items()}
        if "source" in out and "quote" in out:
            out["source"] = source_for(out["source"])
        return out
    if isinstance(node, list):
        return [_recite(v, source_for) for v in node]
    return node


def make(root: Path, times: int, articles: int | None = None) -> Path:
    """Write the project; `articles` copies of the corpus in all (default: 2 per copy)."""
    articles = articles or 2 * times
    per_source = max(1, articles // 2)
    (root / "corpus").mkdir(parents=True, exist_ok=True)
    sources = sorted(p.stem for p in (REPO / "corpus").glob("*.txt"))
    for source in sources:
        text = (REPO / "corpus" / f"{source}.txt").read_text(encoding="utf-8")
        for k in range(per_source):
            new = f"{source}-c{k}"
            (root / "corpus" / f"{new}.txt").write_text(
                re.sub(rf"^id: {re.escape(source)}$", f"id: {new}", text, flags=re.M),
                encoding="utf-8",
            )

    brief = _load(SEED / "brief.yaml")
    sections = {s: _load(SEED / f"{s}.yaml") for s in SECTIONS}
    out = {s: [] for s in SECTIONS}
    judgments = []
    for i in range(times):

        def source_for(s: str, i: int = i) -> str:
            return f"{s}-c{i % per_source}"

        def rename(x: str, i: int = i) -> str:
            return f"{x}-{i}"

        for section, items in sections.items():
            for item in items:
                copy = _recite(item, source_for)
                copy["id"] = rename(copy["id"])
                if section == "meetings":
                    copy["participants"] = [rename(p) for p in copy.get("participants", [])]
                if section == "questions" and "raised_at" in copy:
                    copy["raised_at"] = rename(copy["raised_at"])
                out[section].append(copy)
        judgments += _recite(brief["key_judgments"], source_for)
    brief = {
        **brief,
        "key_judgments": judgments,
        "earlier_bottom_lines": brief["earlier_bottom_lines"],
    }
    folder = root / "briefs" / "synthetic"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "brief.yaml").write_text(
        yaml.safe_dump(brief, allow_unicode=True, width=1000), encoding="utf-8"
    )
    for section, items in out.items():
        (folder / f"{section}.yaml").write_text(
            yaml.safe_dump(items, allow_unicode=True, width=1000), encoding="utf-8"
        )
    return root


if __name__ == "__main__":
    make(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else None)
