"""The live run's curves in the loss chart: the history's columns handed to pyqtgraph's line item as they are
(issue 23).

The chart redraws about eight times a second while training runs. pyqtgraph's PlotDataItem took 0.2-0.3 ms a
curve for each new history (four curves a redraw): it copies and describes the data in Python objects, measures
its range and checks it for non-finite values, whatever the chart asks of it. This item draws the same line
from the same points: log10 of the values on a log axis, and, where a plot is too narrow for its points (more
than PEAK_FACTOR a pixel), each run of points as its largest and smallest value, as the chart's PlotDataItems
did ("peak" downsampling); the history always lies inside the view's x range, so nothing is clipped.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QPen

PEAK_FACTOR = 5.0  # points a pixel a curve keeps before runs of them are drawn as their peaks (pyqtgraph's default)


def peak_step(x: np.ndarray, view_width: float, pixels: float) -> int:
    """How many points of x (evenly spaced) make one run drawn as its peaks: 1 while at most PEAK_FACTOR points
    fall on a pixel of a view `view_width` wide in data and `pixels` wide on screen."""
    if len(x) < 2 or pixels <= 0.0:
        return 1
    spacing = float(x[-1] - x[0]) / (len(x) - 1)
    if spacing == 0.0:
        return 1
    runs = abs(view_width / spacing / (pixels * PEAK_FACTOR))
    return int(max(1.0, runs)) if math.isfinite(runs) else 1


def peaks(x: np.ndarray, y: np.ndarray, step: int) -> tuple[np.ndarray, np.ndarray]:
    """Each whole run of `step` points as two: its largest then its smallest y, both at the run's middle x.

    A last, shorter run is left out (as pyqtgraph leaves it); a run with a nan has nan peaks (a gap)."""
    runs = len(x) // step
    middle = x[step // 2: step // 2 + runs * step: step]
    blocks = y[: runs * step].reshape(runs, step)
    ys = np.empty(2 * runs)
    ys[0::2], ys[1::2] = blocks.max(axis=1), blocks.min(axis=1)
    return np.repeat(middle, 2), ys


class LiveCurve(pg.PlotCurveItem):
    """A line through a history column: `given` is what the chart handed it, `getData()` what is drawn."""

    def __init__(self, pen: QPen) -> None:
        super().__init__(pen=pen)
        self.given: tuple[np.ndarray, np.ndarray] = (np.empty(0), np.empty(0))
        self._log = False  # the plot's y axis is log-scaled: draw log10 of the values
        self._mapped: tuple[np.ndarray, np.ndarray, bool] | None = None  # (x, y, all finite) before peaks
        self._step = 0  # the run length drawn as peaks (0: nothing drawn yet)
        self._bounds: tuple[tuple[float, float], tuple[float, float]] | None = None  # x and y extents drawn

    def set_values(self, x: np.ndarray, y: np.ndarray) -> None:
        """Draw y over x (x increasing, evenly spaced as the history records it)."""
        self.given = (x, y)
        self._mapped = None
        self._draw()

    def setLogMode(self, x_log: bool, y_log: bool) -> None:
        """The plot's axes turned log or linear (pyqtgraph's PlotItem tells every item that has this method)."""
        if bool(y_log) != self._log:
            self._log = bool(y_log)
            self._mapped = None
            self._draw()

    def viewRangeChanged(self, *_: Any) -> None:
        """The view's x range changed: draw the points anew if another run length of peaks is needed."""
        if self._step and self._run_length() != self._step:
            self._draw()

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange: Any = None) -> tuple:
        """The extent of what is drawn along x (ax 0) or y (1): known from drawing it when every value is finite
        (pyqtgraph measures it again, with nan-aware passes, after each new history)."""
        if self._bounds is not None and frac >= 1.0 and orthoRange is None:
            return self._bounds[ax]
        return super().dataBounds(ax, frac, orthoRange)

    def _run_length(self) -> int:
        view = self.getViewBox()
        if view is None or self._mapped is None:
            return 1
        return peak_step(self._mapped[0], view.viewRect().width(), view.width())

    def _map(self) -> tuple[np.ndarray, np.ndarray, bool]:
        x, y = self.given
        if self._log:
            with np.errstate(divide="ignore", invalid="ignore"):
                y = np.log10(y)
        finite = bool(np.isfinite(y).all()) and bool(np.isfinite(x).all())
        if self._log and not finite:
            y[~np.isfinite(y)] = np.nan  # -inf (a zero) and +inf as gaps, as on a linear axis
        return x, y, finite

    def _draw(self) -> None:
        if self._mapped is None:
            self._mapped = self._map()
        x, y, finite = self._mapped
        self._step = self._run_length()
        if self._step > 1:
            x, y = peaks(x, y, self._step)
        # all finite: one polyline, no check; else the line breaks at each gap
        super().setData(x=x, y=y, connect="all" if finite else "finite", skipFiniteCheck=finite)
        pen = self.opts["pen"]
        exact = finite and len(x) > 0 and pen.isCosmetic() and self.opts["fillLevel"] is None
        # x increases: its extent is its ends
        self._bounds = ((float(x[0]), float(x[-1])), (float(y.min()), float(y.max()))) if exact else None
