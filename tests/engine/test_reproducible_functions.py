"""The reproducible tanh, exp, log, log1p, sin and cos: exact values rounded to a grid, checked against `decimal`."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from nnviz.engine import reproducible as rep
from nnviz.engine import scalar_rounding as sr
from nnviz.engine.rounding_grid import near_boundary

RANGES = {  # inputs where each function is used: activations, softmax, losses, data
    "tanh": (-25.0, 25.0), "exp": (-745.0, 709.0), "log": (1e-300, 1e300), "log1p": (-0.999, 50.0),
    "sin": (-40.0, 40.0), "cos": (-40.0, 40.0),
}


def _inputs(name: str, n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    low, high = RANGES[name]
    if name == "log":
        return np.exp(rng.uniform(np.log(low), np.log(high), n))
    return np.concatenate([rng.uniform(low, high, n - 40), rng.normal(scale=1e-3, size=20), [0.0] * 2,
                           rng.normal(scale=1e-9, size=18)])


@pytest.mark.parametrize("name", sorted(RANGES))
def test_every_value_is_the_exact_one_rounded_to_the_grid(name):
    x = _inputs(name, 600)
    got = rep.function(name)(x)
    for xi, g in zip(x.tolist(), got.tolist(), strict=True):
        exact = rep.EXACT[name](Decimal(xi))
        assert g == rep.exactly_rounded(name, xi)  # the definition, bit for bit
        if exact != 0:  # relative 2.9e-11; subnormal results on a grid of 2**-1057
            bound = max(Decimal(rep.MAX_RELATIVE_ERROR) * abs(exact), Decimal(2.0**-1057))
            assert abs(Decimal(g) - exact) <= bound, (name, xi)
        else:
            assert g == 0.0


@pytest.mark.parametrize("name", sorted(RANGES))
def test_numpys_own_functions_are_within_the_margin_here(name):
    """The premise: numpy's value is within MARGIN ulps of the exact one (then every machine rounds alike)."""
    x = _inputs(name, 3000, seed=1)
    with np.errstate(all="ignore"):
        fast = getattr(np, name)(x)
    exact = np.array([float(rep.EXACT[name](Decimal(v))) for v in x.tolist()])
    ulps = np.abs(fast.view(np.int64) - exact.view(np.int64))
    assert ulps.max() < rep.MARGIN, (name, int(ulps.max()))


def test_values_near_a_rounding_boundary_take_the_exact_path():
    x = np.random.default_rng(2).uniform(-3, 3, 400_000)
    flagged = near_boundary(np.tanh(x).view(np.int64))
    assert 0 < flagged.sum() < 100  # about 1 in 16,000
    hard = x[flagged]
    assert np.array_equal(rep.function("tanh")(hard), [rep.exactly_rounded("tanh", v) for v in hard.tolist()])
    out = np.empty_like(hard)
    rep.bound("tanh", hard, out)()
    assert np.array_equal(out, rep.function("tanh")(hard))


@pytest.mark.parametrize("name", sorted(RANGES))
def test_the_scalar_functions_give_the_same_bits(name):
    x = _inputs(name, 300, seed=3)
    scalar = sr.scalar(name)
    assert np.array_equal(np.array([scalar(v) for v in x.tolist()]), rep.function(name)(x))


def test_limits_infinities_and_nan():
    tanh, exp, log = rep.function("tanh"), rep.function("exp"), rep.function("log")
    assert tanh(np.array([1e300, -1e300, np.inf, -np.inf, 40.0])).tolist() == [1.0, -1.0, 1.0, -1.0, 1.0]
    assert np.isnan(tanh(np.array([np.nan]))).all()
    assert exp(np.array([1000.0, -1000.0])).tolist() == [np.inf, 0.0]
    with np.errstate(divide="ignore", invalid="ignore"):
        assert log(np.array([0.0])).tolist() == [-np.inf] and np.isnan(log(np.array([-1.0]))).all()
    assert sr.scalar("exp")(1000.0) == np.inf and sr.scalar("tanh")(-1e300) == -1.0


