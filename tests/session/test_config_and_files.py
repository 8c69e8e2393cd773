"""Config validation and round trips; session files and their errors."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnviz.errors import ConfigError, SessionFileError
from nnviz.session import Config, Session
from nnviz.session.files import load_session, save_session, session_to_dict


def test_config_round_trip_and_defaults():
    c = Config(dataset="spiral", hidden=(8, 8), activations=("relu", "tanh"), learning_rate=0.1)
    d = c.to_dict()
    assert d["schema_version"] == 1 and d["hidden"] == [8, 8]
    assert Config.from_dict(json.loads(json.dumps(d))) == c
    default = Config()
    assert (default.dataset, default.hidden, default.activations, default.learning_rate, default.batch_size) == (
        "circle", (4, 2), ("tanh", "tanh"), 0.03, 10)


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"dataset": "nope"}, "unknown dataset"),
        ({"noise": 80}, "noise"),
        ({"train_ratio": 5}, "train_ratio"),
        ({"hidden": (0,)}, "neurons"),
        ({"activation": "swish"}, "unknown activation"),
        ({"learning_rate": -1}, "learning rate"),
        ({"batch_size": 0}, "batch size"),
        ({"optimizer": "lbfgs"}, "unknown optimizer"),
        ({"features": ("x3",)}, "x3"),
        ({"loss": "hinge"}, "unknown loss"),
    ],
)
def test_bad_configs_say_what_was_wrong(changes, message):
    with pytest.raises(ConfigError, match=message):
        Config(**changes)


def test_from_dict_rejects_unknown_keys_and_newer_schemas():
    with pytest.raises(ConfigError, match="unknown config setting"):
        Config.from_dict({"colour": "red"})
    with pytest.raises(ConfigError, match="newer nnviz"):
        Config.from_dict({"schema_version": 99})


def test_impossible_pairings_are_config_errors():
    with pytest.raises(ConfigError, match="softmax"):
        Session(Config(output_activation="softmax", loss="mse"))
    with pytest.raises(ConfigError, match="regression"):
        Session(Config(dataset="plane", problem="binary"))


def test_session_file_round_trip(tmp_path):
    s = Session(Config(dataset="spiral", hidden=(6,), optimizer="adam", name="demo"))
    s.train(5)
    s.add_point((1.0, 2.0), 1)
    path = tmp_path / "demo.nnviz.json"
    save_session(s, path)
    t = load_session(path)
    assert t.config == s.config and t.epoch == 5 and t.config.name == "demo"
    assert np.array_equal(t.net.params, s.net.params)
    assert np.array_equal(t.train_set.points, s.train_set.points)
    assert len(t.history) == len(s.history)
    s.train(3)
    t.train(3)
    assert np.array_equal(t.net.params, s.net.params)  # resumes exactly, Adam moments included


@pytest.mark.parametrize(
    "mutate,message",
    [
        (lambda d: "not json{", "not valid JSON"),
        (lambda d: json.dumps([1, 2]), "not an nnviz session"),
        (lambda d: json.dumps({**d, "version": 9}), "version 9"),
        (lambda d: json.dumps({**d, "config": {**d["config"], "noise": 99}}), "noise"),
        (lambda d: json.dumps({**d, "network": {"params": [1.0, 2.0]}}), "parameters"),
        (lambda d: json.dumps({k: v for k, v in d.items() if k != "data"}), "data is missing"),
        (lambda d: json.dumps({**d, "network": {"params": "abc"}}), "params"),
    ],
)
def test_bad_session_files_give_one_clear_error(tmp_path, mutate, message):
    doc = session_to_dict(Session())
    path = tmp_path / "bad.json"
    path.write_text(mutate(doc))
    with pytest.raises(SessionFileError, match=message):
        load_session(path)


def test_missing_and_binary_session_files(tmp_path):
    with pytest.raises(SessionFileError, match="no such file"):
        load_session(tmp_path / "nothing.json")
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(SessionFileError, match="UTF-8"):
        load_session(tmp_path / "bin.json")


def test_a_failed_save_leaves_no_temporary_file_and_a_good_one_is_readable(tmp_path):
    s = Session(Config(points=40))
    target = tmp_path / "a folder"
    target.mkdir()
    with pytest.raises(SessionFileError, match="cannot save"):
        save_session(s, target)  # os.replace onto a directory fails after the temp file exists
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a folder"]
    good = tmp_path / "s.json"
    save_session(s, good)
    assert good.stat().st_mode & 0o777 == 0o644
    good.chmod(0o664)
    save_session(s, good)  # replacing keeps the file's permissions
    assert good.stat().st_mode & 0o777 == 0o664
