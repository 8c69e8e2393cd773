"""Tables with a header and any number of columns: read by the csv module, turned into a Dataset by numpy.

A table is a CSV or TSV file: an optional header row, then one row per sample.
- The delimiter (`,` `;` tab, or runs of spaces) is found by `csv.Sniffer`; with
  `;` a decimal comma (`1,5`) is read as a decimal point. Quoted fields, a BOM
  and CRLF line ends are the csv module's business. Blank lines and lines that
  start with `#` are skipped.
- The first row is a header when none of its cells is a number.
- The target is the column named by the caller, else the first column named
  label, class, target, species or y (any case), else the last column. The
  inputs are the columns the caller names, else every other column.
- A target with text, or with whole values and at most MAX_AUTO_CLASSES distinct
  ones, makes classes (text names kept); other numbers make a regression target.
  The caller may force either kind.

Every problem raises one CsvError line naming the file, the line and the column.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass

import numpy as np

from nnviz.data.csv_lines import number
from nnviz.data.dataset import CLASSIFICATION, KINDS, REGRESSION, Dataset, default_columns
from nnviz.errors import CsvError
from nnviz.io import brief, caps, read_text

TARGET_NAMES: tuple[str, ...] = ("label", "class", "target", "species", "y")
MISSING: frozenset[str] = frozenset({"", "na", "n/a", "nan", "null", "none", "?"})
MAX_AUTO_CLASSES = 16  # more distinct whole-number targets than this are read as regression
MAX_TABLE_COLUMNS = 4 * caps.MAX_COLUMNS  # columns a file may have (the inputs chosen are capped at MAX_COLUMNS)
SNIFF_CHARS = 16_384  # how much of the file the Sniffer looks at


@dataclass(frozen=True)
class Table:
    """A table's cells as text, with where each row came from: what the import dialog shows."""

    source: str
    header: tuple[str, ...]  # column names (x1, x2, ... when the file has no header)
    has_header: bool
    rows: tuple[tuple[str, ...], ...]  # the cells of each data row, stripped
    linenos: tuple[int, ...]  # the file line of each row
    delimiter: str
    decimal_comma: bool

    def default_target(self) -> str:
        """The target column when the user names none: a conventional name, else the last column."""
        lowered = [name.strip().lower() for name in self.header]
        for wanted in TARGET_NAMES:
            if wanted in lowered:
                return self.header[lowered.index(wanted)]
        return self.header[-1]


@dataclass(frozen=True)
class TableChoice:
    """What to take from a table: target, inputs, kind and whether rows with missing values are dropped."""

    target: str = ""  # "" : Table.default_target()
    columns: tuple[str, ...] = ()  # () : every column but the target
    kind: str | None = None  # None : chosen from the target's values
    drop_missing: bool = False


@dataclass(frozen=True)
class TableResult:
    """A Dataset read from a table and what was decided on the way."""

    dataset: Dataset
    target: str
    columns: tuple[str, ...]
    kind_reason: str  # one sentence: why classes or regression
    dropped: int  # rows left out because a value was missing


def read_table(path: str | os.PathLike[str]) -> Table:
    """Read a CSV/TSV file's cells (CsvError on a bad file)."""
    source = os.fspath(path)
    text = read_text(source, error=CsvError, what="CSV file", max_bytes=caps.MAX_CSV_BYTES)
    return parse_table(text, source)


def _dialect(sample: str) -> tuple[str, bool]:
    """The delimiter (" " for runs of spaces) and whether the sample writes numbers with a decimal comma."""
    first = next((line for line in sample.splitlines() if line.strip() and not line.lstrip().startswith("#")), "")
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";\t,").delimiter
    except csv.Error:
        delimiter = next((d for d in ";\t," if d in first), " ")
    if delimiter not in first:  # the sniffer voted on later rows; the first row decides
        delimiter = next((d for d in ";\t," if d in first), " ")
    return delimiter, delimiter == ";"


