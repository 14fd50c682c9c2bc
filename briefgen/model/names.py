"""Who a text names: an actor's names and aliases, matched as whole words, case folded.
The claim-support lints ask it of every claim's passages, so the names are indexed once."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from briefgen.model import schema

#: Collective subjects that name each government of a bilateral brief.
_BOTH = ("both countries", "both sides", "the two sides", "the two countries", "both governments")
_WORD_RUN = re.compile(r"\w+")
_NAME_WORD = re.compile(r"[\w.']+")


def names_of(actor: schema.Actor) -> list[str]:
    """What the sources may call an actor: its name, its aliases, a person's last name."""
    names = [actor.name, *actor.aliases]
    if actor.kind == "person":
        names.append(actor.name.split()[-1])
    return names


def is_named(text: str, actor: schema.Actor) -> bool:
    """Whether `text` names `actor`, by any of its names."""
    folded = fold(text)
    if actor.kind == "government" and says_both(folded):
        return True
    return any(has_word(folded, fold(n)) for n in names_of(actor))


def says_both(folded: str) -> bool:
    """Whether a text speaks of both governments at once ("both sides")."""
    return any(both in folded for both in _BOTH)


def fold(text: str) -> str:
    """Text as names are compared in: case and curly apostrophes folded, spaces single."""
    return " ".join(text.replace("’", "'").casefold().split())


def has_word(folded: str, word: str) -> bool:
    """Whether `word` stands whole in `folded` (not "Rice" inside "price"). A plain
    substring search, then a look at the characters either side: every claim looks for
    every actor's names, and a regex with look-arounds is many times slower."""
    at = folded.find(word)
    while at >= 0:
        end = at + len(word)
        before = folded[at - 1] if at else " "
        after = folded[end] if end < len(folded) else " "
        if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
            return True
        at = folded.find(word, at + 1)
    return False


@dataclass(frozen=True)
class ActorNames:
    """Every actor's names, indexed once per brief: the lints look for them in every
    claim's passages, and trying each actor's each name there would grow with actors ×
    claims (a brief fifty times the seed took most of a minute)."""

    #: a name's first word → each (folded) name that starts with it → every word of every
    #: name of the actors who bear that name
    by_first_word: dict[str, dict[str, frozenset[str]]]
    #: every word of every name of the governments ("both sides" names them all)
    government_words: frozenset[str]

    @classmethod
    def of(cls, actors: Iterable[schema.Actor]) -> ActorNames:
        by_first_word: dict[str, dict[str, frozenset[str]]] = {}
        governments: set[str] = set()
        for actor in actors:
            words = frozenset(fold(w) for n in names_of(actor) for w in _NAME_WORD.findall(n))
            if actor.kind == "government":
                governments |= words
            for name in names_of(actor):
                folded = fold(name)
                if first := _WORD_RUN.search(folded):
                    names = by_first_word.setdefault(first.group(), {})
                    names[folded] = names.get(folded, frozenset()) | words
        return cls(by_first_word, frozenset(governments))

    def words_in(self, folded: str) -> set[str]:
        """Every word of every name of the actors a (folded) text names: once a passage
        names China, a claim may call it "Beijing"."""
        equal = set(self.government_words) if says_both(folded) else set()
        for word in set(_WORD_RUN.findall(folded)):
            for name, words in self.by_first_word.get(word, {}).items():
                if not words <= equal and has_word(folded, name):
                    equal |= words
        return equal
