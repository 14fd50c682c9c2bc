"""Each diagnostic `briefgen check` promises, on a small fixture brief made for it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefgen import api
from briefgen.cli import main
from briefgen.diagnostics import Diagnostic
from tests.support import MINIMAL_BRIEF, ProjectFactory


def run_check(root: Path) -> list[Diagnostic]:
    return api.check(root).diagnostics


def only(diagnostics: list[Diagnostic], severity: str = "error") -> Diagnostic:
    found = [d for d in diagnostics if d.severity.value == severity]
    assert len(found) == 1, "\n".join(d.format() for d in diagnostics)
    return found[0]


ACTOR = """\
- id: minister
  name: The Minister
  kind: person
  side: china
  role: Minister
  cites:
    - source: news
      quote: The minister said
  positions:
    - topic: {topic}
      as_of: {as_of}
      stance: Talks are useful.
      cites:
        - source: {source}
          quote: {quote}
"""


def actor(
    topic: str = "talks",
    as_of: str = "2015-11",
    source: str = "news",
    quote: str = "useful and…frank",
) -> str:
    """An actors.yaml entry; the position's citation stands on line 15, its quote at col 18."""
    return ACTOR.format(topic=topic, as_of=as_of, source=source, quote=quote)


def test_clean_fixture_has_no_diagnostics(make_project: ProjectFactory) -> None:
    root = make_project({"actors.yaml": actor()})
    assert run_check(root) == []


# (name, file, text, expected line, expected column, words in the message)
STRUCTURE_CASES = [
    (
        "yaml syntax",
        "brief.yaml",
        MINIMAL_BRIEF + "audience: [unclosed\n",
        10,
        11,
        ["YAML syntax", "this '[' is never closed"],
    ),
    (
        "impossible date",
        "brief.yaml",
        MINIMAL_BRIEF.replace("2015-12-01", "2015-13-45"),
        2,
        8,
        ["as_of", "'2015-13-45' is not a date", "month 13"],
    ),
    (
        "day out of range",
        "brief.yaml",
        MINIMAL_BRIEF.replace("2015-12-01", "2015-02-30"),
        2,
        8,
        ["February 2015 has days 1-28"],
    ),
    (
        "invalid date text",
        "brief.yaml",
        MINIMAL_BRIEF.replace("2015-12-01", "last week"),
        2,
        8,
        ["'last week' is not a date", "YYYY-MM-DD"],
    ),
    (
        "duplicate key",
        "brief.yaml",
        MINIMAL_BRIEF + "title: Another title\n",
        10,
        1,
        ["duplicate key 'title'", "first at line 1", "lost"],
    ),
    (
        "unknown key",
        "brief.yaml",
        MINIMAL_BRIEF + "bottom_lines: x\n",
        10,
        1,
        ["unknown key 'bottom_lines'", "did you mean 'bottom_line'?"],
    ),
    (
        "wrong type",
        "brief.yaml",
        MINIMAL_BRIEF.replace("title: Test brief", "title: [a, b]"),
        1,
        8,
        ["title", "expected text, got a list"],
    ),
    (
        "missing key",
        "brief.yaml",
        MINIMAL_BRIEF.replace("marking: UNCLASSIFIED\n", ""),
        1,
        1,
        ["missing required key 'marking'"],
    ),
    (
        "bad enum",
        "actors.yaml",
        actor().replace("kind: person", "kind: persn"),
        3,
        9,
        [
            "actors[0].kind",
            "'persn' is not allowed",
            "did you mean 'person'?",
            "person, organization, government",
        ],
    ),
    (
        "bad confidence",
        "brief.yaml",
        MINIMAL_BRIEF
        + "key_judgments:\n  - text: x\n    confidence: certain\n    kind: assessment\n",
        12,
        17,
        ["low, moderate, high"],
    ),
    (
        "bad likelihood",
        "brief.yaml",
        MINIMAL_BRIEF + "key_judgments:\n  - text: x\n"
        "    confidence: low\n    likelihood: probable\n    kind: forecast\n",
        13,
        17,
        ["almost no chance", "roughly even chance", "almost certain"],
    ),
    ("section file not a list", "actors.yaml", "id: x\n", 1, 1, ["must be a list"]),
    (
        "invalid id",
        "actors.yaml",
        actor().replace("id: minister", "id: The Minister"),
        1,
        7,
        ["not a valid id"],
    ),
]


