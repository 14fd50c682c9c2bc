"""Who is speaking in a sentence of news prose, and over which words.

Reporters attribute in a handful of shapes: `“…,” said Adam Segal` or `“…,” Segal said`
(the quotation before the verb), `Bill Evanina said in a briefing that …` (what follows
the verb), `…, several experts agreed.` (what precedes it), and `according to X`. A
sentence that is only a quotation continues the speaker of the sentence before it. What is
not attributed is the reporter's own narration.

The lints ask this so that a position cites its actor's own words, not someone else's
account of them — a heuristic for English news prose, not a parser; it errs on the side
of saying "this is someone else's account", which the analyst can answer.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from briefgen.model.wording import sentences

#: Verbs by which a reporter hands a statement to someone.
SPEECH_VERBS = [
    "said",
    "says",
    "say",
    "told",
    "tells",
    "cautioned",
    "cautions",
    "noted",
    "notes",
    "agreed",
    "agree",
    "insisted",
    "insist",
    "insists",
    "argued",
    "argue",
    "argues",
    "warned",
    "warn",
    "warns",
    "testified",
    "added",
    "stated",
    "claimed",
    "claim",
    "claims",
    "announced",
    "announces",
    "acknowledged",
    "explained",
    "wrote",
    "believe",
    "believes",
    "expects",
    "suggested",
    "reported",
    "contend",
    "contends",
    "accused",
    "accuses",
    "pledged",
    "pledge",
    "estimated",
    "estimate",
]
_VERB = "|".join(SPEECH_VERBS)
_OPEN, _CLOSE = '“"‘', '”"’'


@dataclass(frozen=True)
class Attribution:
    """`who` (as the text names them) speaks the words in [start, end) of the paragraph."""

    who: str
    verb: str
    start: int
    end: int


#: "he said", "the official said": the speaker is someone named before. Only nouns for a
#: person refer back; "the commission said" names its speaker.
_PRONOUNS = {"he", "she", "they", "we", "i"}
PERSON_NOUNS = [
    "official",
    "officials",
    "expert",
    "experts",
    "minister",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "analyst",
    "analysts",
    "source",
    "sources",
    "diplomat",
    "diplomats",
    "envoy",
    "aide",
    "negotiator",
    "negotiators",
    "adviser",
    "advisor",
    "secretary",
    "ambassador",
    "president",
    "senator",
    "lawmaker",
    "researcher",
    "scholar",
    "person",
    "people",
    "man",
    "woman",
]
_BACK_REFERENCE = re.compile(rf"^the ({'|'.join(PERSON_NOUNS)})$", re.IGNORECASE)
#: Words that join clauses, not name a speaker: in “…,” but the ministry said, the
#: speaker is "the ministry".
_CONJUNCTIONS = {"but", "and", "also", "or", "yet", "so", "while", "though", "although"}


@functools.lru_cache(maxsize=1024)
def attributions(paragraph: str, previous: str = "") -> tuple[Attribution, ...]:
    """Every attributed stretch of the paragraph, sentence by sentence; `previous` is the
    paragraph before it, where a "he" or "the official" may have been named. Remembered:
    a paragraph is read once however many claims cite it."""
    found: list[Attribution] = []
    earlier = [a for a in attributions(previous) if not _refers_back(a.who)] if previous else []
    last_named = earlier[-1].who if earlier else None
    before: Attribution | None = None
    for start, end in sentences(paragraph):
        here = _in_sentence(paragraph, start, end)
        if not here and before and _all_quotation(paragraph[start:end]):
            here = [Attribution(before.who, before.verb, start, end)]
        resolved = []
        for a in here:
            if _refers_back(a.who):
                context = f"{previous} {paragraph[:start]}"
                a = Attribution(
                    _antecedent(a.who, context) or last_named or a.who, a.verb, a.start, a.end
                )
            resolved.append(a)
            last_named = a.who if not _refers_back(a.who) else last_named
        found += resolved
        before = resolved[-1] if resolved else None
    return tuple(found)


def speakers(paragraph: str, start: int, end: int, previous: str = "") -> list[Attribution]:
    """Everyone the reporter says speaks some of the words in [start, end) of the
    paragraph: a quote can run over two sentences with two speakers."""
    return [a for a in attributions(paragraph, previous) if a.start < end and start < a.end]


def _refers_back(who: str) -> bool:
    return who.casefold() in _PRONOUNS or bool(_BACK_REFERENCE.match(who))


def _antecedent(who: str, context: str) -> str | None:
    """ "the official" → the last "a senior Obama administration official" before it."""
    m = _BACK_REFERENCE.match(who)
    if not m:
        return None
    noun = re.escape(m.group(1))
    found = list(
        re.finditer(rf"\b(?:(?:a|an|the)\s+)?(?:[\w.’'-]+\s+){{0,5}}?{noun}\b", context, re.I)
    )
    named = [f.group() for f in found if not _BACK_REFERENCE.match(f.group())]
    return named[-1] if named else None


def _in_sentence(text: str, start: int, end: int) -> list[Attribution]:
    sentence = text[start:end]
    # “…,” said NAME / “…,” NAME[, who they are,] said: every quotation in the sentence
    m = re.search(
        rf"[{_CLOSE}]\s*,?\s*(?:(?P<v1>{_VERB})\s+(?P<who1>[^,.;“”\"]+)|"
        rf"(?P<who2>[^“”\"]+?)\s+(?P<v2>{_VERB}))\b",
        sentence,
    )
    if m:
        who = m.group("who1") or ""
        if m.group("who2"):  # "NAME, who they are, said" or "…, he said"
            parts = m.group("who2").rstrip().split(",")
            who = parts[0] if m.group("who2").rstrip().endswith(",") else parts[-1]
        who = _trim(who)
        opening = min((i for c in _OPEN if (i := sentence.find(c)) >= 0), default=-1)
        if 0 <= opening < m.start() and who:
            return [Attribution(who, m.group("v1") or m.group("v2"), start + opening, end)]
    # according to NAME: the whole sentence
    m = re.search(r"\baccording to (?P<who>[^,.;]+)", sentence)
    if m:
        return [Attribution(_trim(m.group("who")), "according to", start, end)]
    # …, NAME agreed. at the end: what precedes it
    m = re.search(rf",\s*(?P<who>[^,“”\"]+?)\s+(?P<verb>{_VERB})\s*[.!?]?\s*$", sentence)
    if m:
        return [Attribution(_trim(m.group("who")), m.group("verb"), start, start + m.start())]
    # NAME said (that) …: what follows it
    m = re.search(rf"(?P<who>[^,;:“”\"]*?[^,;:“”\"\s])\s+(?P<verb>{_VERB})\b", sentence)
    if m:
        return [Attribution(_trim(m.group("who")), m.group("verb"), start + m.end(), end)]
    return []


def _trim(who: str) -> str:
    """The speaker's words, without the conjunction that may join them to the quote."""
    words = who.split()
    while words and words[0].strip(",").casefold() in _CONJUNCTIONS:
        words.pop(0)
    return " ".join(words).strip(" ,")


def _all_quotation(sentence: str) -> bool:
    s = sentence.strip()
    return bool(s) and s[0] in _OPEN and s.rstrip(".!?")[-1:] in _CLOSE
