"""Neuron and connection objects are views: never stale after training, and writes change the outputs."""

from __future__ import annotations

import numpy as np
import pytest

import nnviz.api.neuron_storage as core_module
from nnviz.api import Architect, Layer, Network, Neuron, Trainer
from nnviz.engine import MLP


def _json_bias(net: Network, layer: int, j: int) -> float:
    return net.to_json()["layers"][layer - 1]["biases"][j]


def test_bias_and_weight_views_read_the_trained_values() -> None:
    net = Architect.Perceptron(2, 3, 1)
    neuron = net.layers[1].neurons[0]
    link = neuron.inputs()[1]
    before = (neuron.bias, link.weight)
    Trainer(net).train([{"input": [0, 1], "output": [1]}], iterations=50, error=0.0)
    after = (neuron.bias, link.weight)
    assert after != before
    assert after[0] == _json_bias(net, 1, 0)  # the same value the network computes with
    assert after[1] == net.to_json()["layers"][0]["weights"][0][1]
    net.activate([1, 1])
    net.propagate(0.3, [0])
    assert neuron.bias != after[0] and neuron.bias == _json_bias(net, 1, 0)


def test_writing_a_bias_or_weight_changes_what_the_network_computes() -> None:
    net = Network([2, 2, 1], activation="identity")
    out = net.layers[2].neurons[0]
    before = net.activate([1.0, 2.0])[0]
    out.bias = out.bias + 1.5
    assert net.activate([1.0, 2.0])[0] == pytest.approx(before + 1.5, abs=1e-12)
    hidden = net.layers[1].neurons[1]
    link = hidden.outputs()[0]
    link.weight = link.weight + 2.0
    h = hidden.activation
    assert net.activate([1.0, 2.0])[0] == pytest.approx(before + 1.5 + 2.0 * h, abs=1e-12)


def test_views_stay_live_when_training_alternates_with_engine_reads() -> None:
    net = Network([2, 3, 1])
    n = net.layers[1].neurons[2]
    for step in range(5):
        net.train([0.5, -0.5], [1.0])
        mlp = net.to_mlp()  # flushes to the engine side; the next step reloads nothing stale
        assert mlp.get_bias(1, 2) == n.bias
        n.bias = 0.01 * step
        assert net.to_mlp().get_bias(1, 2) == 0.01 * step
    assert net.predict(np.array([[0.5, -0.5]]))[0, 0] == pytest.approx(net.activate([0.5, -0.5])[0], abs=1e-12)


def test_views_are_live_on_the_numpy_path_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core_module, "prefers_scalar", lambda n_params, n_layers: False)
    net = Network([3, 4, 2])
    n = net.layers[2].neurons[1]
    before = n.bias
    net.train([1, 2, 3], [0, 1])
    assert type(net._core.kernel).__name__ == "VectorKernel"
    assert n.bias != before and n.bias == _json_bias(net, 2, 1)
    n.bias = 5.0
    out = net.activate([1, 2, 3])
    assert n.state == pytest.approx(5.0 + sum(c.weight * c.from_neuron.activation for c in n.inputs()), abs=1e-12)
    assert out[1] == pytest.approx(1 / (1 + np.exp(-n.state)), abs=1e-12)


def test_neuron_level_steps_and_network_steps_share_storage() -> None:
    net = Architect.Perceptron(1, 1, 1)
    _, h, o = net.layers
    net.activate([1.0])
    o[0].propagate(0.5, 1.0)  # a neuron-level update of the output's weights
    w = h[0].outputs()[0].weight
    assert w == net.to_json()["layers"][1]["weights"][0][0]
    net.activate([1.0])  # the network sees it
    assert o[0].state == pytest.approx(o[0].bias + h[0].activation * w, abs=1e-15)


def test_a_hand_built_neuron_is_a_view_before_and_after_layout() -> None:
    A, B = Neuron(), Neuron()
    link = A.project(B, 0.25)
    B.bias = 0.5
    assert (link.weight, B.bias) == (0.25, 0.5)  # sketch form
    A.activate(1.0)
    assert B.activate() == pytest.approx(1 / (1 + np.exp(-0.75)))  # laid out now
    link.weight = -1.0
    assert B.activate() == pytest.approx(1 / (1 + np.exp(0.5)))
    C = Neuron()
    B.project(C, 2.0)  # a structure change: values carry over
    assert (link.weight, B.bias, B.outputs()[0].weight) == (-1.0, 0.5, 2.0)


