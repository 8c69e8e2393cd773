"""Pinned runs' curves in the loss chart: lighter lines, each labelled at its end by what differs.

A pinned run whose loss is another function or another kind of problem draws no loss curve (its
numbers mean something else on that axis); its accuracy is drawn when both runs classify.
A label ends where its curve ends, above it; a curve that ends too near the plot's left (a short pinned run
beside a longer live one) or top edge has its label right of or below its end: it stays inside the plot (it was
drawn on the loss axis at 1024 px wide)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSizeF
from PySide6.QtGui import QColor

from nnviz.session.history import HistoryView
from nnviz.session.message import Message

if TYPE_CHECKING:
    import pyqtgraph as pg

# light, opaque (pre-blended on white) and apart from the live run's dark blue and amber
PIN_COLORS = tuple(QColor(c) for c in ("#8FB8DE", "#E3A6C8", "#9CCB9A", "#C7B0E0", "#E8C58A", "#93D1CF",
                                       "#D9A59A", "#B5B5B5"))

LABEL_VEIL = QColor(255, 255, 255, 220)  # behind a pinned run's label: the lines it crosses show through, faintly


def label_anchor(end: QPointF, size: QSizeF, plot: QRectF) -> tuple[float, float]:
    """Which corner of a label (a TextItem's anchor) sits at its curve's end, all in scene pixels: the bottom-right
    (the label left of and above the end), or a left or top corner where that would reach out of the plot."""
    return (1.0 if end.x() - size.width() >= plot.left() else 0.0,
            1.0 if end.y() - size.height() >= plot.top() else 0.0)


class PinnedCurve(Message):
    """One pinned run as the chart draws it."""

    pin_id: int
    label: str
    history: HistoryView
    loss: bool = True  # draw its loss curve (the same loss on the same kind of problem as the live run)
    accuracy: bool = True  # draw its accuracy curve (both runs classify)


class PinnedCurves:
    """The curves and labels of the pinned runs in the loss and accuracy plots."""

    def __init__(self, loss_plot: pg.PlotItem, accuracy_plot: pg.PlotItem) -> None:
        self._loss_plot, self._accuracy_plot = loss_plot, accuracy_plot
        self._items: list[tuple[pg.PlotItem, pg.GraphicsObject]] = []
        self._labels: list[tuple[pg.PlotItem, pg.TextItem]] = []
        self.shown: tuple[PinnedCurve, ...] = ()
        for plot in (loss_plot, accuracy_plot):  # GUI thread: the chart's own views
            plot.vb.sigRangeChanged.connect(lambda *_: self.place_labels())
            plot.vb.sigResized.connect(lambda *_: self.place_labels())

    def set_curves(self, curves: tuple[PinnedCurve, ...], log: bool) -> None:
        """Draw these pinned runs (replacing the ones drawn before); `log`: the loss axis is log-scaled."""
        for plot, item in self._items:
            plot.removeItem(item)
        self._items, self._labels = [], []
        self.shown = curves
        for i, curve in enumerate(curves):
            color = PIN_COLORS[i % len(PIN_COLORS)]
            h = curve.history
            x = np.asarray(h.epoch, np.float64)
            y = np.asarray(h.train_loss, np.float64)
            y = np.where(y <= 0.0, 1e-12, y)  # as the live curves: the log scale can show a zero loss
            accuracy = np.asarray(h.train_accuracy, np.float64)
            if curve.loss:
                self._add(self._loss_plot, x, y, color)
                self._label(self._loss_plot, curve.label, color, x, np.log10(y) if log else y)
            if curve.accuracy and np.isfinite(accuracy).any():
                self._add(self._accuracy_plot, x, accuracy, color)
                if not curve.loss:  # labelled where it is drawn
                    self._label(self._accuracy_plot, curve.label, color, x, accuracy)
        self.place_labels()

    def place_labels(self) -> None:
        """Each label on the side of its curve's end that keeps it inside its plot (see label_anchor)."""
        for plot, label in self._labels:
            if plot.scene() is None:
                continue
            end = plot.vb.mapViewToScene(label.pos())
            size = label.mapRectToScene(label.boundingRect()).size()
            anchor = label_anchor(end, size, plot.vb.sceneBoundingRect())
            if (label.anchor[0], label.anchor[1]) != anchor:
                label.setAnchor(anchor)

    def _add(self, plot: pg.PlotItem, x: np.ndarray, y: np.ndarray, color: QColor) -> None:
        import pyqtgraph as pg  # lazy: the chart's canvas loads it (after the first paint, issue 23)

        line = pg.PlotDataItem(x, y, pen=pg.mkPen(color, width=2))
        line.setZValue(-10)  # under the live run's curves
        plot.addItem(line)
        self._items.append((plot, line))

    def _label(self, plot: pg.PlotItem, text: str, color: QColor, x: np.ndarray, y: np.ndarray) -> None:
        """The pin's label at the last finite point of a curve (none when it has none)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            finite = np.isfinite(y)
        if finite.any():
            import pyqtgraph as pg  # lazy: the chart's canvas loads it (after the first paint, issue 23)

            # on a veil of the plot's white: a label beside a short curve's end may lie across the live curves
            label = pg.TextItem(text, color=color.darker(160), anchor=(1.0, 1.0), fill=LABEL_VEIL)
            label.setZValue(5)  # over the live run's curves
            last = int(np.flatnonzero(finite)[-1])
            label.setPos(float(x[last]), float(y[last]))
            plot.addItem(label, ignoreBounds=True)
            self._items.append((plot, label))
            self._labels.append((plot, label))

    def losses(self) -> np.ndarray:
        """Every pinned train loss drawn (for the axis range; a loss not drawn sets no range)."""
        arrays = [np.asarray(c.history.train_loss, np.float64) for c in self.shown if c.loss]
        return np.concatenate(arrays) if arrays else np.empty(0)

    def last_epoch(self) -> float:
        """The latest epoch of any pinned run drawn (0 without any)."""
        return max((float(c.history.epoch[-1]) for c in self.shown if len(c.history)), default=0.0)
