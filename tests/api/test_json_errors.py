"""Every kind of bad network JSON gives a ModelFormatError whose one line says what is wrong."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from network_samples import BRAIN_1X, BRAIN_2X, SYNAPTIC

from nnviz.api import Network
from nnviz.errors import ConfigError, ModelFormatError, NnvizError

GOOD_NNVIZ = Network([2, 2, 1]).to_json()


def _edit(base: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(base)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


_DELETE = object()


def _raises(data: Any, fragment: str) -> None:
    with pytest.raises(ModelFormatError) as info:
        Network.from_json(data)
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message


@pytest.mark.parametrize(("data", "fragment"), [
    ("{\"sizes\": [2, 1", "not valid JSON"),
    (b"\xff\xfe", "not UTF-8"),
    ("[1, 2]", "must be an object"),
    (42, "must be an object"),
    ({}, "not a network nnviz can read"),
    ({"format": "keras.model"}, "unknown network format 'keras.model'"),
])
def test_not_a_network(data: Any, fragment: str) -> None:
    _raises(data, fragment)


@pytest.mark.parametrize(("path", "value", "fragment"), [
    (["version"], 99, "newer nnviz"),
    (["version"], "1", "version must be a whole number"),
    (["sizes"], [2], "at least an input and an output"),
    (["sizes"], [2, 0, 1], "sizes[1] must be a whole number >= 1"),
    (["sizes"], ["2", 2, 1], "sizes[0] must be a whole number"),
    (["sizes"], [2, 3, 1], "layers[0].weights must have 3 entries"),
    (["activations"], ["sigmoid"], "activations must have 2 entries"),
    (["activations", 0], "softmax", "activations[0]: unknown squash 'softmax'"),
    (["activations", 1], 3, "activations[1] must be an activation name"),
    (["layers"], _DELETE, "layers must be a JSON array, got nothing"),
    (["layers", 0, "weights", 0], [0.1], "layers[0].weights[0] must have 2 entries"),
    (["layers", 0, "weights", 0, 1], "x", "layers[0].weights[0][1] must be a number"),
    (["layers", 0, "weights", 0, 1], True, "must be a number, got bool"),
    (["layers", 1, "biases"], _DELETE, "layers[1].biases must be a JSON array"),
    (["layers", 1, "biases", 0], float("nan"), "must be a finite number"),
    (["input", "biases"], [0.0], "input.biases must have 2 entries"),
    (["training", "rule"], "adam", "training.rule 'adam'"),
    (["training", "momentum"], None, "training.momentum must be a number"),
])
def test_bad_nnviz_json(path: list[Any], value: Any, fragment: str) -> None:
    _raises(_edit(GOOD_NNVIZ, path, value), fragment)


def test_nan_in_json_text() -> None:
    text = json.dumps(GOOD_NNVIZ).replace(str(GOOD_NNVIZ["layers"][0]["biases"][0]), "NaN", 1)
    _raises(text, "must be a finite number")


LSTM_LIKE = {
    "neurons": copy.deepcopy(SYNAPTIC["neurons"]),
    "connections": [*copy.deepcopy(SYNAPTIC["connections"]),
                    {"from": 2, "to": 2, "weight": 1, "gater": 3},
                    {"from": 0, "to": 4, "weight": 0.5, "gater": 2}],
}


@pytest.mark.parametrize(("path", "value", "fragment"), [
    (["neurons"], _DELETE, "neurons must be a JSON array"),
    (["connections"], {"0": 1}, "connections must be a JSON array"),
    (["neurons"], [], "no neurons"),
    (["neurons", 2], 5, "neuron 2 must be a JSON object"),
    (["neurons", 2, "layer"], "middle", "neuron 2 has layer 'middle'"),
    (["neurons", 3, "layer"], "2", "numbered 0, 1, ... without gaps, got [0, 2]"),
    (["neurons", 4, "layer"], "input", "no output neurons"),
    (["neurons", 2, "bias"], "0.5", "neuron 2's bias must be a number"),
    (["neurons", 2, "squash"], "SOFTMAX", "neuron 2 has squash 'SOFTMAX'"),
    (["neurons", 3, "squash"], "TANH", "hidden layer 0 mixes the squashes LOGISTIC, TANH"),
    (["neurons", 2, "trace", "extended"], {"4": {"0": 0.1}}, "uses gates (gating traces)"),
    (["connections", 0, "from"], 9, "connection 0 names neuron 9, but there are only 5"),
    (["connections", 0, "to"], -1, "connection 0's to must be a whole number"),
    (["connections", 0, "weight"], None, "connection 0's weight must be a number"),
    (["connections", 0, "gater"], 3, "uses gates (1 gated connection)"),
    (["connections", 1], {"from": 2, "to": 2, "weight": 1.0}, "1 self-connection (a recurrent network)"),
    (["connections", 5], {"from": 0, "to": 4, "weight": 1.0}, "goes from the input layer to the output layer"),
    (["connections", 5], {"from": 4, "to": 3, "weight": 1.0}, "goes from the output layer to hidden layer 0"),
    (["connections", 5], {"from": 2, "to": 4, "weight": 1.0}, "repeats the connection from neuron 2 to neuron 4"),
    (["connections", 5], _DELETE, "neuron 3 (hidden layer 0) does not project to neuron 4"),
])
def test_bad_synaptic_json(path: list[Any], value: Any, fragment: str) -> None:
    _raises(_edit(SYNAPTIC, path, value), fragment)


def test_lstm_memory_is_named() -> None:
    _raises(LSTM_LIKE, "uses gates (2 gated connections and 1 self-connection), as LSTM memory cells do")


@pytest.mark.parametrize(("base", "path", "value", "fragment"), [
    (BRAIN_2X, ["type"], "LSTMTimeStep", "brain.js LSTMTimeStep networks are not supported"),
    (BRAIN_2X, ["inputLookup"], {"a": 0, "b": 1}, "inputLookup (named inputs or outputs) is not supported"),
    (BRAIN_2X, ["trainOpts", "activation"], "softsign", "activation 'softsign' is not one of brain.js's"),
    (BRAIN_2X, ["sizes"], [2, "3", 1], "sizes[1] must be a whole number"),
    (BRAIN_2X, ["sizes"], [2, 3, 3, 1], "layers must have 4 entries"),
    (BRAIN_2X, ["layers", 1, "weights", 2], [3.0], "layers[1].weights[2] must have 2 entries"),
    (BRAIN_2X, ["layers", 2, "biases"], [0.2, 0.1], "layers[2].biases must have 1 entries"),
    (BRAIN_2X, ["layers"], _DELETE, "expected \"layers\" (brain.js 1.x or 2.x)"),
    (BRAIN_2X, ["trainOpts", "learningRate"], "fast", "trainOpts.learningRate must be a number"),
    (_edit(BRAIN_2X, ["trainOpts", "activation"], "leaky-relu"), ["trainOpts", "leakyReluAlpha"], 0.05,
     "leakyReluAlpha 0.05 is not supported: nnviz's leaky-relu has the slope 0.01"),
    (BRAIN_1X, ["layers", 1, "2"], _DELETE, "layers[1][\"2\"] must be a JSON object"),
    (BRAIN_1X, ["layers", 1, "0", "weights", "1"], _DELETE, "weights must have 2 entries"),
    (BRAIN_1X, ["layers", 2, "0", "bias"], "0.2", "layers[2][\"0\"].bias must be a number"),
    (BRAIN_1X, ["layers", 1, "3"], {"bias": 0, "weights": {"0": 1, "1": 1}}, "layers[1] must have 3 neurons"),
])
def test_bad_brainjs_json(base: dict[str, Any], path: list[Any], value: Any, fragment: str) -> None:
    _raises(_edit(base, path, value), fragment)


def test_bad_top_level_weights() -> None:
    _raises({"sizes": [2, 1], "weights": [[[1.0, 2.0]], [[1.0]]], "biases": [[0.0]]},
            "weights and biases need one entry per layer after the input (1)")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelFormatError, match=r"nope\.json: no such file"):
        Network.load(tmp_path / "nope.json")
    (tmp_path / "bad.json").write_text("{\"sizes\": [2,", encoding="utf-8")
    with pytest.raises(ModelFormatError, match=r"bad\.json is not valid JSON"):
        Network.load(tmp_path / "bad.json")


def test_format_errors_are_nnviz_errors() -> None:
    assert issubclass(ModelFormatError, NnvizError)


@pytest.mark.parametrize(("base", "path", "value", "fragment"), [
    (GOOD_NNVIZ, ["layers", 0, "biases", 0], 10**400, "layers[0].biases[0] must be a finite number"),
    (SYNAPTIC, ["neurons", 2, "bias"], 10**400, "must be a finite number"),
    (BRAIN_2X, ["layers", 1, "weights", 0, 0], 10**400, "must be a finite number"),
    (BRAIN_2X, ["trainOpts", "activation"], ["relu"], "activation ['relu'] is not one of brain.js's"),
    (BRAIN_1X, ["activation"], {"a": 1}, "is not one of brain.js's"),
    (BRAIN_1X, ["sizes"], [2**31, 3, 1], "2,147,483,648 neurons in one layer is more than nnviz's limit of 4,096"),
    (BRAIN_1X, ["sizes"], [2, 2**31, 1], "neurons in one layer is more than nnviz's limit"),
    (BRAIN_1X, ["sizes"], [2, 3, 10**400], "about 2^1328 neurons in one layer is more than nnviz's limit"),
], ids=["nnviz-big-int", "synaptic-big-int", "brainjs-big-int", "brainjs-list-activation", "brainjs1-dict-activation",
        "brainjs1-huge-input", "brainjs1-huge-hidden", "brainjs1-huge-output"])
def test_huge_or_unhashable_values(base: dict[str, Any], path: list[Any], value: Any, fragment: str) -> None:
    _raises(_edit(base, path, value), fragment)


@pytest.mark.parametrize(("text", "message"), [
    ("[" * 100_000, "is not JSON nnviz can read: lists and objects nested too deep"),
    ("1" * 5000, "a number in the file is too long"),
    ("{\"sizes\": [" + "9" * 5000 + "]}", "a number in the file is too long"),
], ids=["deep", "long-number", "long-size"])
def test_json_that_python_cannot_parse(text: str, message: str) -> None:
    _raises(text, message)


def test_leaky_relu_with_brainjs_default_slope_is_read() -> None:
    data = _edit(_edit(BRAIN_2X, ["trainOpts", "activation"], "leaky-relu"), ["trainOpts", "leakyReluAlpha"], 0.01)
    assert Network.from_json(data).activations == ("leaky_relu", "leaky_relu")


def test_unwritable_file_and_non_finite_weights(tmp_path: Path) -> None:
    net = Network([1, 1], activation="identity")
    with pytest.raises(ModelFormatError, match="cannot save the network file to"):
        net.save(tmp_path / "missing" / "net.json")
    net.train([1e300], [1e300])  # one step that overflows the weight, as a diverging training does
    with pytest.raises(ConfigError, match="not all finite numbers"):
        net.save(tmp_path / "net.json")
    assert not (tmp_path / "net.json").exists()