def parse_table(text: str, source: str = "<text>") -> Table:
    """The cells of CSV `text`; `source` names it in messages."""
    delimiter, decimal_comma = _dialect(text[:SNIFF_CHARS])
    spaces = delimiter == " "
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=spaces, strict=True)
    rows: list[tuple[str, ...]] = []
    linenos: list[int] = []
    lineno = 0
    try:
        for cells in reader:
            start, lineno = lineno + 1, reader.line_num  # a quoted line break makes a row span lines
            cleaned = tuple(cell.strip() for cell in cells if cell) if spaces else tuple(map(str.strip, cells))
            if not any(cleaned) or cleaned[0].startswith("#"):
                continue
            caps.check_count(len(cleaned), MAX_TABLE_COLUMNS, "columns", CsvError, f"{source}, line {start}")
            rows.append(cleaned)
            linenos.append(start)
            if len(rows) > caps.MAX_POINTS + 1:
                raise CsvError(f"{source}, line {start}: more than {caps.MAX_POINTS:,} data rows; use a smaller file")
    except csv.Error as exc:
        raise CsvError(f"{source}, line {reader.line_num}: cannot split the line ({exc})") from None
    if not rows:
        raise CsvError(f"{source}: no data rows (the file is empty or holds only comments)")
    has_header = all(number(cell, decimal_comma) is None for cell in rows[0])
    if has_header:
        header = rows[0]
        rows, linenos = rows[1:], linenos[1:]
        _check_header(header, source, linenos[0] - 1 if linenos else 1)
        if not rows:
            raise CsvError(f"{source}: no data rows below the header")
    else:
        header = default_columns(len(rows[0]))
    return Table(source, header, has_header, tuple(rows), tuple(linenos), delimiter, decimal_comma)


def _check_header(header: tuple[str, ...], source: str, lineno: int) -> None:
    seen: set[str] = set()
    for i, name in enumerate(header):
        if not name:
            raise CsvError(f"{source}, line {lineno}: column {i + 1} of the header has no name")
        if name in seen:
            raise CsvError(f"{source}, line {lineno}: the header names column {brief(name)} twice")
        seen.add(name)


def _fast_values(cells: list[str], decimal_comma: bool) -> np.ndarray | None:
    """(n,) float64 of number cells (NaN where missing) parsed by numpy; None when a cell needs a closer look."""
    text = np.array(cells, dtype=str)
    if text.size == 0:
        return np.empty(0, np.float64)
    missing = np.isin(np.char.lower(text), list(MISSING))
    if decimal_comma:
        comma = (np.char.count(text, ",") == 1) & (np.char.find(text, ".") < 0)
        text = np.where(comma, np.char.replace(text, ",", "."), text)
    if np.char.find(text, "_").max() >= 0:  # Python's float reads 1_000; nnviz does not
        return None
    try:
        values = np.where(missing, "nan", text).astype(np.float64)
    except ValueError:
        return None
    return values if np.isfinite(values[~missing]).all() else None


def _column_values(table: Table, index: int, name: str, rows: np.ndarray) -> np.ndarray:
    """The (n,) float64 values of a numeric column over `rows` (NaN where missing), or CsvError at the first text."""
    fast = _fast_values([table.rows[r][index] for r in rows], table.decimal_comma)
    if fast is not None:
        return fast
    values = np.empty(len(rows), np.float64)
    for out, r in enumerate(rows):
        cell = table.rows[r][index]
        if cell.lower() in MISSING:
            values[out] = np.nan
            continue
        value = number(cell, table.decimal_comma)
        if value is None or not np.isfinite(value):
            what = "not a number" if value is None else "not a finite number"
            raise CsvError(f"{table.source}, line {table.linenos[r]}, column {brief(name)}: {brief(cell)} is {what}")
        values[out] = value
    return values


def _index(table: Table, name: str) -> int:
    if name in table.header:
        return table.header.index(name)
    lowered = [h.lower() for h in table.header]
    if name.lower() in lowered:
        return lowered.index(name.lower())
    raise CsvError(f"{table.source}: there is no column {brief(name)}; the columns are "
                   f"{', '.join(table.header[:12])}{', ...' if len(table.header) > 12 else ''}")


