"""YAML read as YAML 1.2 means: numbers by the core schema, text kept as written, figures
a memo can print, and syntax errors explained in plain words with the likely fix."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from briefgen import api
from briefgen.cli import main
from briefgen.model.yamlsource import read_yaml
from tests.support import MINIMAL_BRIEF, ProjectFactory

# (written, what a text field gets, what a number field gets or None if it is not a number)
SCALARS = [
    ("010", "010", 10),  # YAML 1.1: octal 8
    ("1:30", "1:30", None),  # YAML 1.1: sexagesimal 90
    ("1_000", "1_000", None),  # YAML 1.1: 1000
    ("1_0.5", "1_0.5", None),  # YAML 1.1: 10.5
    ("0o17", "0o17", 15),
    ("0x1F", "0x1F", 31),
    ("1e3", "1e3", 1000.0),
    ("12.50", "12.50", 12.5),
    ("+12", "+12", 12),
    ("0b101", "0b101", None),  # YAML 1.1: binary 5
    ("2015-09-25", "2015-09-25", None),  # YAML 1.1: a datetime
    ("no", "no", None),  # YAML 1.1: false
]


@pytest.mark.parametrize(("written", "text", "number"), SCALARS, ids=[s[0] for s in SCALARS])
def test_scalars_resolve_by_the_yaml_1_2_core_schema(
    tmp_path: Path, written: str, text: str, number: float | None
) -> None:
    doc, problems = read_yaml(tmp_path / "x.yaml", text=f"a: {written}\n")
    assert problems == []
    value = doc.value["a"]
    assert str(value) == text == f"{value}"
    assert str(pickle.loads(pickle.dumps(value))) == text  # a copy keeps the spelling
    if number is None:
        assert isinstance(value, str)
    else:
        assert value == number and not isinstance(value, str)


def test_a_number_where_text_is_expected_keeps_its_spelling(make_project: ProjectFactory) -> None:
    brief = MINIMAL_BRIEF.replace("marking: UNCLASSIFIED", "marking: 010").replace(
        "prepared_by: Tests", "prepared_by: 1e3"
    )
    result = api.check(make_project(brief=brief))
    assert result.ok, [d.format() for d in result.diagnostics]
    loaded = result.briefs["test"].loaded.brief
    assert (loaded.marking, loaded.prepared_by) == ("010", "1e3")


def _metric(value: str) -> str:
    """A metrics.yaml whose one observation's value stands on line 6, column 14."""
    return (
        "- id: m\n  label: M\n  unit: things\n  observations:\n    - as_of: 2015\n"
        f"      value: {value}\n      cites: [{{source: news, quote: useful}}]\n"
    )


# (value as written, words the error says)
BAD_FIGURES = [
    (".nan", ["'.nan' is not a figure", "finite number"]),
    (".NaN", ["'.NaN' is not a figure"]),
    (".inf", ["'.inf' is not a figure"]),
    ("-.inf", ["'-.inf' is not a figure"]),
    ("1e308", ["1e308 is too large", "1,000,000,000,000,000", "larger unit"]),
    ("-2e15", ["-2e15 is too large"]),
    ("1_000", ["expected a number, got the text '1_000'"]),
    ("1:30", ["expected a number, got the text '1:30'"]),
]


@pytest.mark.parametrize(("value", "words"), BAD_FIGURES, ids=[b[0] for b in BAD_FIGURES])
def test_metric_values_must_be_printable_figures(
    make_project: ProjectFactory, value: str, words: list[str]
) -> None:
    root = make_project({"metrics.yaml": _metric(value)})
    (problem,) = [d for d in api.check(root).diagnostics if d.is_error]
    assert (problem.location.path.name, problem.location.line, problem.location.column) == (
        "metrics.yaml",
        6,
        14,
    )
    assert problem.message.startswith("metrics[0].observations[0].value: ")
    for word in words:
        assert word in problem.message, problem.message


def test_largest_figure_prints_in_full(make_project: ProjectFactory) -> None:
    root = make_project({"metrics.yaml": _metric("1e15")})
    result = api.check(root)
    assert result.ok
    (metric,) = result.briefs["test"].loaded.brief.metrics
    assert metric.observations[0].wording() == "1,000,000,000,000,000"


