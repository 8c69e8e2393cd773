"""The immutable Dataset and the pure functions that derive new ones from it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from nnviz.errors import DataError
from nnviz.io import caps
from nnviz.io.validate import brief, brief_error

PLANE_EXTENT = 6.0  # the input plane is [-PLANE_EXTENT, PLANE_EXTENT]^2
CLASSIFICATION = "classification"
REGRESSION = "regression"
KINDS: tuple[str, ...] = (CLASSIFICATION, REGRESSION)
MIN_TRAIN_RATIO = 0.1
MAX_TRAIN_RATIO = 0.9
SMALL_DATASET = 10  # below this many rows split() trains and tests on everything


def _readonly(array: np.ndarray) -> np.ndarray:
    """Mark `array` read-only in place and return it."""
    array.setflags(write=False)
    return array


def default_columns(d: int) -> tuple[str, ...]:
    """The names of d unnamed columns: x1, x2, ..."""
    return tuple(f"x{i + 1}" for i in range(d))


def _as_points(points: Any, width: int) -> np.ndarray:
    """Return a fresh, contiguous (n, width) float64 copy of `points`, or raise."""
    try:
        array = np.array(points, dtype=np.float64, copy=True)
    except (TypeError, ValueError) as exc:
        raise DataError(f"points must be numbers: {exc}") from None
    if array.size == 0:
        array = array.reshape(0, width)
    if array.ndim != 2 or array.shape[1] != width:
        raise DataError(f"points must have shape (n, {width}); got {array.shape}")
    if not np.isfinite(array).all():
        raise DataError("points must be finite (no NaN or inf)")
    return np.ascontiguousarray(array)


def _as_labels(labels: Any, kind: str, n_classes: int, n: int) -> np.ndarray:
    """Return a fresh 1-D label copy: int64 classes or float64 targets, or raise."""
    try:
        raw = np.array(labels, dtype=np.float64, copy=True).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise DataError(f"labels must be numbers: {brief_error(exc)}") from None
    if np.ndim(labels) > 1 and np.shape(labels) != (n, 1):
        raise DataError(f"labels must have shape (n,); got {np.shape(labels)}")
    if raw.shape[0] != n:
        raise DataError(f"there are {n} points but {raw.shape[0]} labels")
    if not np.isfinite(raw).all():
        raise DataError("labels must be finite (no NaN or inf)")
    if kind == REGRESSION:
        return raw
    if not (raw == np.round(raw)).all():
        raise DataError("classification labels must be whole class indices 0..K-1")
    if n and (raw.min() < 0 or raw.max() >= n_classes):
        raise DataError(f"classification labels must lie in 0..{n_classes - 1}; got {raw.min():g}..{raw.max():g}")
    return raw.astype(np.int64)


@dataclass(frozen=True, eq=False, repr=False, init=False)
class Dataset:
    """An immutable set of points (2-D, or rows of a table's columns) with class indices or regression targets."""

    points: np.ndarray  # (n, d) float64, read-only; d = 2 unless `columns` names more
    labels: np.ndarray  # (n,) int64 classes 0..K-1, or (n,) float64 targets, read-only
    kind: str  # "classification" or "regression"
    n_classes: int  # K >= 2 for classification, 0 for regression
    name: str = "custom"
    columns: tuple[str, ...] = ("x1", "x2")  # the name of each column of points
    class_names: tuple[str, ...] = ()  # the name of each class (empty: the class index is its name)
    from_table: bool = False  # read from a table with named columns (its inputs are standardised by default)

    def __init__(
        self,
        points: ArrayLike,
        labels: ArrayLike,
        kind: str,
        n_classes: int,
        name: str = "custom",
        columns: tuple[str, ...] | None = None,
        class_names: tuple[str, ...] = (),
        from_table: bool = False,
    ) -> None:
        """Validate and copy the arrays: points to (n, d) float64, labels to int64 or float64."""
        if kind not in KINDS:
            raise DataError(f"kind must be one of {', '.join(KINDS)}; got {brief(kind)}")
        if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)):
            raise DataError(f"n_classes must be an integer; got {n_classes!r}")
        n_classes = int(n_classes)
        caps.check_count(n_classes, caps.MAX_CLASSES, "classes", DataError)
        if kind == CLASSIFICATION and n_classes < 2:
            raise DataError(f"a classification data set needs n_classes >= 2; got {n_classes}")
        if kind == REGRESSION and n_classes != 0:
            raise DataError(f"a regression data set has n_classes 0; got {n_classes}")
        names = ("x1", "x2") if columns is None else tuple(str(c) for c in columns)
        if not names:
            raise DataError("a data set needs at least one input column")
        caps.check_count(len(names), caps.MAX_COLUMNS, "input columns", DataError)
        if len(set(names)) != len(names):
            raise DataError(f"two input columns have the same name: {', '.join(names)}")
        class_names = tuple(str(c) for c in class_names)
        if class_names and len(class_names) != n_classes:
            raise DataError(f"{n_classes} classes need {n_classes} class names; got {len(class_names)}")
        checked_points = _as_points(points, len(names))
        checked_labels = _as_labels(labels, kind, n_classes, checked_points.shape[0])
        object.__setattr__(self, "points", _readonly(checked_points))
        object.__setattr__(self, "labels", _readonly(checked_labels))
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "n_classes", n_classes)
        object.__setattr__(self, "name", str(name))
        object.__setattr__(self, "columns", names)
        object.__setattr__(self, "class_names", class_names)
        object.__setattr__(self, "from_table", bool(from_table))

    @property
    def n(self) -> int:
        """The number of points."""
        return int(self.points.shape[0])

    def __len__(self) -> int:
        return self.n

    @property
    def width(self) -> int:
        """The number of input columns d."""
        return len(self.columns)

    def class_name(self, index: int) -> str:
        """The name of class `index` (its number when the data has no class names)."""
        return self.class_names[index] if 0 <= index < len(self.class_names) else str(index)

    def _like(self, points: Any, labels: Any, name: str | None = None) -> Dataset:
        """A Dataset of other rows with this one's kind, classes and column names."""
        return Dataset(points, labels, self.kind, self.n_classes, self.name if name is None else name,
                       self.columns, self.class_names, self.from_table)

    @property
    def is_classification(self) -> bool:
        """True for class labels, False for regression targets."""
        return self.kind == CLASSIFICATION

    def class_counts(self) -> np.ndarray:
        """Return (n_classes,) int64 counts of each class; empty for regression."""
        if not self.is_classification:
            return np.zeros(0, dtype=np.int64)
        return np.bincount(self.labels, minlength=self.n_classes).astype(np.int64)

    def subset(self, indices: Any) -> Dataset:
        """Return a new Dataset of the rows at `indices` (ints or a boolean mask)."""
        idx = np.asarray(indices)
        return self._like(self.points[idx], self.labels[idx])

    def renamed(self, name: str) -> Dataset:
        """Return the same data under another name."""
        return self._like(self.points, self.labels, name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        return (
            self.kind == other.kind
            and self.n_classes == other.n_classes
            and self.name == other.name
            and self.columns == other.columns
            and self.class_names == other.class_names
            and np.array_equal(self.points, other.points)
            and np.array_equal(self.labels, other.labels)
        )

    __hash__ = None  # type: ignore[assignment]  # holds arrays: unhashable

    def __repr__(self) -> str:
        return f"Dataset(name={self.name!r}, kind={self.kind!r}, n={self.n}, n_classes={self.n_classes})"


def split(dataset: Dataset, train_ratio: float, rng: np.random.Generator) -> tuple[Dataset, Dataset]:
    """Shuffle and split into (train, test); with fewer than 10 rows both are the whole set.

    `train_ratio` must lie in [0.1, 0.9]. For n >= 10 the train part has
    round(n * train_ratio) rows, clamped so both parts are non-empty, and
    `rng` draws one permutation. For n < 10 (the 4-row logic gates) a split
    would leave nothing to learn from, so train and test are both `dataset`
    itself and `rng` is not used.
    """
    ratio = float(train_ratio)
    if not MIN_TRAIN_RATIO <= ratio <= MAX_TRAIN_RATIO:  # also rejects NaN
        raise DataError(
            f"train ratio must be between {MIN_TRAIN_RATIO} and {MAX_TRAIN_RATIO} (10-90 %); got {train_ratio!r}"
        )
    n = dataset.n
    if n < SMALL_DATASET:
        return dataset, dataset
    n_train = min(max(round(n * ratio), 1), n - 1)
    order = rng.permutation(n)  # (n,)
    return dataset.subset(order[:n_train]), dataset.subset(order[n_train:])


def _as_xy(xy: Any) -> np.ndarray:
    """Return `xy` as a finite (2,) float64 array, or raise."""
    try:
        point = np.asarray(xy, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise DataError(f"a point must be two numbers (x, y); got {xy!r}") from None
    if point.shape != (2,):
        raise DataError(f"a point must be two numbers (x, y); got {xy!r}")
    if not np.isfinite(point).all():
        raise DataError(f"a point must be finite; got {xy!r}")
    return point


def with_point(dataset: Dataset, xy: Any, label: float) -> Dataset:
    """Return a new Dataset with the point `xy` and its `label` appended."""
    point = _as_xy(xy)  # (2,)
    if dataset.width != 2:
        raise DataError(f"points are added on the plane of two-column data; this data has {dataset.width} columns")
    if dataset.is_classification:
        if isinstance(label, bool) or not float(label).is_integer():
            raise DataError(f"a class label must be a whole number; got {label!r}")
        if not 0 <= int(label) < dataset.n_classes:
            raise DataError(f"class {label!r} is out of range; choose 0..{dataset.n_classes - 1}")
    elif not np.isfinite(float(label)):
        raise DataError(f"a regression target must be finite; got {label!r}")
    points = np.concatenate([dataset.points, point[None, :]])  # (n+1, 2)
    labels = np.concatenate([dataset.labels, np.asarray([label], dtype=dataset.labels.dtype)])
    return dataset._like(points, labels)


def nearest_index(dataset: Dataset, xy: Any) -> int:
    """Return the row index of the point nearest to `xy` (the first one on ties)."""
    point = _as_xy(xy)
    if dataset.n == 0:
        raise DataError("the data set is empty; there is no point to remove")
    if dataset.width != 2:
        raise DataError(f"points are removed on the plane of two-column data; this data has {dataset.width} columns")
    d2 = ((dataset.points - point) ** 2).sum(axis=1)  # (n,) squared distances
    return int(np.argmin(d2))


def without_nearest(dataset: Dataset, xy: Any, max_distance: float | None = None) -> Dataset:
    """Return a new Dataset without the point nearest to `xy`.

    Raises DataError on an empty data set. If `max_distance` is given and the
    nearest point is farther away than that, `dataset` is returned unchanged.
    """
    index = nearest_index(dataset, xy)
    if max_distance is not None:
        distance = float(np.hypot(*(dataset.points[index] - _as_xy(xy))))
        if distance > max_distance:
            return dataset
    keep = np.ones(dataset.n, dtype=bool)  # (n,)
    keep[index] = False
    return dataset.subset(keep)


NICE_STEPS = (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)
MIN_REACH = 1e-30  # a finer plane is below what the float32 grid pass can tell apart


def nice_ceiling(v: float, steps: tuple[float, ...] = NICE_STEPS) -> float:
    """The smallest step x 10^k at or above v (v > 0), e.g. 0.43 -> 0.5, 730 -> 800; 1.0 for v <= 0 or not finite."""
    if not math.isfinite(v) or v <= 0:
        return 1.0
    e = 10.0 ** math.floor(math.log10(v))
    m = v / e
    return next((s * e for s in steps if m <= s * (1 + 1e-9)), 10.0 * e)


def fitted_extent(points: np.ndarray, margin: float = 1.2) -> float:
    """The smallest round half-width (1, 1.5, 2, 3, 4, 5, 6, 8 times a power of ten) whose square
    [-e, e]^2 shows every point with `margin` to spare; PLANE_EXTENT for no points."""
    if len(points) == 0:
        return PLANE_EXTENT
    reach = float(np.max(np.abs(points))) * margin
    if not math.isfinite(reach):
        return PLANE_EXTENT
    # at least MIN_REACH: 10 ** floor(log10(5e-324)) is 0.0, and no round step would fit
    return nice_ceiling(max(reach, MIN_REACH)) if reach > 0.0 else 1.0
