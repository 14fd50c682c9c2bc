"""In-page links in a brief's prose (`[details](#key-judgments)`) must lead to a place the
memo has. WeasyPrint refuses a PDF with a dead link, so without this check a brief could
pass `check` and fail its build.

The anchors a memo defines are known from the brief: a section id for each section it
has, and `actor-<id>`, `meeting-<id>`, `question-<id>`, `metric-<id>` for each item. Each
edition is checked as it will be rendered (an earlier edition lacks what came later).
Notes are not link targets: their numbers change as the brief grows.

Kept in step with templates/memo.html.j2 by a test that renders a memo and finds every
anchor named here among its ids.
"""

from __future__ import annotations

from briefgen.diagnostics import Diagnostic, did_you_mean, error
from briefgen.errors import BriefgenError
from briefgen.markup import MarkdownRenderer
from briefgen.model import schema
from briefgen.model.asof import edition_dates, snapshot
from briefgen.model.claims import claims, prose_fields
from briefgen.model.corpus import Corpus
from briefgen.model.validation import Locate, format_path
from briefgen.model.yamlsource import Path_


def memo_anchors(brief: schema.Brief) -> set[str]:
    """The ids a link may name in the memo of `brief` (a brief as of one edition)."""
    sections = {
        "bottom-line": True,
        "changes": len(edition_dates(brief)) > 1,
        "key-judgments": bool(brief.key_judgments),
        "sourcing": True,
        "timeline": bool(brief.meetings),
        "actors": bool(brief.actors),
        "questions": bool(brief.questions),
        "metrics": bool(brief.metrics),
        "notes": any(c.cites for c in claims(brief)),
        "sources": any(c.cites for c in claims(brief)),
    }
    anchors = {name for name, present in sections.items() if present}
    anchors |= {f"{name}-title" for name in anchors}
    anchors |= {f"actor-{a.id}" for a in brief.actors}
    anchors |= {f"side-{a.side}" for a in brief.actors}
    anchors |= {f"meeting-{m.id}" for m in brief.meetings}
    anchors |= {f"question-{q.id}" for q in brief.questions}
    anchors |= {f"metric-{m.id}" for m in brief.metrics}
    return anchors


def check_links(
    brief: schema.Brief, corpus: Corpus, md: MarkdownRenderer, locate: Locate
) -> list[Diagnostic]:
    """An error for each in-page link that some edition's memo would not have a place for."""
    linked: dict[str, Path_] = {}  # prose with in-page links → where it stands
    for where, text in prose_fields(brief):
        if md.render(text).fragments:
            linked.setdefault(text, where)
    if not linked:
        return []
    found: dict[tuple[Path_, str], Diagnostic] = {}
    for date in edition_dates(brief):
        try:
            view = snapshot(brief, date, corpus).brief
        except BriefgenError:
            continue  # an edition that cannot be made at all is reported by the edition checks
        anchors = memo_anchors(view)
        for _, text in prose_fields(view):
            if (path := linked.get(text)) is None:
                continue
            for fragment in md.render(text).fragments:
                if fragment in anchors or (path, fragment) in found:
                    continue
                edition = "" if date.iso() == brief.as_of.iso() else f" of {date}"
                found[(path, fragment)] = error(
                    locate(path),
                    f"{format_path(path)}: the link to '#{fragment}' leads nowhere: the memo"
                    f"{edition} has no such place{did_you_mean(fragment, sorted(anchors))} "
                    "(in-page links go to a section, e.g. #key-judgments, or to an item: "
                    "#actor-<id>, #meeting-<id>, #question-<id>, #metric-<id>)",
                )
    return list(found.values())
