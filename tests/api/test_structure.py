"""Building networks from neurons and layers: what works, and clear errors for what nnviz does not support."""

from __future__ import annotations

from math import exp

import pytest

from nnviz import Architect, Connection, Layer, Network, Neuron
from nnviz.engine.reproducible import MAX_RELATIVE_ERROR
from nnviz.errors import ConfigError, NnvizError


def test_project_returns_a_connection_and_reprojecting_updates_it() -> None:
    A, B = Neuron(), Neuron()
    c = A.project(B)
    assert isinstance(c, Connection) and c.from_neuron is A and c.to_neuron is B and c.gater is None
    assert -0.1 <= c.weight <= 0.1 and -0.1 <= B.bias <= 0.1  # Synaptic's initial range
    again = A.project(B, 0.7)
    assert again == c and c.weight == 0.7
    A.project(B)  # no weight: keeps it, as Synaptic does
    assert c.weight == 0.7
    assert A.connected(B) == c and B.connected(A) == c and A.connected(Neuron()) is None


def test_neuron_projects_to_a_layer() -> None:
    A, layer = Neuron(), Layer(3)
    conns = A.project(layer, 0.5)
    assert [c.to_neuron for c in conns] == layer.neurons
    A.activate(2.0)
    out = layer.activate()
    # the engine's logistic: the formula, exact and rounded to a relative 2.9e-11 (the same on every machine)
    assert out == [pytest.approx(1 / (1 + exp(-(n.bias + 2.0 * 0.5))), rel=2 * MAX_RELATIVE_ERROR)
                   for n in layer.neurons]


def test_squash_namespace_and_neuron_squash() -> None:
    names = [s.name for s in Neuron.squash]
    assert names == ["LOGISTIC", "TANH", "IDENTITY", "HLIM", "RELU", "LEAKY_RELU"]
    assert Neuron.squash.TANH(0.5) == pytest.approx(0.46211715726)
    assert Neuron.squash.LOGISTIC(0.0, True) == 0.25
    assert Neuron.squash.RELU(-2.0) == 0.0 and Neuron.squash.HLIM(0.2) == 1.0 and Neuron.squash.IDENTITY(3) == 3.0
    n = Neuron()
    assert n.squash is Neuron.squash.LOGISTIC
    n.squash = Neuron.squash.TANH
    assert n.squash is Neuron.squash.TANH
    n.squash = "relu"
    assert n.squash is Neuron.squash.RELU
    with pytest.raises(ConfigError, match="unknown squash 'SOFTPLUS'"):
        n.squash = "SOFTPLUS"


def test_layer_set_and_views() -> None:
    i, h = Layer(2), Layer(3)
    i.project(h)
    assert h.set(squash=Neuron.squash.TANH, bias=0.25) is h
    net = Network(input=i, output=h)
    assert h.biases == [0.25] * 3 and net.activations == ("tanh",)
    h.set(squash="IDENTITY")  # a whole layer may change after layout
    assert net.activations == ("linear",)
    assert net.activate([0.0, 0.0]) == [0.25] * 3
    with pytest.raises(ConfigError, match="every neuron of a layer shares one squash"):
        h.neurons[0].squash = Neuron.squash.RELU
    assert len(h) == h.size == 3 and h[1] is h.neurons[1] and list(h) == h.neurons


def test_layer_activate_and_propagate_check_sizes() -> None:
    i, o = Layer(2), Layer(1)
    i.project(o)
    with pytest.raises(ConfigError, match="the layer's input must be a list of 2 numbers, got 3"):
        i.activate([1, 2, 3])
    i.activate([1, 2])
    o.activate()
    with pytest.raises(ConfigError, match="the layer's target must be a list of 1 numbers"):
        o.propagate(0.1, [1, 2])


@pytest.mark.parametrize("sizes", [[2], [2, 0], [2, -1, 1], [2.5, 1], "21", [True, 1], None])
def test_bad_sizes(sizes: object) -> None:
    with pytest.raises(ConfigError):
        Network(sizes)  # type: ignore[arg-type]


def test_bad_settings() -> None:
    with pytest.raises(ConfigError, match="unknown update rule 'adam'"):
        Network([2, 1], rule="adam")
    with pytest.raises(ConfigError, match="unknown squash 'softmax'"):
        Network([2, 1], activation="softmax")
    with pytest.raises(ConfigError, match="2 weight layers need 2 activations, got 1"):
        Network([2, 2, 1], activation=["tanh"])
    with pytest.raises(ConfigError, match="learning rate must be a finite number"):
        Network([2, 1], learning_rate=float("inf"))
    with pytest.raises(ConfigError, match="whole number of neurons"):
        Layer(0)
    with pytest.raises(ConfigError, match="at least an input and an output size"):
        Architect.Perceptron(3)


def test_skip_connection_is_refused() -> None:
    i, h, o = Layer(2), Layer(2), Layer(1)
    i.project(h)
    h.project(o)
    i.neurons[0].project(o.neurons[0])
    with pytest.raises(ConfigError, match="skipping a layer; nnviz supports layered feed-forward networks"):
        Network(input=i, hidden=[h], output=o)


