"""Tests for nnviz.data.features: parsing, computing features and the grid convention."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnviz.data import (
    DEFAULT_FEATURES,
    FEATURE_LABELS,
    FEATURES,
    compute_features,
    grid_axis,
    grid_points,
    normalize_features,
    parse_features,
)
from nnviz.engine.reproducible import MAX_RELATIVE_ERROR
from nnviz.errors import DataError


def test_constants() -> None:
    assert FEATURES == ("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2")
    assert DEFAULT_FEATURES == ("x1", "x2")
    assert list(FEATURE_LABELS) == list(FEATURES)
    assert FEATURE_LABELS["x1sq"] == "X₁²" and FEATURE_LABELS["sinx2"] == "sin(X₂)"
    assert FEATURE_LABELS["x1x2"] == "X₁X₂"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x1,x2", ("x1", "x2")),
        ("x2,x1", ("x1", "x2")),
        ("all", FEATURES),
        (" ALL ", FEATURES),
        ("sinx2, X1 ,x1", ("x1", "sinx2")),
        ("x1x2,,x1sq,", ("x1sq", "x1x2")),
        ("sinx1", ("sinx1",)),
    ],
)
def test_parse_features(text: str, expected: tuple[str, ...]) -> None:
    assert parse_features(text) == expected


@pytest.mark.parametrize("text", ["x1,x3", "x1;x2", "all,x1", "sin"])
def test_parse_features_names_the_bad_token(text: str) -> None:
    with pytest.raises(DataError) as err:
        parse_features(text)
    message = str(err.value)
    assert "unknown input feature" in message
    assert "x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2" in message and "'all'" in message
    bad = {"x1,x3": "'x3'", "x1;x2": "'x1;x2'", "all,x1": "'all'", "sin": "'sin'"}[text]
    assert f"feature {bad}" in message


@pytest.mark.parametrize("text", ["", "  ", ",", " , ,"])
def test_parse_features_empty_selection(text: str) -> None:
    with pytest.raises(DataError, match="at least one input feature"):
        parse_features(text)


def test_normalize_features() -> None:
    assert normalize_features(["sinx1", "x1", "sinx1"]) == ("x1", "sinx1")
    assert normalize_features("x2") == ("x2",)
    with pytest.raises(DataError, match="unknown input feature 'X1'"):
        normalize_features(["X1"])
    with pytest.raises(DataError, match="at least one"):
        normalize_features([])


def test_compute_features_by_hand() -> None:
    points = np.array([[1.0, 2.0], [-0.5, 3.0], [0.0, -1.5]])
    got = compute_features(points, FEATURES)
    expected = np.array([[x, y, x * x, y * y, x * y, math.sin(x), math.sin(y)] for x, y in points.tolist()])
    assert got.shape == (3, 7) and got.dtype == np.float64
    np.testing.assert_allclose(got[:, :5], expected[:, :5], rtol=0, atol=1e-15)
    # sines are the engine's reproducible ones: exact, rounded to a relative 2.9e-11 (the same on every machine)
    np.testing.assert_allclose(got[:, 5:], expected[:, 5:], rtol=MAX_RELATIVE_ERROR, atol=0)


def test_compute_features_columns_follow_features_order() -> None:
    points = np.array([[2.0, 3.0]])
    got = compute_features(points, ["sinx2", "x1x2", "x1"])
    np.testing.assert_allclose(got, [[2.0, 6.0, math.sin(3.0)]])
    np.testing.assert_array_equal(compute_features(points, DEFAULT_FEATURES), points)


def test_compute_features_out_and_float32() -> None:
    points = grid_points(7)
    out = np.full((49, 3), np.nan, dtype=np.float32)
    got = compute_features(points, ("x2sq", "x1", "sinx1"), np.float32, out=out)
    assert got is out and got.dtype == np.float32
    ref = compute_features(points, ("x1", "x2sq", "sinx1"))
    np.testing.assert_allclose(out, ref, rtol=1e-6, atol=1e-6)


def test_compute_features_on_empty_points() -> None:
    assert compute_features(np.zeros((0, 2)), FEATURES).shape == (0, 7)


@pytest.mark.parametrize(
    ("points", "kwargs", "fragment"),
    [
        (np.zeros((3, 3)), {}, r"shape \(n, 2\)"),
        (np.zeros(6), {}, r"shape \(n, 2\)"),
        (np.zeros((3, 2)), {"dtype": np.int64}, "float32 or float64"),
        (np.zeros((3, 2)), {"out": np.zeros((3, 3))}, "out must have shape"),
        (np.zeros((3, 2)), {"out": np.zeros((3, 2), np.float32)}, "dtype float64"),
    ],
)
def test_compute_features_rejects_bad_arguments(points, kwargs, fragment: str) -> None:
    with pytest.raises(DataError, match=fragment):
        compute_features(points, ("x1", "x2"), **kwargs)


@settings(max_examples=50, deadline=None)
@given(
    points=hnp.arrays(np.float64, st.tuples(st.integers(0, 30), st.just(2)), elements=st.floats(-6, 6)),
    names=st.sets(st.sampled_from(FEATURES), min_size=1),
)
def test_compute_features_property(points: np.ndarray, names: set[str]) -> None:
    got = compute_features(points, names)
    chosen = [name for name in FEATURES if name in names]
    assert got.shape == (points.shape[0], len(chosen))
    x, y = points[:, 0], points[:, 1]
    columns = {
        "x1": x,
        "x2": y,
        "x1sq": x**2,
        "x2sq": y**2,
        "x1x2": x * y,
        "sinx1": np.sin(x),
        "sinx2": np.sin(y),
    }
    for j, name in enumerate(chosen):
        sine = name.startswith("sin")  # the reproducible sine: relative 2.9e-11 (absolute 1e-300 when subnormal)
        np.testing.assert_allclose(got[:, j], columns[name], rtol=MAX_RELATIVE_ERROR if sine else 1e-15,
                                   atol=1e-300 if sine else 0)


def test_grid_axis_centres() -> None:
    np.testing.assert_allclose(grid_axis(4, 6.0), [-4.5, -1.5, 1.5, 4.5])
    np.testing.assert_allclose(grid_axis(1), [0.0])
    np.testing.assert_allclose(grid_axis(3, 1.5), [-1.0, 0.0, 1.0])


def test_grid_points_order() -> None:
    g = grid_points(3, 3.0)  # axis -2, 0, 2
    np.testing.assert_allclose(
        g,
        [[-2, -2], [0, -2], [2, -2], [-2, 0], [0, 0], [2, 0], [-2, 2], [0, 2], [2, 2]],
    )
    # values reshape to image[iy, ix]
    res = 5
    pts = grid_points(res)
    img_x = pts[:, 0].reshape(res, res)
    img_y = pts[:, 1].reshape(res, res)
    np.testing.assert_array_equal(img_x[0], grid_axis(res))
    np.testing.assert_array_equal(img_y[:, 0], grid_axis(res))
    assert (np.diff(img_x, axis=1) > 0).all() and (np.diff(img_y, axis=0) > 0).all()


def test_grid_points_default_extent_and_size() -> None:
    g = grid_points(300)
    assert g.shape == (90_000, 2) and g.dtype == np.float64
    assert g.min() == pytest.approx(-6 + 0.02) and g.max() == pytest.approx(6 - 0.02)
    assert not g.flags.writeable
    assert grid_points(300) is g  # cached


@pytest.mark.parametrize("res", [0, -1, 4097, 2.0, True])
def test_grid_rejects_bad_resolution(res: object) -> None:
    with pytest.raises(DataError, match="grid resolution"):
        grid_points(res)  # type: ignore[arg-type]


@pytest.mark.parametrize("extent", [0.0, -1.0, float("inf"), float("nan")])
def test_grid_rejects_bad_extent(extent: float) -> None:
    with pytest.raises(DataError, match="extent"):
        grid_points(4, extent)
