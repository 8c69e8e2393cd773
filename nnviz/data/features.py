"""Input features (X1, X2, X1^2, ... sin X2) and the grid over the input plane.

Grid convention: `grid_points(res)` lists the centres of a res x res grid
row-major, with y as the slow (row) index ascending and x as the fast index
ascending. So `values.reshape(res, res)` is an image indexed `image[iy, ix]`
whose row 0 is the BOTTOM of the plane (y = -extent); flip it vertically to
draw it with y pointing up on screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np

from nnviz.data.dataset import PLANE_EXTENT, REGRESSION, Dataset
from nnviz.engine import reproducible
from nnviz.errors import DataError
from nnviz.io.validate import brief

FEATURES: tuple[str, ...] = ("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2")
FEATURE_LABELS: dict[str, str] = {
    "x1": "X₁",
    "x2": "X₂",
    "x1sq": "X₁²",
    "x2sq": "X₂²",
    "x1x2": "X₁X₂",
    "sinx1": "sin(X₁)",
    "sinx2": "sin(X₂)",
}
DEFAULT_FEATURES: tuple[str, ...] = ("x1", "x2")
MAX_GRID_RESOLUTION = 4096
MAX_COORDINATE = 1e150  # |x1|, |x2| at most this: their squares and products stay finite (< 1e300)
_ALLOWED = ", ".join(FEATURES)


def normalize_features(names: Iterable[str]) -> tuple[str, ...]:
    """Return `names` validated, without duplicates, in FEATURES order."""
    if isinstance(names, str):
        names = (names,)
    chosen = set()
    for name in names:
        if name not in FEATURE_LABELS:
            raise DataError(f"unknown input feature {brief(name)}; choose from: {_ALLOWED}")
        chosen.add(name)
    if not chosen:
        raise DataError(f"select at least one input feature from: {_ALLOWED}")
    return tuple(name for name in FEATURES if name in chosen)


def parse_features(text: str) -> tuple[str, ...]:
    """Parse "x1,x2,sinx1" or "all" (any case, spaces allowed) into FEATURES order."""
    tokens = [token.strip().lower() for token in str(text).split(",")]
    tokens = [token for token in tokens if token]
    if tokens == ["all"]:
        return FEATURES
    for token in tokens:
        if token not in FEATURE_LABELS:
            raise DataError(f"unknown input feature {brief(token)}; choose from: {_ALLOWED}, or 'all'")
    return normalize_features(tokens)


def compute_features(
    points: np.ndarray,
    names: Iterable[str],
    dtype: Any = np.float64,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Return the (n, k) feature matrix of (n, 2) `points`, one column per feature.

    Columns follow FEATURES order whatever order `names` has. In float64 the
    sines are the engine's reproducible ones (the same bits on every machine). With `out` given
    (shape (n, k), dtype `dtype`) the result is written there and returned.
    """
    chosen = normalize_features(names)
    dt = np.dtype(dtype)
    if dt not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise DataError(f"feature dtype must be float32 or float64; got {dt}")
    pts = np.asarray(points)
    if pts.ndim != 2 or pts.shape[1] != 2:
        raise DataError(f"points must have shape (n, 2); got {pts.shape}")
    n, k = pts.shape[0], len(chosen)
    if out is None:
        out = np.empty((n, k), dtype=dt)
    elif out.shape != (n, k) or out.dtype != dt:
        raise DataError(f"out must have shape {(n, k)} and dtype {dt}; got {out.shape} {out.dtype}")
    x1 = pts[:, 0].astype(dt, copy=False)  # (n,) a view when the dtype already matches
    x2 = pts[:, 1].astype(dt, copy=False)  # (n,)
    for j, name in enumerate(chosen):
        col = out[:, j]  # (n,) strided view into out
        if name == "x1":
            col[...] = x1
        elif name == "x2":
            col[...] = x2
        elif name == "x1sq":
            np.multiply(x1, x1, out=col)
        elif name == "x2sq":
            np.multiply(x2, x2, out=col)
        elif name == "x1x2":
            np.multiply(x1, x2, out=col)
        elif name in ("sinx1", "sinx2"):
            # float64 (training, explain): the same bits on every machine; float32 is for pictures
            sine = reproducible.sin if dt == np.float64 else np.sin
            sine(x1 if name == "sinx1" else x2, col)
    return out


def check_coordinates(points: np.ndarray, source: str = "the data") -> None:
    """Raise DataError naming the first point (1-based data row) beyond +-MAX_COORDINATE.

    Within that bound every feature (x1^2, x1*x2, ...) stays finite, and so does the plane that shows the points.
    """
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    beyond = np.abs(pts).max(axis=1, initial=0.0) > MAX_COORDINATE  # (n,)
    if not beyond.any():
        return
    row = int(np.flatnonzero(beyond)[0])
    x1, x2 = (float(v) for v in pts[row])
    raise DataError(
        f"{source}: data row {row + 1} (x1 = {x1:g}, x2 = {x2:g}) is beyond ±{MAX_COORDINATE:g}, where "
        f"X₁² and X₁X₂ overflow to infinity; scale the data down"
    )


def check_targets(dataset: Dataset, source: str = "the data", column: str = "label") -> None:
    """Raise DataError naming the first regression target (1-based data row, and its column) beyond
    +-MAX_COORDINATE, where its square, and so the loss, overflows to infinity."""
    if dataset.kind != REGRESSION:
        return
    beyond = np.abs(dataset.labels) > MAX_COORDINATE  # (n,)
    if not beyond.any():
        return
    row = int(np.flatnonzero(beyond)[0])
    raise DataError(
        f"{source}: data row {row + 1}: the target in column {column} is {float(dataset.labels[row]):g}, beyond "
        f"±{MAX_COORDINATE:g}, where its square overflows to infinity and no loss can be computed; "
        "scale the targets down"
    )


def grid_axis(resolution: int, extent: float = PLANE_EXTENT) -> np.ndarray:
    """Return the (resolution,) ascending cell centres of [-extent, extent]."""
    res = _check_resolution(resolution)
    if not 0.0 < float(extent) < float("inf"):
        raise DataError(f"the grid extent must be a positive number; got {extent!r}")
    step = 2.0 * float(extent) / res
    return -float(extent) + step * (np.arange(res, dtype=np.float64) + 0.5)


def grid_points(resolution: int, extent: float = PLANE_EXTENT) -> np.ndarray:
    """Return (resolution**2, 2) cell centres; y is the slow index, x the fast, both ascending.

    Row `iy * resolution + ix` holds (axis[ix], axis[iy]), so values computed
    on these points reshape to an image `image[iy, ix]` with row 0 at y = -extent.
    The array is cached and read-only; copy it before writing.
    """
    return _grid_points(_check_resolution(resolution), float(extent))


@lru_cache(maxsize=8)
def _grid_points(res: int, extent: float) -> np.ndarray:
    axis = grid_axis(res, extent)  # (res,)
    grid = np.empty((res * res, 2), dtype=np.float64)
    grid[:, 0] = np.tile(axis, res)  # x: fast index
    grid[:, 1] = np.repeat(axis, res)  # y: slow index
    grid.setflags(write=False)
    return grid


def _check_resolution(resolution: object) -> int:
    """Return `resolution` as an int in [1, MAX_GRID_RESOLUTION], or raise."""
    if (
        isinstance(resolution, bool)
        or not isinstance(resolution, (int, np.integer))
        or not 1 <= int(resolution) <= MAX_GRID_RESOLUTION
    ):
        raise DataError(f"grid resolution must be a whole number from 1 to {MAX_GRID_RESOLUTION}; got {resolution!r}")
    return int(resolution)
