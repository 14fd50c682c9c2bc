"""Who speaks which words of a news paragraph: the shapes reporters use, and the ones that
look like them but are not."""

from __future__ import annotations

import pytest

from briefgen.model.attribution import attributions, speakers


def who_says(paragraph: str, words: str, previous: str = "") -> list[str]:
    start = paragraph.index(words)
    return [a.who for a in speakers(paragraph, start, start + len(words), previous)]


@pytest.mark.parametrize(
    ("paragraph", "words", "expected"),
    [
        (
            "“We are ready,” said Adam Segal of the council.",
            "We are ready",
            ["Adam Segal of the council"],
        ),
        ("“We are ready,” Segal said.", "We are ready", ["Segal"]),
        (
            "Bill Evanina said in a briefing that the threat grew.",
            "the threat grew",
            ["Bill Evanina"],
        ),
        ("The talks stalled, several experts agreed.", "The talks stalled", ["several experts"]),
        ("The deal is near, according to two diplomats.", "The deal is near", ["two diplomats"]),
        # a conjunction joins the clauses; it does not speak
        (
            "“We will not sign,” but the commission said talks go on.",
            "We will not sign",
            ["the commission"],
        ),
    ],
)
def test_the_shapes_of_attribution(paragraph: str, words: str, expected: list[str]) -> None:
    assert who_says(paragraph, words) == expected


def test_the_official_refers_back_but_the_commission_names_itself() -> None:
    previous = "A senior ministry official spoke on Monday."
    paragraph = "“It is final,” the official said. “We are done,” the bank said."
    assert who_says(paragraph, "It is final", previous) == ["A senior ministry official"]
    assert who_says(paragraph, "We are done", previous) == ["the bank"]


def test_a_quote_over_two_sentences_has_both_speakers() -> None:
    paragraph = "“Talks resume in May,” the minister said. “Not before June,” Smith said."
    start = paragraph.index("Talks")
    end = paragraph.index("June") + 4
    assert [a.who for a in speakers(paragraph, start, end)] == ["the minister", "Smith"]


def test_narration_has_no_speaker() -> None:
    assert attributions("The two sides met in Beijing in April.") == ()
