"""The one family of errors a user can cause; every message says what was wrong."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class NnvizError(Exception):
    """Base class of every error a user can cause: bad input, bad config, divergence."""


class ConfigError(NnvizError):
    """An impossible or inconsistent configuration."""


class DataError(NnvizError):
    """Bad data: a bad generator name, bad points or labels."""


class CsvError(DataError):
    """A CSV file that cannot be used; the message names the line."""


class ModelFormatError(NnvizError):
    """A network file (nnviz, Synaptic or brain.js JSON) that cannot be read."""


class SessionFileError(NnvizError):
    """A session file that cannot be read or written."""


class DivergenceError(NnvizError):
    """Training produced NaN or inf; the weights were rolled back."""


class OutOfMemoryError(NnvizError):
    """A run or a file needs more memory than this machine (or its limit) gives nnviz; the message names the
    setting to lower."""


OUT_OF_MEMORY = ("out of memory: this needs more memory than nnviz may use here; lower the number of points, "
                 "the hidden layer sizes, the batch size or the image size")


# --- quoting what was given: bounded and on one line (a value from a flag or a file may be megabytes) ---
def one_line(text: str) -> str:
    """Text with every control or line-breaking character escaped (\\n, \\x0b, \\u2028), so it stays one line."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def brief(value: Any, limit: int = 40) -> str:
    """A value's repr for a message, on one line and cut to about `limit` characters."""
    try:
        text = repr(value)
    except ValueError:  # an int with more digits than Python will print
        text = "(too many digits)"
    text = one_line(text)
    return text if len(text) <= limit else text[:limit] + "..."


def unknown_name(what: str, value: Any, names: Iterable[str]) -> str:
    """The message for a name that is not in a table: a short excerpt of what was given, and the valid names."""
    return f"unknown {what} {brief(value)}; choose one of {', '.join(names)}"
