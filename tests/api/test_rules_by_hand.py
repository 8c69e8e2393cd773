"""Networks with known weights: outputs and one-step updates computed by hand, for both rules."""

from __future__ import annotations

from math import exp

import pytest

from nnviz.api import Layer, Network, Neuron
from nnviz.engine.reproducible import MAX_RELATIVE_ERROR


def _chain(rule: str, momentum: float = 0.0) -> Network:
    """1 -> 1 -> 1 with IDENTITY squashes: w1 = 0.5, b1 = 0.1, w2 = 2.0, b2 = -0.3."""
    i, h, o = Layer(1), Layer(1), Layer(1)
    i.project(h, 0.5)
    h.project(o, 2.0)
    h.set(squash=Neuron.squash.IDENTITY, bias=0.1)
    o.set(squash=Neuron.squash.IDENTITY, bias=-0.3)
    return Network(input=i, hidden=[h], output=o, rule=rule, momentum=momentum)


def _values(net: Network) -> tuple[float, float, float, float]:
    _, h, o = net.layers
    return (h[0].inputs()[0].weight, h[0].bias, o[0].inputs()[0].weight, o[0].bias)


def test_identity_chain_forward_by_hand() -> None:
    net = _chain("synaptic")
    # h = 0.1 + 1 * 0.5 = 0.6; o = -0.3 + 0.6 * 2 = 0.9
    assert net.activate([1.0]) == [pytest.approx(0.9, abs=1e-15)]
    assert net.layers[1][0].state == pytest.approx(0.6, abs=1e-15)


def test_synaptic_rule_one_step_by_hand() -> None:
    net = _chain("synaptic")
    net.activate([1.0])
    net.propagate(0.5, [1.0])
    # output e = 1 - 0.9 = 0.1 (no derivative factor): w2 = 2 + 0.5 * 0.1 * 0.6 = 2.03, b2 = -0.3 + 0.05
    # hidden e = f'(s) * e_out * w2, through the UPDATED w2: 1 * 0.1 * 2.03 = 0.203
    # w1 = 0.5 + 0.5 * 0.203 * 1 = 0.6015, b1 = 0.1 + 0.5 * 0.203 = 0.2015
    assert _values(net) == pytest.approx((0.6015, 0.2015, 2.03, -0.25), abs=1e-14)
    assert net.layers[1][0].responsibility == pytest.approx(0.203, abs=1e-15)


def test_backprop_rule_two_steps_with_momentum_by_hand() -> None:
    net = _chain("backprop", momentum=0.9)
    net.activate([1.0])
    net.propagate(0.5, [1.0])
    # deltas first, from the OLD weights: d_out = 0.1 * 1, d_hid = 0.1 * 2.0 * 1 = 0.2
    # changes: w2 += 0.5 * 0.1 * 0.6 = 0.03, b2 += 0.05, w1 += 0.5 * 0.2 = 0.1, b1 += 0.1
    assert _values(net) == pytest.approx((0.6, 0.2, 2.03, -0.25), abs=1e-14)
    # step 2: h = 0.2 + 0.6 = 0.8, o = -0.25 + 0.8 * 2.03 = 1.374; d_out = -0.374, d_hid = -0.374 * 2.03
    assert net.activate([1.0])[0] == pytest.approx(1.374, abs=1e-14)
    net.propagate(0.5, [1.0])
    # weights carry momentum; biases do not (as brain.js): b += lr * delta
    w2 = 2.03 + (0.5 * -0.374 * 0.8 + 0.9 * 0.03)  # 1.9074
    b2 = -0.25 + 0.5 * -0.374  # -0.437
    w1 = 0.6 + (0.5 * -0.75922 + 0.9 * 0.1)  # 0.31039
    b1 = 0.2 + 0.5 * -0.75922  # -0.17961
    assert _values(net) == pytest.approx((w1, b1, w2, b2), abs=1e-14)
    assert (w1, b1, w2, b2) == pytest.approx((0.31039, -0.17961, 1.9074, -0.437), abs=1e-12)


