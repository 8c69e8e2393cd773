"""Tests for nnviz.data.csv_loader: good files, every error case and the round trip."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnviz.data import (
    MAX_ROWS,
    Dataset,
    generate,
    load_csv,
    parse_csv,
    save_csv,
    with_point,
)
from nnviz.errors import CsvError, DataError


def _write(tmp_path: Path, text: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path) -> str:
    with pytest.raises(CsvError) as err:
        load_csv(path)
    message = str(err.value)
    assert "\n" not in message  # one line
    assert str(path) in message  # names the file
    return message


# ---------------------------------------------------------------- good files


def test_header_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "x1,x2,label\n1.5,-2,1\n0,0.25,0\n-3,4e-1,1\n", "pts.csv")
    d = load_csv(path)
    assert d.name == "pts" and d.kind == "classification" and d.n_classes == 2
    np.testing.assert_array_equal(d.points, [[1.5, -2.0], [0.0, 0.25], [-3.0, 0.4]])
    np.testing.assert_array_equal(d.labels, [1, 0, 1])
    assert d.labels.dtype == np.int64 and not d.points.flags.writeable


def test_header_any_order_and_case_with_extra_columns(tmp_path: Path) -> None:
    text = "Label, id ,X2,x1\n1,a,10,20\n0,b,30,40\n"
    d = load_csv(_write(tmp_path, text))
    np.testing.assert_array_equal(d.points, [[20, 10], [40, 30]])
    np.testing.assert_array_equal(d.labels, [1, 0])


def test_no_header_three_cells_are_x1_x2_label(tmp_path: Path) -> None:
    d = load_csv(_write(tmp_path, "1,2,3\n4,5,-1\n7,8,3\n"))
    np.testing.assert_array_equal(d.points, [[1, 2], [4, 5], [7, 8]])
    # classes remapped in sorted order: -1 -> 0, 3 -> 1
    np.testing.assert_array_equal(d.labels, [1, 0, 1])
    assert d.n_classes == 2 and d.columns == ("x1", "x2") and not d.from_table


def test_no_header_more_cells_are_inputs_and_a_last_target(tmp_path: Path) -> None:
    d = load_csv(_write(tmp_path, "1,2,3,1\n4,5,-1,0\n7,8,3,1\n"))
    np.testing.assert_array_equal(d.points, [[1, 2, 3], [4, 5, -1], [7, 8, 3]])
    np.testing.assert_array_equal(d.labels, [1, 0, 1])
    assert d.columns == ("x1", "x2", "x3")


def test_labels_remapped_to_consecutive_classes(tmp_path: Path) -> None:
    d = load_csv(_write(tmp_path, "0,0,10\n0,1,20.0\n1,0,5\n1,1,20\n"))
    assert d.n_classes == 3
    np.testing.assert_array_equal(d.labels, [1, 2, 0, 2])


def test_regression_file(tmp_path: Path) -> None:
    d = load_csv(_write(tmp_path, "x1,x2,label\n0,0,0.5\n1,1,-0.25\n2,2,1\n"))
    assert d.kind == "regression" and d.n_classes == 0 and d.labels.dtype == np.float64
    np.testing.assert_array_equal(d.labels, [0.5, -0.25, 1.0])


def test_many_integer_labels_are_read_as_regression(tmp_path: Path) -> None:
    text = "".join(f"{i},{i},{i}\n" for i in range(20))
    d = load_csv(_write(tmp_path, text))
    assert d.kind == "regression"
    np.testing.assert_array_equal(d.labels, np.arange(20.0))
    forced = load_csv(_write(tmp_path, text), kind="classification")
    assert forced.kind == "classification" and forced.n_classes == 20


def test_kind_override_regression(tmp_path: Path) -> None:
    d = load_csv(_write(tmp_path, "0,0,0\n1,1,1\n"), kind="regression")
    assert d.kind == "regression" and d.labels.tolist() == [0.0, 1.0]


def test_semicolon_tab_and_whitespace_delimiters(tmp_path: Path) -> None:
    expected_points = [[1.5, 2.0], [3.0, -4.25]]
    for text in (
        "x1;x2;label\n1,5;2;0\n3;-4,25;1\n",
        "x1;x2;label\n1.5;2;0\n3;-4.25;1\n",
        "x1\tx2\tlabel\n1.5\t2\t0\n3\t-4.25\t1\n",
        "x1 x2  label\n1.5 2 0\n  3 -4.25 1\n",
    ):
        d = load_csv(_write(tmp_path, text))
        np.testing.assert_array_equal(d.points, expected_points)
        np.testing.assert_array_equal(d.labels, [0, 1])


def test_comments_blank_lines_bom_crlf_and_quotes(tmp_path: Path) -> None:
    text = '\ufeff# my data\r\n\r\n  # indented comment\r\nx1,x2,label\r\n"1",2,0\r\n\r\n3, 4 ,1\r\n'
    d = load_csv(_write(tmp_path, text))
    np.testing.assert_array_equal(d.points, [[1, 2], [3, 4]])
    np.testing.assert_array_equal(d.labels, [0, 1])


def test_accepts_pathlike_and_str(tmp_path: Path) -> None:
    path = _write(tmp_path, "0,0,0\n1,1,1\n")
    assert load_csv(str(path)) == load_csv(path)


def test_parse_csv_text() -> None:
    d = parse_csv("0,0,0\n1,1,1\n", "pasted.csv")
    assert d.name == "pasted" and d.n == 2


def test_exactly_max_rows_is_allowed(tmp_path: Path) -> None:
    rows = "x1,x2,label\n" + "0,0,0\n1,1,1\n" * (MAX_ROWS // 2)
    d = load_csv(_write(tmp_path, rows))
    assert d.n == MAX_ROWS == 100_000


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("x1,x2,label\n1,2,0\n3,abc,1\n", 3, "'abc' in column x2 is not a number"),
        (
            "1,2,0\n3,4,1\n\n# c\n5,6,zero\n",
            5,
            "'zero' in column label is not a number",
        ),
        ("1,2,0\nfoo,4,1\n", 2, "'foo' in column x1 is not a number"),
        ("1,2,0\n1,2\n", 2, "found 2 cell(s) but need 3"),
        ("label,x1,x2,extra\n1,2,3,4\n1,2\n", 3, "found 2 cell(s) but need 3"),
        ("1,2,0\n1,,1\n", 2, "the x2 cell is empty"),
        ("1,2,0\n1,nan,1\n", 2, "'nan' in column x2 is not a finite number"),
        ("1,2,0\ninf,2,1\n", 2, "'inf' in column x1 is not a finite number"),
        ("1,2,0\n1,2,-Infinity\n", 2, "not a finite number"),
        ("1,2,0\n1,1e999,1\n", 2, "'1e999' in column x2 is not a finite number"),
        ("1,2,0\n1,1_000,1\n", 2, "'1_000' in column x2 is not a number"),
        ("label,x1,x1\n1,2,3\n", 1, "names column 'x1' twice"),
        ("x1,x2,x2,label\n1,2,3,4\n", 1, "names column x2 twice"),
        ("1,2,0\n2,3," + "z" * 60 + "\n", 2, "is not a number"),
    ],
)
def test_errors_with_a_line_number(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    message = _error(_write(tmp_path, text))
    assert f", line {line}: " in message
    assert fragment in message
    assert len(message) < 200


def test_non_integer_label_when_classification_is_forced(tmp_path: Path) -> None:
    path = _write(tmp_path, "0,0,0\n\n1,1,0.5\n")
    with pytest.raises(CsvError, match=r"line 3: label 0.5 is not a whole number"):
        load_csv(path, kind="classification")


def test_bad_kind_argument(tmp_path: Path) -> None:
    with pytest.raises(CsvError, match="kind must be one of"):
        load_csv(_write(tmp_path, "0,0,0\n1,1,1\n"), kind="clusters")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "no data rows"),
        ("\n\n   \n", "no data rows"),
        ("# only\n# comments\n", "no data rows"),
        ("x1,x2,label\n", "no data rows below the header"),
        (
            "0,0,1\n1,1,1\n2,2,1\n",
            "every row has label 1; a classification data set needs",
        ),
    ],
)
def test_errors_without_a_line(tmp_path: Path, text: str, fragment: str) -> None:
    assert fragment in _error(_write(tmp_path, text))


def test_too_many_rows(tmp_path: Path) -> None:
    text = "x1,x2,label\n" + "0,0,0\n1,1,1\n" * (MAX_ROWS // 2) + "2,2,0\n"
    message = _error(_write(tmp_path, text))
    assert "line 100002: more than 100,000 data rows" in message
    no_header = "# c\n" + "0,0,0\n" * (MAX_ROWS + 5)
    assert "line 100002: more than 100,000" in _error(_write(tmp_path, no_header))


def test_missing_file(tmp_path: Path) -> None:
    message = _error(tmp_path / "nope.csv")
    assert "no such file" in message


def test_directory(tmp_path: Path) -> None:
    assert "is a folder" in _error(tmp_path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unreadable_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "0,0,0\n1,1,1\n")
    path.chmod(0)
    try:
        assert "cannot read the file" in _error(path)
    finally:
        path.chmod(0o644)


def test_unreadable_file_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "0,0,0\n1,1,1\n")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("nnviz.io.reading._open_for_reading", refuse)
    assert "cannot read the file (Permission denied)" in _error(path)


def test_huge_file_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "0,0,0\n1,1,1\n")
    monkeypatch.setattr("nnviz.data.csv_loader.MAX_CSV_BYTES", 5)
    assert "too large (12 bytes; the limit for a CSV file is 5)" in _error(path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("x1,x2,label\n1,2,0\n3,4,1\n5,6,caf\u00e9\n".encode("latin-1"))
    message = _error(path)
    assert "line 4: the file is not UTF-8 text" in message


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "img.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    message = _error(path)
    assert "line 1" in message


def test_nul_byte(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(b"0,0,0\n1,\x00,1\n")
    message = _error(path)
    assert "line 2" in message


def test_csv_error_is_a_data_error() -> None:
    assert issubclass(CsvError, DataError)


# ---------------------------------------------------------------- save and round trip


def test_save_csv_format(tmp_path: Path) -> None:
    d = Dataset([[0.1, -2.0], [3.0, 4.5]], [1, 0], "classification", 2, "x")
    path = tmp_path / "out.csv"
    save_csv(d, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines == [
        "# nnviz: kind=classification n_classes=2",
        "x1,x2,label",
        "0.1,-2.0,1",
        "3.0,4.5,0",
    ]


@pytest.mark.parametrize("name", ["circle", "spiral3", "quadrants", "plane", "multigauss", "and"])
def test_round_trip_generated(tmp_path: Path, name: str) -> None:
    d = generate(name, 300, 0.3, np.random.default_rng(5))
    path = tmp_path / f"{name}.csv"
    save_csv(d, path)
    assert load_csv(path) == d  # exact: same floats, kind, classes and name


def test_round_trip_keeps_declared_kind_and_classes(tmp_path: Path) -> None:
    # integer-valued regression targets, and a 3-class set where class 2 is absent
    reg = Dataset([[0, 0], [1, 1]], [0.0, 1.0], "regression", 0, "reg")
    cls = Dataset([[0, 0], [1, 1]], [1, 1], "classification", 3, "cls")
    for d in (reg, cls):
        path = tmp_path / f"{d.name}.csv"
        save_csv(d, path)
        assert load_csv(path) == d


def test_save_csv_unwritable(tmp_path: Path) -> None:
    with pytest.raises(CsvError, match=r"cannot save the CSV file to .*x\.csv"):
        save_csv(generate("and"), tmp_path / "missing_dir" / "x.csv")


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    xy=st.lists(st.tuples(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6)), min_size=2, max_size=20),
    seed=st.integers(0, 1000),
)
def test_round_trip_property(tmp_path: Path, xy: list[tuple[float, float]], seed: int) -> None:
    rng = np.random.default_rng(seed)
    d = Dataset(np.array(xy), rng.uniform(-1, 1, len(xy)), "regression", 0, "prop")
    d = with_point(d, (0.0, 0.0), -0.0)
    path = tmp_path / "prop.csv"
    save_csv(d, path)
    back = load_csv(path)
    assert back.points.tobytes() == d.points.tobytes()
    np.testing.assert_array_equal(back.labels, d.labels)
