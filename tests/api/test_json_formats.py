"""Round trips through every JSON format, and imports that compute what the original computed."""

from __future__ import annotations

import json
from math import exp
from pathlib import Path

import numpy as np
import pytest
from network_samples import BRAIN_1X, BRAIN_2X, SYNAPTIC

from nnviz.api import Architect, Layer, Network, Neuron
from nnviz.engine.reproducible import MAX_RELATIVE_ERROR
from nnviz.errors import ConfigError

INPUTS = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.3, -0.7]]


def _sig(s: float) -> float:
    return 1 / (1 + exp(-s))


def _synaptic_reference(data: dict, x: list[float]) -> float:
    """Synaptic's own arithmetic: state = bias, then += activation * weight in connection order."""
    acts = {0: x[0], 1: x[1]}
    for i in (2, 3, 4):
        state = data["neurons"][i]["bias"]
        for c in data["connections"]:
            if c["to"] == i:
                state += acts[c["from"]] * c["weight"]
        acts[i] = _sig(state)
    return acts[4]


def _brain_reference(x: list[float]) -> float:
    """brain.js's arithmetic (in float64): sum = bias, then += weight * input."""
    a = x
    for layer in BRAIN_2X["layers"][1:]:
        out = []
        for row, b in zip(layer["weights"], layer["biases"], strict=True):
            s = b
            for w, v in zip(row, a, strict=True):
                s += w * v
            out.append(_sig(s))
        a = out
    return a[0]


def test_synaptic_import_computes_what_synaptic_computes() -> None:
    net = Network.from_json(SYNAPTIC)
    assert net.sizes == (2, 2, 1) and net.rule == "synaptic"
    for x in INPUTS:
        # exp in nnviz is the same on every machine: exact, rounded to a relative 2.9e-11
        assert net.activate(x)[0] == pytest.approx(_synaptic_reference(SYNAPTIC, x), rel=4 * MAX_RELATIVE_ERROR)
    assert net.layers[1].neurons[0].bias == -2.5730147
    assert net.layers[0].neurons[0].inputs() == [] and len(net.layers[0].neurons[0].outputs()) == 2


def test_synaptic_import_trains_by_synaptic_rule_unless_told() -> None:
    for rule, expected in ((None, "synaptic"), ("backprop", "backprop")):
        net = Network.from_json(json.dumps(SYNAPTIC), rule=rule)
        assert net.rule == expected
        out = net.activate([1.0, 0.0])[0]
        h = net.layers[1].neurons[0].activation
        w = net.layers[2].neurons[0].inputs()[0].weight
        net.propagate(0.3, [0.0])
        delta = (0.0 - out) if expected == "synaptic" else (0.0 - out) * out * (1 - out)
        assert net.layers[2].neurons[0].inputs()[0].weight == pytest.approx(w + 0.3 * delta * h, abs=1e-14)


@pytest.mark.parametrize("data", [BRAIN_2X, BRAIN_1X])
def test_brainjs_import_computes_what_brainjs_computes(data: dict) -> None:
    net = Network.from_json(data)
    assert net.sizes == (2, 3, 1) and net.rule == "backprop" and net.activations == ("sigmoid", "sigmoid")
    for x in INPUTS:
        assert net.activate(x)[0] == pytest.approx(_brain_reference(x), rel=4 * MAX_RELATIVE_ERROR)
    assert net.layers[1].neurons[1].inputs()[1].weight == 2.5  # row j of a 2.x matrix is neuron j


def test_brainjs_training_settings_are_kept() -> None:
    assert (Network.from_json(BRAIN_2X).learning_rate, Network.from_json(BRAIN_2X).momentum) == (0.3, 0.1)
    assert (Network.from_json(BRAIN_1X).learning_rate, Network.from_json(BRAIN_1X).momentum) == (0.5, 0.2)


