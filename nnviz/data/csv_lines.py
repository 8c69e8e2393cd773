"""CSV parsing one line at a time: the layout of a file (directive, delimiter, header) and line-numbered errors.

The loader reads the data rows with a vectorised parser; this module finds
the layout both parsers share, and parses line by line when the fast parser
cannot (then every problem is reported with its line number).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

import numpy as np

from nnviz.data.dataset import KINDS
from nnviz.errors import CsvError
from nnviz.io import caps

COLUMNS: tuple[str, ...] = ("x1", "x2", "label")
MAX_ROWS = caps.MAX_POINTS
MAX_LINE_CHARS = caps.MAX_CSV_LINE_CHARS
_DIRECTIVE = re.compile(r"#\s*nnviz:\s*kind\s*=\s*(\w+)(?:\s+n_classes\s*=\s*(\d+))?\s*$", re.IGNORECASE)


@dataclass
class Layout:
    """How a file's rows are read: what the directive says, the delimiter, and which cell holds which column."""

    kind: str | None = None
    declared_classes: int = 0
    delimiter: str | None = ","
    decimal_comma: bool = False
    columns: tuple[int, int, int] = (0, 1, 2)  # cell indices of x1, x2, label
    has_header: bool = False


def show(cell: str) -> str:
    """Quote a cell for a message, shortened so the message stays one line."""
    text = cell if len(cell) <= 24 else cell[:21] + "..."
    return repr(text)


def directive(stripped: str, layout: Layout, source: str, lineno: int) -> None:
    """Take kind and class count from a `# nnviz:` comment (the first valid one wins)."""
    match = _DIRECTIVE.match(stripped)
    if match and layout.kind is None and match.group(1).lower() in KINDS:
        layout.kind = match.group(1).lower()
        digits = match.group(2) or "0"
        if len(digits) > 6 or int(digits) > caps.MAX_CLASSES:  # checked before anything is sized by it
            raise CsvError(f"{source}, line {lineno}: the file declares {digits[:20]} classes; nnviz's limit is "
                           f"{caps.MAX_CLASSES}")
        layout.declared_classes = int(digits)


def check_length(line: str, source: str, lineno: int) -> None:
    """Refuse a line too long to be a row of x1, x2, label before it is split."""
    if len(line) > MAX_LINE_CHARS:
        raise CsvError(f"{source}, line {lineno}: the line has {len(line):,} characters, more than the "
                       f"{MAX_LINE_CHARS:,} a row may have; is this a CSV file of x1, x2, label rows?")


def guess_delimiter(line: str) -> str | None:
    """Guess the delimiter from the first row; None means runs of whitespace."""
    if ";" in line:
        return ";"
    if "\t" in line:
        return "\t"
    if "," in line:
        return ","
    return None


def cells_of(line: str, delimiter: str | None, source: str, lineno: int) -> list[str]:
    """Split one line into stripped cells, honouring double quotes."""
    if delimiter is None:
        return line.split()
    if '"' not in line:  # the common case, without the csv module's per-line cost
        return [cell.strip() for cell in line.split(delimiter)]
    try:
        return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter))]
    except csv.Error as exc:
        raise CsvError(f"{source}, line {lineno}: cannot split the line ({exc})") from None


def number(cell: str, decimal_comma: bool) -> float | None:
    """Parse a cell as a float; None when it is not a number."""
    text = cell.strip()
    if decimal_comma and text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not text or "_" in text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def read_first_row(line: str, layout: Layout, source: str, lineno: int) -> None:
    """Set the delimiter and the columns from the first non-comment line (a header, or the first data row)."""
    check_length(line, source, lineno)
    layout.delimiter = guess_delimiter(line)
    layout.decimal_comma = layout.delimiter == ";"
    cells = cells_of(line, layout.delimiter, source, lineno)
    if all(number(cell, layout.decimal_comma) is None for cell in cells):
        layout.columns = _header_columns(cells, source, lineno)
        layout.has_header = True


def _header_columns(cells: list[str], source: str, lineno: int) -> tuple[int, int, int]:
    """The cell indices of x1, x2 and label in a header row, or raise."""
    names = [cell.strip().lower() for cell in cells]
    for name in COLUMNS:
        if names.count(name) > 1:
            raise CsvError(f"{source}, line {lineno}: the header names column {name} twice")
        if name not in names:
            found = ", ".join(show(cell) for cell in cells)
            raise CsvError(
                f"{source}, line {lineno}: the header has no column {name}; it must name "
                f"x1, x2 and label (found {found})"
            )
    x1, x2, label = (names.index(name) for name in COLUMNS)
    return x1, x2, label


def data_lines(text: str, layout: Layout, source: str) -> list[tuple[int, str]]:
    """(line number, line) of the header and data rows, reading the directive on the way (at most MAX_ROWS + 2)."""
    rows: list[tuple[int, str]] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            if not rows:
                directive(stripped, layout, source, lineno)
            continue
        rows.append((lineno, line))
        if len(rows) > MAX_ROWS + 1:  # enough to know the file is too long, header or not
            break
    return rows


def parse_lines(text: str, source: str, layout: Layout) -> tuple[np.ndarray, np.ndarray]:
    """The (n, 3) values of x1, x2, label and the (n,) line numbers, parsed line by line; CsvError names the line."""
    rows = data_lines(text, layout, source)
    if not rows:
        raise CsvError(f"{source}: no data rows (the file is empty or holds only comments)")
    read_first_row(rows[0][1], layout, source, rows[0][0])
    if layout.has_header:
        rows = rows[1:]
        if not rows:
            raise CsvError(f"{source}: no data rows below the header")
    if len(rows) > MAX_ROWS:
        raise CsvError(f"{source}, line {rows[MAX_ROWS][0]}: more than {MAX_ROWS:,} data rows; use a smaller file")
    needed = max(layout.columns) + 1
    values = np.empty((len(rows), 3), dtype=np.float64)  # (n, 3): x1, x2, label
    for r, (lineno, line) in enumerate(rows):
        check_length(line, source, lineno)
        cells = cells_of(line, layout.delimiter, source, lineno)
        if len(cells) < needed:
            raise CsvError(
                f"{source}, line {lineno}: found {len(cells)} cell(s) but need {needed} (columns {', '.join(COLUMNS)})"
            )
        for c, name in enumerate(COLUMNS):
            values[r, c] = _value(cells[layout.columns[c]], name, layout.decimal_comma, source, lineno)
    linenos = np.array([lineno for lineno, _ in rows], dtype=np.int64)  # (n,)
    return values, linenos


def _value(cell: str, name: str, decimal_comma: bool, source: str, lineno: int) -> float:
    if not cell:
        raise CsvError(f"{source}, line {lineno}: the {name} cell is empty")
    value = number(cell, decimal_comma)
    if value is None:
        raise CsvError(f"{source}, line {lineno}: {show(cell)} in column {name} is not a number")
    if not np.isfinite(value):
        raise CsvError(f"{source}, line {lineno}: {show(cell)} in column {name} is not a finite number "
                       "(NaN and inf are not allowed)")
    return value