def test_float32_is_the_float64_result_rounded():
    x = np.random.default_rng(4).normal(size=(5, 7)).astype(np.float32)
    out = np.empty_like(x)
    rep.tanh(x, out)
    assert out.dtype == np.float32
    assert np.array_equal(out, rep.function("tanh")(x.astype(np.float64)).astype(np.float32))


def test_products_sum_in_an_order_that_does_not_follow_the_operands_layout():
    rng = np.random.default_rng(6)
    a, b, c = rng.normal(size=(7, 9)), rng.normal(size=(9, 5)), rng.normal(size=(7, 5))
    out, out_f = np.empty((7, 5)), np.empty((7, 5))
    rep.matmul(a, b, out)
    rep.matmul(np.asfortranarray(a), np.asfortranarray(b), out_f)
    assert np.array_equal(out, out_f)
    np.testing.assert_allclose(out, a @ b, rtol=1e-13, atol=1e-14)
    tn, nt = np.empty((9, 5)), np.empty((7, 9))
    rep.matmul_tn(a, c, tn)
    rep.matmul_nt(c, b, nt)
    np.testing.assert_allclose(tn, a.T @ c, rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(nt, c @ b.T, rtol=1e-13, atol=1e-14)


def test_a_pass_with_a_value_near_a_boundary_is_redone_value_by_value(monkeypatch):
    """A pass rounds every tanh at once and checks them afterwards; a value near a boundary makes it redo
    the pass with each value checked on its own: the result is the exact value rounded, as everywhere."""
    from nnviz.engine import MLP

    x = np.random.default_rng(2).uniform(-3, 3, 400_000)
    hard = x[near_boundary(np.tanh(x).view(np.int64))][:3]
    net = MLP((1, 1, 1), ["tanh", "linear"])
    net.W[0][:] = [[1.0, 0.0]]  # the hidden neuron's input is x itself
    net.W[1][:] = [[1.0, 0.0]]
    exact_calls: list[float] = []
    exact = rep.exactly_rounded
    monkeypatch.setattr(rep, "exactly_rounded", lambda name, v: exact_calls.append(v) or exact(name, v))
    out = net.predict(hard.reshape(-1, 1))[:, 0]
    assert sorted(exact_calls) == sorted(hard.tolist())
    assert out.tolist() == [exact("tanh", v) for v in hard.tolist()]
    assert net.predict(np.array([[0.3], [1.1]]))[:, 0].tolist() == [exact("tanh", 0.3), exact("tanh", 1.1)]
    assert len(exact_calls) == 3  # ordinary values take the fast path


def test_a_large_pass_checks_each_layer_once_instead_of_redoing_the_pass(monkeypatch):
    """Among many values some always lie near a boundary: a large pass fixes them layer by layer, computing
    every product once, and keeps no stack of raw values (the memory estimate counts no such stack)."""
    from nnviz.engine import MLP, fused_step

    monkeypatch.setattr(fused_step, "forward_into", lambda *args: False)  # the numpy plan's pass is under test
    x = np.random.default_rng(2).uniform(-3, 3, 40_000)
    assert x.size > rep.STACKED_MAX_VALUES
    near = near_boundary(np.tanh(x).view(np.int64))
    assert near.sum() >= 2
    net = MLP((1, 1, 1), ["tanh", "tanh"])
    net.W[0][:] = [[1.0, 0.0]]
    net.W[1][:] = [[1.0, 0.0]]
    products: list[int] = []
    real = rep.matmul_contiguous
    monkeypatch.setattr(rep, "matmul_contiguous", lambda a, b, out: products.append(1) or real(a, b, out))
    trace = net.forward(x.reshape(-1, 1))
    assert len(products) == 2  # one per layer: nothing computed twice
    assert trace.workspace.R.size == 1
    hidden = trace.a[1][0]
    assert np.array_equal(hidden[near], [rep.exactly_rounded("tanh", v) for v in x[near].tolist()])
    assert np.array_equal(hidden, rep.function("tanh")(x))
