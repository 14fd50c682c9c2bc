"""Key judgments between editions: how a judgment's kind and ratings read, and how one
changes from an edition to the next (added, dropped, re-rated or reworded) — each change
describing itself as the other kinds in changes.py do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from briefgen.markup import plain_text
from briefgen.model import schema
from briefgen.model.changes import Side
from briefgen.model.citations import excerpt


def likelihood_by_horizon(kj: schema.KeyJudgment) -> str | None:
    """A forecast's likelihood and horizon, as the memo and diff say them: "likely by June
    2016"; None for an assessment, which takes no likelihood."""
    if kj.kind == "forecast" and kj.likelihood and kj.horizon:
        return f"{kj.likelihood} by {kj.horizon.human()}"
    return None


def judgment_tags(kj: schema.KeyJudgment) -> str:
    """A judgment's kind and ratings in a few words: "Forecast, likely by June 2016;
    moderate confidence"."""
    rated = kj.kind.capitalize()
    if likely := likelihood_by_horizon(kj):
        rated += f", {likely}"
    return f"{rated}; {kj.confidence} confidence"


def _judgment_side(kj: schema.KeyJudgment) -> Side:
    return Side(judgment_tags(kj), kj.text, kj.cites, keep=kj.keep)


def _judgment_dict(kj: schema.KeyJudgment) -> dict[str, object]:
    return {
        "id": kj.id,
        "text": kj.text,
        "kind": kj.kind,
        "likelihood": kj.likelihood,
        "horizon": kj.horizon.iso() if kj.horizon else None,
        "confidence": kj.confidence,
    }


@dataclass(frozen=True)
class _JudgmentInOneEdition:
    """A judgment made in only one of the two editions compared: added (it stands on the
    new side) or dropped (on the old side)."""

    judgment: schema.KeyJudgment
    kind: ClassVar[str]
    badge: ClassVar[str]
    anchor: ClassVar[str]
    side: ClassVar[str]  # "old" or "new": which edition holds the judgment
    label: ClassVar[str]  # how the JSON text opens
    group: ClassVar[str] = "Key judgments"

    @property
    def headline(self) -> str:
        return f"{judgment_tags(self.judgment)}: {plain_text(self.judgment.text)}"

    @property
    def line(self) -> str:
        return _short(self.judgment)

    @property
    def before(self) -> Side | None:
        return _judgment_side(self.judgment) if self.side == "old" else None

    @property
    def after(self) -> Side | None:
        return _judgment_side(self.judgment) if self.side == "new" else None

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            self.side: _judgment_dict(self.judgment),
            "text": f"{self.label}: {self.headline}",
        }


@dataclass(frozen=True)
class JudgmentAdded(_JudgmentInOneEdition):
    kind: ClassVar[str] = "judgment-added"
    badge: ClassVar[str] = "New"
    anchor: ClassVar[str] = "key-judgments"  # it stands among the current judgments
    side: ClassVar[str] = "new"
    label: ClassVar[str] = "New judgment"


@dataclass(frozen=True)
class JudgmentDropped(_JudgmentInOneEdition):
    kind: ClassVar[str] = "judgment-dropped"
    badge: ClassVar[str] = "Dropped"
    anchor: ClassVar[str] = "changes-in-full"  # only the annex still shows it
    side: ClassVar[str] = "old"
    label: ClassVar[str] = "Judgment dropped"


@dataclass(frozen=True)
class JudgmentRevised:
    """The same judgment (by id) made again in a later edition, re-rated or reworded."""

    old: schema.KeyJudgment
    new: schema.KeyJudgment
    kind: ClassVar[str] = "judgment-revised"
    group: ClassVar[str] = "Key judgments"
    anchor: ClassVar[str] = "key-judgments"

    @property
    def rerated(self) -> bool:
        return judgment_tags(self.old) != judgment_tags(self.new)

    @property
    def badge(self) -> str:
        return "Re-rated" if self.rerated else "Revised"

    @property
    def headline(self) -> str:
        return plain_text(self.new.text) + self._rerating

    @property
    def line(self) -> str:
        return _short(self.new) + self._rerating

    @property
    def _rerating(self) -> str:
        """How the ratings moved, if they did: " (Assessment; low … → …)"."""
        if not self.rerated:
            return ""
        return f" ({judgment_tags(self.old)} → {judgment_tags(self.new)})"

    @property
    def before(self) -> Side | None:
        return _judgment_side(self.old)

    @property
    def after(self) -> Side | None:
        return _judgment_side(self.new)

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "old": _judgment_dict(self.old),
            "new": _judgment_dict(self.new),
            "text": f"Judgment {self.badge.lower()}: {self.headline}",
        }


def _short(kj: schema.KeyJudgment) -> str:
    """A judgment in the short list of changes: its opening words; the memo has the rest."""
    return excerpt(plain_text(kj.text), 90)
