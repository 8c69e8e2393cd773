"""The one-call training step (engine/fused_step.py, engine/kernels/) gives the numpy plan's very bits."""

from __future__ import annotations

import importlib
import itertools
from decimal import Decimal

import numpy as np
import pytest

from nnviz.engine import MLP, MinibatchTrainer, Optimizer, fused_step, initialize
from nnviz.engine import reproducible as rep
from nnviz.engine import rounded_product as rp
from nnviz.engine import rounding_grid as g


def _train(net: MLP, loss: str, optimizer: Optimizer, batch: int, X: np.ndarray, Y: np.ndarray, epochs: int,
           fused: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[list[float], list[str]]:
    """Train from the net's weights; returns the bounded error figures and which kind of step ran."""
    with monkeypatch.context() as m:
        if not fused:
            m.setattr(fused_step, "build", lambda *args: None)
        trainer = MinibatchTrainer(net, loss, optimizer, batch)
        trainer.set_data(X, Y)
        rng = np.random.default_rng(5)
        errors = []
        for _ in range(epochs):
            done = False
            while not done:
                done = trainer.step(rng)
                errors.append(trainer.batch_error)
        kinds = sorted({getattr(step, "__qualname__", "") for step in trainer._steps.values()})
    return errors, kinds


CASES = {
    "spiral 6x8, tanh, sgd, batch 10": ((2, 8, 8, 8, 8, 8, 8, 1), "tanh", "mse", "sgd", 10, 120),
    "circle 4,2, batch 1": ((2, 4, 2, 1), "tanh", "mse", "sgd", 1, 23),
    "7 features, 17 per batch and a tail": ((7, 8, 8, 1), "tanh", "mse", "momentum", 17, 60),
    "regression, linear output, Adam and L2": ((3, 9, 5, 2), ["tanh", "tanh", "linear"], "mse", "adam", 10, 53),
    "sigmoid with bce": ((3, 5, 3, 1), ["sigmoid", "tanh", "sigmoid"], "bce", "sgd", 4, 30),
    "sigmoid with mse, wide batch": ((2, 6, 1), ["linear", "sigmoid"], "mse", "sgd", 40, 80),
    "ReLU, Adam and L2": ((2, 6, 4, 1), ["relu", "relu", "tanh"], "mse", "adam", 10, 50),
    "leaky ReLU, linear output, momentum": ((3, 7, 5, 2), ["leaky_relu", "relu", "linear"], "mse", "momentum", 9, 40),
    "softmax, 3 classes": ((2, 6, 6, 3), ["tanh", "tanh", "softmax"], "cross_entropy", "sgd", 10, 45),
    "softmax, 9 classes, batch 2": ((4, 5, 9), ["relu", "softmax"], "cross_entropy", "adam", 2, 14),
    # products large enough for BLAS on the grid (rounded_product.py): the kernel rounds to the same grid
    "digits 64-128-64-10, sixteenths, plain Adam, batch 32 and a tail": (
        (64, 128, 64, 10), ["relu", "relu", "softmax"], "cross_entropy", "adam", 32, 75),
    "24 columns, 64-64 tanh, 10 classes, batch 40": (
        (24, 64, 64, 10), ["tanh", "tanh", "softmax"], "cross_entropy", "sgd", 40, 90),
    "32 columns, 64-64 leaky ReLU, sixteenths, momentum, batch 20": (
        (32, 64, 64, 1), ["leaky_relu", "leaky_relu", "tanh"], "mse", "momentum", 20, 45),
    "20 columns, 64 wide, batch 1": ((20, 64, 1), "tanh", "mse", "sgd", 1, 12),
    "20 columns, 64 wide, 10 classes, batch 3": ((20, 64, 10), ["relu", "softmax"], "cross_entropy", "adam", 3, 12),
}


@pytest.mark.parametrize("name", CASES)
def test_the_one_call_step_trains_to_the_plans_bits(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    sizes, acts, loss, kind, batch, n = CASES[name]
    rng = np.random.default_rng(1)
    X = rng.uniform(-3, 3, (n, sizes[0]))
    if "sixteenths" in name:  # like pixels / 16: many dot products land exactly half-way between grid points
        X = np.round(X * 16) / 16
    Y = (rng.random((n, sizes[-1])) > 0.5).astype(np.float64)
    results = []
    for fused in (True, False):
        net = MLP(sizes, acts)
        initialize(net, np.random.default_rng(2))
        regularization = "l2" if kind == "adam" and "plain" not in name else "none"
        optimizer = Optimizer(kind, 0.05, net.weight_mask, regularization=regularization, reg_rate=0.003)
        errors, kinds = _train(net, loss, optimizer, batch, X, Y, 4, fused, monkeypatch)
        results.append((net.params.view(np.int64).copy(), optimizer.state_dict(), errors, kinds))
    (p1, s1, e1, k1), (p2, s2, e2, k2) = results
    assert all(k.startswith("build") for k in k1) and not any(k.startswith("build") for k in k2), (k1, k2)
    np.testing.assert_array_equal(p1, p2)
    assert s1.keys() == s2.keys() and s1["steps"] == s2["steps"]
    for key in s1.keys() - {"steps"}:
        np.testing.assert_array_equal(np.asarray(s1[key]).view(np.int64), np.asarray(s2[key]).view(np.int64))
    assert [np.isfinite(e) for e in e1] == [np.isfinite(e) for e in e2]
    if fused_step.act.nan_spreads_to_first_output(net.activations[-1], sizes[-1]):  # the bias gradient: same bits
        assert e1 == e2


def _near_boundary_inputs(count: int) -> np.ndarray:
    """Inputs whose exact tanh lies within 1 ulp of a rounding boundary of the grid: every machine flags them."""
    z = np.random.default_rng(9).uniform(-2.0, 2.0, 4_000_000)
    bits = np.tanh(z).view(np.int64)
    close = z[((bits + g.HALF + 2) & (g.LOW & ~3)) == 0]  # numpy's value within 2 ulps of a boundary
    chosen = []
    for value in close.tolist():
        exact = rep.EXACT["tanh"](Decimal(value))
        ulp = Decimal(np.spacing(abs(float(exact))))
        boundary = g.from_bits(((g.bits_of(float(exact)) + g.HALF) & g.KEEP) - g.HALF)
        if abs(exact - Decimal(boundary)) < ulp:
            chosen.append(value)
        if len(chosen) == count:
            break
    assert len(chosen) == count, f"found {len(chosen)} inputs near a boundary"
    return np.array(chosen)


def test_values_near_a_grid_boundary_take_the_exact_path_and_keep_the_plans_bits(
        monkeypatch: pytest.MonkeyPatch) -> None:
    X = _near_boundary_inputs(10).reshape(-1, 1)  # z = 1 * x + 0 is x exactly: the hidden tanh sees them
    Y = np.where(X > 0, 1.0, -1.0)
    calls: list[str] = []
    exactly = rep.exactly_rounded

    def counting(name: str, x: float) -> float:
        calls.append(name)
        return exactly(name, x)

    monkeypatch.setattr(rep, "exactly_rounded", counting)
    results = []
    for fused in (True, False):
        net = MLP((1, 1, 1), "tanh", params=np.array([1.0, 0.0, 0.5, 0.1]))
        calls.clear()
        _train(net, "mse", Optimizer("sgd", 0.01, net.weight_mask), 10, X, Y, 1, fused, monkeypatch)
        results.append((net.params.view(np.int64).copy(), len(calls)))
    (p1, exact_fused), (p2, _) = results
    assert exact_fused >= 1  # the kernel stopped at the layer and Python computed those values exactly
    np.testing.assert_array_equal(p1, p2)


def test_the_wide_cases_do_take_products_through_the_grid() -> None:
    for name in ("digits 64-128-64-10, sixteenths, plain Adam, batch 32 and a tail",
                 "24 columns, 64-64 tanh, 10 classes, batch 40",
                 "32 columns, 64-64 leaky ReLU, sixteenths, momentum, batch 20"):
        sizes, _, _, _, batch, _ = CASES[name]
        assert any(rp.applies(n_out, n_in + 1, batch, np.dtype(np.float64))
                   for n_in, n_out in itertools.pairwise(sizes))


def test_a_product_the_grid_cannot_take_runs_the_plan_for_that_step(monkeypatch: pytest.MonkeyPatch) -> None:
    X = np.random.default_rng(1).uniform(-3, 3, (64, 64))
    Y = np.random.default_rng(2).uniform(-1, 1, (64, 1))
    results = []
    plans: list[int] = []
    plan = MinibatchTrainer._plan

    def counting(self: MinibatchTrainer, batch: int) -> fused_step.StepFn:
        plans.append(batch)
        return plan(self, batch)

    for fused in (True, False):
        net = MLP((64, 64, 1), "tanh")
        assert rp.applies(64, 65, 32, net.dtype)
        initialize(net, np.random.default_rng(2))
        net.weights(1)[3, 5] = 2.0**401  # past rounded_product's safe exponents: einsum sums that product
        with monkeypatch.context() as m:
            m.setattr(MinibatchTrainer, "_plan", counting)
            _, kinds = _train(net, "mse", Optimizer("sgd", 1e-130, net.weight_mask), 32, X, Y, 2, fused, monkeypatch)
        results.append(net.params.view(np.int64).copy())
        if fused:
            assert kinds == ["build.<locals>.step"] and plans == [32]  # the kernel's step, the plan made for it
    np.testing.assert_array_equal(results[0], results[1])


@pytest.mark.parametrize("sizes, acts, loss, dtype, batch", [
    ((2, 4, 9), ["tanh", "softmax"], "cross_entropy", np.float64, 1),  # numpy sums one column of 9 pairwise
    ((2, 4, 1), "tanh", "mse", np.float32, 10),
])
def test_other_networks_keep_the_numpy_plan(sizes: tuple[int, ...], acts: str | list[str], loss: str,
                                            dtype: type, batch: int) -> None:
    net = MLP(sizes, acts, dtype)
    assert not fused_step.applies(net, loss, batch)
    assert fused_step.applies(MLP((*sizes[:2], 1), "tanh"), "mse", 10)  # the check does say yes to a small tanh net


def test_fast_numerics_keep_blas() -> None:
    assert not fused_step.applies(MLP((2, 4, 1), "tanh", numerics="fast"), "mse", 10)


def test_without_numba_the_trainer_runs_the_numpy_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    import nnviz.engine

    monkeypatch.setitem(sys.modules, "nnviz.engine.kernels", None)  # importing it raises ImportError
    monkeypatch.delattr(nnviz.engine, "kernels", raising=False)
    monkeypatch.setattr(fused_step, "_missing", [])
    net = MLP((2, 4, 1), "tanh")
    assert fused_step.applies(net, "mse", 10)
    assert fused_step.build(net, "mse", Optimizer("sgd", 0.1, net.weight_mask), np.zeros_like(net.params), 10,
                            lambda: pytest.fail("no kernel, so no step of its own")) is None
    trainer = MinibatchTrainer(net, "mse", Optimizer("sgd", 0.1, net.weight_mask), 10)
    trainer.set_data(np.zeros((10, 2)), np.ones((10, 1)))
    trainer.step(np.random.default_rng(0))
    assert [step.__name__ for step in trainer._steps.values()] == ["step_batch_10"]
    assert fused_step._missing and not net.forward(np.zeros((3, 2))).workspace.fused  # the plan, tried once


@pytest.mark.parametrize("sizes, acts, exact_names", [
    ((2, 5, 3, 1), ["tanh", "sigmoid", "tanh"], {"tanh", "exp"}),
    ((2, 4, 4), ["relu", "softmax"], {"exp"}),
])
def test_the_one_call_forward_pass_gives_the_plans_bits_with_the_exact_values_near_boundaries(
        sizes: tuple[int, ...], acts: list[str], exact_names: set[str], monkeypatch: pytest.MonkeyPatch) -> None:
    importlib.import_module(fused_step.KERNELS)  # as a training step would have: forward passes alone never load it
    x = np.random.default_rng(2).uniform(-3, 3, (40_000, 2))
    net = MLP(sizes, acts)
    monkeypatch.setattr(fused_step, "FORWARD_VALUES_PER_LAYER", 10**6)  # a large pass: some values near boundaries
    initialize(net, np.random.default_rng(3))
    calls: list[str] = []
    exactly = rep.exactly_rounded
    monkeypatch.setattr(rep, "exactly_rounded", lambda name, v: calls.append(name) or exactly(name, v))
    fused = net.forward(x)
    assert fused.workspace.fused  # the kernel ran
    assert set(calls) == exact_names  # among 120,000 values or more some lie near a boundary
    monkeypatch.setattr(fused_step, "forward_into", lambda *args: False)
    plan = net.forward(x)
    for a, b in zip(fused.a[1:] + fused.z[1:], plan.a[1:] + plan.z[1:], strict=True):
        np.testing.assert_array_equal(a.view(np.int64), b.view(np.int64))


def test_a_large_forward_pass_keeps_numpys_faster_tanh() -> None:
    importlib.import_module(fused_step.KERNELS)
    net = MLP((2, 8, 8, 8, 8, 8, 8, 1), "tanh")
    small, large = net.workspace(10), net.workspace(1000)
    net.forward_into(small, net.augment(np.zeros((10, 2))))
    net.forward_into(large, net.augment(np.zeros((1000, 2))))
    assert small.fused and large.fused is False


def test_a_wide_forward_pass_through_the_kernel_rounds_its_products_to_the_plans_grid(
        monkeypatch: pytest.MonkeyPatch) -> None:
    importlib.import_module(fused_step.KERNELS)
    net = MLP((64, 64, 10), ["relu", "softmax"])
    initialize(net, np.random.default_rng(4), "he")
    x = np.round(np.random.default_rng(5).uniform(0, 16, (40, 64))) / 16  # pixels / 16
    assert rp.applies(64, 65, 40, net.dtype)  # the first layer's product goes through BLAS and the grid
    fused = net.forward(x)
    assert fused.workspace.fused
    monkeypatch.setattr(fused_step, "forward_into", lambda *args: False)
    plan = net.forward(x)
    for a, b in zip(fused.a[1:] + fused.z[1:], plan.a[1:] + plan.z[1:], strict=True):
        np.testing.assert_array_equal(a.view(np.int64), b.view(np.int64))


def test_only_networks_with_a_product_on_the_grid_carry_the_grid_scratch() -> None:
    kernels = importlib.import_module(fused_step.KERNELS)
    small, wide = MLP((2, 8, 8, 1), "tanh"), MLP((64, 64, 10), ["relu", "softmax"])
    for net, batch, grid in ((small, 10, False), (wide, 32, True), (wide, 1, False)):
        layout = fused_step._layout(kernels, net, np.zeros(net.n_layers, np.int64), "mse")
        _, scratch = fused_step._grid(kernels, net, layout, batch)
        assert (scratch is not None) == grid  # None: numba compiles the kernel without its grid code
