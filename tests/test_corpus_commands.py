"""`briefgen corpus add | update | remove`: what goes into the corpus is text a reader sees,
decoded right, under a header that reads back; and the corpus can be kept afterwards."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.model.corpus import load_corpus
from tests.support import ProjectFactory

FRENCH = (
    "Le ministre a déclaré que les négociations étaient « utiles » et qu’il faudrait "
    "continuer. Ça reste à voir, a-t-il ajouté après la réunion à Pékin.\n\n"
    "Deuxième paragraphe : les délégués se réuniront à nouveau en été, a précisé le "
    "porte-parole du ministère des Affaires étrangères.\n"
)


def add(root: Path, source: Path, *options: str, article_id: str = "piece") -> int:
    args = ["--title", "A piece", "--published", "2015-09", *options]
    return main(["--root", str(root), "corpus", "add", str(source), "--id", article_id, *args])


def stored(root: Path, article_id: str = "piece") -> list[str]:
    corpus, problems = load_corpus(root / "corpus")
    assert problems == []
    article = corpus.get(article_id)
    assert article is not None
    return [p.text for p in article.paragraphs]


# --- what is not text is refused, with nothing written ----------------------------------------

# (name, the file's bytes, words in the refusal)
NOT_TEXT = [
    (
        "pdf",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nstream\n\x00\x01\x02",
        ["a PDF document"],
    ),
    ("random bytes", random.Random(7).randbytes(4000), ["cannot be read as text"]),
    ("png", b"\x89PNG\r\n\x1a\n" + bytes(100), ["a PNG image"]),
    ("docx", b"PK\x03\x04" + bytes(100), ["a ZIP archive", ".docx"]),
    (
        "control characters",
        b"A line of text.\n\nAnother line \x01\x02 with controls.\n",
        ["does not look like text", "line 3", "U+0001"],
    ),
    (
        "utf-16 mark, odd bytes",
        b"\xff\xfeA\x00B\x00\x00\xd8",
        ["not valid utf-16", "byte-order mark says it is"],
    ),
]


@pytest.mark.parametrize(("name", "data", "words"), NOT_TEXT, ids=[n[0] for n in NOT_TEXT])
def test_what_is_not_text_is_refused_and_nothing_written(
    make_project: ProjectFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    data: bytes,
    words: list[str],
) -> None:
    source = tmp_path / "file"
    source.write_bytes(data)
    _refused_and_nothing_added(make_project(), source, words, capsys)


def _refused_and_nothing_added(
    root: Path, source: Path, words: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`corpus add` of `source` exits 2 with `words` in its message, and the corpus is as
    it was."""
    before = sorted((root / "corpus").iterdir())
    capsys.readouterr()
    assert add(root, source) == 2
    err = capsys.readouterr().err
    for word in words:
        assert word in err, err
    assert "nothing was added" in err
    assert sorted((root / "corpus").iterdir()) == before


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _six_megabytes_of_text(path: Path) -> None:
    paragraph = "A sentence of an overlong page, repeated. " * 25_000  # 1.1 MB
    path.write_text("\n\n".join([paragraph] * 6), encoding="utf-8")


# (name, how the source is made, words in the refusal)
NOT_AN_ARTICLE = [
    ("fifo", _fifo, ["is a FIFO"]),  # reading it would wait for a writer for ever
    ("more text than check reads", _six_megabytes_of_text, ["larger than 5 MB"]),
]


@pytest.mark.parametrize(
    ("name", "make", "words"), NOT_AN_ARTICLE, ids=[n[0] for n in NOT_AN_ARTICLE]
)
def test_what_check_would_refuse_is_not_added(
    make_project: ProjectFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    make: Callable[[Path], None],
    words: list[str],
) -> None:
    source = tmp_path / "file.txt"
    make(source)
    _refused_and_nothing_added(make_project(), source, words, capsys)


# --- encodings: declared, marked or detected, and said ----------------------------------------

