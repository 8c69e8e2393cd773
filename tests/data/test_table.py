"""Reading tables: header, any number of columns, the target by name or last, text classes, locales, errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nnviz.data import TableChoice, load_csv, parse_table, read_table, table_dataset
from nnviz.errors import CsvError
from nnviz.io import caps


def _write(tmp_path: Path, text: str | bytes, name: str = "t.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return path


def _error(path: Path, choice: TableChoice | None = None) -> str:
    with pytest.raises(CsvError) as err:
        load_csv(path, choice=choice)
    message = str(err.value)
    assert "\n" not in message and str(path) in message
    return message


def test_a_header_and_four_columns_with_text_classes(tmp_path: Path) -> None:
    text = "a,b,c,d,Species\n1,2,3,4,cat\n2,3,4,5,dog\n3,4,5,7,cat\n"
    d = load_csv(_write(tmp_path, text))
    assert d.columns == ("a", "b", "c", "d") and d.class_names == ("cat", "dog") and d.from_table
    np.testing.assert_array_equal(d.points[2], [3, 4, 5, 7])
    np.testing.assert_array_equal(d.labels, [0, 1, 0])


def test_the_target_is_found_by_name_in_any_case_even_when_not_last(tmp_path: Path) -> None:
    for name in ("label", "CLASS", "Target", "species", "y"):
        d = load_csv(_write(tmp_path, f"{name},u,v\nred,1,2\nblue,3,5\nred,4,4\n"))
        assert d.columns == ("u", "v") and d.class_names == ("blue", "red")
        np.testing.assert_array_equal(d.labels, [1, 0, 1])


def test_without_a_named_target_the_last_column_is_the_target(tmp_path: Path) -> None:
    d = load_csv(_write(tmp_path, "p,q,r,s\n1,2,3,0.5\n2,2,1,1.5\n0,1,1,2.25\n"))
    assert d.columns == ("p", "q", "r") and d.kind == "regression"
    np.testing.assert_array_equal(d.labels, [0.5, 1.5, 2.25])


def test_target_and_columns_chosen_by_name(tmp_path: Path) -> None:
    path = _write(tmp_path, "id,w,h,kind,label\nx,1,2,big,0\ny,3,1,small,1\nz,5,5,big,1\n")
    d = load_csv(path, choice=TableChoice(target="kind", columns=("h", "w")))
    assert d.columns == ("h", "w") and d.class_names == ("big", "small")
    np.testing.assert_array_equal(d.points, [[2, 1], [1, 3], [5, 5]])
    assert "'id'" in _error(path)  # every column but the target is an input by default: the text id is refused


def test_a_german_spreadsheet_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    text = "\ufeffLänge;Breite;Gewicht;Art\r\n5,1;3,5;1.200;Amsel\r\n4,9;3;1,25;Drossel\r\n6,2;2,8;0,5;Amsel\r\n"
    d = load_csv(_write(tmp_path, text))
    assert d.columns == ("Länge", "Breite", "Gewicht") and d.class_names == ("Amsel", "Drossel")
    np.testing.assert_array_equal(d.points, [[5.1, 3.5, 1.2], [4.9, 3.0, 1.25], [6.2, 2.8, 0.5]])


def test_tabs_quotes_bom_crlf_and_comments(tmp_path: Path) -> None:
    tsv = "\ufeff# measured in class\r\n"
    tsv += "\"width, cm\"\theight\tgroup\r\n\"1.5\"\t2\t\"a, first\"\r\n\r\n3\t4\tb\r\n5\t1\tb\r\n"
    d = load_csv(_write(tmp_path, tsv, "t.tsv"))
    assert d.columns == ("width, cm", "height") and d.class_names == ("a, first", "b")
    np.testing.assert_array_equal(d.points, [[1.5, 2], [3, 4], [5, 1]])


def test_whole_targets_with_few_values_are_classes_else_regression_and_either_can_be_forced(tmp_path: Path) -> None:
    path = _write(tmp_path, "u,v,score\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(10)))
    d = load_csv(path)
    assert d.kind == "classification" and d.class_names == ("0", "1")
    forced = load_csv(path, choice=TableChoice(kind="regression"))
    assert forced.kind == "regression" and forced.labels.tolist() == [i % 2 for i in range(10)]
    result = table_dataset(read_table(path))
    assert result.kind_reason.startswith("classes") and "2 distinct whole numbers" in result.kind_reason
    many = _write(tmp_path, "u,v,score\n" + "".join(f"{i},{i % 3},{i}\n" for i in range(30)), "many.csv")
    assert load_csv(many).kind == "regression"
    assert load_csv(many, choice=TableChoice(kind="classification")).n_classes == 30


def test_missing_values_name_the_line_and_column_or_are_dropped_and_counted(tmp_path: Path) -> None:
    path = _write(tmp_path, "a,b,label\n1,2,x\n3,NA,y\n4,5,\n6,7,x\n8,1,y\n")
    message = _error(path)
    assert ", line 3, column 'b': the value is missing (2 row(s) have one)" in message
    result = table_dataset(read_table(path), TableChoice(drop_missing=True))
    assert result.dropped == 2 and result.dataset.n == 3


@pytest.mark.parametrize(("text", "fragment"), [
    ("a,b,label\n1,2,x\n3,four,y\n", "line 3, column 'b': 'four' is not a number"),
    ("a,b,label\n1,2,x\n3,inf,y\n", "line 3, column 'b': 'inf' is not a finite number"),
    ("a,b,label\n1,2,x\n1,3,y\n", "line 2, column 'a': every row holds 1; a constant column"),
    ("a,b,label\n1,2,x\n2,3,x\n", "column 'label': every row is class 'x'"),
    ("a,b,label\n1,2,x\n2,3\n", "line 3: found 2 cell(s), the header has 3"),
    ("a,,label\n1,2,x\n", "line 1: column 2 of the header has no name"),
    ("a,b,label\n", "no data rows below the header"),
])
def test_bad_tables_are_one_line_naming_file_line_and_column(tmp_path: Path, text: str, fragment: str) -> None:
    assert fragment in _error(_write(tmp_path, text))


def test_unknown_and_overlapping_columns_are_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "a,b,label\n1,2,x\n2,3,y\n")
    assert "there is no column 'c'" in _error(path, TableChoice(columns=("a", "c")))
    assert "is the target; it cannot be an input too" in _error(path, TableChoice(target="a", columns=("a", "b")))
    assert "'x' is not a number, and a regression target must be" in _error(path, TableChoice(kind="regression"))


def test_input_columns_are_capped_before_reading(tmp_path: Path) -> None:
    n = caps.MAX_COLUMNS + 1
    header = ",".join(f"c{i}" for i in range(n)) + ",label\n"
    rows = "".join(",".join(str(i + r) for i in range(n)) + f",{r % 2}\n" for r in range(3))
    message = _error(_write(tmp_path, header + rows))
    assert f"{n} input columns is more than nnviz's limit of {caps.MAX_COLUMNS}" in message


def test_the_table_keeps_cells_and_lines_for_the_import_dialog() -> None:
    table = parse_table("# hello\nx;y;label\n1,5;2;a\n\n3;4;b\n", "t.csv")
    assert table.has_header and table.header == ("x", "y", "label") and table.delimiter == ";"
    assert table.rows == (("1,5", "2", "a"), ("3", "4", "b")) and table.linenos == (3, 5)
    assert table.default_target() == "label"


def test_headerless_x1_x2_label_files_load_as_before(tmp_path: Path) -> None:
    d = load_csv(_write(tmp_path, "1,2,0\n3,4,1\n"))
    assert d.columns == ("x1", "x2") and d.class_names == () and not d.from_table
    np.testing.assert_array_equal(d.points, [[1, 2], [3, 4]])
