"""Read and write data sets as CSV: columns x1, x2, label.

Accepted files:
- UTF-8 text (a BOM is fine); ',' ';' tab or whitespace between cells, detected
  from the first row; with ';' a decimal comma ("1,5") is accepted too.
- Blank lines and lines starting with '#' are skipped.
- An optional header naming x1, x2 and label (any case, any order; other
  columns are ignored). Without a header the first three columns are x1, x2,
  label in that order.
- Integer-valued labels make a classification set, remapped to 0..K-1 in
  sorted order; any other labels make a regression set. A comment
  "# nnviz: kind=regression" or "# nnviz: kind=classification n_classes=K"
  (written by save_csv) overrides that guess so a saved set loads back as saved.

Every problem raises one CsvError whose one-line message names the file and,
where one applies, the line number. Rows are read by numpy's parser; the line
parser (`csv_lines`) runs only when that fails, to say which line is wrong.
"""

from __future__ import annotations

import io
import logging
import os
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

from nnviz.data.csv_lines import (
    COLUMNS,
    MAX_ROWS,
    Layout,
    cells_of,
    data_lines,
    directive,
    guess_delimiter,
    number,
    parse_lines,
    read_first_row,
)
from nnviz.data.dataset import CLASSIFICATION, KINDS, REGRESSION, Dataset
from nnviz.data.table import TableChoice, parse_table, table_dataset
from nnviz.errors import CsvError, DataError
from nnviz.io import brief, caps, read_text, write_atomic

log = logging.getLogger(__name__)

MAX_CSV_BYTES = caps.MAX_CSV_BYTES
MAX_AUTO_CLASSES = 16  # more distinct integer labels than this are read as regression
MAX_LINE_BYTES = caps.MAX_CSV_LINE_CHARS  # a longer line (in bytes) goes to the line parser, which counts characters
_SPACE = re.compile(r"\s*")
_BLANK_LINE = re.compile(r"^[^\S\n]*\n", re.MULTILINE)
_LINE_PARSER_ONLY = '\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"'  # line breaks only str.splitlines knows, and quotes


def parse_csv(text: str, source: str = "<text>", kind: str | None = None) -> Dataset:
    """Parse CSV `text` into a Dataset; `source` names it in messages and gives its name.

    `kind` ("classification" or "regression") overrides the guess from the labels.
    """
    if kind is not None and kind not in KINDS:
        raise CsvError(f"{source}: kind must be one of {', '.join(KINDS)}; got {brief(kind)}")
    layout = Layout(kind=kind)
    values = _parse_fast(text, source, layout)
    if values is not None:
        return _build(values, lambda row: _line_of(text, source, row), source, layout)
    layout = Layout(kind=kind)
    values, linenos = parse_lines(text, source, layout)  # raises the line-numbered error
    return _build(values, lambda row: int(linenos[row]), source, layout)


