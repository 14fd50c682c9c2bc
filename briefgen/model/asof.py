"""The brief as it stood on a date: what could have been known then, and nothing later.

`snapshot` filters a checked brief down to positions, meetings, question statuses and metric
observations dated on or before the date, and to citations of sources published by then.
Partial dates compare by the span they cover: a `2015-09` item is on or before 2015-09-30,
not before 2015-09-15. A meeting dated later appears only if it was announced by then. A
claim whose citations all fall away is kept and flagged, as an uncited claim is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from briefgen.errors import BriefgenError
from briefgen.model import schema
from briefgen.model.claims import labels
from briefgen.model.corpus import Corpus
from briefgen.model.dates import PartialDate
from briefgen.model.yamlsource import Path_

T = TypeVar("T")
D = TypeVar("D", schema.Position, schema.StatusEntry, schema.MeetingStatusEntry, schema.Observation)


def newest(items: Sequence[T], when: Callable[[T], PartialDate]) -> T | None:
    """The latest item by date; of two with the same date, the later in the file."""
    best: T | None = None
    for item in items:
        if best is None or when(item).last_day() >= when(best).last_day():
            best = item
    return best


def meeting_start(m: schema.Meeting) -> PartialDate:
    start = m.date or m.start
    assert start is not None  # checked: a meeting has a date or a start and an end
    return start


def current_status(m: schema.Meeting) -> schema.MeetingStatusEntry | None:
    """The newest entry of a meeting's status history, if it has one."""
    return newest(m.status_history, lambda e: e.as_of)


@dataclass
class Snapshot:
    date: PartialDate
    brief: schema.Brief
    #: (path in the full brief, message): claims left without a citation in this view.
    problems: list[tuple[Path_, str]] = field(default_factory=list)


def edition_dates(brief: schema.Brief) -> list[PartialDate]:
    """The brief's edition dates, oldest first; its own as_of is always the last."""
    dates = {e.as_of.iso(): e.as_of for e in brief.editions if e.as_of.on_or_before(brief.as_of)}
    dates[brief.as_of.iso()] = brief.as_of
    return sorted(dates.values(), key=lambda d: d.last_day())


def edition_of(brief: schema.Brief, date: PartialDate) -> PartialDate:
    """The edition a view at `date` belongs to: the newest edition on or before it (the
    first edition, for a date before all of them)."""
    dates = edition_dates(brief)
    return newest([d for d in dates if d.on_or_before(date)], lambda d: d) or dates[0]


def edition_title(brief: schema.Brief, date: PartialDate) -> str:
    """The title of the edition of `date`: its own, where the brief gives one."""
    edition = edition_of(brief, date)
    own = next((e.title for e in brief.editions if e.as_of.iso() == edition.iso()), None)
    return own or brief.title


def judgments_of(brief: schema.Brief, edition: PartialDate) -> list[tuple[int, schema.KeyJudgment]]:
    """The key judgments made for an edition (a judgment's `as_of` names its edition; by
    default the brief's own), with their places in the brief."""
    return [
        (i, kj)
        for i, kj in enumerate(brief.key_judgments)
        if (kj.as_of or brief.as_of).iso() == edition.iso()
    ]


def previous_edition(brief: schema.Brief, date: PartialDate) -> PartialDate | None:
    """The date of the edition before `date`, if there is one."""
    earlier = [d for d in edition_dates(brief) if d.last_day() < date.last_day()]
    return earlier[-1] if earlier else None


def snapshot(
    brief: schema.Brief, date: PartialDate, corpus: Corpus, *, for_reading: bool = True
) -> Snapshot:
    """The brief as it stood on `date` (pure: the brief itself is not changed).

    A view for reading needs a bottom line of that date; one only compared against (the
    "since" side of what changed) does not.
    """
    if brief.as_of.on_or_before(date):
        own = [kj for _, kj in judgments_of(brief, brief.as_of)]
        return Snapshot(
            date, brief.model_copy(update={"key_judgments": own, "earlier_bottom_lines": []})
        )
    return _Filter(brief, date, corpus, for_reading).run()


