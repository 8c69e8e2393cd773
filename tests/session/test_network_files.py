"""Network files (nnviz, Synaptic, brain.js JSON) open as sessions on the data set they most likely fit."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnviz import Architect, Network, Trainer
from nnviz.api import seed
from nnviz.engine.reproducible import MAX_RELATIVE_ERROR
from nnviz.errors import SessionFileError
from nnviz.session import Config, Session
from nnviz.session.files import load_session, open_file, save_session
from nnviz.session.network_files import data_set_for, looks_like_network


def test_the_tutorial_xor_network_opens_solved_on_the_xor_truth_table(tmp_path):
    seed(1234)  # the API draws its weights at random: about one XOR run in 1,000 ends unsolved (accuracy 0.75)
    net = Architect.Perceptron(2, 3, 1)
    Trainer(net).xor()
    path = tmp_path / "xor.json"
    net.save(path, format="synaptic")
    session, is_session_file = open_file(path)
    assert not is_session_file
    assert session.config.dataset == "xor_gate" and session.config.name == "xor"
    assert session.metrics().train_accuracy == 1.0
    assert np.allclose(session.net.params, net.to_mlp().params)


def test_a_brainjs_network_opens_with_its_weights(tmp_path):
    doc = {
        "sizes": [2, 2, 1],
        "layers": [
            {"0": {}, "1": {}},
            {
                "0": {"bias": 0.1, "weights": {"0": 1.0, "1": -1.0}},
                "1": {"bias": -0.2, "weights": {"0": 0.5, "1": 2.0}},
            },
            {"0": {"bias": 0.3, "weights": {"0": 1.5, "1": -0.5}}},
        ],
        "activation": "sigmoid",
    }
    path = tmp_path / "brain.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    session = load_session(path)
    assert session.net.sizes == (2, 2, 1)
    x = np.array([[1.0, 0.0]])
    hidden = 1 / (1 + np.exp(-np.array([1.0 + 0.1, 0.5 - 0.2])))
    expected = 1 / (1 + np.exp(-(1.5 * hidden[0] - 0.5 * hidden[1] + 0.3)))
    # the engine's sigmoid is the same on every machine: 0.5 + 0.5 tanh(z/2), tanh exact and rounded to 2.9e-11
    assert session.net.predict(x)[0, 0] == pytest.approx(expected, rel=2 * MAX_RELATIVE_ERROR)


def test_a_session_file_is_still_a_session_file(tmp_path):
    path = tmp_path / "run.json"
    save_session(Session(Config(points=40)), path)
    assert open_file(path)[1] is True
    assert not looks_like_network(json.loads(path.read_text(encoding="utf-8")))


def test_shapes_pick_a_data_set_or_say_why_not(tmp_path):
    assert data_set_for(2, 1, False) == "xor_gate"
    assert data_set_for(5, 1, False) == "circle"
    assert data_set_for(2, 1, True) == "plane"
    assert data_set_for(2, 4, False) == "quadrants"
    Network([2, 4, 2], activation="sigmoid").save(tmp_path / "two.json")
    two = load_session(tmp_path / "two.json")
    assert two.config.dataset == "circle" and two.spec.problem == "multiclass" and two.spec.n_classes == 2
    Network([2, 4, 5], activation="sigmoid").save(tmp_path / "five.json")
    with pytest.raises(SessionFileError, match="5 outputs fits none"):
        load_session(tmp_path / "five.json")
    (tmp_path / "bad.json").write_text('{"sizes": "x"}', encoding="utf-8")
    with pytest.raises(SessionFileError, match="not a network nnviz can open"):
        load_session(tmp_path / "bad.json")
