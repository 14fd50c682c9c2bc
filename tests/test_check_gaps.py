"""`check` catches what `build` would refuse: a brief that checks clean builds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefgen import api
from briefgen.model.anchors import memo_anchors
from briefgen.publish import build
from briefgen.render import html
from briefgen.render.memos import memos_for
from tests.support import MINIMAL_BRIEF, ProjectFactory, editions_project

CITED = MINIMAL_BRIEF + (
    "key_judgments:\n"
    "  - {text: Talks go on., kind: assessment, confidence: low,\n"
    "     cites: [{source: news, quote: useful}]}\n"
)


@dataclass
class Gap:
    brief: str
    where: str  # file:line:col of the error
    says: str
    folder: str = "test"


GAPS = {
    "link to a missing anchor": Gap(
        CITED.replace("The talks were **useful**.", '"See [details](#nowhere)."'),
        "brief.yaml:9:21",
        "bottom_line.text: the link to '#nowhere' leads nowhere: the memo has no such place",
    ),
    "near miss of a section": Gap(
        CITED.replace("Talks go on.", "'As [said](#key-judgment).'"),
        "brief.yaml:11:12",
        "the link to '#key-judgment' leads nowhere: the memo has no such place (did you "
        "mean 'key-judgments'?)",
    ),
    "a section the brief does not have": Gap(
        CITED.replace("The talks were **useful**.", '"The talks were [useful](#metrics)."'),
        "brief.yaml:9:21",
        "the link to '#metrics' leads nowhere",
    ),
    "an edition without a bottom line": Gap(
        CITED + "editions: [2015-06-30, 2015-12-01]\n",
        "brief.yaml:13:12",
        "editions[0]: the edition of 2015-06-30 has no bottom line: add one to "
        "earlier_bottom_lines (as_of: 2015-06-30), or drop the date",
    ),
    "a brief folder named as the site's article pages": Gap(
        CITED,
        "sources/brief.yaml:1:1",
        "the brief folder 'sources' has a name the site uses for the pages of cited articles",
        folder="sources",
    ),
}


@pytest.mark.parametrize("gap", GAPS.values(), ids=GAPS.keys())
def test_check_refuses_what_build_would(make_project: ProjectFactory, gap: Gap) -> None:
    root = make_project(brief=None)
    folder = root / "briefs" / gap.folder
    folder.mkdir(exist_ok=True)
    (folder / "brief.yaml").write_text(gap.brief)
    errors = [d for d in api.check(root).diagnostics if d.is_error]
    assert len(errors) == 1, errors
    (found,) = errors
    location = f"{found.location.path.relative_to(root / 'briefs').as_posix()}:"
    location += f"{found.location.line}:{found.location.column}"
    expected = gap.where if "/" in gap.where else f"{gap.folder}/{gap.where}"
    assert location == expected, found.message
    assert gap.says in found.message


@pytest.mark.slow
def test_links_to_places_the_memo_has_check_and_build(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    brief = CITED.replace(
        "bottom_line: The talks were **useful**.",
        "bottom_line: See [the judgments](#key-judgments) and [the notes](#notes).",
    )
    root = make_project(brief=brief)
    assert api.check(root).ok
    result = build.build(root, output=tmp_path / "out")  # WeasyPrint refuses a dead anchor
    assert result.ok and len(result.written) == 2


def test_every_anchor_check_knows_is_in_the_rendered_memo(make_project: ProjectFactory) -> None:
    """check's list of anchors follows the template: each must stand in the memo, on
    screen and in print (a template that drops one makes this fail, not a user's build)."""
    root = editions_project(make_project)
    checked = api.check(root).briefs["test"]
    current = memos_for(checked)[-1]
    anchors = memo_anchors(checked.loaded.brief)
    for medium in ("screen", "print"):
        page = html.render_html(current.memo, medium=medium)
        ids = set(re.findall(r'\bid="([^"]+)"', page))
        assert anchors - ids == set(), medium


def test_a_memo_where_nothing_changed_keeps_its_changes_section(
    make_project: ProjectFactory,
) -> None:
    """check lets prose link to #changes whenever an earlier edition exists; the memo keeps
    the section then, saying that nothing changed, so the link cannot die in the PDF."""
    brief = MINIMAL_BRIEF + (
        "editions: [2015-06-30, 2015-12-01]\n"
        "earlier_bottom_lines:\n"
        "  - {as_of: 2015-06-30, text: The talks were **useful**., cites: [{source: news,"
        " quote: useful}], keep: {single_source: The fixture has one article.}}\n"
    )
    root = make_project(
        brief=brief.replace("The talks were **useful**.,", "'[Useful](#changes).',", 1)
    )
    result = api.check(root)
    assert result.ok, [d.format() for d in result.errors]
    assert "changes" in memo_anchors(result.briefs["test"].loaded.brief)
    current = memos_for(result.briefs["test"])[-1]
    assert current.memo.changes == []
    page = html.render_html(current.memo, medium="print")
    assert 'id="changes"' in page and "No claim, judgment or item has changed." in page
