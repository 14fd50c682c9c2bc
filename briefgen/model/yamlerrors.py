"""YAML syntax errors in plain words, with the likely fix.

PyYAML says what its grammar expected ("mapping values are not allowed in this context",
"did not find expected <document start>"); an analyst needs to know what in their line
caused it and what to type instead. Nearly every syntax error in a brief is one of a few
slips: text holding `: ` or starting with a character YAML reserves (quote it), a tab used
for indentation, a quote or bracket never closed, a line out of step with its neighbours,
or the `[]` that `briefgen new` writes left above entries. Each is recognised from the
text around the error's marks, not from PyYAML's wording (libyaml's and PyYAML's differ).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

#: `key: value` or `- key: value` (the key plain), with the value's column.
_KEY_VALUE = re.compile(
    r"^(?P<lead>\s*(?:-\s+)*)(?P<key>[^\s#'\"\[\]{}][^:#]*?):[ \t]+(?P<value>.*)$"
)
_ITEM = re.compile(r"^(?P<lead>\s*-[ \t]+)(?P<value>.*)$")
#: Characters that cannot begin plain (unquoted) text in YAML, and what YAML takes them for.
_RESERVED = {
    "[": "the start of a list",
    "{": "the start of a mapping",
    "*": "an alias, a reference to an anchor",
    "&": "an anchor",
    "!": "a tag",
    "|": "the start of a block of text",
    ">": "the start of a folded block of text",
    "@": "a reserved character",
    "`": "a reserved character",
    "%": "a directive",
    '"': "the start of quoted text",
    "'": "the start of quoted text",
}


@dataclass(frozen=True)
class SyntaxProblem:
    """Where (0-based line and column in the text) and what, in plain words."""

    line: int
    column: int
    message: str


def explain(text: str, exc: yaml.MarkedYAMLError) -> SyntaxProblem:
    """The plain-words account of a syntax error in `text`."""
    lines = text.split("\n")
    problem = exc.problem_mark or exc.context_mark
    context = exc.context_mark
    at = (problem.line, problem.column) if problem else (0, 0)
    said = f"{exc.context or ''} {exc.problem or ''}"
    for rule in (_tab, _leftover_list, _unclosed, _another_document, _needs_quotes):
        found = rule(lines, at, context, said)
        if found:
            return found
    if re.search(r"expected key|block end|expected '-'", said):
        return SyntaxProblem(
            *at,
            "YAML syntax: this line does not line up with the lines above it; YAML reads "
            "structure from indentation: indent it as far as the entries it belongs with",
        )
    return SyntaxProblem(*at, f"YAML syntax: {exc.problem or exc.context or 'invalid YAML'}")


Mark = yaml.Mark | None


def _line(lines: list[str], n: int) -> str:
    return lines[n] if 0 <= n < len(lines) else ""


def _tab(lines: list[str], at: tuple[int, int], context: Mark, said: str) -> SyntaxProblem | None:
    for n in (at[0], at[0] - 1):  # libyaml may stop at the line after the tab
        line = _line(lines, n)
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return SyntaxProblem(
                n,
                indent.index("\t"),
                "YAML syntax: a tab is used for indentation; YAML indents with spaces only: "
                "replace the tab with spaces",
            )
    return None


def _leftover_list(
    lines: list[str], at: tuple[int, int], context: Mark, said: str
) -> SyntaxProblem | None:
    """`[]` (no entries yet) left above entries written below it."""
    if "document start" not in said:
        return None
    for n in range(at[0] - 1, -1, -1):
        bare = _line(lines, n).split("#", 1)[0].strip()
        if bare in ("[]", "{}"):
            return SyntaxProblem(
                n,
                0,
                f"YAML syntax: this '{bare}' says the file has no entries, but entries follow "
                f"at line {at[0] + 1}: delete the '{bare}' line",
            )
        if bare:
            break
    return SyntaxProblem(
        *at,
        "YAML syntax: this line is outside the file's one list or mapping: "
        "check its indentation against the lines above",
    )


def _unclosed(
    lines: list[str], at: tuple[int, int], context: Mark, said: str
) -> SyntaxProblem | None:
    """A quote or bracket opened and never closed: point at where it opens."""
    if context is None:
        return None
    if "quoted scalar" in said and "end of stream" in said:
        quote = _line(lines, context.line)[context.column : context.column + 1] or '"'
        inside = '\\"' if quote == '"' else "''"
        return SyntaxProblem(
            context.line,
            context.column,
            f"YAML syntax: this {quote} is never closed: end the text with {quote} "
            f"(a {quote} inside the text is written {inside})",
        )
    flow = re.search(r"flow (sequence|mapping)", said)
    if flow is None:
        return None
    opening, closing = ("[", "]") if flow[1] == "sequence" else ("{", "}")
    if at[0] != context.line:
        return SyntaxProblem(
            context.line,
            context.column,
            f"YAML syntax: this '{opening}' is never closed: end it with '{closing}' "
            f"(if the text starts with '{opening}', put it in quotes)",
        )
    return SyntaxProblem(
        *at,
        f"YAML syntax: inside {opening}...{closing}, text holding ': ', ',', or brackets "
        'must be in quotes: write e.g. quote: "Rogers said: the deal is off"',
    )


def _another_document(
    lines: list[str], at: tuple[int, int], context: Mark, said: str
) -> SyntaxProblem | None:
    if "another document" not in said:
        return None
    return SyntaxProblem(
        *at,
        "YAML syntax: a '---' line starts a second document, and a brief file holds one: "
        "remove the line (or quote text that begins with ---)",
    )


def _needs_quotes(
    lines: list[str], at: tuple[int, int], context: Mark, said: str
) -> SyntaxProblem | None:
    """Text that YAML reads as structure: a `: ` inside it, or a reserved first character."""
    candidates = [at[0]] + ([context.line] if context and context.line != at[0] else [])
    for n in candidates:
        line = _line(lines, n)
        found = _KEY_VALUE.match(line) or _ITEM.match(line)
        if not found or not found["value"].strip():
            continue
        value = found["value"].rstrip()
        start = found.start("value")
        key = found.groupdict().get("key")
        shown = f"{key}: " if key else "- "
        reason = _reason(value, key is not None)
        if reason is None:
            continue
        return SyntaxProblem(
            n,
            start,
            f"YAML syntax: {reason}; put the text in quotes: {shown}{_quoted(value)}",
        )
    return None


def _reason(value: str, after_key: bool) -> str | None:
    """Why YAML cannot read `value` as plain text, or None when it can."""
    first = value[0]
    if first in "\"'":
        if value.find(first, 1) == len(value) - 1:
            return None  # a quoted text, closed: the problem is elsewhere
        return f"the text starts with {first}, and more text follows where that quote closes"
    if first in _RESERVED:
        return f"text cannot start with '{first}' unquoted (YAML reads it as {_RESERVED[first]})"
    if value.startswith(("- ", "? ")):
        return f"text cannot start with '{value[:2].strip()} ' unquoted"
    if ": " in value or value.endswith(":"):
        return "a ': ' inside unquoted text starts a new key"
    if " #" in value:
        return "' #' inside unquoted text starts a comment"
    return None


def _quoted(value: str) -> str:
    """`value` as a double-quoted YAML string; a value already in quotes is requoted."""
    if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    if len(value) > 60:
        value = value[:57] + "…"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
