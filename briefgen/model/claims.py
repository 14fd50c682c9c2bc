"""Every claim in a brief, with its place and its name: the one walk over a brief's claims.

A claim is anything that states a fact and so needs a citation. Checks, the as-of views,
the citations record and the authoring tools all need "every claim with its label"; they
get it here, so a new kind of claim is added in one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from briefgen.model import schema
from briefgen.model.dates import PartialDate
from briefgen.model.yamlsource import Path_


@dataclass(frozen=True)
class Claim:
    path: Path_
    label: str
    item: schema.Claimed  # the model object making the claim
    kind: str  # judgment, bottom-line, role, position, meeting, meeting-status, outcome,
    # question-status, observation
    text: str  # what it says, as the memo shows it
    as_of: PartialDate | None = None
    actor: schema.Actor | None = None  # whose role or position it is

    @property
    def cites(self) -> list[schema.Citation]:
        return self.item.cites

    @property
    def keep(self) -> schema.Keep:
        return self.item.keep


def claims(brief: schema.Brief) -> Iterator[Claim]:
    yield Claim(
        ("bottom_line",), "bottom line", brief.bottom_line, "bottom-line", brief.bottom_line.text
    )
    for i, earlier in enumerate(brief.earlier_bottom_lines):
        yield Claim(
            ("earlier_bottom_lines", i),
            f"bottom line of {earlier.as_of}",
            earlier,
            "bottom-line",
            earlier.text,
            earlier.as_of,
        )
    for i, kj in enumerate(brief.key_judgments):
        yield Claim(("key_judgments", i), "key judgment", kj, "judgment", kj.text, kj.as_of)
    for i, actor in enumerate(brief.actors):
        yield Claim(
            ("actors", i), f"actor '{actor.id}' (its role)", actor, "role", actor.role, actor=actor
        )
        for j, pos in enumerate(actor.positions):
            yield Claim(
                ("actors", i, "positions", j),
                f"position of '{actor.id}' on '{pos.topic}'",
                pos,
                "position",
                pos.stance,
                pos.as_of,
                actor,
            )
    for i, meeting in enumerate(brief.meetings):
        yield Claim(("meetings", i), f"meeting '{meeting.id}'", meeting, "meeting", meeting.summary)
        for j, meeting_status in enumerate(meeting.status_history):
            yield Claim(
                ("meetings", i, "status_history", j),
                f"status of meeting '{meeting.id}'",
                meeting_status,
                "meeting-status",
                meeting_status.note or "",
                meeting_status.as_of,
            )
        for j, outcome in enumerate(meeting.outcomes):
            yield Claim(
                ("meetings", i, "outcomes", j),
                f"outcome of '{meeting.id}'",
                outcome,
                "outcome",
                outcome.text,
            )
    for i, question in enumerate(brief.questions):
        for j, entry in enumerate(question.status_history):
            yield Claim(
                ("questions", i, "status_history", j),
                f"status of question '{question.id}'",
                entry,
                "question-status",
                entry.note,
                entry.as_of,
            )
    for i, metric in enumerate(brief.metrics):
        for j, obs in enumerate(metric.observations):
            yield Claim(
                ("metrics", i, "observations", j),
                f"observation of metric '{metric.id}'",
                obs,
                "observation",
                obs.wording(),
                obs.as_of,
            )


def labels(brief: schema.Brief) -> dict[Path_, str]:
    """Each claim's label by its path."""
    return {claim.path: claim.label for claim in claims(brief)}


def citations(brief: schema.Brief) -> Iterator[schema.Citation]:
    for claim in claims(brief):
        yield from claim.cites


def prose_fields(brief: schema.Brief) -> Iterator[tuple[Path_, str]]:
    """Every Markdown field, with its path."""
    yield ("bottom_line", "text"), brief.bottom_line.text
    for i, earlier in enumerate(brief.earlier_bottom_lines):
        yield ("earlier_bottom_lines", i, "text"), earlier.text
    for i, kj in enumerate(brief.key_judgments):
        yield ("key_judgments", i, "text"), kj.text
    for i, actor in enumerate(brief.actors):
        for j, pos in enumerate(actor.positions):
            yield ("actors", i, "positions", j, "stance"), pos.stance
    for i, m in enumerate(brief.meetings):
        yield ("meetings", i, "summary"), m.summary
        for j, o in enumerate(m.outcomes):
            yield ("meetings", i, "outcomes", j, "text"), o.text
        for j, status in enumerate(m.status_history):
            if status.note:
                yield ("meetings", i, "status_history", j, "note"), status.note
    for i, q in enumerate(brief.questions):
        yield ("questions", i, "why_it_matters"), q.why_it_matters
        for j, entry in enumerate(q.status_history):
            yield ("questions", i, "status_history", j, "note"), entry.note
