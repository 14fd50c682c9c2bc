"""Messages that teach: ids in plain words wherever one is typed, every file's structural
errors in one run, an unreadable article said once, and the corpus listing's wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen import api
from briefgen.cli import main
from tests.support import MINIMAL_BRIEF, ProjectFactory

ID_WORDS = "use lowercase letters, digits, '-' and '_' (at most 80 characters, starting with"

# (name, command line after --root, the message's tail)
ID_COMMANDS = [
    (
        "corpus add --id",
        [
            "corpus",
            "add",
            "{file}",
            "--id",
            "ABC Cyber Deal",
            "--title",
            "T",
            "--published",
            "2015",
        ],
        "'ABC Cyber Deal' is not a valid id: "
        + ID_WORDS
        + " a letter or digit), e.g. abc-cyber-deal",
    ),
    (
        "new",
        ["new", "Ünïcode Brief!"],
        "'Ünïcode Brief!' is not a valid brief id: "
        + ID_WORDS
        + " a letter or digit), e.g. unicode-brief",
    ),
    (
        "new, nothing to suggest",
        ["new", "???"],
        "'???' is not a valid brief id: " + ID_WORDS + " a letter or digit)",
    ),
]


@pytest.mark.parametrize(("name", "command", "tail"), ID_COMMANDS, ids=[c[0] for c in ID_COMMANDS])
def test_ids_are_explained_in_words_with_an_example(
    make_project: ProjectFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    command: list[str],
    tail: str,
) -> None:
    root = make_project()
    (tmp_path / "a.txt").write_text("Some text.\n")
    argv = [part.replace("{file}", str(tmp_path / "a.txt")) for part in command]
    capsys.readouterr()
    assert main(["--root", str(root), *argv]) == 2
    err = capsys.readouterr().err
    assert err.strip().endswith(tail), err
    assert "[a-z" not in err  # no regular expression


def test_id_in_a_brief_is_explained_with_an_example(make_project: ProjectFactory) -> None:
    root = make_project(brief=MINIMAL_BRIEF.replace("id: talks", "id: Cyber Talks"))
    (problem,) = [d for d in api.check(root).diagnostics if d.is_error]
    assert (problem.location.line, problem.location.column) == (7, 9)
    assert problem.message == (
        "topics[0].id: 'Cyber Talks' is not a valid id: "
        + ID_WORDS
        + " a letter or digit), e.g. cyber-talks"
    )


def test_a_syntax_error_in_one_file_hides_no_other_files_errors(
    make_project: ProjectFactory,
) -> None:
    root = make_project(
        {
            "brief.yaml": MINIMAL_BRIEF + "colour: red\n",
            "actors.yaml": "- id: a\n  name: A\n  kind: persn\n  side: us\n  role: R\n",
            "questions.yaml": "- id: q\n  question: Q: why?\n",
            "metrics.yaml": "- id: m\n  label: M\n  unit: u\n  observations: []\n",
        }
    )
    found = sorted(
        (d.location.path.name, d.location.line, d.location.column, d.message.split(":")[0])
        for d in api.check(root).diagnostics
        if d.is_error
    )
    assert found == [
        ("actors.yaml", 3, 9, "actors[0].kind"),
        ("brief.yaml", 10, 1, "unknown key 'colour' (allowed here"),
        ("metrics.yaml", 4, 17, "metrics[0].observations"),
        ("questions.yaml", 2, 13, "YAML syntax"),
    ]


def test_section_files_are_checked_when_brief_yaml_cannot_be_read(
    make_project: ProjectFactory,
) -> None:
    root = make_project(
        {
            "brief.yaml": "title: [unclosed\n",
            "actors.yaml": "- id: a\n  name: A\n  kind: persn\n  side: us\n  role: R\n",
        },
        brief=None,
    )
    found = [
        (d.location.path.name, d.location.line, d.message.split(":")[0])
        for d in api.check(root).diagnostics
    ]
    assert found == [("actors.yaml", 3, "actors[0].kind"), ("brief.yaml", 1, "YAML syntax")]


def test_an_unreadable_article_is_said_once_not_as_unknown_sources(
    make_project: ProjectFactory,
) -> None:
    cites = "[{source: news, quote: useful}, {source: news, quote: frank}]"
    root = make_project(
        {
            "actors.yaml": f"- id: a\n  name: A\n  kind: person\n  side: us\n  role: R\n"
            f"  cites: {cites}\n"
        }
    )
    article = root / "corpus" / "news.txt"
    article.write_text(article.read_text().replace("title: Article news", "title: [x]"))
    problems = [d for d in api.check(root).diagnostics if d.is_error]
    # the first citation of it is the fixture's bottom line
    assert [(d.location.path.name, d.location.line, d.location.column) for d in problems] == [
        ("brief.yaml", 9, 66),
        ("news.txt", 3, 8),
    ]
    assert problems[0].message == (
        "bottom_line.cites[0].source: the article 'news' could not be read (its errors are "
        "reported at corpus/news.txt); its 3 citations in this brief are checked once it reads"
    )
    assert problems[1].message == "title: expected text, got a list"


def test_sources_says_an_article_is_not_cited(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(articles={"news": "2015-11-30", "unused": "2015-01"})
    assert main(["--root", str(root), "sources"]) == 0
    out = capsys.readouterr().out
    assert "; 3 paragraphs; not cited by any brief" in out
    assert "cited by not cited" not in out


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("actor.yaml", "file ignored (did you mean 'actors.yaml'?)"),
        ("zz.yml", "file ignored (brief files are brief.yaml and actors.yaml, "),
    ],
)
def test_a_stray_file_in_a_brief_is_named_with_what_was_meant(
    make_project: ProjectFactory, name: str, says: str
) -> None:
    root = make_project({name: "[]\n"})
    found = [d for d in api.check(root).diagnostics if d.location.path.name == name]
    assert [(d.is_error, d.location.line) for d in found] == [(False, 1)]
    assert says in found[0].message, found[0].message
