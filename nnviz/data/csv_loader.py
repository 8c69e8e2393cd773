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
where one applies, the line number.
"""

from __future__ import annotations

import csv
import logging
import os
import re
from pathlib import Path

import numpy as np

from nnviz.data.dataset import CLASSIFICATION, KINDS, REGRESSION, Dataset
from nnviz.errors import CsvError, DataError
from nnviz.io import caps, read_text, write_atomic

log = logging.getLogger(__name__)

MAX_ROWS = caps.MAX_POINTS
MAX_CSV_BYTES = caps.MAX_CSV_BYTES
MAX_AUTO_CLASSES = 16  # more distinct integer labels than this are read as regression
COLUMNS: tuple[str, ...] = ("x1", "x2", "label")
_DIRECTIVE = re.compile(r"#\s*nnviz:\s*kind\s*=\s*(\w+)(?:\s+n_classes\s*=\s*(\d+))?\s*$", re.IGNORECASE)


def _show(cell: str) -> str:
    """Quote a cell for a message, shortened so the message stays one line."""
    text = cell if len(cell) <= 24 else cell[:21] + "..."
    return repr(text)


def _delimiter(line: str) -> str | None:
    """Guess the delimiter from the first row; None means runs of whitespace."""
    if ";" in line:
        return ";"
    if "\t" in line:
        return "\t"
    if "," in line:
        return ","
    return None


def _cells(line: str, delimiter: str | None, source: str, lineno: int) -> list[str]:
    """Split one line into stripped cells, honouring double quotes."""
    if delimiter is None:
        return line.split()
    if '"' not in line:  # the common case, without the csv module's per-line cost
        return [cell.strip() for cell in line.split(delimiter)]
    try:
        return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter))]
    except csv.Error as exc:
        raise CsvError(f"{source}, line {lineno}: cannot split the line ({exc})") from None


def _number(cell: str, decimal_comma: bool) -> float | None:
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


def _declared_classes(digits: str, source: str, lineno: int) -> int:
    """The class count of a `# nnviz:` directive, checked against the cap before anything is sized by it."""
    if len(digits) > 6 or int(digits) > caps.MAX_CLASSES:
        raise CsvError(f"{source}, line {lineno}: the file declares {digits[:20]} classes; nnviz's limit is "
                       f"{caps.MAX_CLASSES}")
    return int(digits)


def parse_csv(text: str, source: str = "<text>", kind: str | None = None) -> Dataset:
    """Parse CSV `text` into a Dataset; `source` names it in messages and gives its name.

    `kind` ("classification" or "regression") overrides the guess from the labels.
    """
    if kind is not None and kind not in KINDS:
        raise CsvError(f"{source}: kind must be one of {', '.join(KINDS)}; got {kind!r}")
    declared_classes = 0
    rows: list[tuple[int, str]] = []  # (line number, line) of header and data rows
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            match = _DIRECTIVE.match(stripped)
            if match and not rows and kind is None and match.group(1).lower() in KINDS:
                kind = match.group(1).lower()
                declared_classes = _declared_classes(match.group(2) or "0", source, lineno)
            continue
        rows.append((lineno, line))
        if len(rows) > MAX_ROWS + 1:  # enough to know the file is too long, header or not
            break
    if not rows:
        raise CsvError(f"{source}: no data rows (the file is empty or holds only comments)")

    delimiter = _delimiter(rows[0][1])
    decimal_comma = delimiter == ";"
    columns = {name: index for index, name in enumerate(COLUMNS)}  # name -> cell index
    first_cells = _cells(rows[0][1], delimiter, source, rows[0][0])
    if all(_number(cell, decimal_comma) is None for cell in first_cells):
        columns = _header_columns(first_cells, source, rows[0][0])
        rows = rows[1:]
        if not rows:
            raise CsvError(f"{source}: no data rows below the header")
    if len(rows) > MAX_ROWS:
        raise CsvError(f"{source}, line {rows[MAX_ROWS][0]}: more than {MAX_ROWS:,} data rows; use a smaller file")

    needed = max(columns.values()) + 1
    values = np.empty((len(rows), 3), dtype=np.float64)  # (n, 3): x1, x2, label
    for r, (lineno, line) in enumerate(rows):
        cells = _cells(line, delimiter, source, lineno)
        if len(cells) < needed:
            raise CsvError(
                f"{source}, line {lineno}: found {len(cells)} cell(s) but need {needed} (columns {', '.join(COLUMNS)})"
            )
        for c, name in enumerate(COLUMNS):
            cell = cells[columns[name]]
            if not cell:
                raise CsvError(f"{source}, line {lineno}: the {name} cell is empty")
            value = _number(cell, decimal_comma)
            if value is None:
                raise CsvError(f"{source}, line {lineno}: {_show(cell)} in column {name} is not a number")
            if not np.isfinite(value):
                raise CsvError(
                    f"{source}, line {lineno}: {_show(cell)} in column {name} is not a "
                    "finite number (NaN and inf are not allowed)"
                )
            values[r, c] = value
    linenos = np.array([lineno for lineno, _ in rows], dtype=np.int64)  # (n,)
    return _build(values, linenos, source, kind, declared_classes)


def _header_columns(cells: list[str], source: str, lineno: int) -> dict[str, int]:
    """Map x1, x2 and label to their cell indices in a header row, or raise."""
    names = [cell.strip().lower() for cell in cells]
    columns: dict[str, int] = {}
    for name in COLUMNS:
        if names.count(name) > 1:
            raise CsvError(f"{source}, line {lineno}: the header names column {name} twice")
        if name not in names:
            found = ", ".join(_show(cell) for cell in cells)
            raise CsvError(
                f"{source}, line {lineno}: the header has no column {name}; it must name "
                f"x1, x2 and label (found {found})"
            )
        columns[name] = names.index(name)
    return columns


def _build(
    values: np.ndarray,
    linenos: np.ndarray,
    source: str,
    kind: str | None,
    declared: int,
) -> Dataset:
    """Turn the (n, 3) parsed values into a classification or regression Dataset."""
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
            f"{source}, line {linenos[bad]}: label {float(raw[bad])!r} is not a whole number; "
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
    labels = np.searchsorted(classes, raw)  # (n,) remapped to 0..K-1
    log.debug("%s: classes %s remapped to 0..%d", source, classes.tolist(), len(classes) - 1)
    return Dataset(points, labels, CLASSIFICATION, len(classes), name)


def load_csv(path: str | os.PathLike[str], kind: str | None = None) -> Dataset:
    """Load a CSV file of x1, x2, label rows into a Dataset named after the file."""
    source = os.fspath(path)
    text = read_text(source, error=CsvError, what="CSV file", max_bytes=MAX_CSV_BYTES)
    return parse_csv(text, source, kind)


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
