"""The brief format, declared once. Every message about the shape of a brief comes from here.

The YAML contract (see README "Writing a brief") is expressed as pydantic models built from a
few small types. Validation errors are translated into plain-language diagnostics pointing at
the YAML line of the offending value, with did-you-mean suggestions for mistyped keys and
enum values.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)

from briefgen.dates import PartialDate, describe
from briefgen.diagnostics import Diagnostic, error
from briefgen.yamlsource import Path_, YamlDocument

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,79}$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
#: Markdown prose; raw HTML in it is shown as text, never passed through.
Markdown = Annotated[str, StringConstraints(min_length=1, max_length=100_000)]

Confidence = Literal["low", "moderate", "high"]
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
Side = Literal["us", "china", "multilateral", "independent"]
MeetingStatus = Literal["held", "scheduled", "postponed", "cancelled", "suspended"]
MeetingKind = Literal["meeting", "event"]
QuestionStatus = Literal["open", "partly-answered", "answered"]
Qualifier = Literal["exact", "approx", "at-least", "estimate"]
PublishedBasis = Literal["stated", "inferred"]

SECTIONS = ("actors", "meetings", "questions", "metrics")

M = TypeVar("M", bound=BaseModel)


class Strict(BaseModel):
    """Unknown keys are errors: a typo must not silently drop an analyst's text."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class Citation(Strict):
    """`{source, quote}`: the quote must stand, word for word, in the source article."""

    source: Id
    quote: Text
    note: Text | None = None
    # Filled in by citation resolution; never part of the YAML.
    _match: Any = PrivateAttr(default=None)


Cites = list[Citation]


class Topic(Strict):
    id: Id
    title: Text


class KeyJudgment(Strict):
    """A judgment of one edition: `as_of` (default: the brief's) is when it was made; a view
    of the brief at a date shows the judgments of the newest edition on or before it."""

    text: Markdown
    as_of: PartialDate | None = None
    confidence: Confidence
    likelihood: Likelihood | None = None
    cites: Cites = Field(default_factory=list)


class Position(Strict):
    topic: Id
    as_of: PartialDate
    stance: Markdown
    cites: Cites = Field(default_factory=list)


class Actor(Strict):
    id: Id
    name: Text
    kind: ActorKind
    side: Side
    role: Text
    cites: Cites = Field(default_factory=list)
    positions: list[Position] = Field(default_factory=list)


class Outcome(Strict):
    text: Markdown
    cites: Cites = Field(default_factory=list)


class MeetingStatusEntry(Strict):
    as_of: PartialDate
    status: MeetingStatus
    note: Markdown | None = None
    cites: Cites = Field(default_factory=list)


class Meeting(Strict):
    """`status` is the status as of the brief's as_of; `status_history` records earlier
    ones, and `announced` when the brief first knew of a meeting still to come."""

    id: Id
    title: Text
    kind: MeetingKind = "meeting"
    date: PartialDate | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    announced: PartialDate | None = None
    place: Text | None = None
    status: MeetingStatus
    status_history: list[MeetingStatusEntry] = Field(default_factory=list)
    participants: list[Id] = Field(default_factory=list)
    summary: Markdown
    outcomes: list[Outcome] = Field(default_factory=list)
    cites: Cites = Field(default_factory=list)


class StatusEntry(Strict):
    as_of: PartialDate
    status: QuestionStatus
    note: Markdown
    cites: Cites = Field(default_factory=list)


class Question(Strict):
    id: Id
    question: Text
    why_it_matters: Markdown
    raised_at: Id | None = None
    status_history: list[StatusEntry] = Field(min_length=1)
    watch_for: list[Text] = Field(default_factory=list)


class Observation(Strict):
    as_of: PartialDate
    value: float
    display: Text | None = None
    qualifier: Qualifier = "exact"
    cites: Cites = Field(default_factory=list)

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


class EarlierBottomLine(Strict):
    as_of: PartialDate
    text: Markdown


class Brief(Strict):
    title: Text
    short_title: Text | None = None
    subtitle: Text | None = None
    as_of: PartialDate
    marking: Text
    prepared_by: Text
    audience: Text
    topics: list[Topic] = Field(default_factory=list)
    bottom_line: Markdown
    #: Bottom lines of earlier editions, for views of the brief at their dates.
    earlier_bottom_lines: list[EarlierBottomLine] = Field(default_factory=list)
    #: Edition dates, oldest first; the memo shows what changed since the previous one.
    editions: list[PartialDate] = Field(default_factory=list)
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
    provenance: dict[str, Text] = Field(default_factory=dict)
    imported_from: Text | None = None


