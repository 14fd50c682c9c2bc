"""What the schema rejects, in plain words at the YAML line: every message about the shape
of a brief (or an article header) is made here from pydantic's errors, with did-you-mean
suggestions for mistyped keys and enum values."""

from __future__ import annotations

import re
import types
import typing
import unicodedata
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from briefgen.diagnostics import Diagnostic, Location, did_you_mean, error
from briefgen.model.schema import ID_PATTERN
from briefgen.model.yamlsource import Path_, YamlDocument, describe_value

M = TypeVar("M", bound=BaseModel)
Locate = Callable[..., Location]


def validate(
    model: type[M],
    doc: YamlDocument,
    data: Any | None = None,
    locate: Locate | None = None,
    within: Container[str] | None = None,
) -> tuple[M | None, list[Diagnostic]]:
    """Validate `data` (default: the document's value) against `model`.

    `locate(path, key=bool)` maps a path to a file location; by default the document's own.
    `within`: report only the problems under these top-level keys.
    """
    where = locate or doc.locate
    value = doc.value if data is None else data
    instance, problems = explain(model, value)
    if within is not None:
        problems = [p for p in problems if p.path and p.path[0] in within]
    return instance, [error(where(p.path, key=p.names_key), p.message()) for p in problems]


#: The rule for ids, in words.
ID_RULE = (
    "use lowercase letters, digits, '-' and '_' (at most 80 characters, "
    "starting with a letter or digit)"
)


def id_problem(value: str, what: str = "id") -> str | None:
    """Why `value` is not a valid id, in words and with an id made from it; None if it is."""
    if re.fullmatch(ID_PATTERN, value):
        return None
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9_-]+", "-", ascii_text.lower()).strip("-_")[:80].strip("-_")
    example = f", e.g. {slug}" if re.fullmatch(ID_PATTERN, slug) else ""
    return f"'{value}' is not a valid {what}: {ID_RULE}{example}"


@dataclass(frozen=True)
class Problem:
    """One thing the schema rejects: where (`path`), and what, in plain words (`text`)."""

    path: Path_
    names_key: bool  # an unknown key: the diagnostic points at the key, not its value
    text: str
    #: Where the message says it is: a missing or unknown key is named in the text, so
    #: its prefix is the mapping it belongs to.
    prefix: Path_ = ()

    def message(self) -> str:
        return f"{format_path(self.prefix)}: {self.text}" if self.prefix else self.text


def explain(model: type[M], value: Any) -> tuple[M | None, list[Problem]]:
    """Validate `value` against `model`: the instance, or what is wrong with it."""
    try:
        return model.model_validate(value), []
    except ValidationError as exc:
        return None, list(_explain(model, exc))


def _explain(model: type[BaseModel], exc: ValidationError) -> Iterator[Problem]:
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        # pydantic adds the branch name for `X | None`; the YAML has no such level.
        loc = tuple(p for p in loc if not (isinstance(p, str) and p in _BRANCH_NAMES))
        kind = err["type"]
        prefix = loc[:-1] if kind in ("missing", "extra_forbidden") else loc
        yield Problem(loc, kind == "extra_forbidden", _message(model, loc, err), prefix)


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
        shown = value if isinstance(value, str) else describe_value(value)
        return (
            f"'{shown}' is not allowed here{did_you_mean(str(value), options)}; "
            f"use one of: {', '.join(options)}"
        )
    if kind == "string_pattern_mismatch":
        return id_problem(str(value)) or f"'{value}' is not a valid id: {ID_RULE}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (more than {ctx.get('max_length'):,} characters)"
    if kind == "too_short":
        return "needs at least one entry"
    if kind == "string_type":
        return f"expected text, got {describe_value(value)}"
    if kind in ("list_type",):
        return f"expected a list (lines starting with '- '), got {describe_value(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of keys (key: value), got {describe_value(value)}"
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing"):
        return f"expected a number, got {describe_value(value)}"
    if kind == "finite_number":
        return f"'{value}' is not a figure a memo can print: give a finite number"
    if kind in ("less_than_equal", "greater_than_equal"):
        limit = abs(float(ctx.get("le", ctx.get("ge", 0))))
        return (
            f"{value} is too large: figures up to {limit:,.0f} (either sign) are accepted; "
            "use a larger unit (e.g. billions)"
        )
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return str(err["msg"])


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


def unknown(kind: str, value: str, known: set[str]) -> str:
    """'unknown topic 'x'', with a did-you-mean or, for a short list, the known names."""
    hint = did_you_mean(value, sorted(known))
    listing = (
        f" (known: {', '.join(sorted(known))})" if known and len(known) <= 12 and not hint else ""
    )
    return f"unknown {kind} '{value}'{hint}{listing}"