def _sigmoid(s: float) -> float:
    """Neuron.squash.LOGISTIC: 1 / (1 + e^-s), the same bits on every machine (checked against exp below)."""
    return Neuron.squash.LOGISTIC(s)


def test_the_logistic_is_the_textbook_formula_within_its_rounding() -> None:
    for s in (-30.0, -2.5, -0.1, 0.0, 0.05, 0.199535, 3.0, 40.0):
        assert _sigmoid(s) == pytest.approx(1.0 / (1.0 + exp(-s)), rel=2 * MAX_RELATIVE_ERROR, abs=1e-300)


def _logistic_net(rule: str) -> Network:
    """2 -> 2 -> 1, LOGISTIC, every weight and bias set by hand."""
    net = Network([2, 2, 1], rule=rule, momentum=0.0)
    _, h, o = net.layers
    for n, (w, b) in zip(h, [([0.1, -0.2], 0.05), ([0.3, 0.4], -0.1)], strict=True):
        for c, v in zip(n.inputs(), w, strict=True):
            c.weight = v
        n.bias = b
    for c, v in zip(o[0].inputs(), [0.7, -0.6], strict=True):
        c.weight = v
    o[0].bias = 0.2
    return net


def test_logistic_forward_by_formula() -> None:
    net = _logistic_net("synaptic")
    h0 = _sigmoid(0.05 + 1.0 * 0.1 + 0.5 * -0.2)
    h1 = _sigmoid(-0.1 + 1.0 * 0.3 + 0.5 * 0.4)
    out = _sigmoid(0.2 + h0 * 0.7 + h1 * -0.6)
    assert net.activate([1.0, 0.5]) == [pytest.approx(out, abs=1e-15)]
    # by hand: h0 = f(0.05) = 0.512497, h1 = f(0.4) = 0.598688, s = 0.2 + 0.358748 - 0.359213 = 0.199535
    assert net.layers[2][0].state == pytest.approx(0.199535, abs=1e-6)
    assert out == pytest.approx(0.549719, abs=1e-6)


@pytest.mark.parametrize("rule", ["synaptic", "backprop"])
def test_logistic_one_step_by_formula(rule: str) -> None:
    net = _logistic_net(rule)
    x, t, rate = [1.0, 0.5], 1.0, 0.25
    h0 = _sigmoid(0.05 + 1.0 * 0.1 + 0.5 * -0.2)
    h1 = _sigmoid(-0.1 + 1.0 * 0.3 + 0.5 * 0.4)
    out = _sigmoid(0.2 + h0 * 0.7 + h1 * -0.6)
    net.activate(x)
    net.propagate(rate, [t])
    if rule == "synaptic":
        e = t - out
        w_out = [0.7 + rate * e * h0, -0.6 + rate * e * h1]
        e_h = [h0 * (1 - h0) * e * w_out[0], h1 * (1 - h1) * e * w_out[1]]
    else:
        e = (t - out) * out * (1 - out)
        w_out = [0.7 + rate * e * h0, -0.6 + rate * e * h1]
        e_h = [h0 * (1 - h0) * e * 0.7, h1 * (1 - h1) * e * -0.6]
    _, h, o = net.layers
    assert [c.weight for c in o[0].inputs()] == pytest.approx(w_out, abs=1e-15)
    assert o[0].bias == pytest.approx(0.2 + rate * e, abs=1e-15)
    for n, w0, b0, eh in zip(h, [[0.1, -0.2], [0.3, 0.4]], [0.05, -0.1], e_h, strict=True):
        assert [c.weight for c in n.inputs()] == pytest.approx([w0[0] + rate * eh * 1.0, w0[1] + rate * eh * 0.5],
                                                               abs=1e-15)
        assert n.bias == pytest.approx(b0 + rate * eh, abs=1e-15)


