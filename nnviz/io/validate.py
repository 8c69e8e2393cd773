"""One validator kit for values read from files and flags: each failure is one line naming the source and field.

`Checker(error, source)` checks JSON-like values: booleans never pass as
numbers, strings are checked as strings, and every message reads
"{source}: {field} must be ..., got {type} {value}". Session files, network
JSON (nnviz, Synaptic, brain.js) and `Config` all use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from math import isfinite
from numbers import Integral, Real
from typing import Any

from nnviz.errors import NnvizError, brief, one_line


def brief_error(exc: BaseException, limit: int = 160) -> str:
    """An exception's own words for a message (numpy and Python quote the bad value whole): one line, cut."""
    text = one_line(" ".join(str(exc).split()))
    return text if len(text) <= limit else text[:limit] + "..."


MAX_NUMBER_DIGITS = 20  # a whole number from a flag or a file with more digits than this is "too long"


def too_long_number(text: str) -> str:
    """The message for a whole number written with too many digits ("" when `text` is not one)."""
    digits = text.strip().lstrip("+-")
    if digits.isdigit() and len(digits) > MAX_NUMBER_DIGITS:
        return f"the number {brief(digits[:12] + '...', 20)} is too long ({len(digits):,} digits)"
    return ""


def brief_names(names: Iterable[Any], shown: int = 5) -> str:
    """Names (keys, columns) for a message: each quoted on one line, the first `shown` of them and a count."""
    items = list(names)
    text = ", ".join(brief(n) for n in items[:shown])
    return text if len(items) <= shown else f"{text} and {len(items) - shown} more"


def show(value: Any) -> str:
    """A value for a message: its JSON-ish type and a short repr, on one line."""
    if value is None:
        return "nothing (null or missing)"
    return f"{type(value).__name__} {brief(value)}"


def is_whole(value: Any) -> bool:
    """Whether `value` is an integer (Python or numpy) and not a boolean."""
    return isinstance(value, Integral) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    """Whether `value` is a real number (Python or numpy) and not a boolean."""
    return isinstance(value, Real) and not isinstance(value, bool)


class Checker:
    """Checks values from one source; failures raise `error` with a one-line message naming the field."""

    def __init__(self, error: type[NnvizError], source: str = "") -> None:
        self.error = error
        self.source = source

    def fail(self, message: str) -> NnvizError:
        """The error to raise, prefixed with the source."""
        return self.error(f"{self.source}: {message}" if self.source else message)

    def number(self, value: Any, field: str) -> float:
        """A finite number."""
        if not is_number(value):
            raise self.fail(f"{field} must be a number, got {show(value)}")
        try:
            v = float(value)
        except OverflowError:  # an int beyond the float range
            v = float("inf")
        if not isfinite(v):
            raise self.fail(f"{field} must be a finite number, got {show(value)}")
        return v

    def whole(self, value: Any, field: str, low: int | None = 0, high: int | None = None) -> int:
        """An integer >= low (and <= high when given; low None: any integer)."""
        if not is_whole(value):
            bound = "" if low is None else f" >= {low}"
            raise self.fail(f"{field} must be a whole number{bound}, got {show(value)}")
        if low is not None and value < low:
            raise self.fail(f"{field} must be a whole number >= {low}, got {show(value)}")
        if high is not None and value > high:
            raise self.fail(f"{field} must be a whole number in {low}..{high:,}, got {value:,}")
        return int(value)

    def text(self, value: Any, field: str) -> str:
        """A string."""
        if not isinstance(value, str):
            raise self.fail(f"{field} must be a string, got {show(value)}")
        return value

    def obj(self, value: Any, field: str) -> dict[str, Any]:
        """A JSON object."""
        if not isinstance(value, dict):
            raise self.fail(f"{field} must be a JSON object, got {show(value)}")
        return value

    def array(self, value: Any, field: str, length: int | None = None) -> list[Any]:
        """A JSON array (of a given length)."""
        if not isinstance(value, list):
            raise self.fail(f"{field} must be a JSON array, got {show(value)}")
        if length is not None and len(value) != length:
            raise self.fail(f"{field} must have {length:,} entries, got {len(value):,}")
        return value

    def numbers(self, value: Any, field: str, length: int) -> list[float]:
        """A JSON array of `length` finite numbers."""
        items = self.array(value, field, length)
        return [self.number(v, f"{field}[{i}]") for i, v in enumerate(items)]

    def need(self, doc: dict[str, Any], key: str, field: str = "") -> Any:
        """doc[key], or a message that the field is missing."""
        if key not in doc:
            raise self.fail(f"{field or key} is missing")
        return doc[key]

    def version(self, value: Any, newest: int, field: str = "version") -> int:
        """A file format version: a whole number from 1 to `newest` (this nnviz's)."""
        if not is_whole(value) or value < 1:
            raise self.fail(f"{field} must be a whole number >= 1, got {show(value)}")
        if value > newest:
            raise self.fail(f"{field} {value} was written by a newer nnviz; this one reads up to version {newest}")
        return int(value)
