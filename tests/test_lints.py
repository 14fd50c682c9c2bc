"""Claim-support checks: each lint fires on a claim that says more than its passage, at the
claim's YAML line, and stays quiet on its faithful twin — the same passage, faithfully
worded. Plus judgment discipline (ICD 203) and the reasons a claim may be kept."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from briefgen import api
from briefgen.diagnostics import Diagnostic
from tests.support import MINIMAL_BRIEF, ProjectFactory

WIRE = """\
---
id: wire
title: Talks to resume
author: A. Reporter
publisher: Example Wire
published: 2015-11-30
published_basis: stated
---
Minister Li Wei said the talks would probably resume in March.

“We will sign the accord,” said Li Wei, the trade minister.

Several unnamed officials told The Post that the army had cut its hacking.

The accord covers 12 companies and took effect on 4 May. Separately, Marine units stood down.
"""

OTHER = """\
---
id: other
title: The accord
author: null
publisher: Other Daily
published: 2015-11
published_basis: stated
---
The accord covers 12 companies.
"""

UNKNOWN = """\
---
id: unknown
title: An undated report
author: null
publisher: null
published: 2015-11
published_basis: inferred
provenance: {published: the month of the events it reports}
---
The accord covers 12 companies.
"""

ACTORS = """\
- id: li-wei
  name: Li Wei
  kind: person
  side: china
  role: Trade minister
  cites: [{source: wire, quote: "Li Wei, the trade minister"}]
- id: army
  name: The army
  aliases: [the army]
  kind: organization
  side: china
  role: The armed forces
- id: officials
  name: Unnamed officials
  aliases: [Several unnamed officials]
  kind: person
  side: us
  role: Officials who spoke to The Post
  cites: [{source: wire, quote: Several unnamed officials told The Post}]
"""
#: The line of a position added under an actor below (its "- topic" line).
POSITION_LINE = 21


def _project(make_project: ProjectFactory, files: dict[str, str], brief: str = "") -> Path:
    root = make_project(files, brief=MINIMAL_BRIEF + textwrap.dedent(brief))
    for article_id, text in (("wire", WIRE), ("other", OTHER), ("unknown", UNKNOWN)):
        (root / "corpus" / f"{article_id}.txt").write_text(text, encoding="utf-8")
    return root


def _warnings(root: Path) -> list[Diagnostic]:
    result = api.check(root)
    assert result.ok, [d.format() for d in result.errors]
    return [d for d in result.diagnostics if not d.is_error and "has no citation" not in d.message]


def _with_position(actor: str, stance: str, quote: str) -> str:
    """actors.yaml with a position of `actor` (its claim on line POSITION_LINE): the
    actors are reordered so that `actor` comes last."""
    entries = ["- id: " + e for e in ACTORS.split("- id: ")[1:]]
    entries.sort(key=lambda e: e.startswith(f"- id: {actor}\n"))
    position = (
        f'  positions:\n    - topic: talks\n      as_of: 2015-11\n      stance: "{stance}"\n'
        f'      cites: [{{source: wire, quote: "{quote}"}}]\n'
    )
    return "".join(entries) + position


#: (the actor whose position it is, its stance, the quote it cites, what the warning says);
#: None: the faithful twin — the same passage, faithfully worded — draws no warning.
POSITIONS = [
    # attribution: the passage is unnamed officials' account of the army
    ("army", "Cut its hacking.", "the army had cut its hacking",
     "attribution: its passage reports what Several unnamed officials told"),
    ("officials", "The army cut its hacking.", "the army had cut its hacking", None),
    # attribution: the reporter's own words name no one
    ("li-wei", "The accord covers twelve firms.", "The accord covers 12 companies",
     "attribution: its passage does not name Li Wei as the one who holds it"),
    ("li-wei", "Will sign the accord.", "We will sign the accord", None),
    # a link's address is not the claim's: its digits are no unsupported number
    ("li-wei", "Will sign the [accord](https://example.org/2016/7/accord).",
     "We will sign the accord", None),
    # hedge: the minister said "probably"
    ("li-wei", "The talks will resume in March.",
     "Minister Li Wei said the talks would probably resume in March",
     "hedge: its passage hedges (“probably”) but the claim states it flat"),
    ("li-wei", "The talks will probably resume in March.",
     "Minister Li Wei said the talks would probably resume in March", None),
    ("li-wei", "Expects the talks to resume in March.",
     "Minister Li Wei said the talks would probably resume in March", None),
]  # fmt: skip


@pytest.mark.parametrize(("actor", "stance", "quote", "says"), POSITIONS)
def test_claim_support_lints_on_positions(
    make_project: ProjectFactory, actor: str, stance: str, quote: str, says: str | None
) -> None:
    root = _project(make_project, {"actors.yaml": _with_position(actor, stance, quote)})
    found = _warnings(root)
    if says is None:
        assert found == [], [d.format() for d in found]
        return
    lint, _, words = says.partition(": ")
    (d,) = found
    assert (d.location.path.name, d.location.line) == ("actors.yaml", POSITION_LINE)
    assert d.message.startswith("actors[2].positions[0]: ") and words in d.message
    assert f"keep: {{{lint}: …}}" in d.message  # how to keep it deliberately


METRIC = """\
- id: firms
  label: Companies the accord covers
  unit: companies
  observations:
    - as_of: {as_of}
      value: {value}
      display: {display}
      cites: [{{source: wire, quote: {quote}}}]
