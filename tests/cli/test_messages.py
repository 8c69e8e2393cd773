"""Messages that point at the real cause (issue 18 §5): overflowing targets at load time, one range for the number
of points, a number that is too long."""

from __future__ import annotations

import json

import pytest

from nnviz.cli.main import main
from nnviz.data import generate
from nnviz.errors import ConfigError, DataError, NnvizError
from nnviz.session import Config, Session
from nnviz.session.files import load_session, save_session
from nnviz.session.opening import csv_session

POINTS_MESSAGE = "the number of points must be a whole number from 4 to 100,000; got {}"


@pytest.mark.parametrize("points", [0, 1, 3, 100_001])
def test_one_range_and_one_message_for_the_number_of_points(points, capsys):
    assert main(["train", "--points", str(points), "--epochs", "1"]) == 2
    assert capsys.readouterr().err.strip() == "nnviz: " + POINTS_MESSAGE.format(points)
    with pytest.raises(ConfigError) as from_config:
        Config(points=points)
    with pytest.raises(DataError) as from_generator:
        import numpy as np

        generate("circle", points, 0.0, np.random.default_rng(0))
    assert str(from_config.value) == str(from_generator.value) == POINTS_MESSAGE.format(points)


@pytest.mark.parametrize("flag", ["--points", "--epochs", "--batch", "--seed"])
def test_a_number_with_too_many_digits_is_called_too_long(flag, capsys):
    assert main(["train", flag, "9" * 5000]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"nnviz: argument {flag}: the number '999999999999...' is too long (5,000 digits)"


def test_a_file_with_a_number_too_long_to_read_says_so(tmp_path):
    path = tmp_path / "long.nnviz"
    path.write_text('{"format": "nnviz-session", "version": ' + "9" * 5000 + "}", encoding="utf-8")
    with pytest.raises(NnvizError) as caught:
        load_session(path)
    assert str(caught.value) == f"{path}: a number in the file is too long (more than 4,300 digits)"
    assert "set_int_max_str_digits" not in str(caught.value)


def test_overflowing_regression_targets_are_named_at_load_time(tmp_path):
    csv = tmp_path / "huge.csv"
    csv.write_text("x1,x2,y\n0,0,1\n1,1,2\n0,1,1e160\n1,0,3\n", encoding="utf-8")
    expected = ("data row 3: the target in column 3 (the target) is 1e+160, beyond ±1e+150, where its square "
                "overflows to infinity and no loss can be computed; scale the targets down")
    with pytest.raises(DataError, match="data row 3: the target") as caught:
        Session(Config(dataset="csv", csv_path=str(csv), problem="regression"))
    assert str(caught.value).endswith(expected)


def test_a_session_file_with_overflowing_targets_is_refused_naming_the_row(tmp_path):
    csv = tmp_path / "fine.csv"
    csv.write_text("x1,x2,y\n0,0,1.5\n1,1,2.5\n0,1,5.5\n1,0,3.5\n", encoding="utf-8")
    session = csv_session(csv, Config(train_ratio=90))
    assert session.spec.problem == "regression"
    path = tmp_path / "s.nnviz"
    save_session(session, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["data"]["train"]["labels"][1] = -3e155
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(NnvizError, match=r"data row 2: the target in column 3 \(the target\) is -3e\+155"):
        load_session(path)


def test_targets_within_the_bound_still_train(tmp_path):
    csv = tmp_path / "big-but-fine.csv"
    csv.write_text("x1,x2,y\n0,0,1e140\n1,1,2\n0,1,1\n1,0,3\n", encoding="utf-8")
    assert isinstance(Session(Config(dataset="csv", csv_path=str(csv), problem="regression")), Session)
