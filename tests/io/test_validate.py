"""The validator kit: booleans are not numbers, strings are strings, versions are positive, messages name the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nnviz.api import Network
from nnviz.errors import ConfigError, ModelFormatError, SessionFileError
from nnviz.io import Checker, brief, brief_names
from nnviz.session import Config, Session
from nnviz.session.files import load_session, session_to_dict


@pytest.fixture(scope="module")
def good_doc() -> dict[str, Any]:
    return session_to_dict(Session(Config(points=30)))


def _load(tmp_path: Path, doc: dict[str, Any]) -> Session:
    path = tmp_path / "s.nnviz"
    path.write_text(json.dumps(doc))
    return load_session(path)


def _with(doc: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    out = json.loads(json.dumps(doc))
    *parents, last = dotted.split(".")
    node = out
    for key in parents:
        node = node[key]
    node[last] = value
    return out


@pytest.mark.parametrize(("field", "value", "message"), [
    ("config.name", 42, "name must be a string, got int 42"),
    ("config.name", ["a"], "name must be a string, got list"),
    ("config.csv_path", {"p": 1}, "csv_path must be a string, got dict"),
    ("config.points", True, "points must be a whole number, got bool True"),
    ("config.learning_rate", True, "learning_rate must be a number, got bool True"),
    ("config.batch_size", 2.5, "batch_size must be a whole number"),
    ("config.hidden", [4, True], r"hidden\[1\] must be a whole number"),
    ("config.features", [1, 2], r"features\[0\] must be a string"),
    ("version", -5, r"no valid \"version\" \(got -5\)"),
    ("version", True, r"no valid \"version\" \(got True\)"),
    ("version", 0, r"no valid \"version\""),
    ("version", 99, "version 99, written by a newer nnviz"),
    ("epoch", True, "epoch must be a whole number >= 0, got bool True"),
    ("data.train.n_classes", True, "data.train.n_classes must be a whole number"),
    ("data.train.name", 7, "data.train.name must be a string, got int 7"),
])
def test_loose_values_are_refused_naming_the_file_and_field(tmp_path: Path, good_doc: dict[str, Any], field: str,
                                                            value: Any, message: str) -> None:
    with pytest.raises(SessionFileError, match=message) as exc:
        _load(tmp_path, _with(good_doc, field, value))
    text = str(exc.value)
    assert text.startswith(str(tmp_path / "s.nnviz") + ": ") and "\n" not in text


def test_the_good_document_loads(tmp_path: Path, good_doc: dict[str, Any]) -> None:
    assert _load(tmp_path, good_doc).config.points == 30


@pytest.mark.parametrize(("changes", "message"), [
    ({"noise": True}, "noise must be a number, got bool True"),
    ({"seed": False}, "seed must be a whole number"),
    ({"name": 3}, "name must be a string"),
    ({"hidden": (2.0,)}, r"hidden\[0\] must be a whole number"),
])
def test_config_checks_types_before_converting(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Config(**changes)


@pytest.mark.parametrize("version", [True, -1, 0, "1", 1.0])
def test_network_file_versions_are_positive_whole_numbers(version: Any) -> None:
    doc = Network([2, 1]).to_json()
    doc["version"] = version
    with pytest.raises(ModelFormatError, match="version must be a whole number >= 1"):
        Network.from_json(doc)


def test_checker_messages() -> None:
    check = Checker(SessionFileError, "f.json")
    with pytest.raises(SessionFileError, match=r"^f\.json: x must be a finite number, got float inf$"):
        check.number(float("inf"), "x")
    with pytest.raises(SessionFileError, match=r"^f\.json: x must be a whole number in 0\.\.10, got 11$"):
        check.whole(11, "x", 0, 10)
    assert check.number(3, "x") == 3.0 and check.whole(2, "x") == 2 and check.text("a", "x") == "a"


class _Odd:
    def __repr__(self) -> str:
        return "line one\nline two\x0bthree\u2028four\x85five"


def test_brief_keeps_any_value_on_one_line():
    text = brief(_Odd(), limit=200)
    assert len(text.splitlines()) == 1 and text.isprintable()
    assert "\\n" in text and "\\x0b" in text and "\\u2028" in text and "\\x85" in text


def test_brief_names_quotes_each_name_on_one_line_and_counts_the_rest():
    assert brief_names(["a\nb", "\r"]) == "'a\\nb', '\\r'"
    text = brief_names([f"k{i}" for i in range(9)], shown=3)
    assert text == "'k0', 'k1', 'k2' and 6 more"