def table_dataset(table: Table, choice: TableChoice = TableChoice()) -> TableResult:
    """Turn a table into a Dataset as `choice` says (CsvError with file, line and column on bad data)."""
    source = table.source
    if choice.kind is not None and choice.kind not in KINDS:
        raise CsvError(f"{source}: kind must be one of {', '.join(KINDS)}; got {brief(choice.kind)}")
    target = table.header[_index(table, choice.target or table.default_target())]
    names = tuple(table.header[_index(table, c)] for c in choice.columns) or tuple(
        h for h in table.header if h != target)
    if target in names:
        raise CsvError(f"{source}: column {brief(target)} is the target; it cannot be an input too")
    if not names:
        raise CsvError(f"{source}: the table has no input column besides the target {brief(target)}")
    caps.check_count(len(names), caps.MAX_COLUMNS, "input columns", CsvError, source)
    width = len(table.header)
    for r, cells in enumerate(table.rows):
        if len(cells) != width:
            raise CsvError(f"{source}, line {table.linenos[r]}: found {len(cells)} cell(s), the header has {width}")
    every = np.arange(len(table.rows))
    x = np.stack([_column_values(table, _index(table, c), c, every) for c in names], axis=1)  # (n, d)
    t_index = _index(table, target)
    t_cells = [cells[t_index] for cells in table.rows]
    missing = np.isnan(x).any(axis=1) | np.array([c.lower() in MISSING for c in t_cells])  # (n,)
    dropped = int(missing.sum())
    if dropped and not choice.drop_missing:
        r = int(np.flatnonzero(missing)[0])
        column = next((c for j, c in enumerate(names) if np.isnan(x[r, j])), target)
        raise CsvError(f"{source}, line {table.linenos[r]}, column {brief(column)}: the value is missing "
                       f"({dropped} row(s) have one); drop those rows or leave the column out")
    keep = np.flatnonzero(~missing)
    if len(keep) == 0:
        raise CsvError(f"{source}: every row has a missing value")
    x = x[keep]
    for j, c in enumerate(names):
        if np.all(x[:, j] == x[0, j]):
            raise CsvError(f"{source}, line {table.linenos[keep[0]]}, column {brief(c)}: every row holds "
                           f"{x[0, j]:g}; a constant column tells the network nothing, leave it out")
    labels, kind, class_names, reason = _target(table, target, t_index, keep, choice.kind)
    name = os.path.splitext(os.path.basename(source))[0] or "table"
    dataset = Dataset(x, labels, kind, len(class_names), name, names, class_names, from_table=True)
    return TableResult(dataset, target, names, reason, dropped)


def _target(table: Table, target: str, index: int, keep: np.ndarray,
            kind: str | None) -> tuple[np.ndarray, str, tuple[str, ...], str]:
    """The labels, kind, class names and the reason for the kind, from the target column's kept rows."""
    source = table.source
    cells = [table.rows[r][index] for r in keep]
    fast = _fast_values(cells, table.decimal_comma)  # kept rows have no missing target: NaN-free when numeric
    numbers = [] if fast is not None else [number(c, table.decimal_comma) for c in cells]
    numeric = fast is not None or all(v is not None and np.isfinite(v) for v in numbers)
    if numeric:
        values = fast if fast is not None else np.array(numbers, dtype=np.float64)  # (n,)
        distinct = np.unique(values)
        whole = bool(np.all(values == np.round(values)))
        if kind is None:
            kind = CLASSIFICATION if whole and len(distinct) <= MAX_AUTO_CLASSES else REGRESSION
            reason = (f"classes: {target} holds {len(distinct)} distinct whole numbers" if kind == CLASSIFICATION
                      else f"regression: {target} holds " + ("numbers that are not whole" if not whole
                                                              else f"{len(distinct)} distinct values"))
        else:
            reason = f"{'classes' if kind == CLASSIFICATION else 'regression'}: as chosen"
        if kind == REGRESSION:
            return values, REGRESSION, (), reason
        names = tuple(f"{v:g}" for v in distinct)
        labels = np.searchsorted(distinct, values)
    else:
        if kind == REGRESSION:
            r = next(i for i, v in enumerate(numbers) if v is None or not np.isfinite(v))
            raise CsvError(f"{source}, line {table.linenos[keep[r]]}, column {brief(target)}: "
                           f"{brief(cells[r])} is not a number, and a regression target must be")
        names = tuple(sorted(set(cells)))
        labels = np.searchsorted(np.array(names), np.array(cells))
        reason = f"classes: {target} holds text ({len(names)} names)"
    caps.check_count(len(names), caps.MAX_CLASSES, "classes (distinct targets)", CsvError, source)
    if len(names) < 2:
        raise CsvError(f"{source}, line {table.linenos[keep[0]]}, column {brief(target)}: every row is class "
                       f"{brief(names[0])}; a classification data set needs at least two classes")
    return labels.astype(np.int64), CLASSIFICATION, names, reason