def test_live_view_of_an_engine_network() -> None:
    mlp = MLP([2, 2, 1], ["sigmoid", "sigmoid"])
    mlp.params[:] = np.linspace(-0.5, 0.5, mlp.n_params)
    net = Network.from_mlp(mlp, live=True)
    n = net.layers[1].neurons[0]
    mlp.set_bias(1, 0, 0.75)  # the engine (e.g. a Session) writes
    assert n.bias == 0.75
    n.bias = -0.25  # the view writes
    assert mlp.get_bias(1, 0) == -0.25
    net.train([1.0, 0.0], [1.0])  # training through the API lands in the engine's buffer
    assert mlp.get_bias(1, 0) == n.bias != -0.25
    assert net.activate([1.0, 0.0])[0] == pytest.approx(mlp.predict(np.array([[1.0, 0.0]]))[0, 0], abs=1e-12)
    with pytest.raises(Exception, match="live"):
        Layer(1).neurons[0].project(net.layers[2].neurons[0])


def test_a_copy_from_mlp_is_independent() -> None:
    mlp = MLP([2, 1], ["tanh"])
    net = Network.from_mlp(mlp)
    mlp.set_bias(1, 0, 3.0)
    assert net.layers[1].neurons[0].bias == 0.0


def _xor_set() -> list[dict[str, list[float]]]:
    return [{"input": [a, b], "output": [float(a != b)]} for a in (0.0, 1.0) for b in (0.0, 1.0)]


@pytest.mark.parametrize("sizes", [(2, 3, 1), (2, 40, 40, 1)])  # scalar and numpy kernels
def test_views_of_a_clone_and_of_a_json_copy_are_their_own(sizes: tuple[int, ...]) -> None:
    net = Network(list(sizes))
    neuron = net.layers[1].neurons[0]
    link = neuron.inputs()[0]
    twin = net.clone()
    loaded = Network.from_json(net.to_json())
    twin.layers[1].neurons[0].bias = 7.0
    twin.layers[1].neurons[0].inputs()[0].weight = 1.5
    assert neuron.bias != 7.0 and link.weight != 1.5
    before = (neuron.bias, link.weight)
    Trainer(loaded).train(_xor_set(), iterations=30)
    mlp = loaded.to_mlp()
    assert loaded.layers[1].neurons[0].bias == mlp.get_bias(1, 0)
    assert loaded.layers[1].neurons[0].inputs()[0].weight == mlp.get_weight(1, 0, 0)
    assert (neuron.bias, link.weight) == before


def test_a_session_trains_a_copy_and_a_live_view_needs_renewing_after_a_rebuild() -> None:
    from nnviz.session import Session

    net = Network([2, 3, 1])
    params = net.to_mlp().params.copy()
    session = Session.from_network(net, dataset="xor", points=60)
    session.step(10)
    assert np.array_equal(net.to_mlp().params, params)  # to_mlp made a copy: the API network stays put
    view = Network.from_mlp(session.net, live=True)
    live = session.with_config(session.config.replace(learning_rate=0.1))  # a live change: same session
    assert live is session
    session.step(5)
    assert view.layers[1].neurons[0].bias == session.net.get_bias(1, 0)  # still attached, sees training
    rebuilt = session.with_config(session.config.replace(hidden=(4,)))  # a rebuild: a NEW session
    assert rebuilt is not session and rebuilt.net.sizes == (2, 4, 1)
    assert session.net.sizes == (2, 3, 1)  # the old session, and the view, are left as they were
    before = view.layers[1].neurons[0].bias
    rebuilt.step(5)
    assert view.layers[1].neurons[0].bias == before == session.net.get_bias(1, 0)  # detached: nothing trains it
    fresh = Network.from_mlp(rebuilt.net, live=True)  # the documented way: a new view of the new net
    assert len(fresh.layers[1].neurons) == 4 and fresh.layers[1].neurons[0].bias == rebuilt.net.get_bias(1, 0)
