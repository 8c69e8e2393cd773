"""Tests for nnviz.data.generators: the registry and every built-in data set."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnviz.data import GENERATORS, Dataset, GeneratorInfo, generate, nspiral
from nnviz.errors import DataError

SIZED = [name for name, info in GENERATORS.items() if not info.fixed_size]
GATES = {
    "and": [0, 0, 0, 1],
    "or": [0, 1, 1, 1],
    "nand": [1, 1, 1, 0],
    "xor_gate": [0, 1, 1, 0],
}
# generators whose construction keeps every point inside [-6.5, 6.5]^2 at any noise
BOUNDED = ["circle", "xor", "spiral", "spiral3", "quadrants", "plane", "multigauss"]


def _rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def test_registry_contents() -> None:
    expected = {
        "circle",
        "xor",
        "gauss",
        "spiral",
        "plane",
        "multigauss",
        "moons",
        "spiral3",
        "quadrants",
        "and",
        "or",
        "nand",
        "xor_gate",
    }
    assert set(GENERATORS) == expected
    for name, info in GENERATORS.items():
        assert isinstance(info, GeneratorInfo)
        assert info.name == name and info.title and info.description
        assert info.kind in ("classification", "regression")
        assert (info.n_classes == 0) == (info.kind == "regression")
        assert info.fixed_size == (name in GATES)
    assert GENERATORS["spiral3"].n_classes == 3
    assert GENERATORS["quadrants"].n_classes == 4
    assert GENERATORS["plane"].default_points == 1200
    assert GENERATORS["circle"].default_points == 500
    with pytest.raises(AttributeError):
        GENERATORS["circle"].name = "x"  # type: ignore[misc]


@pytest.mark.parametrize("name", SIZED)
@pytest.mark.parametrize("n", [4, 5, 501])
@pytest.mark.parametrize("noise", [0.0, 0.5])
def test_shapes_dtypes_and_ranges(name: str, n: int, noise: float) -> None:
    info = GENERATORS[name]
    d = generate(name, n, noise, _rng(3))
    assert isinstance(d, Dataset)
    assert d.name == name and d.kind == info.kind and d.n_classes == info.n_classes
    assert d.points.shape == (n, 2) and d.points.dtype == np.float64
    assert d.labels.shape == (n,)
    assert np.isfinite(d.points).all() and np.isfinite(d.labels).all()
    if info.kind == "classification":
        assert d.labels.dtype == np.int64
        assert d.labels.min() >= 0 and d.labels.max() < info.n_classes
    else:
        assert d.labels.dtype == np.float64
    if name in BOUNDED or noise == 0.0:
        assert np.abs(d.points).max() <= 6.5


@pytest.mark.parametrize("name", SIZED)
def test_same_seed_same_data_different_seed_different_data(name: str) -> None:
    a = generate(name, 300, 0.2, _rng(42))
    b = generate(name, 300, 0.2, _rng(42))
    c = generate(name, 300, 0.2, _rng(43))
    assert a.points.tobytes() == b.points.tobytes()
    assert a.labels.tobytes() == b.labels.tobytes()
    assert not np.array_equal(a.points, c.points)


def test_default_rng_is_seeded() -> None:
    assert generate("spiral", 100, 0.3) == generate("spiral", 100, 0.3)
    assert generate("circle") == generate("circle", 500, 0.0, _rng(0))


@pytest.mark.parametrize("name", ["circle", "gauss", "spiral", "moons"])
@pytest.mark.parametrize("n", [500, 501, 4, 7])
def test_balanced_two_class_sets_at_zero_noise(name: str, n: int) -> None:
    counts = generate(name, n, 0.0, _rng(1)).class_counts()
    assert counts.tolist() == [n // 2, n - n // 2]


@pytest.mark.parametrize("name", ["gauss", "spiral", "moons"])
def test_balance_does_not_depend_on_noise(name: str) -> None:
    assert generate(name, 501, 0.5, _rng(1)).class_counts().tolist() == [250, 251]


def test_circle_geometry() -> None:
    d = generate("circle", 1000, 0.0, _rng(5))
    r = np.hypot(d.points[:, 0], d.points[:, 1])
    inner, outer = r[d.labels == 1], r[d.labels == 0]
    assert inner.max() <= 2.5 and outer.min() >= 3.5 and outer.max() <= 5.0
    assert inner.size == outer.size == 500


def test_circle_noise_flips_only_labels() -> None:
    clean = generate("circle", 1000, 0.0, _rng(5))
    noisy = generate("circle", 1000, 0.5, _rng(5))
    r = np.hypot(noisy.points[:, 0], noisy.points[:, 1])
    assert np.abs(noisy.points).max() <= 5.0
    assert (r <= 2.5).sum() == 500  # the points are drawn the same way
    wrong = (noisy.labels == 1) != (r < 2.5)
    assert 0 < wrong.sum() < 400
    assert not np.any((clean.labels == 1) != (np.hypot(*clean.points.T) < 2.5))


def test_xor_geometry_and_labels() -> None:
    d = generate("xor", 2000, 0.0, _rng(2))
    assert np.abs(d.points).min() >= 0.3 and np.abs(d.points).max() <= 5.3
    np.testing.assert_array_equal(d.labels, (d.points[:, 0] * d.points[:, 1] >= 0).astype(int))
    assert 800 < d.class_counts()[1] < 1200
    noisy = generate("xor", 2000, 0.5, _rng(2))
    wrong = noisy.labels != (noisy.points[:, 0] * noisy.points[:, 1] >= 0)
    assert 0 < wrong.sum() < 1000


@pytest.mark.parametrize(("noise", "variance"), [(0.0, 0.5), (0.25, 2.25), (0.5, 4.0)])
def test_gauss_centres_and_variance(noise: float, variance: float) -> None:
    d = generate("gauss", 20000, noise, _rng(9))
    pos, neg = d.points[d.labels == 1], d.points[d.labels == 0]
    np.testing.assert_allclose(pos.mean(axis=0), [2, 2], atol=0.1)
    np.testing.assert_allclose(neg.mean(axis=0), [-2, -2], atol=0.1)
    np.testing.assert_allclose(pos.var(axis=0), [variance] * 2, rtol=0.06)


def test_spiral_formula_without_noise() -> None:
    d = generate("spiral", 10, 0.0, _rng(0))
    i = np.arange(5)
    r = 5 * i / 5
    t = 1.75 * 2 * math.pi * i / 5
    np.testing.assert_allclose(d.points[:5], np.column_stack([r * np.sin(t), r * np.cos(t)]))
    np.testing.assert_allclose(
        d.points[5:],
        np.column_stack([r * np.sin(t + math.pi), r * np.cos(t + math.pi)]),
    )
    np.testing.assert_array_equal(d.labels, [1] * 5 + [0] * 5)


def test_spiral_noise_is_bounded_jitter() -> None:
    clean = generate("spiral", 400, 0.0, _rng(0))
    noisy = generate("spiral", 400, 0.4, _rng(0))
    jitter = np.abs(noisy.points - clean.points)
    assert jitter.max() <= 0.4 and jitter.max() > 0.3
    np.testing.assert_array_equal(clean.labels, noisy.labels)


def test_spiral3_and_nspiral() -> None:
    d = generate("spiral3", 301, 0.0, _rng(0))
    assert d.n_classes == 3 and d.class_counts().tolist() == [101, 100, 100]
    r = np.hypot(d.points[:, 0], d.points[:, 1])
    assert r.max() < 5.0 and r.min() == 0.0
    # arm j starts its second point at angle 2 pi j / 3 (x = r sin t, y = r cos t)
    for j, start in enumerate([0, 101, 201]):
        x, y = d.points[start + 1]
        expected = 1.75 * 2 * math.pi / (101 if j == 0 else 100) + 2 * math.pi * j / 3
        assert math.isclose(math.atan2(x, y) % (2 * math.pi), expected % (2 * math.pi))
    five = nspiral(5, 100, 0.1, _rng(1))
    assert five.n_classes == 5 and five.name == "spiral5"
    assert five.class_counts().tolist() == [20] * 5
    assert nspiral(3, 301, 0.0, _rng(0)).points.tobytes() == d.points.tobytes()
    for bad in (1, 17, 2.5, True):
        with pytest.raises(DataError, match=r"2\.\.16 arms"):
            nspiral(bad, 100)  # type: ignore[arg-type]


def test_moons_shape() -> None:
    d = generate("moons", 1000, 0.0, _rng(4))
    up, down = d.points[d.labels == 1], d.points[d.labels == 0]
    # upper moon: an arc of radius (10/3, 5) about (-5/3, -1.25)
    u = (up - [-5 / 3, -1.25]) / [10 / 3, 5]
    np.testing.assert_allclose(np.hypot(u[:, 0], u[:, 1]), 1.0)
    assert up[:, 1].min() >= -1.25 - 1e-9
    v = (down - [5 / 3, 1.25]) / [10 / 3, 5]
    np.testing.assert_allclose(np.hypot(v[:, 0], v[:, 1]), 1.0)
    assert down[:, 1].max() <= 1.25 + 1e-9
    np.testing.assert_allclose(d.points[:, 0].min(), -5.0, atol=0.05)
    np.testing.assert_allclose(d.points[:, 0].max(), 5.0, atol=0.05)
    noisy = generate("moons", 1000, 0.5, _rng(4))
    assert 0.8 < np.std(noisy.points - d.points) < 1.2  # gaussian jitter, std 2 * noise


def test_quadrants_labels() -> None:
    d = generate("quadrants", 4000, 0.0, _rng(6))
    x, y = d.points.T
    expected = np.select(
        [(x >= 0) & (y >= 0), (x < 0) & (y >= 0), (x < 0) & (y < 0)],
        [0, 1, 2],
        default=3,
    )
    np.testing.assert_array_equal(d.labels, expected)
    assert np.abs(d.points).max() < 6.0
    assert all(850 < c < 1150 for c in d.class_counts())
    noisy = generate("quadrants", 4000, 0.5, _rng(6))
    x, y = noisy.points.T
    expected = np.select(
        [(x >= 0) & (y >= 0), (x < 0) & (y >= 0), (x < 0) & (y < 0)],
        [0, 1, 2],
        default=3,
    )
    assert 0 < (noisy.labels != expected).sum() < 2000


def test_plane_targets() -> None:
    d = generate("plane", 1200, 0.0, _rng(8))
    np.testing.assert_allclose(d.labels, d.points.sum(axis=1) / 10)
    assert np.abs(d.points).max() < 6.0 and np.abs(d.labels).max() <= 1.2
    noisy = generate("plane", 1200, 0.5, _rng(8))
    residual = noisy.labels - noisy.points.sum(axis=1) / 10
    assert 0 < np.abs(residual).max() <= 0.6  # shift up to 3 per axis -> 0.6


def _multigauss_reference(x: float, y: float) -> float:
    bumps = [
        (-4, 2.5, 1),
        (0, 2.5, -1),
        (4, 2.5, 1),
        (-4, -2.5, -1),
        (0, -2.5, 1),
        (4, -2.5, -1),
    ]
    label = 0.0
    for cx, cy, sign in bumps:
        value = sign * min(max(1 - math.hypot(x - cx, y - cy) / 2, 0.0), 1.0)
        if abs(value) > abs(label):
            label = value
    return label


def test_multigauss_targets_match_hand_computation() -> None:
    d = generate("multigauss", 600, 0.0, _rng(11))
    expected = [_multigauss_reference(x, y) for x, y in d.points]
    np.testing.assert_allclose(d.labels, expected, rtol=0, atol=1e-12)
    assert np.abs(d.labels).max() <= 1.0 and (d.labels > 0.5).any() and (d.labels < -0.5).any()
    assert not np.signbit(d.labels[d.labels == 0]).any()  # no -0.0


@pytest.mark.parametrize("name", sorted(GATES))
def test_logic_gates(name: str) -> None:
    d = generate(name)
    np.testing.assert_array_equal(d.points, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(d.labels, GATES[name])
    assert d.n_classes == 2 and d.kind == "classification" and d.labels.dtype == np.int64
    assert generate(name, 1000, 0.5, _rng(3)) == d  # size and noise ignored


@pytest.mark.parametrize("name", ["circle", "", "Circle", None, 3])
def test_unknown_name(name: object) -> None:
    with pytest.raises(DataError, match=r"unknown data set .*choose one of circle, xor") as err:
        generate(name if name != "circle" else "circles")  # type: ignore[arg-type]
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("n", [3, 0, -5, 100_001, 10.0, True, "500"])
def test_bad_n_points(n: object) -> None:
    with pytest.raises(DataError, match=r"number of points must be a whole number from 4 to 100,000"):
        generate("circle", n)  # type: ignore[arg-type]


def test_n_points_limits_are_inclusive() -> None:
    assert generate("xor", 4).n == 4
    assert generate("xor", np.int64(100_000)).n == 100_000  # type: ignore[arg-type]


@pytest.mark.parametrize("noise", [-0.01, 0.51, 30, float("nan"), float("inf"), "0.1", True])
def test_bad_noise(noise: object) -> None:
    with pytest.raises(DataError, match=r"noise must be a fraction from 0 to 0.5"):
        generate("spiral", 100, noise)  # type: ignore[arg-type]


def test_bad_noise_is_checked_for_gates_too() -> None:
    with pytest.raises(DataError, match="noise"):
        generate("and", 4, 0.9)


def test_bad_rng() -> None:
    with pytest.raises(DataError, match=r"numpy\.random\.Generator"):
        generate("circle", 100, 0.0, np.random.RandomState(0))  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(SIZED),
    n=st.integers(4, 2000),
    noise=st.floats(0.0, 0.5),
    seed=st.integers(0, 2**32 - 1),
)
def test_generate_property(name: str, n: int, noise: float, seed: int) -> None:
    d = generate(name, n, noise, _rng(seed))
    assert d.n == n and np.isfinite(d.points).all() and np.isfinite(d.labels).all()
    if d.kind == "regression":
        assert np.abs(d.labels).max() <= 1.8 + 1e-12
    assert generate(name, n, noise, _rng(seed)) == d