@pytest.mark.parametrize(
    ("name", "file", "text", "line", "column", "words"),
    STRUCTURE_CASES,
    ids=[c[0] for c in STRUCTURE_CASES],
)
def test_structure_diagnostics(
    make_project: ProjectFactory,
    name: str,
    file: str,
    text: str,
    line: int,
    column: int,
    words: list[str],
) -> None:
    files = {file: text}
    root = make_project(files, brief=None if file == "brief.yaml" else MINIMAL_BRIEF)
    if file == "brief.yaml":
        (root / "briefs/test/brief.yaml").write_text(text, encoding="utf-8")
    d = only(run_check(root))
    assert d.location.path.name == file
    assert (d.location.line, d.location.column) == (line, column), d.format()
    for word in words:
        assert word in d.message, d.format()


def test_yes_and_no_stay_words(make_project: ProjectFactory) -> None:
    # YAML 1.1 would read `no` as false and lose the analyst's word
    root = make_project(brief=MINIMAL_BRIEF.replace("text: The talks were **useful**.", "text: no"))
    assert run_check(root) == []
    assert api.check(root).briefs["test"].loaded.brief.bottom_line.text == "no"


def test_alias_bomb_is_refused_not_walked(make_project: ProjectFactory) -> None:
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        bomb.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 10)}]")
    root = make_project({"brief.yaml": MINIMAL_BRIEF + "\n".join(bomb) + "\n"})
    d = only(run_check(root))
    assert "expands to more than" in d.message and "aliases" in d.message


def test_structure_errors_collected_across_files(make_project: ProjectFactory) -> None:
    root = make_project(
        {
            "brief.yaml": MINIMAL_BRIEF + "colour: red\n",
            "actors.yaml": actor().replace("kind: person", "kind: planet"),
            "metrics.yaml": "- id: m\n  label: M\n  unit: u\n  observations:\n"
            "    - as_of: 2015\n      value: lots\n",
        }
    )
    errors = [d for d in run_check(root) if d.is_error]
    assert {d.location.path.name for d in errors} == {"brief.yaml", "actors.yaml", "metrics.yaml"}
    assert any("expected a number" in d.message for d in errors)


def test_section_in_both_places(make_project: ProjectFactory) -> None:
    root = make_project({"brief.yaml": MINIMAL_BRIEF + "actors: []\n", "actors.yaml": actor()})
    d = only(run_check(root))
    assert "both here and in actors.yaml" in d.message
    assert d.location.path.name == "brief.yaml" and d.location.line == 10


def test_duplicate_ids(make_project: ProjectFactory) -> None:
    root = make_project({"actors.yaml": actor() + actor()})
    d = only(run_check(root))
    assert "duplicate id 'minister'" in d.message and "first used at actors.yaml:1" in d.message
    assert d.location.line == 1 + actor().count("\n")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (actor(topic="talk"), ["unknown topic 'talk'", "did you mean 'talks'?"]),
        (actor() + "", []),
    ],
)
def test_unknown_topic(make_project: ProjectFactory, text: str, words: list[str]) -> None:
    root = make_project({"actors.yaml": text})
    diagnostics = run_check(root)
    if not words:
        assert diagnostics == []
        return
    d = only(diagnostics)
    for word in words:
        assert word in d.message
    assert d.location.line == 10


