"""Editions over time: the brief as of a date, and what changed between two dates."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest

from briefgen import api
from briefgen.cli import main
from briefgen.model import asof, changes, diff
from briefgen.model.dates import PartialDate
from briefgen.publish import build
from tests.support import SEED_BRIEF, ProjectFactory, editions_project, flat, pdf_pages

D = PartialDate.parse


# --- partial dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "date", "expected"),
    [
        ("2015-09", "2015-09-30", True),  # a month is on or before its last day
        ("2015-09", "2015-09-15", False),  # ...but not before a day inside it
        ("2015-09", "2015-10", True),
        ("2015", "2015-12-31", True),
        ("2015", "2015-12-01", False),
        ("2015-09-30", "2015-09", True),  # compared with the end of the month
        ("2015-10-01", "2015-09", False),
        ("2014", "2015-01-01", True),
    ],
)
def test_partial_dates_compare_by_precision(item: str, date: str, expected: bool) -> None:
    assert D(item).on_or_before(D(date)) is expected


def test_precision_is_kept_as_written() -> None:
    assert [D(t).iso() for t in ("2015", "2015-09", "2015-09-25")] == [
        "2015",
        "2015-09",
        "2015-09-25",
    ]
    assert [D(t).human() for t in ("2015", "2015-09", "2015-09-25")] == [
        "2015",
        "September 2015",
        "25 September 2015",
    ]


@pytest.fixture
def fixture_project(make_project: ProjectFactory) -> Path:
    return editions_project(make_project)


def _checked(root: Path, brief: str = "test") -> api.CheckedBrief:
    result = api.check(root, [brief])
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.briefs[brief]


def test_view_keeps_only_what_was_known(fixture_project: Path) -> None:
    checked = _checked(fixture_project)
    view = asof.snapshot(checked.loaded.brief, D("2015-06-30"), checked.corpus)
    b = view.brief
    assert b.bottom_line.text == "Then."
    # the view's edition's judgments, and no other edition's
    assert [kj.text for kj in b.key_judgments] == ["Old judgment.", "Dropped judgment."]
    now = asof.snapshot(checked.loaded.brief, D("2015-12-01"), checked.corpus).brief
    assert [kj.text for kj in now.key_judgments] == ["New judgment.", "Fresh forecast."]
    assert [a.id for a in b.actors] == ["a", "c"]  # b: nothing dated, no role source yet
    assert [p.stance for p in b.actors[0].positions] == ["Was for talks."]
    meetings = {m.id: m for m in b.meetings}
    assert set(meetings) == {"m-held", "m-postponed", "m-ongoing"}
    assert meetings["m-postponed"].status == "scheduled"  # known from its announcement
    assert meetings["m-ongoing"].end is None  # still going on at this date
    assert [q.id for q in b.questions] == ["q-moved"]
    assert [len(m.observations) for m in b.metrics] == [1]
    # actor c's only position cites a source published later: kept, and flagged
    assert any(
        path == ("actors", 2, "positions", 0)
        and "no citation from a source published by" in message
        for path, message in view.problems
    )


def test_every_kind_of_change(fixture_project: Path) -> None:
    checked = _checked(fixture_project)
    found = diff.between(checked.loaded.brief, checked.corpus, None, None)
    assert (found.since, found.until) == ("2015-06-30", "2015-12-01")
    got = {
        (
            c.kind,
            c.as_dict().get("actor")
            or c.as_dict().get("meeting")
            or c.as_dict().get("question")
            or c.as_dict().get("metric")
            or _judgment_id(c.as_dict()),
        )
        for c in found.items
    }
    assert got == {
        ("judgment-revised", "j"),
        ("judgment-dropped", "gone"),
        ("judgment-added", None),  # a judgment without an id: new by definition
        ("actor-added", "b"),
        ("position-changed", "a"),
        ("meeting-status", "m-postponed"),
        ("meeting-added", "m-new"),
        ("meeting-added", "m-unannounced"),
        ("question-status", "q-moved"),
        ("question-added", "q-new"),
        ("metric-observed", "up"),
        ("metric-observed", "fresh"),
    }
    by_kind = {(c.kind, getattr(getattr(c, "actor", None), "id", None)): c for c in found.items}
    a = by_kind[("position-changed", "a")]
    assert isinstance(a, changes.PositionChanged) and a.old is not None
    assert (a.old.stance, a.new.stance) == ("Was for talks.", "Now against talks.")
    up = next(
        c for c in found.items if isinstance(c, changes.MetricObserved) and c.metric.id == "up"
    )
    assert up.old is not None
    assert (up.old.value, up.new.value, up.direction) == (10, 12, "up")
    moved = next(c for c in found.items if c.kind == "question-status")
    assert isinstance(moved, changes.QuestionStatusChanged)
    assert (moved.old.status, moved.new.status) == ("open", "answered")
    rerated = next(c for c in found.items if c.kind == "judgment-revised")
    assert rerated.as_dict()["text"] == (
        "Judgment re-rated: New judgment. (Assessment; low confidence → Assessment; "
        "moderate confidence)"
    )


def _judgment_id(change: dict[str, object]) -> object:
    """The id of the judgment a judgment change is about (the new one, or the dropped)."""
    judgment = change.get("new") or change.get("old")
    return judgment.get("id") if isinstance(judgment, dict) else None


def test_memo_marks_changes_where_they_appear(fixture_project: Path, tmp_path: Path) -> None:
    result = build.build(fixture_project, ["test"], formats=["html"], output=tmp_path)
    assert result.ok
    assert sorted(p.name for p in tmp_path.glob("*.html")) == ["test--2015-06-30.html", "test.html"]
    tree: ET.Element = html5lib.parse(
        (tmp_path / "test.html").read_text(), namespaceHTMLElements=False
    )
    section = next(el for el in tree.iter() if el.get("id") == "changes")
    text = flat(" ".join(section.itertext()))
    assert "What changed since 30 June 2015" in text
    assert "Actor A — Talks: position changed (October 2015)" in text  # a line each
    annex = next(el for el in tree.iter() if el.get("id") == "changes-in-full")
    text = flat(" ".join(annex.itertext()))
    assert "Was for talks." in text and "Now against talks." in text  # side by side
    marked = {el.get("id") for el in tree.iter() if "is-changed" in (el.get("class") or "")}
    assert {
        "meeting-m-postponed",
        "meeting-m-new",
        "actor-b",
        "question-q-moved",
        "question-q-new",
        "metric-up",
        "metric-fresh",
    } <= marked
    assert "meeting-m-held" not in marked
    old = (tmp_path / "test--2015-06-30.html").read_text()
    assert "What changed" not in old and "Then." in old and "Now." not in old


# --- the seed brief's two editions ---------------------------------------------------------------

EXPECTED_SEED_CHANGES = {
    ("judgment-revised", "channel"),
    ("judgment-revised", "theft-dispute"),
    ("judgment-dropped", "second-meeting"),
    *{("judgment-added", j) for j in ("talks-outcome", "compliance", "government-espionage")},
    ("meeting-status", "working-group-meeting-2"),
    ("position-changed", "us-government/dialogue"),
    ("position-changed", "us-government/commercial-espionage"),
    ("position-changed", "us-government/compliance"),
    ("position-changed", "china-government/dialogue"),
    ("position-changed", "china-government/commercial-espionage"),
    ("position-changed", "obama/commercial-espionage"),
    ("position-changed", "xi-jinping/commercial-espionage"),
    *{
        ("actor-added", a)
        for a in (
            "department-of-justice",
            "dhs",
            "jeh-johnson",
            "guo-shengkun",
            "bill-evanina",
            "pla",
            "opm",
            "congressional-republicans",
            "industry-groups",
            "adam-segal",
        )
    },
    *{
        ("meeting-added", m)
        for m in (
            "pla-indictment-2014",
            "xi-state-visit-2015",
            "reports-theft-continues-2015",
            "high-level-dialogue-2015",
        )
    },
    ("meeting-status", "working-group"),
    *{
        ("question-added", q)
        for q in (
            "define-commercial-espionage",
            "knowingly-support",
            "evidence-of-breach",
            "investigation-coordination",
            "compliance-metric",
            "government-espionage",
        )
    },
    ("question-status", "sustained-dialogue"),
    ("question-status", "china-acknowledges-theft"),
    *{
        ("metric-observed", m)
        for m in (
            "opm-records-exposed",
            "espionage-cost",
            "pla-officers-indicted",
            "months-without-talks",
            "compliance-window",
        )
    },
}


def _key(c: diff.Change) -> tuple[str, str]:
    d = c.as_dict()
    if "topic" in d:
        return c.kind, f"{d['actor']}/{d['topic']}"
    named = d.get("actor") or d.get("meeting") or d.get("question") or d.get("metric")
    return c.kind, str(named or _judgment_id(d))


def test_seed_change_list_item_by_item(seed_root: Path) -> None:
    checked = _checked(seed_root, SEED_BRIEF)
    found = diff.between(checked.loaded.brief, checked.corpus, "2013-09-30", "2015-12-01")
    assert {_key(c) for c in found.items} == EXPECTED_SEED_CHANGES
    assert len(found.items) == len(EXPECTED_SEED_CHANGES)
    wg = next(c for c in found.items if c.kind == "meeting-status")
    assert isinstance(wg, changes.MeetingStatusChanged)
    assert (wg.old_status, wg.meeting.status) == ("held", "suspended")


@pytest.fixture(scope="module")
def seed_editions(seed_build: Path) -> dict[str, str]:
    def text(name: str) -> str:
        return flat(" ".join(pdf_pages(seed_build / f"{name}.pdf")))

    return {"2013": text(f"{SEED_BRIEF}--2013-09-30"), "2015": text(SEED_BRIEF)}


def test_2013_edition_reads_as_in_autumn_2013(seed_editions: dict[str, str]) -> None:
    text = seed_editions["2013"]
    assert "As of 30 September 2013" in text
    for present in (
        "8 July 2013",
        "working group",
        "Secretary of State John Kerry",
        "James Lewis",
        "since 8 July 2013",
        "second meeting",
    ):
        assert present in text, present
    for absent in (
        "indict",
        "PLA",
        "People’s Liberation Army",
        "Jeh Johnson",
        "Guo Shengkun",
        "September 2015",
        "state visit",
        "Homeland Security",
        "What changed",
        "Segal",
        "OPM",
        "suspended",
        "Suspended",
    ):
        assert absent not in text, absent


def test_2015_edition_shows_what_changed(seed_editions: dict[str, str]) -> None:
    text = seed_editions["2015"]
    # the short list, after what the memo rests on; the full comparison in Annex B
    start = text.index(
        "What changed since 30 September 2013", text.index("What this memo rests on")
    )
    section = text[start : text.index("Timeline of meetings and events", start)]
    annex = text[text.index("Annex B. What changed, in full") : text.index("Annex C. Notes")]
    for item in (
        "U.S.–China cyber working group: held → suspended",
        "U.S. indicts five PLA officers",
        "Xi Jinping’s state visit",
        "First U.S.–China high-level cyber talks in over a year",
        "What exactly counts as commercial espionage",
        "Will the working group become a substantive and sustained channel? open → answered",
        "over 20 million",
    ):
        assert item in section, item
    # what was there before: old and new side by side, with their sources, in the annex only
    for both in (
        "Was — July 2013: Called the first working-group meeting constructive",
        "Now — September 2015: Pledged with China to",
        "Was — Open, 11 July 2013",
        "Was — Assessment; moderate confidence: The working group is a new channel",
    ):
        assert both in annex and both not in section, both


def test_diff_command_text_and_json(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, seed_root: Path
) -> None:
    monkeypatch.chdir(seed_root)
    assert main(["diff", SEED_BRIEF, "--from", "2013-09-30", "--to", "2015-12-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("What changed from 2013-09-30 to 2015-12-01:")
    assert "Status changed: U.S.–China cyber working group: held → suspended" in out
    assert main(["diff", "--format", "json"]) == 0  # defaults: previous edition → as_of
    data = json.loads(capsys.readouterr().out)
    assert (data["from"], data["to"]) == ("2013-09-30", "2015-12-01")
    assert {
        (
            c["kind"],
            (c.get("actor") and c.get("topic") and f"{c['actor']}/{c['topic']}")
            or c.get("actor")
            or c.get("meeting")
            or c.get("question")
            or c.get("metric")
            or _judgment_id(c),
        )
        for c in data["changes"]
    } == EXPECTED_SEED_CHANGES
    assert main(["diff", "--from", "2015-12-01", "--to", "2013-09-30"]) == 2
    assert main(["diff", "--from", "someday"]) == 2


def test_build_as_of_a_date(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    seed_root: Path,
) -> None:
    monkeypatch.chdir(seed_root)
    assert (
        main(
            ["build", SEED_BRIEF, "--as-of", "2014-12-31", "--format", "html", "-o", str(tmp_path)]
        )
        == 0
    )
    html = flat((tmp_path / f"{SEED_BRIEF}--2014-12-31.html").read_text())
    assert "What changed since 30 September 2013" in html  # the edition before it
    assert "U.S.–China cyber working group: held → suspended" in html
    assert "U.S. indicts five PLA officers" in html and "Guo Shengkun" not in html
    # in mid-2014 the year-dated suspension is not yet surely known: nothing changed
    assert (
        main(["build", SEED_BRIEF, "--as-of", "2014-06", "--format", "html", "-o", str(tmp_path)])
        == 0
    )
    html = flat((tmp_path / f"{SEED_BRIEF}--2014-06.html").read_text())
    changed = re.search(r'<section id="changes".*?</section>', html)
    assert changed and "No claim, judgment or item has changed." in changed.group()
    assert ">What changed since 30 September 2013<" in changed.group()
    assert "since 8 July 2013" in html
    assert main(["build", SEED_BRIEF, "--as-of", "2012-01-01", "-o", str(tmp_path)]) == 1
    assert "no bottom line as of 2012-01-01" in capsys.readouterr().err


def test_seed_editions_in_html(seed_build: Path) -> None:
    import html5lib

    def text(name: str) -> str:
        tree: ET.Element = html5lib.parse(
            (seed_build / f"{name}.html").read_bytes(), namespaceHTMLElements=False
        )
        body = tree.find("body")
        assert body is not None
        return flat(" ".join(body.itertext()))

    old, new = text(f"{SEED_BRIEF}--2013-09-30"), text(SEED_BRIEF)
    assert "As of 30 September 2013" in old and "What changed" not in old
    for absent in ("indict", "Jeh Johnson", "Guo Shengkun", "state visit", "Suspended"):
        assert absent not in old, absent
    assert "What changed since 30 September 2013" in new
    assert "U.S.–China cyber working group: held → suspended" in new
    for present in ("Jeh Johnson", "Guo Shengkun", "state visit", "Suspended"):
        assert present in new, present
