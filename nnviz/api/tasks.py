"""Training sets in Synaptic's {"input": [...], "output": [...]} form, and turning data into samples."""

from __future__ import annotations

from collections.abc import Sequence
from math import isfinite
from typing import Any

import numpy as np

from nnviz.api import randomness
from nnviz.errors import DataError

Sample = tuple[list[float], list[float]]

XOR_SET: tuple[dict[str, list[float]], ...] = (
    {"input": [0.0, 0.0], "output": [0.0]},
    {"input": [1.0, 0.0], "output": [1.0]},
    {"input": [0.0, 1.0], "output": [1.0]},
    {"input": [1.0, 1.0], "output": [0.0]},
)


def xor_set() -> list[dict[str, list[float]]]:
    """The XOR truth table, in Synaptic's order."""
    return [{"input": list(s["input"]), "output": list(s["output"])} for s in XOR_SET]


def quadrant_of(x: float, y: float) -> int:
    """0 for (+, +), 1 for (-, +), 2 for (-, -), 3 for (+, -), as nnviz.data's quadrants data set."""
    if x >= 0.0:
        return 0 if y >= 0.0 else 3
    return 1 if y >= 0.0 else 2


def quadrants_set(n_points: int = 100, margin: float = 0.1) -> list[dict[str, list[float]]]:
    """Random points in [-1, 1]^2, at least `margin` from both axes, with a one-hot quadrant as output."""
    if isinstance(n_points, bool) or not isinstance(n_points, int) or n_points < 1:
        raise DataError(f"the quadrants task needs a whole number of points >= 1, got {n_points!r}")
    out = []
    for _ in range(n_points):
        xy = [(margin + (1.0 - margin) * randomness.uniform(0.0, 1.0)) * (1 if randomness.randrange(2) else -1)
              for _ in range(2)]
        target = [0.0] * 4
        target[quadrant_of(xy[0], xy[1])] = 1.0
        out.append({"input": xy, "output": target})
    return out


def _row(values: Any, n: int, what: str, i: int) -> list[float]:
    if isinstance(values, np.ndarray):
        values = values.tolist()
    elif isinstance(values, int | float) and not isinstance(values, bool) and n == 1:
        values = [values]
    if not isinstance(values, Sequence) or isinstance(values, str) or len(values) != n:
        raise DataError(f"sample {i}: the {what} must be a list of {n} numbers, got {values!r}")
    row = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, int | float | np.number) or not isfinite(float(v)):
            raise DataError(f"sample {i}: the {what} must hold finite numbers, got {v!r}")
        row.append(float(v))
    return row


def _array(values: Any, what: str) -> np.ndarray:
    try:
        return np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise DataError(f"the {what} must be a table of numbers, with the same length in every row") from None


def samples(data: Any, targets: Any, n_in: int, n_out: int) -> list[Sample]:
    """(input, target) lists from [{"input": ..., "output": ...}, ...], or arrays X (n, n_in) and Y (n, n_out)."""
    if targets is None and isinstance(data, tuple) and len(data) == 2 and not isinstance(data[0], dict):
        data, targets = data  # train((X, Y))
    if targets is not None:
        X, Y = _array(data, "inputs"), _array(targets, "targets")
        if X.ndim == 1 and n_in == 1:
            X = X[:, None]
        if Y.ndim == 1 and n_out == 1:
            Y = Y[:, None]
        if X.ndim != 2 or X.shape[1] != n_in or Y.shape != (len(X), n_out):
            raise DataError(f"inputs must be (n, {n_in}) and targets (n, {n_out}); got {X.shape} and {Y.shape}")
        pairs = enumerate(zip(X, Y, strict=True))
        return [(_row(x, n_in, "input", i), _row(y, n_out, "output", i)) for i, (x, y) in pairs]
    if isinstance(data, dict) or not isinstance(data, Sequence):
        raise DataError("a training set is a list of {\"input\": [...], \"output\": [...]} samples, "
                        "or arrays X and Y")
    out = []
    for i, item in enumerate(data):
        if not isinstance(item, dict) or "input" not in item or "output" not in item:
            raise DataError(f"sample {i} must be {{\"input\": [...], \"output\": [...]}}, got {item!r}")
        out.append((_row(item["input"], n_in, "input", i), _row(item["output"], n_out, "output", i)))
    return out
