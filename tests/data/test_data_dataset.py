"""Tests for nnviz.data.dataset: validation, immutability, split and point edits."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnviz.data import (
    PLANE_EXTENT,
    Dataset,
    fitted_extent,
    generate,
    grid_points,
    nearest_index,
    split,
    with_point,
    without_nearest,
)
from nnviz.errors import DataError, NnvizError


def _cls(n: int = 20, n_classes: int = 2) -> Dataset:
    points = np.arange(2 * n, dtype=np.float64).reshape(n, 2)
    labels = np.arange(n) % n_classes
    return Dataset(points, labels, "classification", n_classes, "toy")


def test_plane_extent() -> None:
    assert PLANE_EXTENT == 6.0


def test_dataset_normalises_dtypes_and_is_read_only() -> None:
    points = [[0, 1], [2, 3], [4, 5]]
    d = Dataset(points, [0.0, 1.0, 1.0], "classification", 2, "d")
    assert d.points.dtype == np.float64 and d.points.shape == (3, 2)
    assert d.labels.dtype == np.int64
    np.testing.assert_array_equal(d.labels, [0, 1, 1])
    assert not d.points.flags.writeable and not d.labels.flags.writeable
    with pytest.raises(ValueError):
        d.points[0, 0] = 9.0
    with pytest.raises(ValueError):
        d.labels[0] = 1


def test_dataset_copies_its_input() -> None:
    points = np.zeros((2, 2))
    labels = np.array([0.5, -0.5])
    d = Dataset(points, labels, "regression", 0)
    points[0, 0] = 7.0
    labels[0] = 3.0
    assert d.points[0, 0] == 0.0 and d.labels[0] == 0.5
    assert d.labels.dtype == np.float64
    assert d.name == "custom"


def test_dataset_is_frozen() -> None:
    d = _cls()
    with pytest.raises(AttributeError):
        d.name = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("points", "labels", "kind", "n_classes", "fragment"),
    [
        (np.zeros((3, 3)), [0, 1, 0], "classification", 2, "shape (n, 2)"),
        (np.zeros(4), [0, 1], "classification", 2, "shape (n, 2)"),
        (np.zeros((3, 2)), [0, 1], "classification", 2, "3 points but 2 labels"),
        (np.zeros((2, 2)), [0, 2], "classification", 2, "0..1"),
        (np.zeros((2, 2)), [0, -1], "classification", 2, "0..1"),
        (np.zeros((2, 2)), [0, 0.5], "classification", 2, "whole class indices"),
        (np.zeros((2, 2)), [0, 1], "classification", 1, "n_classes >= 2"),
        (np.zeros((2, 2)), [0.1, 1], "regression", 2, "n_classes 0"),
        (np.zeros((2, 2)), [0, 1], "clustering", 2, "kind must be one of"),
        ([[0, np.nan], [1, 1]], [0, 1], "classification", 2, "finite"),
        ([[0, 0], [1, 1]], [0, np.inf], "regression", 0, "finite"),
        ([["a", "b"]], [0], "classification", 2, "numbers"),
        (np.zeros((2, 2)), [0, 1], "classification", 2.0, "integer"),
    ],
)
def test_dataset_rejects_bad_input(points, labels, kind, n_classes, fragment) -> None:
    with pytest.raises(DataError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        Dataset(points, labels, kind, n_classes)


def test_empty_dataset_is_allowed() -> None:
    d = Dataset(np.zeros((0, 2)), np.zeros(0), "classification", 2)
    assert d.n == 0 and len(d) == 0 and d.points.shape == (0, 2)
    np.testing.assert_array_equal(d.class_counts(), [0, 0])


def test_equality_repr_and_counts() -> None:
    a, b = _cls(), _cls()
    assert a == b and a is not b
    assert a != a.renamed("other")
    assert a != _cls(n_classes=3)
    assert a.__eq__("x") is NotImplemented
    assert repr(a) == "Dataset(name='toy', kind='classification', n=20, n_classes=2)"
    np.testing.assert_array_equal(_cls(n=7, n_classes=3).class_counts(), [3, 2, 2])
    assert generate("plane").class_counts().shape == (0,)
    with pytest.raises(TypeError):
        hash(a)


def test_errors_are_nnviz_errors() -> None:
    assert issubclass(DataError, NnvizError)


@pytest.mark.parametrize(
    ("n", "ratio", "n_train"),
    [(500, 0.5, 250), (10, 0.1, 1), (10, 0.9, 9), (101, 0.3, 30), (500, 0.9, 450)],
)
def test_split_sizes(n: int, ratio: float, n_train: int) -> None:
    d = _cls(n)
    train, test = split(d, ratio, np.random.default_rng(1))
    assert (train.n, test.n) == (n_train, n - n_train)
    assert train.kind == test.kind == d.kind and train.n_classes == d.n_classes == 2
    assert train.name == d.name


def test_split_is_a_partition_and_seeded() -> None:
    d = _cls(50)
    train, test = split(d, 0.6, np.random.default_rng(7))
    both = np.concatenate([train.points, test.points])
    # every original row appears exactly once (rows are unique here)
    order = np.lexsort(both.T[::-1])
    np.testing.assert_array_equal(both[order], d.points)
    again, _ = split(d, 0.6, np.random.default_rng(7))
    assert again == train
    other, _ = split(d, 0.6, np.random.default_rng(8))
    assert other != train
    # shuffled: the train part is not simply the first 30 rows
    assert not np.array_equal(train.points, d.points[:30])
    # labels stay attached to their points
    for part in (train, test):
        np.testing.assert_array_equal(part.labels, (part.points[:, 0] // 2).astype(int) % 2)


def test_split_tiny_dataset_uses_everything_for_both() -> None:
    gate = generate("xor_gate")
    rng = np.random.default_rng(0)
    state = rng.bit_generator.state
    train, test = split(gate, 0.5, rng)
    assert train is gate and test is gate
    assert rng.bit_generator.state == state  # no randomness drawn


@pytest.mark.parametrize("ratio", [0.0, 0.09, 0.91, 1.0, -1, float("nan")])
def test_split_rejects_bad_ratio(ratio: float) -> None:
    with pytest.raises(DataError, match=r"train ratio must be between 0.1 and 0.9"):
        split(_cls(), ratio, np.random.default_rng(0))


@settings(max_examples=60, deadline=None)
@given(n=st.integers(10, 400), ratio=st.floats(0.1, 0.9), seed=st.integers(0, 2**32 - 1))
def test_split_property_both_parts_nonempty(n: int, ratio: float, seed: int) -> None:
    d = _cls(n)
    train, test = split(d, ratio, np.random.default_rng(seed))
    assert train.n >= 1 and test.n >= 1 and train.n + test.n == n
    assert abs(train.n - n * ratio) <= 1.0
    assert np.sort(np.concatenate([train.labels, test.labels])).tolist() == sorted(d.labels.tolist())


def test_with_point_appends_without_mutating() -> None:
    d = _cls(4)
    e = with_point(d, (1.5, -2.5), 1)
    assert e.n == 5 and d.n == 4
    np.testing.assert_array_equal(e.points[-1], [1.5, -2.5])
    assert e.labels[-1] == 1 and e.labels.dtype == np.int64
    assert not e.points.flags.writeable
    np.testing.assert_array_equal(e.points[:4], d.points)

    r = with_point(generate("plane", 10), np.array([0.0, 1.0]), 0.25)
    assert r.n == 11 and r.labels[-1] == 0.25 and r.labels.dtype == np.float64


def test_with_point_on_empty_dataset() -> None:
    empty = Dataset(np.zeros((0, 2)), [], "classification", 3, "e")
    d = with_point(empty, [1, 2], 2)
    np.testing.assert_array_equal(d.points, [[1.0, 2.0]])
    np.testing.assert_array_equal(d.labels, [2])


@pytest.mark.parametrize(
    ("xy", "label", "fragment"),
    [
        ((0.0, 0.0), 2, "out of range; choose 0..1"),
        ((0.0, 0.0), -1, "out of range"),
        ((0.0, 0.0), 0.5, "whole number"),
        ((0.0, 0.0), True, "whole number"),
        ((0.0,), 0, "two numbers"),
        ((0.0, 1.0, 2.0), 0, "two numbers"),
        ((np.nan, 0.0), 0, "finite"),
        ("ab", 0, "two numbers"),
    ],
)
def test_with_point_rejects_bad_input(xy, label, fragment: str) -> None:
    with pytest.raises(DataError, match=fragment):
        with_point(_cls(4), xy, label)


def test_with_point_rejects_nonfinite_target() -> None:
    with pytest.raises(DataError, match="finite"):
        with_point(generate("plane", 10), (0, 0), float("inf"))


def test_without_nearest_removes_the_nearest_point() -> None:
    d = Dataset([[0, 0], [1, 1], [5, 5], [-3, 2]], [0, 1, 1, 0], "classification", 2)
    assert nearest_index(d, (4.0, 4.5)) == 2
    e = without_nearest(d, (4.0, 4.5))
    np.testing.assert_array_equal(e.points, [[0, 0], [1, 1], [-3, 2]])
    np.testing.assert_array_equal(e.labels, [0, 1, 0])
    assert d.n == 4
    # ties go to the first point
    assert nearest_index(d, (0.5, 0.5)) == 0
    # too far away: unchanged
    assert without_nearest(d, (20, 20), max_distance=1.0) is d
    assert without_nearest(d, (5.5, 5.0), max_distance=1.0).n == 3


def test_without_nearest_down_to_empty_then_error() -> None:
    d = Dataset([[1, 1]], [0.3], "regression", 0)
    e = without_nearest(d, (0, 0))
    assert e.n == 0 and e.points.shape == (0, 2)
    with pytest.raises(DataError, match="empty"):
        without_nearest(e, (0, 0))


@pytest.mark.parametrize(
    "reach,extent", [(1.0, 1.5), (5.0, 6.0), (6.0, 8.0), (0.3, 0.4), (83.0, 100.0), (0.0, 1.0), (4.99, 6.0)]
)
def test_fitted_extent_is_a_round_number_with_room_to_spare(reach, extent):
    assert fitted_extent(np.array([[reach, -reach / 2], [0.0, 0.0]])) == pytest.approx(extent)


@pytest.mark.parametrize("reach", [5e-324, 1e-323, 1e-300])
def test_fitted_extent_of_points_all_but_at_the_origin_is_tiny_but_usable(reach):
    """Bug: for points within ~1e-323 of the origin the decade underflowed to 0 and this raised StopIteration."""
    extent = fitted_extent(np.array([[reach, 0.0]]))
    assert extent == pytest.approx(1e-30) and np.isfinite(grid_points(4, extent)).all()