class _Filter:
    def __init__(
        self, brief: schema.Brief, date: PartialDate, corpus: Corpus, for_reading: bool
    ) -> None:
        self.for_reading = for_reading
        self.brief = brief
        self.date = date
        self.corpus = corpus
        self.labels = labels(brief)
        self.view = Snapshot(date, brief)

    def known(self, when: PartialDate | None) -> bool:
        return when is not None and when.on_or_before(self.date)

    def cites(self, cites: list[schema.Citation], path: Path_) -> list[schema.Citation]:
        """The citations of sources published by this date; a claim left with none is
        reported by its path in the full brief."""
        kept = [c for c in cites if self.known(self._published(c.source))]
        if cites and not kept:
            self.view.problems.append(
                (
                    path,
                    f"{self.labels[path]} has no citation from a source published "
                    f"by {self.date} (the date of this view)",
                )
            )
        return kept

    def dated(self, items: Sequence[D], path: Path_) -> list[D]:
        """The entries of a dated history known by this date, each with the citations of
        sources published by then."""
        return [
            item.model_copy(update={"cites": self.cites(item.cites, (*path, j))})
            for j, item in enumerate(items)
            if self.known(item.as_of)
        ]

    def _published(self, source: str) -> PartialDate | None:
        article = self.corpus.get(source)
        return article.published if article else None

    def run(self) -> Snapshot:
        b = self.brief
        bottom_line = self.bottom_line()
        meetings = [m for m in (self.meeting(i, m) for i, m in enumerate(b.meetings)) if m]
        visible_meetings = {m.id for m in meetings}
        participants = {p for m in meetings for p in m.participants}
        actors = [a for a in (self.actor(i, a, participants) for i, a in enumerate(b.actors)) if a]
        self.view.brief = b.model_copy(
            update={
                "as_of": self.date,
                "bottom_line": bottom_line,
                "earlier_bottom_lines": [],
                "editions": [e for e in b.editions if self.known(e.as_of)],
                "key_judgments": self.judgments(),
                "actors": actors,
                "meetings": meetings,
                "questions": [
                    q
                    for q in (
                        self.question(i, q, visible_meetings) for i, q in enumerate(b.questions)
                    )
                    if q
                ],
                "metrics": [m for m in (self.metric(i, m) for i, m in enumerate(b.metrics)) if m],
            }
        )
        return self.view

    def bottom_line(self) -> schema.BottomLine:
        b = self.brief
        candidates = [(i, e) for i, e in enumerate(b.earlier_bottom_lines) if self.known(e.as_of)]
        found = newest(candidates, lambda item: item[1].as_of)
        if found is None and not self.for_reading:
            return b.bottom_line
        if found is None:
            first = min(
                (e.as_of for e in b.earlier_bottom_lines),
                default=b.as_of,
                key=lambda d: d.last_day(),
            )
            raise BriefgenError(
                f"the brief has no bottom line as of {self.date}: its earliest "
                f"edition is {first} (add earlier_bottom_lines in brief.yaml "
                "to go back further)"
            )
        i, chosen = found
        cites = self.cites(chosen.cites, ("earlier_bottom_lines", i))
        return schema.BottomLine(text=chosen.text, cites=cites, keep=chosen.keep)

    def judgments(self) -> list[schema.KeyJudgment]:
        """The judgments of this view's edition, and of no other."""
        edition = edition_of(self.brief, self.date)
        if not self.known(edition):
            return []
        return [
            kj.model_copy(update={"cites": self.cites(kj.cites, ("key_judgments", i))})
            for i, kj in judgments_of(self.brief, edition)
        ]

    def actor(self, i: int, a: schema.Actor, participants: set[str]) -> schema.Actor | None:
        positions = self.dated(a.positions, ("actors", i, "positions"))
        role_known = any(self.known(self._published(c.source)) for c in a.cites)
        if not positions and a.id not in participants and not role_known:
            return None
        return a.model_copy(
            update={
                "positions": positions,
                "cites": self.cites(a.cites, ("actors", i)),
            }
        )

    def meeting(self, i: int, m: schema.Meeting) -> schema.Meeting | None:
        start = meeting_start(m)
        announced = self.known(m.announced)
        if not self.known(start) and not announced:
            return None
        path = ("meetings", i)
        history = self.dated(m.status_history, (*path, "status_history"))
        current = newest(history, lambda e: e.as_of)
        if current is not None:
            status = current.status
        elif not self.known(start):
            status = "scheduled"  # known only from its announcement
        else:
            status = m.status
        update: dict[str, object] = {
            "status": status,
            "status_history": history,
            "cites": self.cites(m.cites, path),
            "outcomes": [
                o.model_copy(update={"cites": self.cites(o.cites, (*path, "outcomes", j))})
                for j, o in enumerate(m.outcomes)
            ]
            if self.known(start)
            else [],
        }
        if (
            m.end is not None
            and status != "scheduled"
            and self.known(start)
            and not self.known(m.end)
        ):
            update["end"] = None  # still going on at this date
        return m.model_copy(update=update)

    def question(self, i: int, q: schema.Question, meetings: set[str]) -> schema.Question | None:
        entries = self.dated(q.status_history, ("questions", i, "status_history"))
        if not entries:
            return None
        raised_at = q.raised_at if q.raised_at in meetings else None
        return q.model_copy(update={"status_history": entries, "raised_at": raised_at})

    def metric(self, i: int, m: schema.Metric) -> schema.Metric | None:
        observations = self.dated(m.observations, ("metrics", i, "observations"))
        if not observations:
            return None
        return m.model_copy(update={"observations": observations})
