"""Read YAML the way an analyst means it, remembering where every value stands in the file.

PyYAML's own constructor loses what a diagnostic needs and forgives what it should not:
it keeps the last of two duplicate keys (silently losing text), walks alias bombs until
memory runs out, turns `no` into False and raises bare ValueErrors from inside its date
constructor (`2015-13-45`). So we let PyYAML compose the node graph (linear in the file's
size), then convert nodes to plain values ourselves with a budget, recording each value's
line and column by its path.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefgen.diagnostics import Diagnostic, Location, error
from briefgen.model.yamlcore import CoreLoader
from briefgen.model.yamlerrors import explain

#: Largest YAML file read, in bytes. A brief is a few hundred KB at most; 50 MB is an accident.
MAX_FILE_BYTES = 5 * 1024 * 1024
#: Most values one file may expand to, counting every alias expansion.
MAX_VALUES = 200_000
#: Most characters (keys and values) one file may expand to, counting every alias
#: expansion: a few aliases of one long text would otherwise make a page of gigabytes.
MAX_CHARS = 10_000_000
#: Deepest nesting accepted; a brief is about six levels deep.
MAX_DEPTH = 64

Path_ = tuple[str | int, ...]

_STR_TAG = "tag:yaml.org,2002:str"


class _TooBig(Exception):
    """Stop converting: the document expands past a budget; str() says which."""


@dataclass
class YamlDocument:
    """A parsed file: its plain value and where each value and key stands."""

    path: Path
    value: Any = None
    # PyYAML's marks, turned into Locations only when a diagnostic needs one
    values: dict[Path_, yaml.Mark] = field(default_factory=dict)
    keys: dict[Path_, yaml.Mark] = field(default_factory=dict)
    line_offset: int = 0

    def locate(self, path: Path_, *, key: bool = False) -> Location:
        """The nearest recorded place for a path: the value itself, or its closest parent."""
        if key and path in self.keys:
            return _mark(self.path, self.keys[path], self.line_offset)
        for n in range(len(path), -1, -1):
            mark = self.values.get(path[:n])
            if mark is not None:
                return _mark(self.path, mark, self.line_offset)
        return Location(self.path)


def read_yaml(
    path: Path, *, text: str | None = None, line_offset: int = 0
) -> tuple[YamlDocument, list[Diagnostic]]:
    """Parse one YAML file. Problems come back as diagnostics, never as exceptions."""
    doc = YamlDocument(path, line_offset=line_offset)
    if text is None:
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                return doc, [error(Location(path), _too_large(size))]
            raw = path.read_bytes()
        except OSError as exc:
            return doc, [error(Location(path), f"cannot read the file: {exc.strerror or exc}")]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return doc, [
                error(
                    _offset_location(path, raw, exc.start),
                    "the file is not UTF-8 text; save it as UTF-8",
                )
            ]
    elif len(text.encode("utf-8")) > MAX_FILE_BYTES:
        return doc, [error(Location(path, line_offset + 1), _too_large(len(text.encode())))]

    try:
        loader = CoreLoader(text)
    except yaml.reader.ReaderError as exc:
        return doc, [_unreadable_character(path, text, exc, line_offset)]
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        found = explain(text, exc)
        where = Location(path, found.line + 1 + line_offset, found.column + 1)
        return doc, [error(where, found.message)]
    except yaml.reader.ReaderError as exc:
        return doc, [_unreadable_character(path, text, exc, line_offset)]
    except yaml.YAMLError as exc:
        return doc, [error(Location(path), f"YAML syntax: {exc}")]
    except RecursionError:
        return doc, [error(Location(path), f"nesting is too deep (more than {MAX_DEPTH} levels)")]
    finally:
        loader.dispose()
    if node is None:
        return doc, []

    converter = _Converter(doc, loader, line_offset)
    try:
        doc.value = converter.convert(node, (), 0)
    except _TooBig as exc:
        return YamlDocument(path), [
            error(
                _mark(path, node.start_mark, line_offset),
                f"the YAML expands to more than {exc} (anchors and aliases "
                "repeated without bound?); refusing to read it",
            )
        ]
    return doc, converter.diagnostics


def _too_large(size: int) -> str:
    return (
        f"the file is too large ({size / 1e6:.1f} MB; the limit is "
        f"{MAX_FILE_BYTES / 1e6:.0f} MB); a brief file should be a few hundred KB"
    )


def _mark(path: Path, mark: yaml.Mark, line_offset: int) -> Location:
    return Location(path, mark.line + 1 + line_offset, mark.column + 1)


def _unreadable_character(
    path: Path, text: str, exc: yaml.reader.ReaderError, line_offset: int
) -> Diagnostic:
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return error(
        _text_location(path, text, exc.position, line_offset),
        f"YAML cannot contain the control character U+{code:04X}: remove it",
    )


def _text_location(path: Path, text: str, offset: int, line_offset: int) -> Location:
    before = text[:offset]
    return Location(
        path, before.count("\n") + 1 + line_offset, offset - (before.rfind("\n") + 1) + 1
    )


def _offset_location(path: Path, raw: bytes, offset: int) -> Location:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    return Location(path, line, offset - (before.rfind(b"\n") + 1) + 1)


class _Converter:
    def __init__(self, doc: YamlDocument, loader: CoreLoader, line_offset: int) -> None:
        self.doc = doc
        self.loader = loader
        self.line_offset = line_offset
        self.budget = MAX_VALUES
        self.chars = MAX_CHARS
        self.diagnostics: list[Diagnostic] = []

    def where(self, node: yaml.Node) -> Location:
        return _mark(self.doc.path, node.start_mark, self.line_offset)

    def convert(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _TooBig(f"{MAX_VALUES:,} values")
        if depth > MAX_DEPTH:
            self.diagnostics.append(
                error(self.where(node), f"nesting is too deep (more than {MAX_DEPTH} levels)")
            )
            return None
        self.doc.values.setdefault(path, node.start_mark)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Hashable, yaml.Mark] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.diagnostics.append(
                    error(self.where(key_node), "a key must be a plain word, not a list or mapping")
                )
                continue
            key = self.scalar(key_node)
            if key is None or isinstance(key, (bool, float)):
                self.diagnostics.append(
                    error(self.where(key_node), f"'{key_node.value}' cannot be a key")
                )
                continue
            key = str(key)
            if key in first_seen:
                first_line = first_seen[key].line + 1 + self.line_offset
                self.diagnostics.append(
                    error(
                        self.where(key_node),
                        f"duplicate key '{key}' (first at line {first_line}); YAML keeps "
                        "only the last one, so the first value would be lost: merge or rename them",
                    )
                )
                continue
            first_seen[key] = key_node.start_mark
            self.doc.keys[(*path, key)] = key_node.start_mark
            result[key] = self.convert(value_node, (*path, key), depth + 1)
        return result

    def scalar(self, node: yaml.Node) -> Any:
        # Strings are shared, not copied, as aliases expand; what they would cost a page
        # (and the memory of every later step) is their length, counted here.
        self.chars -= len(node.value)
        if self.chars < 0:
            raise _TooBig(f"{MAX_CHARS:,} characters")
        if node.tag == _STR_TAG:  # most of a brief: its text, as written
            return node.value
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            self.diagnostics.append(
                error(self.where(node), f"cannot read '{node.value}': {problem}")
            )
            return None


def describe_value(value: object) -> str:
    """How a YAML value reads to someone who wrote it."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of keys"
    return type(value).__name__