def test_an_actor_takes_one_of_the_declared_sides(make_project: ProjectFactory) -> None:
    """A brief declares its own sides; an actor's side must be one of them."""
    sides = "sides:\n  - {id: north, title: The North}\n  - {id: south, title: The South}\n"
    root = make_project(
        {"brief.yaml": MINIMAL_BRIEF + sides, "actors.yaml": actor().replace("china", "nort")}
    )
    d = only(run_check(root))
    assert "actors[0].side: unknown side 'nort'" in d.message
    assert "did you mean 'north'?" in d.message and "declared in brief.yaml" in d.message
    assert (d.location.line, d.location.column) == (4, 9)
    fixed = make_project(
        {"brief.yaml": MINIMAL_BRIEF + sides, "actors.yaml": actor().replace("china", "north")}
    )
    assert run_check(fixed) == []


def test_unknown_actor_meeting_and_source(make_project: ProjectFactory) -> None:
    meeting = """\
    - id: round-one
      title: Round one
      date: 2015-11-02
      status: held
      participants: [minister, ministre]
      summary: They met.
      cites:
        - source: newz
          quote: useful
    """
    question = """\
    - id: q
      question: Will it last?
      why_it_matters: Because.
      raised_at: round-two
      status_history:
        - as_of: 2015-11
          status: open
          note: Nobody knows.
          cites:
            - source: news
              quote: expect[s]
    """
    root = make_project(
        {"actors.yaml": actor(), "meetings.yaml": meeting, "questions.yaml": question}
    )
    messages = sorted(d.message for d in run_check(root) if d.is_error)
    assert len(messages) == 3, messages
    assert any(
        "unknown actor 'ministre'" in m and "did you mean 'minister'?" in m for m in messages
    )
    assert any("unknown source 'newz'" in m and "did you mean 'news'?" in m for m in messages)
    assert any("unknown meeting 'round-two'" in m and "round-one" in m for m in messages)


def test_quote_not_in_source_gives_closest_passage(make_project: ProjectFactory) -> None:
    root = make_project({"actors.yaml": actor(quote="useful and...candid")})
    d = only(run_check(root))
    assert d.location.path.name == "actors.yaml"
    assert d.location.line == 15 and d.location.column == 18
    assert "quote not found in 'news'" in d.message
    assert "closest passage, paragraph 1" in d.message
    assert "% similar" in d.message
    assert "ellipsis" in d.message


#: A quote that does not stand in its source, and what the message must show the analyst:
#: the fixture article's paragraph 1 reads "The minister said the talks were “useful
#: and…frank” and that both sides ‘expect[s]’ more."
QUOTE_MESSAGES = [
    # a near miss: the word that differs
    ("the talks were “useful and…fronk”", ["closest passage, paragraph 1", "fronk”” where"]),
    ("the talks were very “useful and…frank”", ["“very” is not in the source"]),
    # across two paragraphs
    ("‘expect[s]’ more. A second paragraph", ["runs from paragraph 1 into paragraph 2"]),
    # mid-word, an elision dropping a negation, one-word parts
    ("inister said the talks", ["cuts a word of the source in two (“minister"]),
    ("[i]n private, they … disavowing it anymore", ["paragraph 3", "leaves out “n't”"]),
    ("The minister said … were", ["two words or more", "“were”"]),
]


@pytest.mark.parametrize(("quote", "says"), QUOTE_MESSAGES)
def test_quote_messages_say_what_is_wrong_at_the_quote(
    make_project: ProjectFactory, quote: str, says: list[str]
) -> None:
    root = make_project({"actors.yaml": actor(quote=quote.replace('"', '\\"').join('""'))})
    d = only(run_check(root))
    assert (d.location.path.name, d.location.line, d.location.column) == ("actors.yaml", 15, 18)
    for words in says:
        assert words in d.message


def test_quote_found_in_another_article(make_project: ProjectFactory) -> None:
    root = make_project(
        {"actors.yaml": actor(source="other")},
        articles={"news": "2015-11-30", "other": "2015-11-29"},
    )
    other = root / "corpus" / "other.txt"
    other.write_text(other.read_text().replace("useful and…frank", "productive"))
    d = only(run_check(root))
    assert "it is in 'news' paragraph 1" in d.message
    assert "did you mean source: news?" in d.message