def test_diff_json_never_prints_nan(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project({"metrics.yaml": _metric(".nan")})
    assert main(["--root", str(root), "diff", "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert "NaN" not in out
    root = make_project({"metrics.yaml": _metric("12")})
    assert main(["--root", str(root), "diff", "--format", "json", "--from", "2014"]) == 0
    json.loads(capsys.readouterr().out, parse_constant=lambda name: pytest.fail(name))


# --- syntax errors in plain words -------------------------------------------------------------

ACTOR_HEAD = "- id: a\n  name: A\n  kind: person\n  side: us\n  role: R\n"
NEW_ACTORS = (  # what `briefgen new` writes, with its example uncommented below the `[]`
    "# Actors: people, organizations and governments.\n[]\n"
    "- id: a-person\n  name: A. Person\n  kind: person\n  side: us\n  role: Minister\n"
)

# (name, actors.yaml text, line, column, the whole message)
SYNTAX_CASES = [
    (
        "colon in text",
        ACTOR_HEAD + "  positions:\n    - topic: talks\n      as_of: 2015\n"
        "      stance: Rogers said: the deal is worthless\n",
        9,
        15,
        "YAML syntax: a ': ' inside unquoted text starts a new key; put the text in quotes: "
        'stance: "Rogers said: the deal is worthless"',
    ),
    (
        "leftover []",
        NEW_ACTORS,
        2,
        1,
        "YAML syntax: this '[]' says the file has no entries, but entries follow at line 3: "
        "delete the '[]' line",
    ),
    (
        "tab",
        ACTOR_HEAD.replace("  role: R", "\trole: R"),
        5,
        1,
        "YAML syntax: a tab is used for indentation; YAML indents with spaces only: "
        "replace the tab with spaces",
    ),
    (
        "unclosed double quote",
        ACTOR_HEAD.replace("role: R", 'role: "Minister\n  cites: []'),
        5,
        9,
        'YAML syntax: this " is never closed: end the text with " '
        '(a " inside the text is written \\")',
    ),
    (
        "unclosed single quote",
        ACTOR_HEAD.replace("name: A", "name: 'A"),
        2,
        9,
        "YAML syntax: this ' is never closed: end the text with ' "
        "(a ' inside the text is written '')",
    ),
    (
        "unclosed bracket",
        ACTOR_HEAD + "  cites: [{source: news, quote: useful}\n",
        6,
        10,
        "YAML syntax: this '[' is never closed: end it with ']' "
        "(if the text starts with '[', put it in quotes)",
    ),
    (
        "text starting with a bracket",
        ACTOR_HEAD + "  cites:\n    - source: news\n      quote: [i]n private, they\n",
        8,
        14,
        "YAML syntax: text cannot start with '[' unquoted (YAML reads it as the start of a "
        'list); put the text in quotes: quote: "[i]n private, they"',
    ),
    (
        "quotes inside quoted text",
        ACTOR_HEAD.replace("role: R", 'role: "The "best" minister"'),
        5,
        9,
        'YAML syntax: the text starts with ", and more text follows where that quote closes; '
        'put the text in quotes: role: "The \\"best\\" minister"',
    ),
    (
        "markdown emphasis first",
        ACTOR_HEAD.replace("role: R", "role: *Acting* minister"),
        5,
        9,
        "YAML syntax: text cannot start with '*' unquoted (YAML reads it as an alias, a "
        'reference to an anchor); put the text in quotes: role: "*Acting* minister"',
    ),
    (
        "indentation",
        ACTOR_HEAD.replace("  role: R", " role: R"),
        5,
        2,
        "YAML syntax: this line does not line up with the lines above it; YAML reads "
        "structure from indentation: indent it as far as the entries it belongs with",
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "line", "column", "message"), SYNTAX_CASES, ids=[c[0] for c in SYNTAX_CASES]
)
def test_syntax_errors_say_what_to_type(
    make_project: ProjectFactory, name: str, text: str, line: int, column: int, message: str
) -> None:
    root = make_project({"actors.yaml": text})
    (problem,) = [d for d in api.check(root).diagnostics if d.is_error]
    assert (problem.location.path.name, problem.location.line, problem.location.column) == (
        "actors.yaml",
        line,
        column,
    ), problem.format()
    assert problem.message == message