# --- validation with diagnostics ----------------------------------------------------------


def validate(
    model: type[M], doc: YamlDocument, data: Any | None = None, locate: Any = None
) -> tuple[M | None, list[Diagnostic]]:
    """Validate `data` (default: the document's value) against `model`.

    `locate(path, key=bool)` maps a path to a file location; by default the document's own.
    """
    locate = locate or doc.locate
    value = doc.value if data is None else data
    try:
        return model.model_validate(value), []
    except ValidationError as exc:
        return None, [
            error(locate(loc, key=err["type"] == "extra_forbidden"), message)
            for loc, err, message in _explain(model, exc)
        ]


def _explain(model: type[BaseModel], exc: ValidationError) -> Iterator[tuple[Path_, Any, str]]:
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        # pydantic adds the branch name for `X | None`; the YAML has no such level.
        loc = tuple(p for p in loc if not (isinstance(p, str) and p in _BRANCH_NAMES))
        # A missing or unknown key is named in the message; the prefix is where it belongs.
        where = loc[:-1] if err["type"] in ("missing", "extra_forbidden") else loc
        message = _message(model, loc, err)
        yield loc, err, f"{format_path(where)}: {message}" if where else message


_BRANCH_NAMES = {"function-plain[parse()]", "none", "str", "constrained-str"}


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(model: type[BaseModel], loc: Path_, err: Any) -> str:
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return f"missing required key '{loc[-1]}'" if loc else "missing required key"
    if kind == "extra_forbidden":
        allowed = sorted(_fields(model, loc[:-1]))
        return f"unknown key '{loc[-1]}'{did_you_mean(str(loc[-1]), allowed)}" + (
            f" (allowed here: {', '.join(allowed)})" if allowed else ""
        )
    if kind == "literal_error":
        options = _literal_options(model, loc)
        shown = value if isinstance(value, str) else describe(value)
        return (
            f"'{shown}' is not allowed here{did_you_mean(str(value), options)}; "
            f"use one of: {', '.join(options)}"
        )
    if kind == "string_pattern_mismatch":
        return (
            f"'{value}' is not a valid id: use lowercase letters, digits, '-' and '_' "
            "(at most 80 characters, starting with a letter or digit)"
        )
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (more than {ctx.get('max_length'):,} characters)"
    if kind == "too_short":
        return "needs at least one entry"
    if kind == "string_type":
        return f"expected text, got {describe(value)}"
    if kind in ("list_type",):
        return f"expected a list (lines starting with '- '), got {describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of keys (key: value), got {describe(value)}"
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing", "finite_number"):
        return f"expected a number, got {describe(value)}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return str(err["msg"])


def did_you_mean(word: str, options: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _annotation_at(model: type[BaseModel], loc: Path_) -> Any:
    """Follow a path through the models' annotations to the declared type at its end."""
    ann: Any = model
    for part in loc:
        ann = _unwrap(ann)
        if isinstance(part, int):
            args = get_args(ann)
            if get_origin(ann) is not list or not args:
                return None
            ann = args[0]
        elif isinstance(ann, type) and issubclass(ann, BaseModel) and part in ann.model_fields:
            ann = ann.model_fields[part].annotation
        else:
            return None
    return _unwrap(ann)


def _unwrap(ann: Any) -> Any:
    """Strip Annotated[...] and `| None`."""
    while True:
        origin = get_origin(ann)
        if origin is Annotated:
            ann = get_args(ann)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in get_args(ann) if a is not type(None)]
            if len(args) != 1:
                return ann
            ann = args[0]
        else:
            return ann


def _fields(model: type[BaseModel], loc: Path_) -> list[str]:
    ann = _annotation_at(model, loc)
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return list(ann.model_fields)
    return []


def _literal_options(model: type[BaseModel], loc: Path_) -> list[str]:
    ann = _annotation_at(model, loc)
    return [str(a) for a in get_args(ann)] if get_origin(ann) is Literal else []


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
