"""The YAML 1.2 core schema, which is what an analyst's plain scalars mean.

PyYAML implements YAML 1.1, whose resolvers surprise anyone who has not read that spec:
`010` is octal 8, `1:30` is sexagesimal 90, `1_000` is 1000, `no` is false, `2015-09-25` is
a datetime. YAML 1.2's core schema keeps only null, true/false, decimal (and `0o`/`0x`)
integers and decimal floats with an optional exponent, `.inf` and `.nan`; everything else
is text. Dates stay text because briefgen reads them itself (model/dates.py).

A number keeps the way it was written (`SpelledInt`, `SpelledFloat`): a field that expects
text gets `010`, not `10`, and a message about a number quotes what was typed.
"""

from __future__ import annotations

import math
import re
from typing import Any, Self

import yaml

_NULL_TAG = "tag:yaml.org,2002:null"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


class _Spelled:
    """A number that remembers how it was written: str() and f"{n}" give the spelling."""

    spelling: str

    def __new__(cls, value: float, spelling: str) -> Self:
        number = super().__new__(cls, value)  # type: ignore[call-arg]  # int's or float's
        number.spelling = spelling
        return number

    def __str__(self) -> str:
        return self.spelling

    def __format__(self, spec: str) -> str:
        return self.spelling if not spec else super().__format__(spec)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (getattr(self, "real"), self.spelling))  # noqa: B009


class SpelledInt(_Spelled, int):
    pass


class SpelledFloat(_Spelled, float):
    pass


def parse_int(text: str) -> SpelledInt:
    """A YAML 1.2 core integer: decimal, `0o` octal or `0x` hexadecimal, nothing else."""
    if not _INT.match(text):
        raise ValueError("not an integer in YAML 1.2 (write decimal digits, 0o... or 0x...)")
    if text.startswith("0o"):
        return SpelledInt(int(text[2:], 8), text)
    if text.startswith("0x"):
        return SpelledInt(int(text[2:], 16), text)
    return SpelledInt(int(text, 10), text)


def parse_float(text: str) -> SpelledFloat:
    """A YAML 1.2 core float: decimal with an optional exponent, `.inf`, `.nan`."""
    if not _FLOAT.match(text) and not _INT.match(text):
        raise ValueError("not a number in YAML 1.2 (write e.g. 12.5, 1.2e6, .inf or .nan)")
    lowered = text.lower()
    if lowered.endswith(".nan"):
        return SpelledFloat(math.nan, text)
    if lowered.endswith(".inf"):
        return SpelledFloat(-math.inf if text.startswith("-") else math.inf, text)
    if _INT.match(text) and text.startswith(("0o", "0x")):
        return SpelledFloat(float(parse_int(text)), text)
    return SpelledFloat(float(text), text)


def _int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> SpelledInt:
    return parse_int(str(loader.construct_scalar(node)))


def _float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> SpelledFloat:
    return parse_float(str(loader.construct_scalar(node)))


# libyaml's parser (ten times faster) when PyYAML was built with it; the resolution rules
# below are Python-level either way, so both parsers read a brief the same.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CoreLoader(_Base):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader with YAML 1.2 core schema resolution (see the module's doc).
    No merge keys (`<<`) either: YAML 1.2 has none, so `<<` is an ordinary key."""

    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}  # noqa: RUF012


CoreLoader.add_implicit_resolver(_NULL_TAG, _NULL, [*"~nN", ""])
CoreLoader.add_implicit_resolver(_BOOL_TAG, _BOOL, list("tTfF"))
CoreLoader.add_implicit_resolver(_INT_TAG, _INT, list("-+0123456789"))
CoreLoader.add_implicit_resolver(_FLOAT_TAG, _FLOAT, list("-+.0123456789"))
CoreLoader.add_constructor(_INT_TAG, _int)
CoreLoader.add_constructor(_FLOAT_TAG, _float)
