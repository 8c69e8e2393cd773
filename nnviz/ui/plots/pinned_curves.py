"""Pinned runs' curves in the loss chart: lighter lines, each labelled at its end by what differs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

from nnviz.session.history import HistoryView

# light, opaque (pre-blended on white) and apart from the live run's dark blue and amber
PIN_COLORS = tuple(QColor(c) for c in ("#8FB8DE", "#E3A6C8", "#9CCB9A", "#C7B0E0", "#E8C58A", "#93D1CF",
                                       "#D9A59A", "#B5B5B5"))


@dataclass(frozen=True)
class PinnedCurve:
    """One pinned run as the chart draws it."""

    pin_id: int
    label: str
    history: HistoryView


class PinnedCurves:
    """The curves and labels of the pinned runs in the loss and accuracy plots."""

    def __init__(self, loss_plot: pg.PlotItem, accuracy_plot: pg.PlotItem) -> None:
        self._loss_plot, self._accuracy_plot = loss_plot, accuracy_plot
        self._items: list[tuple[pg.PlotItem, pg.GraphicsObject]] = []
        self.shown: tuple[PinnedCurve, ...] = ()

    def set_curves(self, curves: tuple[PinnedCurve, ...], log: bool) -> None:
        """Draw these pinned runs (replacing the ones drawn before); `log`: the loss axis is log-scaled."""
        for plot, item in self._items:
            plot.removeItem(item)
        self._items = []
        self.shown = curves
        for i, curve in enumerate(curves):
            color = PIN_COLORS[i % len(PIN_COLORS)]
            h = curve.history
            x = np.asarray(h.epoch, np.float64)
            y = np.asarray(h.train_loss, np.float64)
            y = np.where(y <= 0.0, 1e-12, y)  # as the live curves: the log scale can show a zero loss
            line = pg.PlotDataItem(x, y, pen=pg.mkPen(color, width=2))
            line.setZValue(-10)  # under the live run's curves
            self._loss_plot.addItem(line)
            accuracy = pg.PlotDataItem(x, np.asarray(h.train_accuracy, np.float64), pen=pg.mkPen(color, width=2))
            accuracy.setZValue(-10)
            self._accuracy_plot.addItem(accuracy)
            self._items += [(self._loss_plot, line), (self._accuracy_plot, accuracy)]
            finite = np.isfinite(y)
            if finite.any():
                label = pg.TextItem(curve.label, color=color.darker(160), anchor=(1.0, 1.0))
                last = int(np.flatnonzero(finite)[-1])
                label.setPos(float(x[last]), float(np.log10(y[last])) if log else float(y[last]))
                self._loss_plot.addItem(label, ignoreBounds=True)
                self._items.append((self._loss_plot, label))

    def losses(self) -> np.ndarray:
        """Every pinned train loss drawn (for the axis range)."""
        arrays = [np.asarray(c.history.train_loss, np.float64) for c in self.shown]
        return np.concatenate(arrays) if arrays else np.empty(0)

    def last_epoch(self) -> float:
        """The latest epoch of any pinned run drawn (0 without any)."""
        return max((float(c.history.epoch[-1]) for c in self.shown if len(c.history)), default=0.0)
