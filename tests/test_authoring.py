"""Authoring tools: cite, sources, new, schema, check --format, corpus add."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from briefgen import api
from briefgen.authoring import search
from briefgen.cli import main
from briefgen.errors import UsageError
from briefgen.model.corpus import Corpus, load_corpus
from briefgen.model.yamlsource import read_yaml
from tests.support import ARTICLE, REPO, SEED_BRIEF, ProjectFactory, without_lints


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    corpus, _ = load_corpus(REPO / "corpus")
    return corpus


def test_cite_finds_exact_passages_by_the_checkers_rules(corpus: Corpus) -> None:
    # straight quotes and three dots for the source's curly quotes and ellipsis
    hits = search.search(
        corpus, "expect[s] this meeting will be the start of substantive and...sustained"
    )
    assert [(h.article.id, h.paragraph, h.exact) for h in hits] == [
        ("act-2013-us-china-meet", 2, True)
    ]
    assert hits[0].quote == (
        "expect[s] this meeting will be the start of substantive and…sustained"
    )


def test_cite_ranks_near_passages_and_prints_a_citation_that_checks(
    corpus: Corpus, make_project: ProjectFactory
) -> None:
    hits = search.search(corpus, "talking is better than not talking", "talks-preview-2015")
    best = hits[0]
    assert (best.paragraph, best.exact) == (3, False) and best.score > 90
    assert best.quote == "“Talking is better than not talking.”"
    pasted = yaml.safe_load(best.citation_yaml())["cites"][0]
    # the printed citation, pasted into a brief, passes the checker
    root = make_project(
        {
            "questions.yaml": yaml.safe_dump(
                [
                    {
                        "id": "q",
                        "question": "Q?",
                        "why_it_matters": "W.",
                        "status_history": [
                            {"as_of": "2015-11", "status": "open", "note": "N.", "cites": [pasted]}
                        ],
                    }
                ],
                allow_unicode=True,
            )
        },
    )
    for name in ("talks-preview-2015.txt",):
        (root / "corpus" / name).write_text((REPO / "corpus" / name).read_text())
    assert without_lints(api.check(root).diagnostics) == []


def test_cite_ignores_common_words_and_scores_what_it_finds(corpus: Corpus) -> None:
    with pytest.raises(UsageError, match="only common words"):
        search.search(corpus, "the the the")
    (best,) = search.search(corpus, "fueled scepticism about the agreement", limit=1)
    assert best.paragraph == 13 and 90 <= best.score < 100  # one word spelled differently
    # the score is the share of the telling words the sentence holds, not a fuzzy echo of
    # "the" and "of": half the words found is half similar, too little to be offered
    sentence = "These incidents have only fueled skepticism about the agreement"
    assert search.similarity(["skepticism", "agreement"], sentence) == 100
    assert 50 <= search.similarity(["skepticism", "wallpaper"], sentence) < search.NEAR
    assert search.search(corpus, "skepticism wallpaper zanzibar of the", limit=None) == []


def test_cite_command(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    assert main(["cite", "act-2013-us-china-meet", "went through something like this"]) == 0
    out = capsys.readouterr().out
    assert "act-2013-us-china-meet paragraph 5 (exact match)" in out
    assert "[went through something like this]" in out
    assert "source: act-2013-us-china-meet" in out and "quote: went through something" in out
    assert main(["cite", "--all", "working group"]) == 0
    out = capsys.readouterr().out
    assert out.count("(exact match)") >= 6 and "% similar" not in out
    assert main(["cite", "no-such-article", "x"]) == 2
    assert main(["cite", "zqxv wqpz kkkk"]) == 1


def test_sources_lists_the_corpus_and_warns_about_uncited(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    make_project: ProjectFactory,
) -> None:
    monkeypatch.chdir(REPO)
    assert main(["sources"]) == 0
    out = capsys.readouterr().out
    assert "act-2013-us-china-meet" in out and "8 paragraphs" in out
    assert "publisher not known, 2015-12-01 (inferred)" in out
    assert f"cited by {SEED_BRIEF}: " in out and "not cited by any brief" not in out
    root = make_project(articles={"news": "2015-11-30", "unused": "2015-01"})
    monkeypatch.chdir(root)
    assert main(["sources"]) == 0
    captured = capsys.readouterr()
    assert "corpus/unused.txt:1:1: warning: no brief cites 'unused'" in captured.err


def test_sources_coverage_names_what_no_claim_cites(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    make_project: ProjectFactory,
) -> None:
    """The seed cites every paragraph of both articles; what it leaves out are sentences."""
    monkeypatch.chdir(REPO)
    assert main(["sources", "--coverage"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        "act-2013-us-china-meet — U.S., China Meet on Cybersecurity: 8 of 8 paragraphs cited" in out
    )
    assert any(line.startswith("talks-preview-2015 — ") for line in out)
    assert "  ¶3, sentence 5 not cited: “(See ACT, June 2013.)”" in out
    # a brief citing one passage of one paragraph: the other paragraphs uncited, whole, and
    # the rest of the cited paragraph by sentence
    root = make_project()
    monkeypatch.chdir(root)
    assert main(["sources", "--coverage"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "news — Article news: 1 of 3 paragraphs cited"
    assert "  ¶2 not cited: “A second paragraph — with a dash, and extra spaces.”" in out
    assert any(line.startswith("  ¶3 not cited: ““[i]n private") for line in out)


def test_new_brief_checks_clean_and_points_editors_at_the_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make_project: ProjectFactory
) -> None:
    root = make_project()
    assert main(["--root", str(root), "new", "my-brief"]) == 0
    folder = root / "briefs" / "my-brief"
    assert sorted(p.name for p in folder.iterdir()) == [
        "actors.yaml",
        "brief.yaml",
        "meetings.yaml",
        "metrics.yaml",
        "questions.yaml",
    ]
    first = (folder / "brief.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/brief.schema.json"
    assert (root / "schemas" / "brief.schema.json").is_file()
    result = api.check(root, ["my-brief"])
    assert result.ok and [d for d in result.diagnostics if d.is_error] == []
    assert main(["--root", str(root), "new", "my-brief"]) == 2  # never overwrites
    assert main(["--root", str(root), "new", "../escape"]) == 2


#: An article holding every quotation the examples in `new`'s files cite.
EXAMPLE_ARTICLE = ARTICLE.format(
    id="an-article-id", title="An article", published="2015-09-25"
).replace(
    "A second paragraph",
    "A. Person, Minister of Something, gave the exact words of the article, the words that "
    "show it, and the words: over 20 million.\n\nA second paragraph",
)


def _uncommented(text: str) -> str:
    """A file of `new` with its commented example made live: the empty list it stands for
    dropped, the lines of YAML (a key, a list item or an indented line) uncommented."""
    lines = [line for line in text.splitlines() if line not in ("[]", "key_judgments: []")]
    return "\n".join(re.sub(r"^# (?=[a-z_]+:|- |\s)", "", line) for line in lines) + "\n"


def test_new_briefs_examples_check_once_uncommented(make_project: ProjectFactory) -> None:
    """The examples in `new`'s comments are what an analyst copies: uncommented, they pass
    `check` (each value list comes from the schema, so a new field value shows up too)."""
    root = make_project()
    assert main(["--root", str(root), "new", "my-brief"]) == 0
    (root / "corpus" / "an-article-id.txt").write_text(EXAMPLE_ARTICLE, encoding="utf-8")
    for path in (root / "briefs" / "my-brief").iterdir():
        path.write_text(_uncommented(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = api.check(root, ["my-brief"])
    assert result.ok, [d.format() for d in result.errors]
    brief = result.briefs["my-brief"].loaded.brief
    assert [len(brief.key_judgments), len(brief.actors), len(brief.meetings)] == [1, 1, 1]
    assert [len(brief.questions), len(brief.metrics)] == [1, 1]


def _validator(name: str) -> jsonschema.Draft202012Validator:
    from briefgen.model.schema import json_schemas

    schema = json_schemas()[name]
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_seed_brief_validates_against_the_json_schemas() -> None:
    folder = REPO / "briefs" / SEED_BRIEF
    for file, schema in (
        ("brief.yaml", "brief.schema.json"),
        ("actors.yaml", "actors.schema.json"),
        ("meetings.yaml", "meetings.schema.json"),
        ("questions.yaml", "questions.schema.json"),
        ("metrics.yaml", "metrics.schema.json"),
    ):
        doc, problems = read_yaml(folder / file)
        assert problems == []
        errors = list(_validator(schema).iter_errors(doc.value))
        assert errors == [], (file, [e.message for e in errors[:3]])


def test_json_schema_flags_a_typo_key() -> None:
    doc, _ = read_yaml(REPO / "briefs" / SEED_BRIEF / "actors.yaml")
    doc.value[0]["positions"][0]["stnace"] = doc.value[0]["positions"][0].pop("stance")
    messages = [e.message for e in _validator("actors.schema.json").iter_errors(doc.value)]
    assert any("'stnace' was unexpected" in m for m in messages)
    assert any("'stance' is a required property" in m for m in messages)


def test_schema_command_writes_the_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    assert main(["schema", "-o", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "actors.schema.json",
        "brief.schema.json",
        "meetings.schema.json",
        "metrics.schema.json",
        "questions.schema.json",
    ]
    assert json.loads((tmp_path / "brief.schema.json").read_text())["additionalProperties"] is False


def test_check_formats(
    make_project: ProjectFactory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_project({"brief.yaml": "title: [x]\n"}, brief=None)
    monkeypatch.chdir(root)
    assert main(["check", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {
        "path": "briefs/test/brief.yaml",
        "line": 1,
        "column": 8,
        "severity": "error",
        "message": "title: expected text, got a list",
    } in data
    assert main(["check", "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert (
        "::error file=briefs/test/brief.yaml,line=1,col=8::title: expected text, got a list"
        in out.splitlines()
    )


def corpus_add(root: Path, *args: str) -> int:
    return main(["--root", str(root), "corpus", "add", *args])


def test_corpus_add_plain_text(
    make_project: ProjectFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project()
    source = tmp_path / "piece.txt"
    source.write_bytes(
        "First   paragraph, “quoted”\r\nand wrapped.\r\n\r\n\r\nSecond — with a dash…\r\n".encode()
    )
    assert (
        corpus_add(
            root,
            str(source),
            "--id",
            "piece",
            "--title",
            "A piece",
            "--published",
            "2015-09",
            "--author",
            "J. Doe",
        )
        == 0
    )
    corpus, problems = load_corpus(root / "corpus")
    assert problems == []
    article = corpus.get("piece")
    assert article is not None
    assert [p.text for p in article.paragraphs] == [
        "First paragraph, “quoted” and wrapped.",
        "Second — with a dash…",
    ]
    assert article.published is not None
    assert (article.meta.author, article.meta.publisher, article.published.iso()) == (
        "J. Doe",
        None,
        "2015-09",
    )
    # refuses an id that exists; a bad date is a usage error
    assert (
        corpus_add(root, str(source), "--id", "piece", "--title", "T", "--published", "2015") == 2
    )
    assert (
        corpus_add(root, str(source), "--id", "other", "--title", "T", "--published", "2015-13")
        == 2
    )
    assert "month 13" in capsys.readouterr().err


def test_corpus_add_saved_html(make_project: ProjectFactory, tmp_path: Path) -> None:
    root = make_project()
    page = tmp_path / "page.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>x</title><script>var a=1;</script>"
        "</head><body><nav><p>Menu</p></nav><article><h1>Headline</h1>"
        "<p>The minister said the talks were &ldquo;useful&rdquo;.</p>"
        "<p>Second <em>para</em>graph<br>continues.</p></article>"
        "<footer><p>© Site</p></footer></body></html>"
    )
    assert (
        corpus_add(
            root,
            str(page),
            "--id",
            "web",
            "--title",
            "Headline",
            "--published",
            "2015-11-30",
            "--inferred",
            "--note",
            "dated by the page's own header",
        )
        == 0
    )
    article = load_corpus(root / "corpus")[0].get("web")
    assert article is not None
    assert [p.text for p in article.paragraphs] == [  # the headline, equal to the title, dropped
        "The minister said the talks were “useful”.",
        "Second paragraph continues.",
    ]
    assert article.meta.published_basis == "inferred"
    assert article.meta.provenance["note"] == "dated by the page's own header"


def test_committed_schemas_are_current() -> None:
    """schemas/ is generated (`briefgen schema`); it must match the code."""
    from briefgen.model.schema import json_schemas

    for name, schema in json_schemas().items():
        assert json.loads((REPO / "schemas" / name).read_text()) == schema, (
            f"schemas/{name} is stale: run `briefgen schema`"
        )
