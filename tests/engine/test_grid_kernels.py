"""The one-call step's products on the grid (engine/kernels/) give rounded_product.matmul's very bits."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnviz.engine import fused_step
from nnviz.engine import rounded_product as rp

kernels = pytest.importorskip("nnviz.engine.kernels")  # needs numba, as the one-call step does


def _sums(rng: np.random.Generator, kind: int) -> np.ndarray:
    n = int(rng.integers(1, 40))
    if kind == 0:  # wide exponents: many partials
        return rng.normal(size=n) * 2.0 ** rng.integers(-60, 60, n)
    if kind == 1:  # few bits: exact sums and ties
        return np.round(rng.normal(size=n) * 16) / 16 * 2.0 ** rng.integers(-3, 3, n)
    v = rng.normal(size=n)  # cancellation down to a tiny rest
    return np.concatenate([v, -v, [rng.choice([-1.0, 1.0]) * 2.0**-60, 0.5, -(2.0**-53)]])


def test_the_exact_sum_is_math_fsums() -> None:
    rng = np.random.default_rng(0)
    for trial in range(3000):
        v = _sums(rng, trial % 3)
        rng.shuffle(v)
        assert kernels.exact_sum(v, len(v), np.empty(len(v) + 1)) == math.fsum(v.tolist()), v


@pytest.mark.parametrize("value, hi, lo", [(1.0, 1, 0), (-1.5, 1, -1), (0.75, 0, -2), (6.25, 3, -2),
                                           (2.0**-1074, -1022, -1074), (3 * 2.0**-1060, -1022, -1060),
                                           (3 * 2.0**100, 102, 100)])
def test_bit_range(value: float, hi: int, lo: int) -> None:
    assert kernels.bit_range(int(np.array([value]).view(np.int64)[0])) == (hi, lo)


def _kernel_product(a: np.ndarray, b: np.ndarray) -> tuple[bool, np.ndarray]:
    m, k = a.shape
    n = b.shape[1]
    padded = fused_step._padded(n)
    flat = fused_step._aligned(k * padded + m * padded)
    operand, at = kernels.carve(flat, 0, k, padded)
    sums = kernels.carve(flat, at, m, padded)[0]
    operand[:, n:] = 0.0
    operand[:, :n] = b
    base, limit = rp.grid_constants(k)
    out = np.full((m, n), 7.0)
    scratch = (np.empty(m), np.empty(2 * k), np.empty(2 * k + 1), np.empty(n, np.int64), np.empty(n, np.int64))
    return kernels.grid_product(a, operand, sums, out, 0, m, n, base, limit, *scratch), out


@pytest.mark.parametrize("kind", ["normal", "sixteenths", "sparse"])
def test_products_round_to_rounded_products_grid(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    flagged: list[int] = []
    exact_sums = rp._exact_sums  # sees every entry rounded_product flags near a rounding boundary
    monkeypatch.setattr(rp, "_exact_sums", lambda a, b, rows, cols: flagged.append(len(rows))
                        or exact_sums(a, b, rows, cols))
    for _ in range(60):
        m, k, n = (int(v) for v in rng.integers(1, 70, 3))
        k = max(k, rp.MIN_INNER)
        a, b = rng.normal(size=(m, k)), rng.normal(size=(k, n))
        if kind == "sixteenths":
            a, b = np.round(a * 8) / 16, np.round(b * 16) / 16
            a[:, 0] *= 2.0**22  # a large first column: the grid is coarser than the sixteenths, sums fall half-way
        elif kind == "sparse":
            a[rng.random(a.shape) < 0.6] = 0.0
        want = np.empty((m, n))
        assert rp.matmul(a, b, want)
        ok, got = _kernel_product(a, b)
        assert ok
        np.testing.assert_array_equal(got.view(np.int64), want.view(np.int64))
    if kind == "sixteenths":
        assert sum(flagged) > 100  # many entries of these products lie on a rounding boundary of the grid


@pytest.mark.parametrize("where, value", [("a", np.nan), ("b", np.inf), ("b", 2.0**401), ("a_row", 2.0**-500)])
def test_operands_rounded_product_gives_to_einsum_are_refused(where: str, value: float) -> None:
    rng = np.random.default_rng(4)
    a, b = rng.normal(size=(5, 20)), rng.normal(size=(20, 4))
    if where == "a":
        a[2, 3] = value
    elif where == "b":
        b[3, 1] = value
    else:
        a[2] = value
    assert not rp.matmul(a, b, np.empty((5, 4)))
    ok, out = _kernel_product(a, b)
    assert not ok and (out == 7.0).all()  # nothing written: the plan takes the step
