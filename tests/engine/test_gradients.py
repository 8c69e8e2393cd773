"""Engine gradients against central finite differences, for every activation x loss pairing."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnviz.engine import MLP, initialize
from nnviz.engine import activations as act

SMOOTH_HIDDEN = ["tanh", "sigmoid", "relu", "leaky_relu", "linear"]
OUTPUTS = [  # (output activation, loss)
    ("tanh", "mse"),
    ("sigmoid", "mse"),
    ("linear", "mse"),
    ("relu", "mse"),
    ("leaky_relu", "mse"),
    ("sigmoid", "bce"),
    ("softmax", "cross_entropy"),
]


def _targets(rng: np.random.Generator, out_act: str, loss: str, batch: int, n_out: int) -> np.ndarray:
    if loss == "cross_entropy":
        return np.eye(n_out)[rng.integers(0, n_out, batch)]
    return rng.uniform(0.05, 0.95, size=(batch, n_out))


def numeric_grad(net: MLP, X: np.ndarray, Y: np.ndarray, loss: str, h: float = 1e-6) -> np.ndarray:
    """Central differences of the mean loss with respect to every parameter."""
    g = np.zeros_like(net.params)
    for i in range(net.n_params):
        keep = net.params[i]
        net.params[i] = keep + h
        up = net.loss(X, Y, loss)
        net.params[i] = keep - h
        down = net.loss(X, Y, loss)
        net.params[i] = keep
        g[i] = (up - down) / (2 * h)
    return g


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    sizes=st.lists(st.integers(1, 5), min_size=2, max_size=5),
    hidden=st.sampled_from(SMOOTH_HIDDEN),
    output=st.sampled_from(OUTPUTS),
    batch=st.integers(1, 7),
    seed=st.integers(0, 2**31 - 1),
)
def test_backward_matches_finite_differences(sizes, hidden, output, batch, seed):
    out_act, loss = output
    if out_act == "softmax" and sizes[-1] < 2:
        sizes = [*sizes[:-1], 3]
    rng = np.random.default_rng(seed)
    acts = [hidden] * (len(sizes) - 2) + [out_act]
    # numpy's own tanh/exp: the reproducible ones are rounded to 3e-11, a step that a difference over 2e-6 would see
    net = MLP(sizes, acts, numerics="fast")
    initialize(net, rng, "xavier", bias=float("nan"), scale=0.5)
    X = rng.normal(size=(batch, sizes[0]))
    Y = _targets(rng, out_act, loss, batch, sizes[-1])
    analytic = net.backward(net.forward(X), Y, loss).flat
    numeric = numeric_grad(net, X, Y, loss)
    # relu kinks: a finite difference straddling z = 0 is off; such cases are rare with random inputs
    assert np.allclose(analytic, numeric, rtol=1e-4, atol=1e-6), np.max(np.abs(analytic - numeric))
    reproducible = MLP(sizes, acts, params=net.params)  # the default numerics: the same maths, rounded
    same = reproducible.backward(reproducible.forward(X), Y, loss).flat
    assert np.allclose(same, analytic, rtol=1e-8, atol=1e-12), np.max(np.abs(same - analytic))


def test_deltas_are_dl_dz():
    """Per-neuron deltas equal the derivative of the loss with respect to each pre-activation."""
    rng = np.random.default_rng(3)
    net = MLP([2, 3, 2], ["tanh", "sigmoid"])
    initialize(net, rng, "uniform", bias=float("nan"))
    X, Y = rng.normal(size=(4, 2)), rng.uniform(size=(4, 2))
    grads = net.backward(net.forward(X), Y, "mse")
    # dL/db_j = sum over the batch of delta_j
    for layer in (1, 2):
        assert np.allclose(grads.deltas[layer].sum(axis=1), grads.biases[layer - 1])
    assert grads.deltas[1].shape == (3, 4)


def test_step_derivative_is_straight_through():
    a = np.array([[0.0, 1.0, 1.0]])
    assert np.array_equal(act.derivative("step", a), np.ones_like(a))


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "relu", "leaky_relu", "linear"])
def test_derivative_factor_matches_numeric(name):
    z = np.linspace(-3, 3, 13).reshape(1, -1) + 0.01
    a = np.empty_like(z)
    act.apply(name, z, a, reproducible=False)  # numpy's own: a difference over 2e-6 would see the 3e-11 rounding
    h = 1e-6
    up, down = np.empty_like(z), np.empty_like(z)
    act.apply(name, z + h, up, reproducible=False)
    act.apply(name, z - h, down, reproducible=False)
    assert np.allclose(act.derivative(name, a), (up - down) / (2 * h), atol=1e-6)


def test_softmax_columns_sum_to_one():
    z = np.array([[1000.0, -3.0], [1000.0, 2.0], [0.0, 0.5]])
    out = np.empty_like(z)
    act.apply("softmax", z, out)
    assert np.allclose(out.sum(axis=0), 1.0)
    assert np.allclose(out[:, 0], [0.5, 0.5, 0.0])
