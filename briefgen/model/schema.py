"""The brief format, declared once: pydantic models built from a few small types.

The YAML contract (see README "Writing a brief") lives here and nowhere else; validation.py
turns what these models reject into plain-language messages at the YAML line, and the JSON
Schemas editors use are generated from the same models. The models are frozen: what a check
finds out about a brief is returned as a value beside it, never written onto it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    model_validator,
)

from briefgen.model.dates import PartialDate

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,79}$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
#: Markdown prose; raw HTML in it is shown as text, never passed through.
Markdown = Annotated[str, StringConstraints(min_length=1, max_length=100_000)]

Confidence = Literal["low", "moderate", "high"]
#: ICD 203: a forecast is about an event that may happen (it takes a likelihood and a
#: horizon, the date by which it resolves); an assessment is about what is (no likelihood).
JudgmentKind = Literal["forecast", "assessment"]
#: ICD 203 expressions of likelihood, from least to most likely.
Likelihood = Literal[
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
]
ActorKind = Literal["person", "organization", "government"]
#: `unknown`: the sources do not say whether it happened (a planned meeting no later
#: report mentions).
MeetingStatus = Literal["held", "scheduled", "postponed", "cancelled", "suspended", "unknown"]
MeetingKind = Literal["meeting", "event"]
QuestionStatus = Literal["open", "partly-answered", "answered"]
Qualifier = Literal["exact", "approx", "at-least", "estimate"]
PublishedBasis = Literal["stated", "inferred"]
SourceKind = Literal[
    "news-article", "journal-article", "report", "transcript", "statement", "dataset", "other"
]

SECTIONS = ("actors", "meetings", "questions", "metrics")


class Strict(BaseModel):
    """Unknown keys are errors: a typo must not silently drop an analyst's text. Frozen: a
    validated brief is a value, and nothing later may change it behind a reader's back."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


class Citation(Strict):
    """`{source, quote}`: the quote must stand, word for word, in the source article."""

    source: Id
    quote: Text
    note: Text | None = None


Cites = list[Citation]


class Keep(Strict):
    """Why a claim stays as written although a claim-support check (see model/lints.py)
    warns about it: one reason per check, printed in the memo's note. There is no way to
    switch a check off for a whole brief."""

    attribution: Text | None = None
    hedge: Text | None = None
    specifics: Text | None = None
    single_source: Text | None = None
    confidence: Text | None = None


class Claimed(Strict):
    """What every claim has: its citations, and reasons to keep it despite a warning."""

    cites: Cites = Field(default_factory=list)
    keep: Keep = Field(default_factory=Keep)


class Topic(Strict):
    id: Id
    title: Text


class SideOf(Strict):
    """A side of the story, by which the memo groups its actors, in the order declared."""

    id: Id
    title: Text


#: The sides of a brief that declares none: those of the first brief, which had no choice.
DEFAULT_SIDES = (
    SideOf(id="us", title="United States"),
    SideOf(id="china", title="China"),
    SideOf(id="multilateral", title="Multilateral"),
    SideOf(id="independent", title="Independent experts and others"),
)


class KeyJudgment(Claimed):
    """A judgment of one edition: `as_of` (default: the brief's) names its edition, and a
    memo shows only its own edition's judgments. The same `id` in two editions is one
    judgment re-made: "What changed" shows it re-rated or reworded, side by side."""

    id: Id | None = None
    text: Markdown
    as_of: PartialDate | None = None
    kind: JudgmentKind
    likelihood: Likelihood | None = None
    horizon: PartialDate | None = None
    confidence: Confidence
    confidence_basis: Text | None = None


class Position(Claimed):
    topic: Id
    as_of: PartialDate
    stance: Markdown


class Actor(Claimed):
    """An actor; `cites` support its `role`. `aliases` are other names the sources use for
    it ("Beijing", "the Obama administration"); a person is also known by the last word of
    their name."""

    id: Id
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    kind: ActorKind
    side: Id  # one of the brief's `sides`
    role: Text
    positions: list[Position] = Field(default_factory=list)


class Outcome(Claimed):
    text: Markdown


class MeetingStatusEntry(Claimed):
    as_of: PartialDate
    status: MeetingStatus
    note: Markdown | None = None


class Meeting(Claimed):
    """`status` is the status as of the brief's as_of; `status_history` records earlier
    ones, and `announced` when the brief first knew of a meeting still to come.
    `dates_inferred` says how the dates were worked out where the sources do not state
    them (the memo marks them inferred)."""

    id: Id
    title: Text
    kind: MeetingKind = "meeting"
    date: PartialDate | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    announced: PartialDate | None = None
    dates_inferred: Text | None = None
    place: Text | None = None
    status: MeetingStatus
    status_history: list[MeetingStatusEntry] = Field(default_factory=list)
    participants: list[Id] = Field(default_factory=list)
    summary: Markdown
    outcomes: list[Outcome] = Field(default_factory=list)


