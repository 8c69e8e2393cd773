"""The CSV fast path: numpy parses the rows, the line parser only explains errors, and both agree."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnviz.data import csv_loader, parse_csv
from nnviz.data.csv_lines import MAX_LINE_CHARS
from nnviz.errors import CsvError


def _slow(monkeypatch: pytest.MonkeyPatch, text: str) -> object:
    with monkeypatch.context() as m:
        m.setattr(csv_loader, "_parse_fast", lambda *args: None)
        return _outcome(text)


def _outcome(text: str) -> object:
    try:
        d = parse_csv(text, "t.csv")
    except CsvError as exc:
        return ("error", str(exc))
    return (d.kind, d.n_classes, d.points.tolist(), d.labels.tolist())


def test_a_well_formed_file_never_reaches_the_line_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the line parser ran on a well-formed file")

    monkeypatch.setattr(csv_loader, "parse_lines", refuse)
    text = "# nnviz: kind=classification n_classes=3\nx1,x2,label\n" + "0.5,-1.25,2\n1e-3,4,0\n\n" * 500
    d = parse_csv(text, "t.csv")
    assert d.n == 1000 and d.n_classes == 3 and d.points[1].tolist() == [0.001, 4.0]
    d = parse_csv("label;x2;x1\n1;2,5;3\n0;4;5,25\n", "t.csv")
    assert d.points.tolist() == [[3.0, 2.5], [5.25, 4.0]] and d.labels.tolist() == [1, 0]


@pytest.mark.parametrize(("text", "fragment"), [
    ("x1,x2,label\n0,0,0\n1,1,1\n2,,0\n", "line 4: the x2 cell is empty"),
    ("0 0 0\n1 1 1\n2 2 nan\n", "line 3: 'nan' in column label is not a finite number"),
    ("# nnviz: kind=classification\n0,0,0\n1,1,1\n\n2,2,0.5\n", "line 5: label 0.5 is not a whole number"),
])
def test_errors_still_name_the_line(text: str, fragment: str) -> None:
    outcome = _outcome(text)
    assert fragment in str(outcome)


def test_a_line_too_long_is_refused_before_it_is_split() -> None:
    with pytest.raises(CsvError, match=f"t.csv, line 2: the line has 3,000,001 characters, more than the "
                                       f"{MAX_LINE_CHARS:,}"):
        parse_csv("# one line\n" + "1," * 1_500_000 + "1\n", "t.csv")
    with pytest.raises(CsvError, match="line 3: the line has"):
        parse_csv("0,0,0\n1,1,1\n" + "2," * 10_000 + "\n", "t.csv")


def test_only_blank_lines_are_refused_without_reading_them_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_loader, "parse_lines", None)  # the line parser is not even called
    with pytest.raises(CsvError, match="no data rows"):
        parse_csv("\n \n\t\n" * 300_000, "t.csv")


def test_blank_lines_do_not_count_as_rows() -> None:
    d = parse_csv("0,0,0\n" + "\n" * 200_000 + "1,1,1\n", "t.csv")
    assert d.n == 2


CELLS = st.sampled_from(["0", "1", "2", "-1.5", "1e3", " 3 ", "", "x", "nan", "1,5", "0.25", "1_0", "+4", ".5"])
SEPARATORS = st.sampled_from([",", ";", "\t", " ", ", "])
ENDINGS = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\n# note\n", "\n  \n"])


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    sep = draw(SEPARATORS)
    lines = []
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["# nnviz: kind=regression", "# nnviz: kind=classification n_classes=3",
                                           "# hello"])))
    if draw(st.booleans()):
        lines.append(sep.join(draw(st.permutations(["x1", "x2", "label"]))))
    for _ in range(draw(st.integers(0, 8))):
        lines.append(sep.join(draw(st.lists(CELLS, min_size=2, max_size=4))))
    return "".join(line + draw(ENDINGS) for line in lines)


@settings(max_examples=300, deadline=None)
@given(csv_texts())
def test_the_fast_path_and_the_line_parser_agree(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _outcome(text) == _slow(monkeypatch, text)


def test_agreement_on_saved_files() -> None:
    rng = np.random.default_rng(3)
    rows = "\n".join(f"{x!r},{y!r},{int(c)}" for x, y, c in zip(rng.normal(size=50), rng.normal(size=50),
                                                                 rng.integers(0, 3, 50), strict=True))
    text = "# nnviz: kind=classification n_classes=3\nx1,x2,label\n" + rows + "\n"
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _outcome(text) == _slow(monkeypatch, text)


def test_more_distinct_classes_than_the_cap_are_refused_naming_the_file() -> None:
    rows = "".join(f"{i},{i},{i}\n" for i in range(100))
    with pytest.raises(CsvError, match=r"^t\.csv: 100 classes \(distinct labels\) is more than nnviz's limit of 64$"):
        parse_csv(rows, "t.csv", kind="classification")
    assert parse_csv(rows, "t.csv").kind == "regression"
