"""The quote matcher on the awkward cases the seed texts contain."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.model.citations import (
    Match,
    Refused,
    closest_passage,
    find_in_article,
    find_in_paragraph,
    word_difference,
)
from briefgen.model.corpus import Article, Corpus, load_corpus
from briefgen.model.text import normalize
from tests.support import REPO

ACT = "act-2013-us-china-meet"
PREVIEW = "talks-preview-2015"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    corpus, diagnostics = load_corpus(REPO / "corpus")
    assert diagnostics == []
    return corpus


def article_in(corpus: Corpus, article_id: str) -> Article:
    article = corpus.get(article_id)
    assert article is not None, article_id
    return article


@pytest.mark.parametrize(
    ("quote", "paragraph", "expected_text"),
    [
        # curly quotes in the source, straight in the quote
        (
            '"[i]n private, they aren\'t disavowing it anymore,"',
            4,
            "“[i]n private, they aren’t disavowing it anymore,”",
        ),
        # editorial brackets match literally
        ("expect[s] this meeting", 2, "expect[s] this meeting"),
        # the source's own ellipsis character, typed as three dots or as the character
        ("substantive and...sustained", 2, "substantive and…sustained"),
        ("substantive and…sustained", 2, "substantive and…sustained"),
        # white space runs and line breaks are equal to one space
        ("Both   sides made\npractical proposals", 2, "Both sides made practical proposals"),
    ],
)
def test_quote_found_with_exact_source_span(
    corpus: Corpus, quote: str, paragraph: int, expected_text: str
) -> None:
    article = article_in(corpus, ACT)
    match = find_in_article(quote, article)
    assert isinstance(match, Match)
    assert match.paragraph == paragraph
    text = article.paragraph(paragraph).text
    assert [text[a:b] for a, b in match.spans] == [expected_text]


def test_ellipsis_in_quote_elides_words_in_order(corpus: Corpus) -> None:
    article = article_in(corpus, ACT)
    match = find_in_article("Both sides made practical proposals … greater understanding", article)
    assert isinstance(match, Match) and match.paragraph == 2
    text = article.paragraph(2).text
    assert [text[a:b] for a, b in match.spans] == [
        "Both sides made practical proposals",
        "greater understanding",
    ]
    # the same pieces in the wrong order do not match
    assert (
        find_in_article("greater understanding … Both sides made practical proposals", article)
        is None
    )


def test_elided_pieces_must_share_a_paragraph(corpus: Corpus) -> None:
    article = article_in(corpus, ACT)
    # paragraph 1 ends "...from the United States and China."; paragraph 2 starts "According to"
    assert (
        find_in_article("from the United States and China. … According to a senior", article)
        is None
    )


# --- the rules of quoting: a quote cannot be made to say what its source does not ------------

#: (quote, the source's paragraph, what the refusal must say). Each quote's words stand in
#: the paragraph, but taking them that way would misquote it.
MISQUOTES = [
    # starts or ends inside a word
    ("avowing it anymore", "they aren’t disavowing it anymore", "cuts a word"),
    ("they aren’t disavow", "they aren’t disavowing it anymore", "cuts a word"),
    ("[i]n private, they … avowing it", "“[i]n private, they aren’t disavowing it”", "cuts"),
    ("China agreement", "the recent U.S.-China agreement to end", "cuts a word"),
    ("China activities", "about China’s activities", None),  # not there at all
    # parts of an elided quote too short to be a quotation
    ("w...a...r", "we saw a war", "two words or more"),
    ("the war … on", "the war went on", "two words or more"),
    ("….", "anything at all.", "no words"),
    ("...", "anything at all.", "no words"),
    # an ellipsis spanning sentences
    ("talks began … they ended well", "The talks began. Then they ended well.", "two sentences"),
    # an ellipsis leaving out a negation or a hedge
    ("they are … disavowing it", "they are not disavowing it", "“not”"),
    ("in private, they … disavowing it", "in private, they aren’t disavowing it", "“n't”"),
    (
        "the administration … has a few months",
        "the administration probably has a few months",
        "“probably”",
    ),
    (
        "Chinese hackers are … in the intrusions",
        "Chinese hackers are suspected in the intrusions",
        "“suspected”",
    ),
    ("Officials said it … be months", "Officials said it could be months", "“could”"),
]


@pytest.mark.parametrize(("quote", "source", "says"), MISQUOTES)
def test_misquotes_are_refused_saying_why(quote: str, source: str, says: str | None) -> None:
    found = find_in_article(quote, article_of(source))
    if says is None:
        assert found is None
    else:
        assert isinstance(found, Refused), found
        assert says in found.reason


#: Their faithful twins: the same passages, quoted by the rules.
QUOTES = [
    ("disavowing it anymore", "they aren’t disavowing it anymore"),
    ("U.S.-China agreement", "the recent U.S.-China agreement to end"),
    ("China’s activities", "about China’s activities"),
    ("The talks began.", "The talks began. Then they ended well."),
    ("they are not … it anymore", "they are not disavowing it anymore"),  # a verb left out
    ("the administration probably … a few months", "the administration probably has a few months"),
    ("substantive and…sustained", "the start of substantive and…sustained discussions"),  # the
    # source's own ellipsis is text, matched as it stands, whatever is around it
    ("useful", "the talks were useful"),  # one word, no ellipsis: a quotation
]


@pytest.mark.parametrize(("quote", "source"), QUOTES)
def test_faithful_quotes_are_found(quote: str, source: str) -> None:
    assert isinstance(find_in_article(quote, article_of(source)), Match)


def test_a_faithful_elision_prints_each_part_as_the_source_has_it() -> None:
    source = "Both sides made “practical proposals” to build greater understanding."
    match = find_in_article(
        'Both sides made "practical proposals" … greater understanding', article_of(source)
    )
    assert isinstance(match, Match)
    assert [source[a:b] for a, b in match.spans] == [
        "Both sides made “practical proposals”",
        "greater understanding",
    ]


def test_word_difference_names_the_words_that_differ() -> None:
    assert (
        word_difference("fueled scepticism about the deal", "fueled skepticism about the deal")
        == "“scepticism” where the source has “skepticism”"
    )
    assert (
        word_difference("Doubters have noted the deal", "Doubters have also noted the deal")
        == "the source has “also” after “have”"
    )
    assert word_difference("the very good deal", "the good deal") == "“very” is not in the source"


def article_of(*paragraphs: str) -> Article:
    from briefgen.model.corpus import Paragraph
    from briefgen.model.schema import ArticleMeta

    meta = ArticleMeta(id="t", title="T", author=None, publisher=None, published=None)
    return Article(
        meta,
        Path("t.txt"),
        tuple(Paragraph(n, text, normalize(text)) for n, text in enumerate(paragraphs, 1)),
    )


def test_brackets_are_literal(corpus: Corpus) -> None:
    article = article_in(corpus, ACT)
    assert find_in_article("In private, they aren't disavowing it anymore", article) is None
    assert find_in_article("expects this meeting", article) is None


def test_case_is_significant(corpus: Corpus) -> None:
    assert (
        find_in_article("talking is better than not talking", article_in(corpus, PREVIEW)) is None
    )
    assert (
        find_in_article("Talking is better than not talking", article_in(corpus, PREVIEW))
        is not None
    )


def test_dash_variants_are_equal() -> None:
    para = normalize("the U.S.–China agreement")
    assert find_in_paragraph("the U.S.-China agreement", para)
    assert find_in_paragraph("the U.S.—China agreement", para)


def test_compatibility_forms_are_equal() -> None:
    # full-width letters and a non-breaking space are NFKC-equal to plain ones
    para = normalize("the Ｗashington\u00a0Post reported")
    assert find_in_paragraph("the Washington Post reported", para)


def test_near_miss_points_at_the_closest_passage(corpus: Corpus) -> None:
    article = article_in(corpus, ACT)
    near = closest_passage("In private, they are not disavowing it any more", article.paragraphs)
    assert near is not None
    assert near.paragraph == 4
    assert near.similarity > 80
    assert "disavowing" in near.passage


def test_paragraphs_are_numbered_stably(corpus: Corpus) -> None:
    preview = article_in(corpus, PREVIEW)
    assert preview.paragraph(3).text.startswith("“I think early signs are positive,”")
    assert preview.paragraph(21).text.startswith("“Outside of six months")
    # non-article lines of the seed are not part of the corpus text
    body = "\n".join(p.text for p in preview.paragraphs)
    assert "Getty Images" not in body
    assert "US, China set for first high-level cyber talks" not in body


def test_corpus_text_is_the_seed_text_verbatim(corpus: Corpus) -> None:
    seeds = REPO.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("shared/seeds is not beside this checkout")
    for article_id, seed in (
        (ACT, "000_dd106431a11a793e.txt"),
        (PREVIEW, "004_9a18ad0b05a186d8.txt"),
    ):
        seed_text = (seeds / seed).read_text(encoding="utf-8")
        for para in article_in(corpus, article_id).paragraphs:
            assert para.text in seed_text, f"{article_id} ¶{para.number} was reworded"


def test_missing_metadata_stays_unknown(corpus: Corpus) -> None:
    meta = article_in(corpus, PREVIEW).meta
    assert meta.author is None and meta.publisher is None and meta.url is None
    assert meta.published_basis == "inferred"
    assert "inferred" in meta.provenance["published"]


def test_article_id_must_match_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "one.txt").write_text(
        "---\nid: two\ntitle: T\nauthor: null\npublisher: null\npublished: null\n---\nText.\n",
        encoding="utf-8",
    )
    _, diagnostics = load_corpus(folder)
    assert len(diagnostics) == 1
    assert "differs from the file name" in diagnostics[0].message
    assert diagnostics[0].location.line == 2


@given(st.text(st.sampled_from("ab ’“”—…\n\t\u00a0.,[]xyz"), max_size=60))
def test_fast_origins_equal_the_definition(text: str) -> None:
    from briefgen.model.text import NormalizedText, _normalize_by_char

    fast = NormalizedText(text)
    slow_text, slow_origin = _normalize_by_char(text)
    assert fast.text == slow_text
    assert fast.origin == slow_origin