def test_synaptic_rate_zero_or_none_means_point_one() -> None:
    results = []
    for rate in (0, None, 0.1):
        net = _chain("synaptic")
        net.activate([1.0])
        net.propagate(rate, [1.0])
        results.append(_values(net))
    assert results[0] == results[1] == results[2]
    assert results[2][2] == pytest.approx(2.0 + 0.1 * 0.1 * 0.6, abs=1e-15)


def test_neuron_propagate_without_target_uses_next_layer() -> None:
    A, B = Neuron(), Neuron()
    A.project(B, 0.5)
    A.squash = Neuron.squash.IDENTITY
    B.squash = Neuron.squash.IDENTITY
    B.bias = 0.0
    A.activate(2.0)
    assert B.activate() == pytest.approx(1.0)
    B.propagate(0.1, 3.0)  # e = 2; w = 0.5 + 0.1 * 2 * 2 = 0.9; bias = 0.2
    assert A.outputs()[0].weight == pytest.approx(0.9, abs=1e-15)
    assert B.bias == pytest.approx(0.2, abs=1e-15)
    A.propagate(0.1)  # input neuron: e = 1 * 2 * 0.9; its bias (0 once given a value) += 0.1 * 1.8
    assert A.responsibility == pytest.approx(1.8, abs=1e-15)
    assert A.bias == pytest.approx(0.18, abs=1e-15)


def _brainjs_train_pattern(sizes: list[int], W: list, B: list, C: list, x: list[float], t: list[float],
                           lr: float, mom: float) -> None:
    """brain.js NeuralNetwork.trainPattern, sigmoid, transcribed: deltas first, momentum on weights only."""
    outs = [list(x)]
    for l in range(1, len(sizes)):
        layer = []
        for j in range(sizes[l]):
            s = B[l][j]
            for k in range(sizes[l - 1]):
                s += W[l][j][k] * outs[-1][k]
            layer.append(1 / (1 + exp(-s)))
        outs.append(layer)
    deltas: list[list[float]] = [[] for _ in sizes]
    for l in range(len(sizes) - 1, 0, -1):
        for j, o in enumerate(outs[l]):
            if l == len(sizes) - 1:
                err = t[j] - o
            else:
                err = sum(deltas[l + 1][k] * W[l + 1][k][j] for k in range(sizes[l + 1]))
            deltas[l].append(err * (o * (1 - o)))
    for l in range(1, len(sizes)):
        for j, d in enumerate(deltas[l]):
            for k, a in enumerate(outs[l - 1]):
                C[l][j][k] = lr * d * a + mom * C[l][j][k]
                W[l][j][k] += C[l][j][k]
            B[l][j] += lr * d


@pytest.mark.parametrize("path", ["scalar", "numpy"])
def test_backprop_rule_trains_as_brainjs(path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from network_samples import BRAIN_2X

    import nnviz.api.neuron_storage as core_module

    if path == "numpy":
        monkeypatch.setattr(core_module, "prefers_scalar", lambda n_params, n_layers: False)
    net = Network.from_json(BRAIN_2X)
    sizes = list(BRAIN_2X["sizes"])
    W = [[list(r) for r in layer["weights"]] for layer in BRAIN_2X["layers"]]
    B = [list(layer["biases"]) for layer in BRAIN_2X["layers"]]
    C = [[[0.0] * len(r) for r in layer] for layer in W]
    rows = [([0.0, 0.0], [0.0]), ([0.0, 1.0], [1.0]), ([1.0, 0.0], [1.0]), ([1.0, 1.0], [0.0])] * 5
    for x, t in rows:
        net.train(x, t)
        _brainjs_train_pattern(sizes, W, B, C, x, t, 0.3, 0.1)
    for l, layer in enumerate(net.layers[1:], start=1):
        for j, n in enumerate(layer):
            assert n.bias == pytest.approx(B[l][j], abs=1e-12)
            assert [c.weight for c in n.inputs()] == pytest.approx(W[l][j], abs=1e-12)
