"""What is refused before the window asks about unsaved changes: a file that cannot be read as what its name says,
where that is cheap to tell (session/opening.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nnviz.session import Config, Session, opening
from nnviz.session.file_schema import FORMAT
from nnviz.session.files import save_session
from nnviz.session.lesson_book import LESSONS
from nnviz.session.lessons import lessons_dir
from nnviz.session.opening import cannot_open


@pytest.mark.parametrize(("name", "contents", "words"), [
    ("garbage.nnviz", b"\x89PNG\r\n\x1a\n\x00\x00 not a session", "utf-8"),
    ("garbage.nnviz", b"hello, this is not JSON", "not valid json"),
    ("list.json", b"[1, 2, 3]", "not an nnviz session file"),
    ("other.json", json.dumps({"name": "a package.json"}).encode(), "not an nnviz session file"),
    ("newer.nnviz", json.dumps({"format": FORMAT, "version": 10**6}).encode(), "newer nnviz"),
    ("empty.nnviz", b"", "not valid json"),
    ("binary.csv", bytes(range(256)) * 4, "utf-8"),
])
def test_a_file_that_is_not_what_its_name_says_is_refused_with_the_readers_line(tmp_path: Path, name: str,
                                                                                 contents: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(contents)
    problem = cannot_open(path)
    assert problem.startswith(str(path)) and words in problem.lower()


def test_good_files_are_not_refused(tmp_path: Path) -> None:
    session = tmp_path / "mine.nnviz"
    save_session(Session(Config(points=40)), session)
    network = tmp_path / "net.json"
    network.write_text(json.dumps({"sizes": [2, 3, 1], "activations": ["tanh", "tanh"],
                                   "params": [0.0] * 13}), encoding="utf-8")
    table = tmp_path / "points.csv"
    table.write_text("x,y,label\n0,1,0\n1,0,1\n", encoding="utf-8")
    lesson = lessons_dir() / LESSONS[0].file
    for path in (session, network, table, lesson):
        assert cannot_open(path) == "", path


def test_a_large_file_is_only_looked_at_where_it_starts(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Parsing a session file at the cap takes a second in the GUI thread: a larger one is judged by its start."""
    monkeypatch.setattr(opening, "CHECKED_BYTES", 64)
    good_start = tmp_path / "big.nnviz"
    good_start.write_text('\ufeff  {"format": "nnviz-session", ' + " " * 200 + "broken", encoding="utf-8")
    assert cannot_open(good_start) == ""  # the worker reads it whole, after the question, and says why
    garbage = tmp_path / "big-garbage.nnviz"
    garbage.write_bytes(b"PK\x03\x04" + bytes(300))
    assert "not an nnviz session or network file" in cannot_open(garbage)


def test_the_size_is_checked_before_anything_is_read(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from nnviz.io import reading

    huge = tmp_path / "huge.nnviz"
    with huge.open("wb") as f:
        f.truncate(64 * 1024 * 1024)  # sparse: larger than the session files' cap
    read: list[int] = []
    monkeypatch.setattr(reading, "_read_at_most", lambda fd, limit: read.append(limit) or b"")
    assert "too large" in cannot_open(huge)
    assert read == []
    monkeypatch.undo()
    table = tmp_path / "huge.csv"
    with table.open("wb") as f:
        f.truncate(128 * 1024 * 1024)
    assert "too large" in cannot_open(table)