def test_brainjs_top_level_weights_and_biases() -> None:
    layers = BRAIN_2X["layers"]
    flat = {"sizes": [2, 3, 1], "weights": [layer["weights"] for layer in layers],
            "biases": [layer["biases"] for layer in layers]}
    no_input = {"sizes": [2, 3, 1], "weights": [layer["weights"] for layer in layers[1:]],
                "biases": [layer["biases"] for layer in layers[1:]]}
    for data in (flat, no_input):
        assert Network.from_json(data).to_json() == Network.from_json(BRAIN_2X).to_json()


def _trained(activation: str = "sigmoid") -> Network:
    net = Network([2, 4, 3, 2], activation=activation, momentum=0.5)
    for i in range(30):
        net.train([np.sin(i), np.cos(i)], [0.2, 0.8])
    return net


def _same(a: Network, b: Network) -> None:
    assert a.sizes == b.sizes and a.activations == b.activations
    np.testing.assert_array_equal(a._core.engine_params(), b._core.engine_params())
    for x in INPUTS:
        assert a.activate(x) == b.activate(x)


def test_nnviz_json_round_trip_is_exact() -> None:
    net = _trained("tanh")
    net.layers[0].neurons[1].bias = 0.125
    net.layers[0].neurons[1].squash = Neuron.squash.RELU
    text = json.dumps(net.to_json())
    back = Network.from_json(text)
    assert back.layers[0].neurons[1].bias == 0.125 and back.layers[0].neurons[1].squash is Neuron.squash.RELU
    assert back.to_json() == json.loads(text)
    _same(net, back)  # activating gives input neurons values, which zeroes their biases (as in Synaptic)
    assert back.layers[0].neurons[1].bias == 0.0
    assert (back.rule, back.learning_rate, back.momentum, back.iterations) == ("backprop", 0.3, 0.5, 20000)


@pytest.mark.parametrize("fmt", ["synaptic", "brainjs", "brainjs1"])
def test_round_trip_through_other_formats(fmt: str) -> None:
    net = _trained()
    back = Network.from_json(json.dumps(net.to_json(fmt)))
    _same(net, back)


def test_round_trip_of_a_synaptic_built_network_keeps_its_rule_and_squashes() -> None:
    net = Architect.Perceptron(2, 3, 2)
    net.layers[1].set(squash=Neuron.squash.TANH)
    net.layers[2].set(squash="RELU")
    back = Network.from_json(net.to_json("synaptic"))
    _same(net, back)
    assert back.rule == "synaptic" and back.activations == ("tanh", "relu")
    assert back.to_json("synaptic")["neurons"][2]["layer"] == 0


def test_chain_of_formats() -> None:
    net = _trained()
    via = Network.from_json(Network.from_json(Network.from_json(net.to_json("synaptic")).to_json("brainjs1"))
                            .to_json("brainjs"))
    _same(net, via)


def test_save_and_load_files(tmp_path: Path) -> None:
    net = _trained()
    for fmt in ("nnviz", "synaptic", "brainjs"):
        path = tmp_path / f"net-{fmt}.json"
        net.save(path, fmt)
        _same(net, Network.load(path))
        _same(net, Network.from_json(path))


def test_exports_that_the_format_cannot_hold() -> None:
    with pytest.raises(ConfigError, match="Synaptic has no LEAKY_RELU"):
        Network([2, 1], activation="leaky_relu").to_json("synaptic")
    with pytest.raises(ConfigError, match=r"brain\.js gives every layer one activation"):
        Network([2, 2, 1], activation=["tanh", "sigmoid"]).to_json("brainjs")
    with pytest.raises(ConfigError, match=r"brain\.js"):
        Network([2, 1], activation="identity").to_json("brainjs1")
    with pytest.raises(ConfigError, match="unknown network format"):
        Network([2, 1]).to_json("keras")


def test_hand_built_layers_export_like_synaptic() -> None:
    i, o = Layer(2), Layer(1)
    i.project(o)
    data = Network(input=i, output=o).to_json("synaptic")
    assert [n["layer"] for n in data["neurons"]] == ["input", "input", "output"]
    assert [(c["from"], c["to"]) for c in data["connections"]] == [(0, 2), (1, 2)]
    assert all(c["gater"] is None for c in data["connections"])
