"""`briefgen corpus update` and `corpus remove`: keep the corpus right after the fact.

Update corrects an article's metadata and never its text: the header is rewritten, and
what stands below it stays byte for byte (quotes were verified against it). Remove takes
out an article no brief cites; while one does, it says which and how often.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.authoring.articlefile import body_of, compose, require_date_basis
from briefgen.diagnostics import did_you_mean
from briefgen.errors import UsageError
from briefgen.model import schema
from briefgen.model.claims import citations
from briefgen.model.corpus import SUFFIX, Article, read_article
from briefgen.model.loader import load_brief
from briefgen.model.validation import explain, format_path, id_problem
from briefgen.project import Project
from briefgen.publish.writer import write_atomic


@dataclass(frozen=True)
class Corrections:
    """What `corpus update` is told; None is "leave as it is", "" is "not known"."""

    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: str | None = None
    inferred: bool = False
    url: str | None = None
    note: str | None = None

    def given(self) -> list[str]:
        names = ["title", "author", "publisher", "published", "url", "note"]
        return [n for n in names if getattr(self, n) is not None] + (
            ["inferred"] if self.inferred else []
        )


def find_article(project: Project, article_id: str) -> Article:
    """The readable article `article_id`, or a UsageError that helps find the right one."""
    if problem := id_problem(article_id, "article id"):
        raise UsageError(problem)
    path = project.corpus_dir / f"{article_id}{SUFFIX}"
    if not path.is_file():
        known = sorted(p.stem for p in project.corpus_dir.glob(f"*{SUFFIX}"))
        raise UsageError(
            f"no article '{article_id}' in the corpus{did_you_mean(article_id, known)}"
        )
    article, problems = read_article(path)
    if article is None:
        why = "; ".join(d.format() for d in problems)
        raise UsageError(f"{path} cannot be read ({why}); fix it by hand first")
    return article


def update_article(project: Project, article_id: str, fix: Corrections) -> list[str]:
    """Correct an article's metadata; the names of the fields changed."""
    if not fix.given():
        raise UsageError(
            "nothing to update: give one or more of --title, --author, --publisher, "
            "--published, --inferred, --url, --note"
        )
    require_date_basis(fix.inferred, fix.note)
    article = find_article(project, article_id)
    data: dict[str, Any] = article.meta.model_dump(mode="json")
    if fix.title is not None:
        data["title"] = fix.title
    for name in ("author", "publisher", "url"):
        value = getattr(fix, name)
        if value is not None:
            data[name] = value or None  # "" is "not known"
    if fix.published is not None:
        data["published"] = fix.published or None
        data["published_basis"] = None if not fix.published else "stated"
    if fix.inferred:
        data["published_basis"] = "inferred"
    if fix.note is not None:
        data["provenance"] = {k: v for k, v in data["provenance"].items() if k != "note"}
        if fix.note:
            data["provenance"]["note"] = fix.note
    meta, problems = explain(schema.ArticleMeta, data)
    if meta is None:
        raise UsageError("; ".join(f"--{format_path(p.path[:1])}: {p.text}" for p in problems))
    changed = [
        k for k in schema.ArticleMeta.model_fields if getattr(meta, k) != getattr(article.meta, k)
    ]
    if not changed:
        return []
    raw = article.path.read_bytes()
    text, updated = compose(article.path, meta, body_of(raw, article.path))
    if [p.text for p in updated.paragraphs] != [p.text for p in article.paragraphs]:
        raise UsageError(f"{article.path}: the text would change; nothing was written")
    write_atomic(article.path, text.encode("utf-8"))
    return changed


def remove_article(project: Project, article_id: str) -> Path:
    """Remove an article that no brief cites; refuse, saying who cites it, otherwise."""
    path = project.corpus_dir / f"{article_id}{SUFFIX}"
    if not path.is_file():
        find_article(project, article_id)  # raises with a did-you-mean
    cited, unreadable = _citing(project, article_id)
    if cited or unreadable:
        uses = [
            f"{brief} ({n} citation{'' if n == 1 else 's'})" for brief, n in sorted(cited.items())
        ]
        uses += [f"{brief} (cannot be read: run briefgen check {brief})" for brief in unreadable]
        briefs = len(uses)
        raise UsageError(
            f"'{article_id}' is cited by {briefs} brief{'' if briefs == 1 else 's'}: "
            f"{', '.join(uses)}; remove those citations first; nothing was removed"
        )
    path.unlink()  # the corpus is the analyst's, and removing an article is what was asked
    return path


def _citing(project: Project, article_id: str) -> tuple[dict[str, int], list[str]]:
    """Briefs citing the article, with how often; and briefs that cannot be read but name
    it somewhere (they may cite it: better to refuse than to guess)."""
    cited: dict[str, int] = {}
    unreadable: list[str] = []
    word = re.compile(rf"(?<![\w-]){re.escape(article_id)}(?![\w-])")
    for brief_id in project.brief_ids():
        folder = project.briefs_dir / brief_id
        loaded, _ = load_brief(folder)
        if loaded is not None:
            n = sum(1 for cite in citations(loaded.brief) if cite.source == article_id)
            if n:
                cited[brief_id] = n
        elif any(word.search(p.read_text(errors="replace")) for p in folder.glob("*.y*ml")):
            unreadable.append(brief_id)
    return cited, unreadable