def test_resolved_citation_knows_paragraph_and_span(make_project: ProjectFactory) -> None:
    root = make_project({"actors.yaml": actor()})
    checked = api.check(root).briefs["test"]
    match = checked.resolution[checked.loaded.brief.actors[0].positions[0].cites[0]]
    assert match.paragraph == 1
    ((start, end),) = match.spans
    assert "The minister said the talks were “useful and…frank”"[start:end] == "useful and…frank"


def test_warnings(make_project: ProjectFactory) -> None:
    late_actor = actor(as_of="2016-01")
    uncited = (
        "- id: q\n  question: Q?\n  why_it_matters: W.\n  status_history:\n"
        "    - as_of: 2015-12\n      status: open\n      note: N.\n"
    )
    root = make_project(
        {"actors.yaml": late_actor, "questions.yaml": uncited}, articles={"news": "2016-02-01"}
    )
    result = api.check(root)
    assert result.ok, "warnings alone do not fail a check"
    messages = [d.message for d in result.diagnostics]
    assert all(not d.is_error for d in result.diagnostics)
    assert any("dated 2016-01, after the brief's as_of 2015-12-01" in m for m in messages)
    assert any("has no citation" in m and "question 'q'" in m for m in messages)
    assert any("'news' was published 2016-02-01, after the brief's as_of" in m for m in messages)


def test_partial_date_in_same_span_is_not_after(make_project: ProjectFactory) -> None:
    # a `2015` position is not surely after a 2015-12-01 brief: no warning
    root = make_project({"actors.yaml": actor(as_of="2015")})
    assert run_check(root) == []


def test_meeting_dates(make_project: ProjectFactory) -> None:
    base = (
        "- id: m\n  title: M\n  status: held\n  summary: S.\n  cites:\n"
        "    - source: news\n      quote: useful\n"
    )
    cases = {
        "date: 2015-11-02\n  start: 2015-11-01\n  end: 2015-11-02\n": "not both",
        "start: 2015-11-01\n": "missing end",
        "start: 2015-11-05\n  end: 2015-11-02\n": "is before the start",
    }
    for dates, words in cases.items():
        root = make_project({"meetings.yaml": base.replace("  status", "  " + dates + "  status")})
        d = only(run_check(root))
        assert words in d.message


# --- the command line ------------------------------------------------------------------------


def test_cli_exit_codes_and_format(
    make_project: ProjectFactory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_project({"actors.yaml": actor(topic="talk")})
    monkeypatch.chdir(root)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert (
        "briefs/test/actors.yaml:10:14: error: actors[0].positions[0].topic: unknown topic" in err
    )
    assert "checked 1 brief: 1 error, 0 warnings" in err
    assert main(["check", "nope"]) == 2
    assert "no brief 'nope'" in capsys.readouterr().err
    assert main(["check", "--bogus"]) == 2


def test_cli_on_project_elsewhere(
    make_project: ProjectFactory,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_project({"actors.yaml": actor()})
    monkeypatch.chdir(tmp_path)
    assert main(["--root", str(root), "check", "test"]) == 0
    assert main(["check"]) == 2  # no briefs/ here
    assert "not a briefgen project" in capsys.readouterr().err


def test_no_traceback_reaches_the_user(make_project: ProjectFactory) -> None:
    # PyYAML's own date constructor raises a bare ValueError on this; we must not
    root = make_project(
        brief=MINIMAL_BRIEF.replace("as_of: 2015-12-01", "as_of: !!timestamp 2015-13-45")
    )
    proc = subprocess.run(
        [sys.executable, "-m", "briefgen", "check"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "brief.yaml:2:" in proc.stderr


def test_seed_brief_checks_clean(capsys: pytest.CaptureFixture[str]) -> None:
    result = api.check(Path(__file__).resolve().parent.parent)
    assert [d.format() for d in result.diagnostics] == []
    assert "us-china-cyber-talks" in result.briefs