# (name, file name, bytes, what the command says about the encoding)
ENCODINGS = [
    ("utf-8", "a.txt", FRENCH.encode("utf-8"), "read as utf-8"),
    ("latin-1", "a.txt", FRENCH.replace("’", "'").encode("latin-1"), "(detected)"),
    ("utf-16", "a.txt", FRENCH.encode("utf-16"), "read as utf-16 (its byte-order mark)"),
    ("utf-8 with a mark", "a.txt", FRENCH.encode("utf-8-sig"), "(its byte-order mark)"),
    (
        "declared in the page",
        "a.html",
        (
            '<html><head><meta charset="iso-8859-1"></head><body>'
            + "".join(f"<p>{p}</p>" for p in FRENCH.replace("’", "'").split("\n\n"))
            + "</body></html>"
        ).encode("latin-1"),
        "read as cp1252 (declared in the page)",
    ),
]


@pytest.mark.parametrize(("name", "file", "data", "said"), ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_accents_survive_and_the_encoding_is_said(
    make_project: ProjectFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    file: str,
    data: bytes,
    said: str,
) -> None:
    root = make_project()
    source = tmp_path / file
    source.write_bytes(data)
    assert add(root, source) == 0
    assert said in capsys.readouterr().out
    text = stored(root)
    assert text[0].startswith("Le ministre a déclaré que les négociations étaient « utiles »")
    assert text[1].startswith("Deuxième paragraphe : les délégués se réuniront")
    assert "\ufffd" not in "".join(text)


# --- only the text a reader sees --------------------------------------------------------------

# (name, HTML between two visible paragraphs, the paragraphs stored between them)
HIDDEN = [
    ("hidden attribute", "<p hidden>SECRET</p>", []),
    ("hidden ancestor", "<div hidden><p>SECRET</p><p>SECRET</p></div>", []),
    ("display none", '<p style="color: red; display : none">SECRET</p>', []),
    ("visibility hidden", "<div style='visibility:hidden'><p>SECRET</p></div>", []),
    ("hidden span", "<p>Shown <span hidden>SECRET</span>text.</p>", ["Shown text."]),
    ("template", "<template><p>SECRET</p></template>", []),
    ("textarea", "<p>Shown<textarea>SECRET</textarea></p>", ["Shown"]),
    ("select and options", "<p>Pick<select><option>SECRET</option></select></p>", ["Pick"]),
    ("noscript", "<noscript><p>SECRET</p></noscript>", []),
    ("script and style", "<script>SECRET</script><style>p{}/*SECRET*/</style>", []),
    ("unclosed hidden paragraph", "<p hidden>SECRET<p>Shown after.", ["Shown after."]),
    ("aria-hidden stays", '<p aria-hidden="true">Shown to the eye.</p>', ["Shown to the eye."]),
    ("bidi controls", "<p>The deal is \u202eno\u202c \u2066on\u2069.</p>", ["The deal is no on."]),
    ("zero-width", "<p>use\u200bful and exam\u00adple</p>", ["useful and example"]),
]


@pytest.mark.parametrize(("name", "snippet", "between"), HIDDEN, ids=[h[0] for h in HIDDEN])
def test_html_import_takes_only_what_a_reader_sees(
    make_project: ProjectFactory, tmp_path: Path, name: str, snippet: str, between: list[str]
) -> None:
    root = make_project()
    page = tmp_path / "page.html"
    page.write_text(f"<!DOCTYPE html><html><body><p>First.</p>{snippet}<p>Last.</p></body></html>")
    assert add(root, page) == 0
    assert stored(root) == ["First.", *between, "Last."]
    assert "SECRET" not in (root / "corpus" / "piece.txt").read_text()


def test_invisible_characters_leave_plain_text_too(
    make_project: ProjectFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project()
    source = tmp_path / "a.txt"
    source.write_text("They are \u202ddis\u202cavowing it.\n")
    assert add(root, source) == 0
    assert stored(root) == ["They are disavowing it."]
    assert "removed 2 invisible character(s)" in capsys.readouterr().out


# --- the headline, and what a date's basis needs ----------------------------------------------


def test_a_first_paragraph_equal_to_the_title_is_dropped(
    make_project: ProjectFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project()
    source = tmp_path / "a.txt"
    source.write_text("A PIECE\n\nFirst paragraph.\n\nSecond.\n")
    assert add(root, source) == 0
    assert stored(root) == ["First paragraph.", "Second."]
    assert "dropped the headline: A PIECE" in capsys.readouterr().out


def test_headline_line_names_the_headline(
    make_project: ProjectFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project()
    source = tmp_path / "a.txt"
    source.write_text("WORLD NEWS\n\nTalks resume\nafter a year\n\nFirst paragraph.\n")
    assert add(root, source, "--headline-line", "4") == 0
    assert stored(root) == ["WORLD NEWS", "First paragraph."]
    assert add(root, source, "--headline-line", "2", article_id="other") == 2
    assert "line 2 of a.txt is not in a paragraph" in capsys.readouterr().err
    assert not (root / "corpus" / "other.txt").exists()


def test_inferred_needs_a_note(
    make_project: ProjectFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project()
    source = tmp_path / "a.txt"
    source.write_text("Text.\n")
    assert add(root, source, "--inferred") == 2
    assert "--inferred needs --note saying how the date was inferred" in capsys.readouterr().err
    assert not (root / "corpus" / "piece.txt").exists()
    assert add(root, source, "--inferred", "--note", "dated by its events") == 0


# --- a header that always reads back ----------------------------------------------------------

NOTES = [
    # once folded so that `---` stood alone on a line: the header ended there
    "See " + "x" * 110 + " " + "x" * 54 + " --- word " + "x" * 72 + " ---",
    "First line.\n---\nAfter a rule.\n...\nAnd after the end marker.",
    'Rogers said: it\'s "done" # not a comment',
    "  leading spaces and trailing ones  ",
]


@pytest.mark.parametrize("note", NOTES)
def test_any_note_reads_back_as_given(
    make_project: ProjectFactory, tmp_path: Path, note: str
) -> None:
    root = make_project()
    source = tmp_path / "a.txt"
    source.write_text("One.\n\nTwo.\n")
    assert add(root, source, "--note", note, "--author", "--- " * 40) == 0
    assert stored(root) == ["One.", "Two."]
    article = load_corpus(root / "corpus")[0].get("piece")
    assert article is not None
    assert article.meta.provenance["note"] == note
    assert article.meta.author == "--- " * 40


# --- update: the metadata, never the text -----------------------------------------------------


def _body(path: Path) -> bytes:
    """The bytes below an article file's header."""
    raw = path.read_bytes()
    return raw[raw.index(b"\n---", 3) :].split(b"\n", 2)[2]


def update(root: Path, *options: str) -> int:
    return main(["--root", str(root), "corpus", "update", *options])


# (name, options, the fields said to change, what the header then holds)
UPDATES = [
    ("title", ["--title", "A better title"], "title", {"title": "A better title"}),
    ("author unknown", ["--author", ""], "author", {"author": None}),
    (
        "inferred date",
        ["--published", "2015-10", "--inferred", "--note", "dated by its events\n---\nsee"],
        "published, published_basis, provenance",
        {"published_basis": "inferred", "provenance": {"note": "dated by its events\n---\nsee"}},
    ),
    ("url", ["--url", "https://example.org/a"], "url", {"url": "https://example.org/a"}),
]


@pytest.mark.parametrize(
    ("name", "options", "said", "fields"), UPDATES, ids=[u[0] for u in UPDATES]
)
def test_update_corrects_metadata_and_leaves_the_text_byte_for_byte(
    make_project: ProjectFactory,
    capsys: pytest.CaptureFixture[str],
    name: str,
    options: list[str],
    said: str,
    fields: dict[str, object],
) -> None:
    root = make_project()
    path = root / "corpus" / "news.txt"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))  # even with CRLF endings
    before = _body(path)
    assert update(root, "news", *options) == 0
    assert capsys.readouterr().out.strip() == f"updated news: {said} (the text is unchanged)"
    assert _body(path) == before
    article = load_corpus(root / "corpus")[0].get("news")
    assert article is not None
    for field, value in fields.items():
        assert article.meta.model_dump(mode="json")[field] == value


# (name, options, words in the refusal)
BAD_UPDATES = [
    ("nothing to update", ["news"], "nothing to update: give one or more of --title"),
    (
        "unknown id",
        ["nwes", "--title", "T"],
        "no article 'nwes' in the corpus (did you mean 'news'?)",
    ),
    ("invalid id", ["News Piece", "--title", "T"], "'News Piece' is not a valid article id"),
    ("inferred without a note", ["news", "--inferred"], "--inferred needs --note"),
    ("bad date", ["news", "--published", "2015-13"], "--published: '2015-13' is not a date"),
    ("empty title", ["news", "--title", ""], "--title: must not be empty"),
]


@pytest.mark.parametrize(("name", "options", "words"), BAD_UPDATES, ids=[b[0] for b in BAD_UPDATES])
def test_update_refusals_change_nothing(
    make_project: ProjectFactory,
    capsys: pytest.CaptureFixture[str],
    name: str,
    options: list[str],
    words: str,
) -> None:
    root = make_project()
    before = (root / "corpus" / "news.txt").read_bytes()
    capsys.readouterr()
    assert update(root, *options) == 2
    assert words in capsys.readouterr().err
    assert (root / "corpus" / "news.txt").read_bytes() == before


# --- remove: only what nothing cites ----------------------------------------------------------

CITING = (
    "- id: a\n  name: A\n  kind: person\n  side: us\n  role: R\n"
    "  cites: [{source: news, quote: useful}, {source: news, quote: frank}]\n"
)


def remove(root: Path, article_id: str) -> int:
    return main(["--root", str(root), "corpus", "remove", article_id])


def test_remove_refuses_while_briefs_cite_the_article(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project({"actors.yaml": CITING}, articles={"news": "2015", "unused": "2015"})
    (root / "briefs" / "broken").mkdir()
    (root / "briefs" / "broken" / "brief.yaml").write_text("title: [\nsee: news\n")
    assert remove(root, "news") == 2
    assert capsys.readouterr().err.strip() == (
        "briefgen: 'news' is cited by 2 briefs: test (3 citations), broken (cannot be read: "
        "run briefgen check broken); remove those citations first; nothing was removed"
    )
    assert (root / "corpus" / "news.txt").is_file()
    assert remove(root, "unused") == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("removed ") and out.endswith("corpus/unused.txt")
    assert not (root / "corpus" / "unused.txt").exists()
    assert remove(root, "unusd") == 2
    assert "no article 'unusd' in the corpus" in capsys.readouterr().err


@pytest.mark.parametrize(
    "basis", [None, "published: reported as Tuesday's talks", "note: dated by the talks"]
)
def test_an_inferred_date_needs_its_basis_in_a_hand_written_header_too(
    make_project: ProjectFactory, basis: str | None
) -> None:
    """By hand the basis goes in provenance.published; corpus add and update write it as
    the provenance note. Either says it."""
    from briefgen import api

    root = make_project()
    article = root / "corpus" / "news.txt"
    text = article.read_text(encoding="utf-8").replace(
        "published_basis: stated", "published_basis: inferred"
    )
    if basis:
        text = text.replace("url: null\n", f"url: null\nprovenance:\n  {basis}\n")
    article.write_text(text, encoding="utf-8")
    found = [d for d in api.check(root).diagnostics if d.location.path == article]
    if basis:
        assert found == []
    else:
        (d,) = found
        assert (d.is_error, d.location.line) == (False, 7)
        assert "the header does not say how the date was inferred" in d.message
        assert 'briefgen corpus update news --inferred --note "…"' in d.message


def test_an_article_added_with_an_inferred_date_checks_clean(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    from briefgen import api

    root = make_project()
    source = tmp_path / "a.txt"
    source.write_text(FRENCH, encoding="utf-8")
    assert add(root, source, "--inferred", "--note", "dated by the meeting it reports") == 0
    assert [d for d in api.check(root).diagnostics if d.location.path.stem == "piece"] == []
