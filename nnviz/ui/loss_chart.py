"""LossChart: train and test loss per epoch, and accuracy below it for classification."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from nnviz.session.frame import Frame
from nnviz.ui import colors

TRAIN_COLOR = QColor(0x2F, 0x3B, 0x45)  # dark slate: training set, in both plots
TEST_COLOR = QColor(0x8E, 0x5A, 0xC8)  # purple: test set
_AXIS_PEN = QColor(0x8A, 0x91, 0x99)
_AXIS_TEXT = QColor(*colors.TEXT)


def _style(plot: pg.PlotItem, y_label: str) -> None:
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.setClipToView(True)
    plot.setDownsampling(auto=True, mode="peak")
    plot.showGrid(x=False, y=True, alpha=0.25)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(_AXIS_PEN)
        axis.setTextPen(_AXIS_TEXT)
        axis.enableAutoSIPrefix(False)
    plot.getAxis("left").setWidth(50)
    plot.setLabel("left", y_label, color=_AXIS_TEXT.name())


def _fmt(v: float | None, percent: bool = False) -> str:
    if v is None or not math.isfinite(v):
        return "–"
    return f"{100 * v:.1f} %" if percent else f"{v:.4f}"


class LossChart(QWidget):
    """Loss curves (train, test) per recorded epoch; accuracy in a second plot for classification."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        pal = self.palette()
        pal.setColor(self.backgroundRole(), QColor(255, 255, 255))
        self.setPalette(pal)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setStyleSheet(f"color: {_AXIS_TEXT.name()}; padding: 2px 6px;")
        self.canvas = pg.GraphicsLayoutWidget(self)
        self.canvas.setBackground("w")
        self.canvas.ci.setContentsMargins(2, 4, 8, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.summary)
        layout.addWidget(self.canvas)

        self.plot_item: pg.PlotItem = self.canvas.addPlot(row=0, col=0)
        _style(self.plot_item, "loss")
        legend = self.plot_item.addLegend(offset=(-8, 6), brush=pg.mkBrush(255, 255, 255),
                                          pen=pg.mkPen(_AXIS_PEN), labelTextColor=_AXIS_TEXT)
        legend.setZValue(20)
        legend.setColumnCount(2)
        self.train_curve = self.plot_item.plot(name="train", pen=pg.mkPen(TRAIN_COLOR, width=1))
        self.test_curve = self.plot_item.plot(name="test", pen=pg.mkPen(TEST_COLOR, width=1))

        self.accuracy_item = pg.PlotItem()
        _style(self.accuracy_item, "accuracy")
        self.accuracy_item.setYRange(0.0, 1.0, padding=0.02)
        self.accuracy_item.enableAutoRange(axis="y", enable=False)
        self.accuracy_item.setXLink(self.plot_item)
        self.train_accuracy_curve = self.accuracy_item.plot(pen=pg.mkPen(TRAIN_COLOR, width=1))
        self.test_accuracy_curve = self.accuracy_item.plot(pen=pg.mkPen(TEST_COLOR, width=1))
        self._accuracy_shown = False
        self._show_accuracy(True)

        self._key: tuple = ()
        self._summary_text = ""
        self._log = False
        self.redraw_count = 0  # how often the curves were redrawn (tests, profiling)

    # --- public ----------------------------------------------------------------------------
    def set_frame(self, frame: Frame) -> None:
        """Redraw the curves when the history changed; always refresh the summary line."""
        h = frame.history
        n = len(h)
        key = (frame.structure_version, frame.problem, n, float(h.epoch[-1]) if n else -1.0,
               float(h.epoch[0]) if n else -1.0)
        if key != self._key:
            self._key = key
            self._redraw(frame)
        self._set_summary(frame)

    def set_log_scale(self, on: bool) -> None:
        """Log-scale the loss axis."""
        self._log = bool(on)
        self.plot_item.setLogMode(x=False, y=self._log)

    @property
    def log_scale(self) -> bool:
        """Whether the loss axis is log-scaled."""
        return self._log

    # --- drawing ---------------------------------------------------------------------------
    def _show_accuracy(self, on: bool) -> None:
        if on == self._accuracy_shown:
            return
        ci = self.canvas.ci
        if on:
            ci.addItem(self.accuracy_item, row=1, col=0)
            ci.layout.setRowStretchFactor(0, 3)
            ci.layout.setRowStretchFactor(1, 2)
            self.plot_item.getAxis("bottom").setStyle(showValues=False)
            self.plot_item.setLabel("bottom", "")
            self.accuracy_item.setLabel("bottom", "epoch", color=_AXIS_TEXT.name())
        else:
            ci.removeItem(self.accuracy_item)
            self.plot_item.getAxis("bottom").setStyle(showValues=True)
            self.plot_item.setLabel("bottom", "epoch", color=_AXIS_TEXT.name())
        self._accuracy_shown = on

    def _redraw(self, frame: Frame) -> None:
        self.redraw_count += 1
        h = frame.history
        x = np.asarray(h.epoch, np.float64)
        self.train_curve.setData(x, self._positive(h.train_loss))
        self.test_curve.setData(x, self._positive(h.test_loss))
        classify = frame.problem != "regression"
        self._show_accuracy(classify)
        if classify:
            self.train_accuracy_curve.setData(x, np.asarray(h.train_accuracy, np.float64))
            self.test_accuracy_curve.setData(x, np.asarray(h.test_accuracy, np.float64))

    @staticmethod
    def _positive(loss: np.ndarray) -> np.ndarray:
        """Losses with exact zeros lifted to a tiny value, so the log scale can show them."""
        y = np.asarray(loss, np.float64)
        return np.where(y <= 0.0, 1e-12, y) if (y <= 0.0).any() else y

    def _set_summary(self, frame: Frame) -> None:
        text = f"epoch {frame.epoch:,}   loss  train {_fmt(frame.train_loss)}  test {_fmt(frame.test_loss)}"
        if frame.problem != "regression":
            text += f"   accuracy  train {_fmt(frame.train_accuracy, True)}  test {_fmt(frame.test_accuracy, True)}"
        if text != self._summary_text:
            self._summary_text = text
            self.summary.setText(text)
