"""Every bad file a user can pick gets one NnvizError whose one-line message names the file and the problem.

These run at the session level (the readers the window and the CLI call); one window-level test in
tests/ui/test_errors.py checks that the window shows such a message and keeps its session.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nnviz.data import load_csv
from nnviz.errors import CsvError, NnvizError, SessionFileError
from nnviz.session.files import load_session, open_file

MISSING = None  # no file at all
FOLDER = "<folder>"  # a directory where a file was expected

SYNAPTIC_CYCLE = {"neurons": [{"layer": "input", "bias": 0, "squash": "LOGISTIC"},
                              {"layer": "output", "bias": 0, "squash": "LOGISTIC"}],
                  "connections": [{"from": 0, "to": 1, "weight": 1.0}, {"from": 1, "to": 0, "weight": 1.0}]}
BRAINJS_BAD_BIAS = {"sizes": [2, 1], "layers": [{}, {"0": {"bias": "x", "weights": {"0": 1, "1": 2}}}]}

# (file name, content, error class, words the message must contain (any case))
CSV_CASES: list[tuple[str, Any, type[NnvizError], tuple[str, ...]]] = [
    ("missing.csv", MISSING, CsvError, ("no such file",)),
    ("folder.csv", FOLDER, CsvError, ("folder",)),
    ("empty.csv", b"", CsvError, ("no data rows",)),
    ("header-only.csv", b"x1,x2,label\n", CsvError, ("no data rows",)),
    ("wrong-header.csv", b"a;b;c\n1;2\n", CsvError, ("line 2", "found 2 cell(s), the header has 3")),
    ("not-a-number.csv", b"x1,x2,label\n1,2,0\n3,oops,1\n", CsvError, ("line 3", "oops", "not a number")),
    ("nan.csv", b"x1,x2,label\n1,nan,0\n2,3,1\n", CsvError, ("line 2", "finite")),
    ("one-column.csv", b"1\n2\n3\n", CsvError, ("no input column besides the target",)),
    ("empty-cell.csv", b"x1,x2,label\n1,,0\n", CsvError, ("line 2", "empty")),
    ("binary.csv", bytes(range(256)) * 4, CsvError, ("utf-8",)),
    ("utf16.csv", "x1,x2,label\n1,2,0\n".encode("utf-16"), CsvError, ("utf-8",)),
]
SESSION_CASES: list[tuple[str, Any, type[NnvizError], tuple[str, ...]]] = [
    ("missing.json", MISSING, SessionFileError, ("no such file",)),
    ("folder.json", FOLDER, SessionFileError, ("folder",)),
    ("empty.json", b"", SessionFileError, ("not valid json",)),
    ("not-json.json", b"{not json", SessionFileError, ("not valid json",)),
    ("truncated.json", b'{"format": "nnviz-session", "version": 1, "config": {', SessionFileError, ("json",)),
    ("a-list.json", b"[1, 2]", SessionFileError, ("not an nnviz session",)),
    ("a-number.json", b"3", SessionFileError, ("not an nnviz session",)),
    ("other-json.json", b'{"hello": 1}', SessionFileError, ("not an nnviz session",)),
    ("future.json", b'{"format": "nnviz-session", "version": 99}', SessionFileError, ("version 99",)),
    ("not-utf8.json", b"\xff\xfe\x00garbage", SessionFileError, ("utf-8",)),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000, SessionFileError, ("json",)),
]
NETWORK_CASES: list[tuple[str, Any, type[NnvizError], tuple[str, ...]]] = [  # open_file opens network files too
    ("synaptic-cycle.json", json.dumps(SYNAPTIC_CYCLE).encode(), SessionFileError, ("synaptic",)),
    ("brainjs-bad-bias.json", json.dumps(BRAINJS_BAD_BIAS).encode(), SessionFileError, ("brain.js", "bias")),
]

READERS: dict[str, Callable[[Path], object]] = {"load_csv": load_csv, "load_session": load_session,
                                                "open_file": open_file}


def _place(tmp_path: Path, name: str, content: Any) -> Path:
    path = tmp_path / name
    if content == FOLDER:
        path.mkdir()
    elif content is not MISSING:
        path.write_bytes(content)
    return path


def assert_one_line_naming(message: str, path: Path, words: tuple[str, ...]) -> None:
    """A status-bar message: one short line that names the file and says what is wrong."""
    assert message and "\n" not in message and "\r" not in message, repr(message)
    assert len(message) < 300, f"too long for one line ({len(message)} characters): {message}"
    assert path.name in message, f"the message does not name the file: {message}"
    missing = [w for w in words if w.lower() not in message.lower()]
    assert not missing, f"the message does not say {missing}: {message}"
    assert "Traceback" not in message and "Error(" not in message


CASES = ([pytest.param("load_csv", *case, id=f"load_csv-{case[0]}") for case in CSV_CASES]
         + [pytest.param(reader, *case, id=f"{reader}-{case[0]}") for reader in ("load_session", "open_file")
            for case in SESSION_CASES]
         + [pytest.param("open_file", *case, id=f"open_file-{case[0]}") for case in NETWORK_CASES])


@pytest.mark.parametrize(("reader", "name", "content", "error", "words"), CASES)
def test_a_bad_file_is_one_nnviz_error_of_one_line(tmp_path, reader, name, content, error, words):
    path = _place(tmp_path, name, content)
    with pytest.raises(NnvizError) as caught:
        READERS[reader](path)
    assert isinstance(caught.value, error), f"{type(caught.value).__name__}: {caught.value}"
    assert_one_line_naming(str(caught.value), path, words)


def test_a_csv_declaring_a_billion_classes_is_refused_before_anything_is_allocated(tmp_path):
    path = _place(tmp_path, "classes.csv",
                  b"# nnviz: kind=classification n_classes=1000000000\nx1,x2,label\n1,2,0\n3,4,1\n")
    with pytest.raises(CsvError) as caught:
        load_csv(path)
    assert_one_line_naming(str(caught.value), path, ("classes",))


def test_the_cases_cover_both_readers_and_every_kind_of_file():
    """The table itself: every reader gets cases, and the checker does refuse a bad message."""
    readers = {p.values[0] for p in CASES}
    assert readers == set(READERS)
    with pytest.raises(AssertionError):
        assert_one_line_naming("x.csv: bad\nsecond line", Path("x.csv"), ())
    with pytest.raises(AssertionError):
        assert_one_line_naming("bad file", Path("x.csv"), ())
    with pytest.raises(AssertionError):
        assert_one_line_naming("x.csv: bad", Path("x.csv"), ("line 3",))


@pytest.mark.parametrize("where", ["no-such-folder/run.json", "a-folder"])
def test_saving_where_no_file_can_be_written_is_one_line_and_writes_nothing(tmp_path, where):
    from nnviz.session import Config, Session
    from nnviz.session.files import save_session

    (tmp_path / "a-folder").mkdir()
    with pytest.raises(SessionFileError) as caught:
        save_session(Session(Config(points=40)), tmp_path / where)
    assert_one_line_naming(str(caught.value), tmp_path / where, ("cannot save",))
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a-folder"]