"""

#: A metric observation: (as_of, value, display, quote, what the warning says, or None).
OBSERVATIONS = [
    # a number the passage does not give
    ("2015-11", 15, "15 companies", "The accord covers 12 companies",
     "it gives “15”, which none of its passages does"),
    ("2015-11", 12, "12 companies", "The accord covers 12 companies", None),
    # a name it does not give
    ("2015-11", 12, "12 companies in Geneva", "The accord covers 12 companies",
     "it gives “Geneva”"),
    # a day it does not give
    ("2015-05-05", 12, "12 companies", "took effect on 4 May",
     "its as_of 2015-05-05 gives the day, but no passage does"),
    ("2015-05-04", 12, "12 companies", "took effect on 4 May", None),
    ("2015-11-30", 12, "12 companies", "took effect on 4 May", None),  # the article's date
    # a month it does not give ("Separately" and "Marine" are no Sept. or March)
    ("2015-09", 12, "12 companies", "The accord covers 12 companies",
     "its as_of 2015-09 gives the month, but no passage does"),
    ("2015-03", 12, "12 companies", "The accord covers 12 companies",
     "its as_of 2015-03 gives the month, but no passage does"),
    ("2015-05", 12, "12 companies", "The accord covers 12 companies", None),
]  # fmt: skip


@pytest.mark.parametrize(("as_of", "value", "display", "quote", "says"), OBSERVATIONS)
def test_specifics_on_figures(
    make_project: ProjectFactory,
    as_of: str,
    value: int,
    display: str,
    quote: str,
    says: str | None,
) -> None:
    metric = METRIC.format(as_of=as_of, value=value, display=display, quote=quote)
    root = _project(make_project, {"metrics.yaml": metric})
    found = [d for d in _warnings(root) if d.location.path.name == "metrics.yaml"]
    if says is None:
        assert found == [], [d.format() for d in found]
    else:
        (d,) = found
        assert d.location.line == 5 and says in d.message, d.format()


#: Key judgments: (the judgment's YAML, what the warning says, or None).
JUDGMENTS = [
    # single source: one article; the twin cites two independent ones
    ("{text: The accord covers 12 companies., kind: assessment, confidence: moderate,"
     " cites: [{source: wire, quote: The accord covers 12 companies}]}",
     "it rests on a single source ('wire')"),
    ("{text: The accord covers 12 companies., kind: assessment, confidence: moderate,"
     " cites: [{source: wire, quote: The accord covers 12 companies},"
     " {source: other, quote: The accord covers 12 companies}]}", None),
    # confidence: high on a source of unknown publisher and inferred date
    ("{text: The accord covers 12 companies., kind: assessment, confidence: high,"
     " cites: [{source: wire, quote: The accord covers 12 companies},"
     " {source: unknown, quote: The accord covers 12 companies}]}",
     "high confidence rests on a source whose origin is not known: 'unknown' (publisher, "
     "date not known)"),
    ("{text: The accord covers 12 companies., kind: assessment, confidence: high,"
     " cites: [{source: wire, quote: The accord covers 12 companies},"
     " {source: other, quote: The accord covers 12 companies}]}", None),
    # hedge: "almost certain" on "probably"; the twin says "likely"
    ("{text: The talks will resume in March., kind: forecast, likelihood: almost certain,"
     " horizon: 2016-03, confidence: moderate, cites: [{source: wire, quote: Minister Li Wei"
     " said the talks would probably resume in March}, {source: other, quote: The accord}]}",
     None),
    # a reason to keep: the warning goes, the reason is printed in the memo's note
    ("{text: The accord covers 12 companies., kind: assessment, confidence: moderate,"
     " cites: [{source: wire, quote: The accord covers 12 companies}],"
     " keep: {single_source: Only the wire reported the accord.}}", None),
    ("{text: The accord covers 12 companies., kind: assessment, confidence: moderate,"
     " cites: [{source: wire, quote: The accord covers 12 companies},"
     " {source: other, quote: The accord covers 12 companies}],"
     " keep: {single_source: Only the wire reported the accord.}}",
     "keep.single_source: nothing to keep"),
]  # fmt: skip


@pytest.mark.parametrize(("judgment", "says"), JUDGMENTS)
def test_claim_support_lints_on_judgments(
    make_project: ProjectFactory, judgment: str, says: str | None
) -> None:
    root = _project(make_project, {}, f"key_judgments:\n  - {judgment}\n")
    found = [d for d in _warnings(root) if d.location.path.name == "brief.yaml"]
    if says is None:
        assert found == [], [d.format() for d in found]
    else:
        (d,) = found
        assert d.location.line in (10, 11) and says in d.message, d.format()


#: Judgment discipline: (the judgment's YAML, the error).
MALFORMED = [
    ("{text: T., kind: forecast, confidence: low, horizon: 2016}", "a forecast needs a likelihood"),
    ("{text: T., kind: forecast, confidence: low, likelihood: likely}",
     "a forecast needs a horizon"),
    ("{text: T., kind: forecast, confidence: low, likelihood: likely, horizon: 2015-06}",
     "horizon: 2015-06 is not after the judgment was made"),
    ("{text: T., kind: assessment, confidence: low, likelihood: likely}",
     "an assessment (a judgment about what is) takes no likelihood"),
    ("{text: T., confidence: low}", "missing required key 'kind'"),
    ("{text: T., kind: guess, confidence: low}", "'guess' is not allowed here"),
    ("{text: T., kind: assessment, confidence: low, as_of: 2014-06}",
     "2014-06 is not an edition of this brief"),
]  # fmt: skip


@pytest.mark.parametrize(("judgment", "says"), MALFORMED)
def test_judgments_say_what_they_are(
    make_project: ProjectFactory, judgment: str, says: str
) -> None:
    root = _project(make_project, {}, f"key_judgments:\n  - {judgment}\n")
    errors = api.check(root).errors
    assert any(says in d.message for d in errors), [d.format() for d in errors]
    assert all(d.location.path.name == "brief.yaml" for d in errors)


def test_every_check_can_be_kept_remedied_and_named() -> None:
    """A claim-support check added in one place is added in all: a `keep` reason for it in
    the brief format, a remedy in its warning, and a label in the memo's note."""
    from briefgen.model import lints, schema
    from briefgen.render.notes import KEPT_AS

    checks = set(lints.CHECKS)
    assert set(schema.Keep.model_fields) == checks
    assert set(lints.REMEDIES) == checks
    assert set(KEPT_AS) == checks
