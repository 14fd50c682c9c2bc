"""A synthetic project N times the seed brief: N copies of every actor, meeting, question and
metric, citing copies of the seed articles (so every quote still matches), to measure how
briefgen scales. `python bench/synthetic.py DIR N [ARTICLES]`."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeAlias

import yaml

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "briefs" / "us-china-cyber-talks"
SECTIONS = ("actors", "meetings", "questions", "metrics")
IDS = {"actors": "id", "meetings": "id", "questions": "id", "metrics": "id"}

#: YAML as yaml.BaseLoader reads it, every scalar text (numbers are put back for metrics).
Node: TypeAlias = str | float | list["Node"] | dict[str, "Node"]


def _load(path: Path) -> Node:
    data: Node = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # all text
    return data


def _text(node: Node) -> str:
    assert isinstance(node, str), node
    return node


def _list(node: Node) -> list[Node]:
    assert isinstance(node, list), node
    return node


def _mapping(node: Node) -> dict[str, Node]:
    assert isinstance(node, dict), node
    return node


def _recite(node: Node, source_for: Callable[[str], str]) -> Node:
    """A copy of node with every citation's source renamed."""
    if isinstance(node, dict):
        out = {k: _recite(v, source_for) for k, v in node.items()}
        if "source" in out and "quote" in out:
            out["source"] = source_for(_text(out["source"]))
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

    brief = _mapping(_load(SEED / "brief.yaml"))
    sections = {s: _list(_load(SEED / f"{s}.yaml")) for s in SECTIONS}
    out: dict[str, list[Node]] = {s: [] for s in SECTIONS}
    judgments: list[Node] = []
    for i in range(times):

        def source_for(s: str, i: int = i) -> str:
            return f"{s}-c{i % per_source}"

        def rename(x: str, i: int = i) -> str:
            return f"{x}-{i}"

        for section, items in sections.items():
            for item in items:
                copy = _mapping(_recite(item, source_for))
                copy["id"] = rename(_text(copy["id"]))
                if section == "meetings":
                    participants = _list(copy.get("participants", []))
                    copy["participants"] = [rename(_text(p)) for p in participants]
                if section == "questions" and "raised_at" in copy:
                    copy["raised_at"] = rename(_text(copy["raised_at"]))
                if section == "metrics":  # a value is a number, not the text BaseLoader read
                    for seen in _list(copy.get("observations", [])):
                        _mapping(seen)["value"] = float(_text(_mapping(seen)["value"]))
                out[section].append(copy)
        for judgment in _list(_recite(brief["key_judgments"], source_for)):
            copy = _mapping(judgment)
            copy["id"] = rename(_text(copy["id"]))  # one judgment per id per edition
            judgments.append(copy)
    brief = {
        **_mapping(_recite(brief, lambda s: f"{s}-c0")),
        "key_judgments": judgments,
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