def _parse_fast(text: str, source: str, layout: Layout) -> np.ndarray | None:
    """The (n, 3) x1, x2, label values read by numpy's parser, or None when the line parser must look."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(char in text for char in _LINE_PARSER_ONLY):
        return None
    start, lineno = _first_row(text, source, layout)
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    read_first_row(text[start:end], layout, source, lineno)
    body = text[end + 1:] if layout.has_header else text[start:]
    if layout.decimal_comma:
        body = body.replace(",", ".")
    if body.count("\n") > MAX_ROWS + 1:  # perhaps blank lines: drop them, then the count bounds the rows
        body = _BLANK_LINE.sub("", body)
    if body.count("\n") > MAX_ROWS + 1 or not body.strip() or _longest_line(body) > MAX_LINE_BYTES:
        return None
    try:
        values = np.loadtxt(io.StringIO(body), dtype=np.float64, delimiter=layout.delimiter, usecols=layout.columns,
                            comments=None, quotechar=None, ndmin=2)
    except ValueError:
        return None
    if not 0 < len(values) <= MAX_ROWS or not np.isfinite(values).all():
        return None
    return values


def _first_row(text: str, source: str, layout: Layout) -> tuple[int, int]:
    """The offset and line number of the first line that is neither blank nor a comment; reads the directive."""
    position, lineno = 0, 1
    while True:
        first = _SPACE.match(text, position).end()  # type: ignore[union-attr]  # \s* always matches
        if first == len(text):
            raise CsvError(f"{source}: no data rows (the file is empty or holds only comments)")
        lineno += text.count("\n", position, first)
        start = text.rfind("\n", 0, first) + 1  # the start of that line
        if text[first] != "#":
            return start, lineno
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        directive(text[start:end].strip(), layout, source, lineno)
        position = end


def _longest_line(body: str) -> int:
    """The length in bytes of the longest line."""
    data = np.frombuffer(body.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    breaks = np.flatnonzero(data == ord("\n"))  # (lines,)
    edges = np.concatenate(([-1], breaks, [len(data)]))
    return int(np.diff(edges).max()) - 1


def _line_of(text: str, source: str, row: int) -> int:
    """The line number of data row `row` (0-based), found again by the line scanner for a message."""
    layout = Layout()
    rows = data_lines(text, layout, source)
    read_first_row(rows[0][1], layout, source, rows[0][0])
    return rows[row + int(layout.has_header)][0]


def _build(values: np.ndarray, line_of: Callable[[int], int], source: str, layout: Layout) -> Dataset:
    """Turn the (n, 3) parsed values into a classification or regression Dataset."""
    kind, declared = layout.kind, layout.declared_classes
    points, raw = values[:, :2], values[:, 2]  # (n, 2), (n,)
    name = Path(source).stem or "csv"
    integral = bool(np.all(raw == np.round(raw)))
    classes = np.unique(raw) if integral else np.zeros(0)
    if kind is None:
        kind = CLASSIFICATION if integral and len(classes) <= MAX_AUTO_CLASSES else REGRESSION
        if integral and kind == REGRESSION:
            log.info(
                "%s: %d distinct integer labels, read as regression",
                source,
                len(classes),
            )
    if kind == REGRESSION:
        return Dataset(points, raw, REGRESSION, 0, name)
    if not integral:
        bad = int(np.flatnonzero(raw != np.round(raw))[0])
        raise CsvError(
            f"{source}, line {line_of(bad)}: label {float(raw[bad])!r} is not a whole number; "
            "classification labels must be whole numbers"
        )
    if declared >= 2:  # saved by save_csv: labels are already 0..K-1
        try:
            return Dataset(points, raw, CLASSIFICATION, declared, name)
        except DataError as exc:
            raise CsvError(f"{source}: {exc}") from None
    if len(classes) < 2:
        raise CsvError(
            f"{source}: every row has label {classes[0]:g}; a classification data set needs at least two classes"
        )
    caps.check_count(len(classes), caps.MAX_CLASSES, "classes (distinct labels)", CsvError, source)
    labels = np.searchsorted(classes, raw)  # (n,) remapped to 0..K-1
    log.debug("%s: classes %s remapped to 0..%d", source, classes.tolist(), len(classes) - 1)
    return Dataset(points, labels, CLASSIFICATION, len(classes), name)


def load_csv(path: str | os.PathLike[str], kind: str | None = None, choice: TableChoice | None = None) -> Dataset:
    """Load a CSV file into a Dataset named after the file: x1, x2, label rows as before, any other table
    (a header naming other columns, or more than three columns) as `nnviz.data.table` reads it."""
    source = os.fspath(path)
    text = read_text(source, error=CsvError, what="CSV file", max_bytes=MAX_CSV_BYTES)
    if choice is None and is_point_file(text, source):
        return parse_csv(text, source, kind)
    return table_dataset(parse_table(text, source), choice or TableChoice(kind=kind)).dataset


def is_point_file(text: str, source: str = "<text>") -> bool:
    """Whether the text is an x1, x2, label file: a header naming those three, or three cells of numbers first."""
    rows = data_lines(text[:65_536], Layout(), source)
    if not rows:
        return True  # the point reader says what is wrong
    first = rows[0][1]
    if len(first) > MAX_LINE_BYTES:
        return True
    delimiter = guess_delimiter(first)
    cells = cells_of(first, delimiter, source, rows[0][0])
    numbers = [number(cell, delimiter == ";") is not None for cell in cells]
    if not any(numbers):
        return set(COLUMNS) <= {cell.strip().lower() for cell in cells}
    return len(cells) == 3 and all(numbers)


def save_csv(dataset: Dataset, path: str | os.PathLike[str]) -> None:
    """Write `dataset` as a CSV with an x1,x2,label header that load_csv reads back exactly."""
    if dataset.is_classification:
        directive = f"# nnviz: kind=classification n_classes={dataset.n_classes}"
        labels = [str(int(v)) for v in dataset.labels]
    else:
        directive = "# nnviz: kind=regression"
        labels = [repr(float(v)) for v in dataset.labels]
    lines = [directive, ",".join(COLUMNS)]
    lines += [f"{x!r},{y!r},{label}" for (x, y), label in zip(dataset.points.tolist(), labels, strict=True)]
    write_atomic(path, "\n".join(lines) + "\n", error=CsvError, what="the CSV file")