class StatusEntry(Claimed):
    as_of: PartialDate
    status: QuestionStatus
    note: Markdown


class Question(Strict):
    id: Id
    question: Text
    why_it_matters: Markdown
    raised_at: Id | None = None
    status_history: list[StatusEntry] = Field(min_length=1)
    watch_for: list[Text] = Field(default_factory=list)


#: The largest figure (either sign) a metric takes: past a million billion, a figure is
#: a typo or wants a larger unit, and `1e308` would print as 309 digits.
MAX_FIGURE = 1e15
#: A figure a memo can print: a YAML number (`"12"` and `1_000` are text in YAML 1.2),
#: finite (`.nan` and `.inf` are not figures), of sane size.
Figure = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-MAX_FIGURE, le=MAX_FIGURE)]


class Observation(Claimed):
    as_of: PartialDate
    value: Figure
    display: Text | None = None
    qualifier: Qualifier = "exact"

    def wording(self) -> str:
        """The figure as the source states it (`display`), or the number and its qualifier."""
        if self.display:
            return self.display
        number = f"{self.value:,.0f}" if float(self.value).is_integer() else f"{self.value:,}"
        prefix = {
            "exact": "",
            "approx": "about ",
            "at-least": "at least ",
            "estimate": "an estimated ",
        }[self.qualifier]
        return prefix + number


class Metric(Strict):
    id: Id
    label: Text
    unit: Text
    observations: list[Observation] = Field(min_length=1)


class BottomLine(Claimed):
    """The memo's first words; written as text alone, or as `{text, cites}`."""

    text: Markdown

    @model_validator(mode="before")
    @classmethod
    def _text_alone(cls, value: Any) -> Any:
        return value if isinstance(value, dict) else {"text": value}


class EarlierBottomLine(Claimed):
    as_of: PartialDate
    text: Markdown


class Edition(Strict):
    """An edition: its date and, where the brief gives one, its own title. Written as the
    date alone, or as `{as_of, title}`."""

    as_of: PartialDate
    title: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _date_alone(cls, value: Any) -> Any:
        return value if isinstance(value, dict) else {"as_of": value}


class Brief(Strict):
    title: Text
    short_title: Text | None = None
    subtitle: Text | None = None
    as_of: PartialDate
    marking: Text
    prepared_by: Text
    audience: Text
    topics: list[Topic] = Field(default_factory=list)
    #: How the memo groups actors; an actor's `side` is one of these ids.
    sides: list[SideOf] = Field(default_factory=lambda: list(DEFAULT_SIDES))
    bottom_line: BottomLine
    #: Bottom lines of earlier editions, for views of the brief at their dates.
    earlier_bottom_lines: list[EarlierBottomLine] = Field(default_factory=list)
    #: Editions, oldest first; the memo shows what changed since the previous one.
    editions: list[Edition] = Field(default_factory=list)
    key_judgments: list[KeyJudgment] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    metrics: list[Metric] = Field(default_factory=list)


class ArticleMeta(Strict):
    """The header of a corpus article. Unknown facts are written `null`, never guessed."""

    id: Id
    title: Text
    author: Text | None
    publisher: Text | None
    published: PartialDate | None
    published_basis: PublishedBasis | None = None
    url: Text | None = None
    kind: SourceKind | None = None
    provenance: dict[str, Text] = Field(default_factory=dict)


# --- JSON Schema, for editors --------------------------------------------------------------

SCHEMA_FILES = {
    "brief": "brief.schema.json",
    **{section: f"{section}.schema.json" for section in SECTIONS},
}


def json_schemas() -> dict[str, dict[str, Any]]:
    """A JSON Schema for each brief file kind, by file name: `brief.yaml` and each section
    file (a list of that section's entries). Editors with YAML support use them to complete
    keys and flag typos as you type; they are generated from the models above, so they
    cannot drift from what `briefgen check` accepts."""
    brief = Brief.model_json_schema()
    brief["title"] = "briefgen brief.yaml"
    # the shorthands the models accept (see BottomLine and Edition)
    props = brief["properties"]
    props["bottom_line"] = {"anyOf": [{"type": "string", "minLength": 1}, props["bottom_line"]]}
    date = PartialDate.__get_pydantic_json_schema__(None, None)  # type: ignore[arg-type]
    props["editions"]["items"] = {"anyOf": [date, props["editions"]["items"]]}
    schemas = {SCHEMA_FILES["brief"]: brief}
    for section in SECTIONS:
        item = Brief.model_fields[section].annotation
        assert item is not None
        schema = TypeAdapter(item).json_schema()
        schema["title"] = f"briefgen {section}.yaml"
        schemas[SCHEMA_FILES[section]] = schema
    for name, schema in schemas.items():
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = name
    return schemas
