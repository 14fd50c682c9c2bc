"""The in-page anchors a brief's memo defines, known from the brief alone, so that `check`
can refuse a Markdown link to one that will not exist (`[details](#nowhere)`) — which
WeasyPrint would refuse only at build time, after the check had passed.

Kept in step with templates/memo.html.j2 by a test that renders a memo and finds every
anchor named here among its ids.
"""

from __future__ import annotations

from briefgen.model import schema
from briefgen.model.asof import edition_dates
from briefgen.model.claims import claims


def memo_anchors(brief: schema.Brief) -> set[str]:
    """Section ids (for the sections the brief has), an id per actor, meeting, question
    and metric (`actor-<id>` …), and an id per note (`note-1` … one per citation at most)."""
    sections = {
        "bottom-line": True,
        "changes": len(edition_dates(brief)) > 1,
        "key-judgments": bool(brief.key_judgments),
        "timeline": bool(brief.meetings),
        "actors": bool(brief.actors),
        "questions": bool(brief.questions),
        "metrics": bool(brief.metrics),
    }
    anchors = {name for name, present in sections.items() if present}
    anchors |= {f"{name}-title" for name in anchors}
    citations = sum(len(c.cites) for c in claims(brief))
    if citations:
        anchors |= {"notes", "notes-title", "sources", "sources-title"}
        anchors |= {f"note-{n}" for n in range(1, citations + 1)}
    anchors |= {f"actor-{a.id}" for a in brief.actors}
    anchors |= {f"side-{a.side}" for a in brief.actors}
    anchors |= {f"meeting-{m.id}" for m in brief.meetings}
    anchors |= {f"question-{q.id}" for q in brief.questions}
    anchors |= {f"metric-{m.id}" for m in brief.metrics}
    return anchors
