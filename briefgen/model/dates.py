"""Partial dates: `2015`, `2015-09`, `2015-09-25`, kept at the precision the analyst wrote.

Sources give dates like "in September" or "2014"; inventing a day would claim knowledge the
brief does not have. A partial date compares by the span it covers: `2015-09` is on or before
`2015-09-30` and on or after `2015-09-01`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from briefgen.errors import UsageError
from briefgen.model.yamlsource import describe_value

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Parse what YAML hands over (text or a bare year) with a message an analyst can act on."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise ValueError(
                "expected a date written as YYYY, YYYY-MM or YYYY-MM-DD, "
                f"got {describe_value(value)}"
            )
        text = str(value).strip()
        m = _PATTERN.match(text)
        if not m:
            raise ValueError(
                f"'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2015-09-25)"
            )
        year, month, day = int(m[1]), m[2], m[3]
        if year < 1000:
            raise ValueError(f"'{text}' is not a date: the year must have four digits")
        if month is None:
            return cls(year)
        mon = int(month)
        if not 1 <= mon <= 12:
            raise ValueError(f"'{text}' is not a date: month {mon} does not exist (1-12)")
        if day is None:
            return cls(year, mon)
        d = int(day)
        last = _days_in_month(year, mon)
        if not 1 <= d <= last:
            raise ValueError(
                f"'{text}' is not a date: {MONTHS[mon - 1]} {year} has days 1-{last}, not {d}"
            )
        return cls(year, mon, d)

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or _days_in_month(self.year, month))

    def on_or_before(self, other: PartialDate) -> bool:
        """True when the whole span of self is on or before the end of other's span."""
        return self.last_day() <= other.last_day()

    def surely_after(self, other: PartialDate) -> bool:
        """True when the whole span of self falls after the whole span of other: a `2015`
        item is not *surely* after 2015-12-01, so it draws no warning against that date."""
        return self.first_day() > other.last_day()

    def iso(self) -> str:
        """As written: the precision is part of the value."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def human(self) -> str:
        """For readers: `8 July 2013`, `September 2015`, `2014`."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {MONTHS[self.month - 1]} {self.year}"

    def __str__(self) -> str:
        return self.iso()

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.to_string_ser_schema()
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "description": "A date as precise as the source allows: YYYY, YYYY-MM or YYYY-MM-DD.",
        }


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if calendar.isleap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def date_option(text: str | None, option: str) -> PartialDate | None:
    """A date given on the command line; a bad one is a usage error."""
    if text is None:
        return None
    try:
        return PartialDate.parse(text)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None
