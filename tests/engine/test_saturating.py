"""Heatmaps after a divergence: weights of 1e142 draw the boundary they describe, checked against exact sums."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from nnviz.data import grid_points
from nnviz.engine import MLP
from nnviz.engine.saturating import forward_scaled, needs_scaling
from nnviz.session.grid import GridEvaluator


def _diverged_net(activation: str) -> MLP:
    """2-2-1, weights like lesson 7's last finite ones (about 4e141 and -2e142)."""
    net = MLP((2, 2, 1), [activation, "tanh"])
    net.W[0][:] = [[4.1e141, -2.3e142, 1.7e140], [-3.9e141, 1.2e142, -6.0e139]]
    net.W[1][:] = [[2.6e142, -1.1e142, 3.0e139]]
    return net


def _exact_sign(weights: np.ndarray, inputs: list[Fraction]) -> int:
    """The sign of w . (inputs, 1), summed exactly in rationals."""
    z = sum((Fraction(float(w)) * x for w, x in zip(weights, [*inputs, Fraction(1)], strict=True)), Fraction(0))
    return (z > 0) - (z < 0)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_huge_weights_saturate_to_the_exact_sign_not_nan(activation):
    net = _diverged_net(activation)
    assert needs_scaling(net, np.dtype(np.float32))
    resolution = 24
    grids = GridEvaluator().evaluate(net, ("x1", "x2"), resolution)
    out = grids[-1].reshape(-1)
    hidden = grids[1].reshape(2, -1)
    assert np.isfinite(out).all() and np.isfinite(hidden).all()
    low = 0.0 if activation == "sigmoid" else -1.0
    checked = 0
    for i, (x, y) in enumerate(grid_points(resolution, 6.0).tolist()):
        signs = [_exact_sign(net.W[0][j], [Fraction(x), Fraction(y)]) for j in range(2)]
        if 0 in signs:
            continue
        a = [Fraction(1) if s > 0 else Fraction(low) for s in signs]  # |z| ~ 1e141: saturated exactly
        assert [hidden[j, i] for j in range(2)] == [float(v) for v in a]
        s_out = _exact_sign(net.W[1][0], a)
        if s_out:
            assert out[i] == s_out  # tanh of about ±1e142 is ±1 exactly
            checked += 1
    assert checked > resolution  # both sides of the boundary appear
    assert {-1.0, 1.0} <= set(out.tolist())


def test_the_scaled_pass_is_the_plain_one_for_ordinary_weights():
    rng = np.random.default_rng(5)
    net = MLP((2, 4, 3, 1), ["tanh", "relu", "sigmoid"], numerics="fast")
    net.params[:] = rng.normal(size=net.n_params)
    x = net.augment(rng.normal(size=(30, 2)))
    plain = net.forward(x[:-1].T).a
    scaled = forward_scaled(net, x)
    for p, s in zip(plain, scaled, strict=True):
        np.testing.assert_allclose(s, p, rtol=1e-13, atol=1e-15)
    assert not needs_scaling(net, np.dtype(np.float32))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_huge_weights_through_relu_layers_keep_the_output_signs(seed):
    """ReLU -> ReLU -> tanh with weights of 1e14-3e15: |z| reaches 1e46 in the output layer, past float32's range,
    though no weight is past what a product of two may hold. The pictures show the sign float64 gives."""
    rng = np.random.default_rng(seed)
    net = MLP((2, 8, 8, 1), ["relu", "relu", "tanh"], numerics="fast")
    net.params[:] = rng.choice([-1.0, 1.0], net.n_params) * 10.0 ** rng.uniform(14, np.log10(3e15), net.n_params)
    evaluator, resolution = GridEvaluator(), 48
    _, live, _ = evaluator.live(net, ("x1", "x2"), 12, resolution)
    whole = evaluator.evaluate(net, ("x1", "x2"), resolution)[-1]
    trace = net.forward(grid_points(resolution, 6.0))  # float64: no overflow below 1e308
    z = trace.z[-1][0]
    terms = np.abs(net.W[-1][0, :-1]) @ np.abs(trace.a[-2]) + abs(net.W[-1][0, -1])
    clear = np.abs(z) > 1e-9 * terms  # any order of float64 sums gives these cells' sign
    assert clear.sum() > resolution * resolution // 2
    for picture in (live, whole):
        shown = picture.reshape(-1)
        assert np.isfinite(shown).all()
        wrong = np.sign(shown[clear]) != np.sign(z[clear])
        assert not wrong.any(), f"{int(wrong.sum())} cells of the wrong sign"


def test_ordinary_relu_weights_keep_the_plain_float32_pass():
    """The careful pass is for weights that could overflow: a deep ReLU network with ordinary weights stays plain."""
    net = MLP((7, *[64] * 8, 1), ["relu"] * 8 + ["tanh"], numerics="fast")
    net.params[:] = np.random.default_rng(2).uniform(-3.0, 3.0, net.n_params)
    assert not needs_scaling(net, np.dtype(np.float32), 36.0)  # x1² on Playground's plane
