"""Large products through BLAS rounded to a grid: every entry is the exact product rounded, whatever BLAS does."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from nnviz.engine import reproducible as rep
from nnviz.engine import rounded_product as rp


def exact_reference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """grid(double(exact a @ b)), computed with fractions from the definition in the module docstring."""
    k = a.shape[1]
    eb = math.frexp(float(np.max(np.abs(b))))[1]
    shift = eb + max(1, math.ceil(math.log2(k))) - rp.grid_bits(k)
    out = np.empty((a.shape[0], b.shape[1]))
    for i, row in enumerate(a.tolist()):
        step = 2.0 ** (math.frexp(max(abs(v) for v in row))[1] + shift)
        for j, col in enumerate(b.T.tolist()):
            exact = sum((Fraction(x) * Fraction(y) for x, y in zip(row, col, strict=True)), Fraction(0))
            out[i, j] = round(float(exact) / step) * step  # float(): the exact value rounded once to double
    return out


def blas_rounded(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    out = np.empty((a.shape[0], b.shape[1]))
    assert rp.matmul(a, b, out)
    return out


def test_every_entry_is_the_exact_product_rounded_to_the_grid():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(9, 40)), np.tanh(rng.normal(size=(40, 12)))
    a[3] *= 1e-6  # a row far smaller than the others keeps its own grid
    assert np.array_equal(blas_rounded(a, b), exact_reference(a, b))
    np.testing.assert_allclose(blas_rounded(a, b), a @ b, rtol=0, atol=40 * 2.0 ** -rp.grid_bits(40) * 8)


def _reversed_dot(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    rep.matmul(a[:, ::-1].copy(), b[::-1].copy(), out)  # the same products summed last to first


def _einsum_dot(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    rep.matmul(a, b, out)  # summed first to last


def _pairwise_dot(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    np.copyto(out, np.add.reduce(a[:, :, None] * b[None, :, :], axis=1))


@pytest.mark.parametrize("other", [_reversed_dot, _einsum_dot, _pairwise_dot])
def test_another_summation_order_gives_the_same_bits(monkeypatch, other):
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=(64, 65)), np.tanh(rng.normal(size=(65, 300)))
    b[-1] = 1.0  # the ones row of the biases
    want = blas_rounded(a, b)
    first, last = np.empty_like(want), np.empty_like(want)
    _einsum_dot(a, b, first)
    _reversed_dot(a, b, last)
    assert not np.array_equal(first, last)  # the orders do differ in the last bits (einsum: on every machine)
    monkeypatch.setattr(rp, "_blas", other)
    assert np.array_equal(blas_rounded(a, b), want)


def test_a_value_off_by_the_whole_error_bound_still_rounds_alike(monkeypatch):
    """A BLAS whose every entry is wrong by the largest error any order could make gives the same result."""
    rng = np.random.default_rng(2)
    a, b = rng.normal(size=(20, 64)), rng.normal(size=(64, 200))
    want = blas_rounded(a, b)
    real_dot = np.dot
    k = a.shape[1]
    gamma = k * 2.0**-53 / (1 - k * 2.0**-53)

    def worst(x: np.ndarray, y: np.ndarray, out: np.ndarray) -> None:
        real_dot(x, y, out=out)
        bound = gamma * (np.abs(x) @ np.abs(y))
        out += np.where(np.arange(out.size).reshape(out.shape) % 2, bound, -bound)

    monkeypatch.setattr(rp, "_blas", worst)
    assert np.array_equal(blas_rounded(a, b), want)


def test_values_at_a_rounding_boundary_take_the_exact_path(monkeypatch):
    k = 32
    a = np.zeros((4, k))
    b = np.zeros((k, 520))
    a[:, 0] = 1.0 - 2.0**-30  # row maxima and the largest |b| just under 1: their 2**e is 1
    b[0, :] = np.random.default_rng(7).uniform(0.1, 0.9, b.shape[1])
    b[0, 0] = 1.0 - 2.0**-30
    step = 2.0 ** (5 - rp.grid_bits(k))  # 2**(0 + 0 + ceil(log2 32) - P)
    # entry (2, 7): exactly half-way between two grid points, and a speck below the last bit of a double
    b[0, 7] = 0.0
    a[2, 2], b[2, 7] = 0.5, 2 * 6.5 * step  # 6.5 steps: a tie, rounds to 6 (half to even)
    a[2, 3], b[3, 7] = 2.0**-50, 2.0**-40  # + 2**-90, far below an ulp of 6.5 steps (2**-78)
    seen: list[tuple[int, int]] = []
    real = rp._exact_entries
    monkeypatch.setattr(rp, "_exact_entries", lambda x, y, rows, cols, s, out: (
        seen.extend(zip(rows.tolist(), cols.tolist(), strict=True)), real(x, y, rows, cols, s, out)))
    got = blas_rounded(a, b)
    assert (2, 7) in seen
    assert got[2, 7] == 6 * step  # double(6.5 steps + 2**-90) is 6.5 steps exactly: half to even
    assert np.array_equal(got, exact_reference(a, b))
    assert len(seen) < 20  # ordinary values take the fast path


def test_half_way_sums_of_coarse_data_are_exact_already_and_need_no_exact_path(monkeypatch):
    """Data on coarse grids (pixels / 16, values already rounded to a grid) put many sums exactly half-way
    between grid points: BLAS summed those exactly, and they round half to even without math.fsum."""
    rng = np.random.default_rng(8)
    a = np.round(rng.normal(size=(12, 32)) * 8) / 16
    a[:, 0] *= 2.0**22  # a large first column: the grid is coarser than the sixteenths
    b = np.round(rng.normal(size=(32, 20)) * 16) / 16
    ties: list[int] = []
    fsummed: list[int] = []
    exact_sums, exact_entries = rp._exact_sums, rp._exact_entries
    monkeypatch.setattr(rp, "_exact_sums", lambda x, y, rows, cols: ties.append(len(rows))
                        or exact_sums(x, y, rows, cols))
    monkeypatch.setattr(rp, "_exact_entries", lambda x, y, rows, *rest: fsummed.append(len(rows))
                        or exact_entries(x, y, rows, *rest))
    got = blas_rounded(a, b)
    assert sum(ties) > 10 and not fsummed
    assert np.array_equal(got, exact_reference(a, b))


def test_cancellation_zeros_and_tiny_products():
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(16, 40)), rng.normal(size=(40, 128))
    a[:, 20:] = -a[:, :20]  # every entry cancels exactly: a @ b = 0 where b's halves match
    b[20:] = b[:20]
    a[5] = 0.0  # a zero row
    b[:, 9] = 0.0  # a zero column
    a[7, 0] = 1e-290  # a product that underflows to 0 in double
    b[0, 3] = 1e-100
    got = blas_rounded(a, b)
    assert np.array_equal(got, exact_reference(a, b))
    assert not np.signbit(got[got == 0]).any()  # zeros are +0.0 whatever the order of the sums


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf, 1e200, 1e-200])
def test_non_finite_or_extreme_operands_use_the_fixed_order_product(value):
    rng = np.random.default_rng(4)
    a, b = rng.normal(size=(16, 40)), rng.normal(size=(40, 128))
    if np.isfinite(value):
        a[3] *= value  # a row of extreme magnitude
    else:
        a[3, 5] = value
    out, want = np.empty((16, 128)), np.empty((16, 128))
    with np.errstate(all="ignore"):
        assert not rp.matmul(a, b, out)
        rp.product(a, b, out)
        rep.matmul(a, b, want)
    assert np.array_equal(out, want, equal_nan=True)


def test_small_products_and_float32_stay_on_einsum():
    assert not rp.applies(8, 9, 10, np.dtype(np.float64))  # a training step of the spiral 6x8
    assert rp.applies(64, 65, 1000, np.dtype(np.float64))  # an evaluation of 8x64 on 1,000 points
    assert not rp.applies(64, 65, 1000, np.dtype(np.float32))


def test_transposed_forms_match_the_plain_one():
    rng = np.random.default_rng(5)
    a, b = rng.normal(size=(40, 30)), rng.normal(size=(40, 90))
    tn, nt = np.empty((30, 90)), np.empty((30, 90))
    rp.product_tn(a, b, tn)
    assert np.array_equal(tn, blas_rounded(a.T, b))
    rp.product_nt(a.T.copy(), b.T.copy(), nt)
    assert np.array_equal(nt, blas_rounded(a.T, b))