def test_partial_projection_is_refused() -> None:
    i, o = Layer(2), Layer(2)
    i.neurons[0].project(o.neurons[0])
    i.neurons[0].project(o.neurons[1])
    i.neurons[1].project(o.neurons[0])
    with pytest.raises(ConfigError, match=r"Neuron#\d+ \(layer 0\) does not project to Neuron#\d+ \(layer 1\)"):
        Network(input=i, output=o)


def test_loops_self_connections_and_gates_are_refused() -> None:
    A, B, C = Neuron(), Neuron(), Neuron()
    A.project(B)
    B.project(C)
    C.project(A)
    with pytest.raises(ConfigError, match="form a loop \\(a recurrent network\\)"):
        A.activate(1.0)
    with pytest.raises(ConfigError, match="self-connections are not supported"):
        A.project(A)
    with pytest.raises(ConfigError, match="gates are not supported"):
        A.gate(A.outputs()[0])


def test_network_layers_must_form_the_chain() -> None:
    i, h, o = Layer(2), Layer(2), Layer(1)
    i.project(h)
    with pytest.raises(ConfigError, match="hidden layer 1 does not project to the output layer"):
        Network(input=i, hidden=[h], output=o)
    h.project(o)
    with pytest.raises(ConfigError, match="the projections do not form the chain"):
        Network(input=h, output=o)  # the input layer has inputs of its own
    with pytest.raises(ConfigError, match="Layer objects"):
        Network(input=i, output="o")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"layer sizes, e\.g\. Network"):
        Network()


def test_a_network_notices_later_changes_to_its_layers() -> None:
    net = Architect.Perceptron(2, 2, 1)
    net.activate([1, 1])
    extra = Neuron()
    net.layers[2].neurons[0].project(extra)
    with pytest.raises(ConfigError, match="the projections do not form the chain"):
        net.activate([1, 1])


def test_mixed_squashes_in_a_hand_built_layer_are_refused() -> None:
    i, o = Layer(1), Layer(2)
    i.project(o)
    o.neurons[1].squash = Neuron.squash.TANH
    with pytest.raises(ConfigError, match="layer 1 mix the squash functions LOGISTIC, TANH"):
        Network(input=i, output=o)


def test_network_accessors() -> None:
    net = Architect.Perceptron(2, 3, 4, 1)
    assert net.sizes == (2, 3, 4, 1) and net.inputs() == 2 and net.outputs() == 1
    assert len(net.neurons()) == 10 and net.neurons()[2] is net.layers[1].neurons[0]
    assert net.rule == "synaptic" and net.learning_rate == 0.1 and net.momentum == 0.0
    net.rule = "backprop"
    assert net.rule == "backprop"
    assert "Network(sizes=[2, 3, 4, 1]" in repr(net)


def test_clone_is_independent() -> None:
    net = Network([2, 2, 1])
    copy = net.clone()
    assert copy.activate([0.5, 0.5]) == net.activate([0.5, 0.5])
    copy.layers[2].neurons[0].bias = 9.0
    assert net.layers[2].neurons[0].bias != 9.0


def test_to_dot() -> None:
    net = Network([2, 1])
    out = net.layers[1].neurons[0]
    ws = [c.weight for c in out.inputs()]
    text = net.to_dot()
    assert text.startswith("digraph nnviz {") and text.rstrip().endswith("}")
    assert text.count(" -> ") == 2 and f'label="{ws[0]:.3g}"' in text
    assert 'label="input"' in text and 'label="output"' in text
    colours = ["#f59322" if w < 0 else "#0877bd" for w in ws]
    assert all(f'color="{c}"' in text for c in colours)


def test_errors_are_nnviz_errors() -> None:
    assert issubclass(ConfigError, NnvizError)


def test_constructor_misuse_is_explained() -> None:
    i, o = Layer(2), Layer(1)
    i.project(o)
    with pytest.raises(ConfigError, match="pass layers by name"):
        Network(i)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="either layer sizes or layers"):
        Network([2, 1], input=i, output=o)
    with pytest.raises(ConfigError, match="activation and init_range are for networks from layer sizes"):
        Network(input=i, output=o, activation="tanh")
    with pytest.raises(ConfigError, match="init_range must be >= 0"):
        Network([2, 1], init_range=-1)
    with pytest.raises(ConfigError, match="iterations must be a whole number"):
        Network([2, 1], iterations=2.5)  # type: ignore[arg-type]
    a, h, b = Layer(1), Layer(2), Layer(1)
    a.project(h)
    h.project(b)
    net = Network({"input": a, "hidden": h, "output": b})  # Synaptic's dict form, with a single hidden Layer
    assert net.sizes == (1, 2, 1) and net.layers[1] is h


def test_predict_refuses_what_is_not_a_finite_table() -> None:
    net = Network([2, 3, 1])
    assert net.predict([[0.0, 1.0], [1.0, 0.0]]).shape == (2, 1)
    with pytest.raises(ConfigError, match="predict takes a table of numbers"):
        net.predict([[0.0, 1.0], [1.0]])
    with pytest.raises(ConfigError, match="predict takes finite numbers"):
        net.predict([[float("nan"), 1.0]])
