"""Which range and scale the loss axis takes: from 0 to a nice ceiling, whole decades on a log scale, and a log
scale whatever the user chose once a run diverged (its losses span hundreds of decades: lesson 7 reaches 3.61e285).

Qt-free: the chart (loss_chart.py) reads it before pyqtgraph is loaded.
"""

from __future__ import annotations

import math

import numpy as np

from nnviz.data import nice_ceiling

_STEPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)
DIVERGED_FACTOR = 1e3  # a loss this many times the run's first recorded loss has diverged: the axis turns log
WIDEST_TICKS = ("0.0005", "1e−12", "100 %")  # the widest numbers the value axes write
LINEAR_MAX = 1e300  # a loss above this turns the axis log too: pyqtgraph's views end at 1e307
# A first loss below this counts as this much: a run that starts almost solved (5e-324, a regression near 0) has
# not diverged when its loss rises to an ordinary value. With the factor, the run must pass 10, a loss beyond
# a uniform guess's cross-entropy (ln k) for any class count and beyond outputs 3 off on targets in [-1, 1].
FIRST_LOSS_FLOOR = 1e-2


def _diverged_above(first: float) -> float:
    """The loss above which the live run whose first recorded loss is `first` has diverged (inf: unknown)."""
    return DIVERGED_FACTOR * max(first, FIRST_LOSS_FLOOR) if math.isfinite(first) and first > 0 else math.inf


def runaway(y: np.ndarray, first: float) -> bool:
    """Whether losses need a log axis to be read: a finite one above DIVERGED_FACTOR x the run's `first`
    loss (at least FIRST_LOSS_FLOOR: the run diverged), or above LINEAR_MAX."""
    y = y[np.isfinite(y)]
    if not y.size:
        return False
    top = float(y.max())
    return top > LINEAR_MAX or top > _diverged_above(first)


def shown_losses(y: np.ndarray, first: float) -> np.ndarray:
    """The losses that may set the axis while the live run has not run away: finite, at most LINEAR_MAX and
    the run's divergence level (a pinned run that diverged leaves the chart at the top)."""
    return y[np.isfinite(y) & (y <= LINEAR_MAX) & (y <= _diverged_above(first))]


def loss_range(y: np.ndarray, log: bool) -> tuple[float, float]:
    """A y range for losses: from 0 up to a nice ceiling above the largest loss; whole decades on a log scale.

    Non-finite losses set no range (they are not drawn).
    """
    y = y[np.isfinite(y)]
    finite = y[y > 0] if log else y
    if not finite.size:
        return (-1.0, 0.0) if log else (0.0, 1.0)
    lo, hi = float(finite.min()), float(finite.max())
    if log:
        a, b = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
        return (float(a), float(b if b > a else a + 1))
    return (min(0.0, lo), nice_ceiling(hi, _STEPS) if hi > 0 else 1.0)
