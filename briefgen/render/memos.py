"""Which memos a checked brief makes: one per edition (or one as of a given date), each with
what changed since the edition before it. The bridge from the model (snapshots, changes) to
the memo's view; build and publish both start here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefgen.model.asof import edition_dates, edition_title, previous_edition, snapshot
from briefgen.model.dates import PartialDate
from briefgen.model.diff import compute
from briefgen.model.yamlsource import Path_
from briefgen.render.memo import build_memo
from briefgen.render.sections import Memo

if TYPE_CHECKING:
    from briefgen.api import CheckedBrief


@dataclass
class DatedMemo:
    name: str  # the output file name, without extension
    date: PartialDate
    memo: Memo
    problems: list[tuple[Path_, str]]  # claims left uncited at this date


def memos_for(
    brief: CheckedBrief, as_of: PartialDate | None = None, since: PartialDate | None = None
) -> list[DatedMemo]:
    """The memos to make for a brief: each edition (or the one as of `as_of`), each showing
    what changed since the edition before it (or since `since`, for the newest)."""
    full = brief.loaded.brief
    dates = [as_of] if as_of else edition_dates(full)
    result = []
    for date in dates:
        current = snapshot(full, date, brief.corpus)
        start = since if since and date is dates[-1] else previous_edition(full, date)
        changes = None
        if start is not None:
            before = snapshot(full, start, brief.corpus, for_reading=False)
            changes = compute(before.brief, current.brief)
        title = edition_title(full, date)
        memo = build_memo(brief.id, current.brief, brief.corpus, brief.resolution, changes, title)
        name = brief.id if date.iso() == full.as_of.iso() else f"{brief.id}--{date.iso()}"
        result.append(DatedMemo(name, date, memo, current.problems))
    return result
