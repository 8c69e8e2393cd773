"""From a table's rows to the network's inputs, and the 2-D slice of the input space the boundary shows.

- `Scaling`: each column's mean and standard deviation on the training part; inputs are (x - mean) / std.
- `Plane`: a 2-D plane through the scaled input space, `origin + u * basis[0] + v * basis[1]`, with
  orthonormal rows of `basis`. A slice through two columns holds every other column at a value; the
  principal-components plane goes through the mean along the first two components.
- Two-column data may feed engineered features (x1², sin x1, ...); with more columns the inputs are the
  columns themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from nnviz.data.features import compute_features
from nnviz.errors import DataError

SCALINGS: tuple[str, ...] = ("auto", "standard", "none")  # auto: standard for tables, none for generated points
AXES_MODES: tuple[str, ...] = ("columns", "pca")


@dataclass(frozen=True)
class Scaling:
    """Per-column mean and standard deviation (a constant column keeps std 1)."""

    mean: tuple[float, ...]
    std: tuple[float, ...]

    @classmethod
    def fit(cls, points: np.ndarray) -> Scaling:
        """The scaling that standardises `points` (n, d); an empty set leaves values as they are."""
        if len(points) == 0:
            return cls((0.0,) * points.shape[1], (1.0,) * points.shape[1])
        mean = points.mean(axis=0)  # (d,)
        std = points.std(axis=0)  # (d,)
        std = np.where(std > 0, std, 1.0)
        return cls(tuple(float(v) for v in mean), tuple(float(v) for v in std))

    def apply(self, points: np.ndarray) -> np.ndarray:
        """(n, d) raw values to standardised ones."""
        return (np.asarray(points, np.float64) - np.asarray(self.mean)) / np.asarray(self.std)

    def undo(self, scaled: np.ndarray) -> np.ndarray:
        """(n, d) standardised values back to raw ones."""
        return np.asarray(scaled, np.float64) * np.asarray(self.std) + np.asarray(self.mean)

    def to_dict(self) -> dict[str, list[float]]:
        """JSON-ready."""
        return {"mean": list(self.mean), "std": list(self.std)}


@dataclass(frozen=True)
class SliceSpec:
    """Which plane the boundary shows: two columns (others held at raw values) or the principal components."""

    mode: str = "columns"  # "columns" or "pca"
    axes: tuple[int, int] = (0, 1)  # the columns on x and y (mode "columns")
    held: tuple[float, ...] = ()  # raw value of every column (those on the axes unused); () : the medians

    def __post_init__(self) -> None:
        if self.mode not in AXES_MODES:
            raise DataError(f"the slice's axes are 'columns' or 'pca'; got {self.mode!r}")
        if len(self.axes) != 2 or self.axes[0] == self.axes[1] or min(self.axes) < 0:
            raise DataError(f"the slice needs two different columns on its axes; got {self.axes!r}")
        if not all(np.isfinite(v) for v in self.held):
            raise DataError("the slice's held values must be finite numbers")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"mode": self.mode, "axes": list(self.axes), "held": list(self.held)}

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> SliceSpec:
        """From to_dict output (DataError on bad values)."""
        try:
            axes = tuple(int(a) for a in doc.get("axes", (0, 1)))
            held = tuple(float(v) for v in doc.get("held", ()))
            return cls(str(doc.get("mode", "columns")), (axes[0], axes[1]), held)
        except (TypeError, ValueError, IndexError, AttributeError):
            raise DataError("the slice is malformed (mode, axes, held)") from None


@dataclass(frozen=True)
class Plane:
    """A plane through the scaled input space: origin (d,) and two orthonormal directions (2, d)."""

    origin: tuple[float, ...]
    basis: tuple[tuple[float, ...], tuple[float, ...]]
    axis_names: tuple[str, str]

    @property
    def width(self) -> int:
        """The number of input columns d."""
        return len(self.origin)

    def inputs(self, uv: np.ndarray) -> np.ndarray:
        """(m, 2) plane coordinates to (m, d) scaled input values."""
        return np.asarray(self.origin) + np.asarray(uv, np.float64) @ np.asarray(self.basis)

    def project(self, scaled: np.ndarray) -> np.ndarray:
        """(n, d) scaled values to their (n, 2) plane coordinates."""
        return (np.asarray(scaled, np.float64) - np.asarray(self.origin)) @ np.asarray(self.basis).T

    def distance(self, scaled: np.ndarray) -> np.ndarray:
        """(n,) distance of each row from the plane, in scaled units."""
        offset = np.asarray(scaled, np.float64) - np.asarray(self.origin)  # (n, d)
        rest = offset - self.project(scaled) @ np.asarray(self.basis)
        return np.sqrt((rest * rest).sum(axis=1))


def _unit(d: int, i: int) -> tuple[float, ...]:
    return tuple(1.0 if j == i else 0.0 for j in range(d))


def column_plane(spec: SliceSpec, held_scaled: np.ndarray, names: Sequence[str]) -> Plane:
    """The plane through two columns; every other column at its held (scaled) value."""
    d = len(names)
    i, j = spec.axes
    if d == 1:
        return Plane((0.0,), (_unit(1, 0), (0.0,)), (names[0], ""))
    if max(i, j) >= d:
        i, j = 0, 1
    origin = np.array(held_scaled, np.float64)
    origin[[i, j]] = 0.0
    return Plane(tuple(float(v) for v in origin), (_unit(d, i), _unit(d, j)), (names[i], names[j]))


def pca_plane(scaled: np.ndarray, names: Sequence[str]) -> Plane:
    """The plane of the first two principal components of (n, d) scaled inputs, through their mean."""
    d = scaled.shape[1]
    if d < 3 or len(scaled) < 2:
        return column_plane(SliceSpec(), np.zeros(d), names)
    mean = scaled.mean(axis=0)
    _, _, vt = np.linalg.svd(scaled - mean, full_matrices=False)  # rows of vt: components, largest first
    basis = vt[:2].copy()
    for row in basis:  # a sign that does not depend on the LAPACK build: the largest entry is positive
        if row[np.argmax(np.abs(row))] < 0:
            row *= -1.0
    return Plane(tuple(float(v) for v in mean), (tuple(float(v) for v in basis[0]),
                                                 tuple(float(v) for v in basis[1])), ("PC1", "PC2"))


def network_inputs(values: np.ndarray, features: Sequence[str], dtype: Any = np.float64) -> np.ndarray:
    """(n, d) scaled column values to the network's (n, n_0) inputs: engineered features for two columns."""
    values = np.asarray(values)
    if values.shape[1] == 2:
        return compute_features(values, tuple(features), dtype)
    return np.ascontiguousarray(values, dtype=dtype)


def plane_inputs(uv: np.ndarray, features: Sequence[str], plane: Plane | None,
                 dtype: Any = np.float64) -> np.ndarray:
    """(m, 2) points of the shown plane to the network's (m, n_0) inputs."""
    if plane is None:
        return compute_features(np.asarray(uv), tuple(features), dtype)
    return network_inputs(plane.inputs(uv), features, dtype)
