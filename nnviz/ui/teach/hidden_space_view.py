"""The hidden-space dock: the input plane's grid and the training points at two hidden neurons' activations.

It redraws from the frames the window receives, at most every REDRAW_INTERVAL seconds while
training (one batched forward pass of ~1,600 grid points; a few hundred microseconds), so
the frame rate of the other views is not touched.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QDockWidget, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from nnviz.session.explain.hidden import hidden_space, neuron_pairs
from nnviz.session.frame import Frame
from nnviz.ui import colors, look
from nnviz.ui.plots.output_picture import point_brushes, point_symbols
from nnviz.ui.presentation.room import SIDE_DOCK_WIDTH
from nnviz.ui.window.surface import WindowSurface

REDRAW_INTERVAL = 0.1  # seconds between redraws while training
SMALLER_THAN_OUTPUT = 2.0  # px: the points are this much smaller than the output view's (6 px at the standard look)
_LINE = QColor(0xA8, 0xAF, 0xB6)


def point_style(now: look.Look) -> tuple[float, float, tuple[int, int, int]]:
    """The points' diameter, outline width and outline colour: they grow with the output view's (presentation
    size, high contrast), a little smaller, since a small plot holds every training point."""
    return now.point_size - SMALLER_THAN_OUTPUT, now.outline_width, now.train_outline


class _Plot(pg.PlotWidget):
    """The plot asks for a modest height: in a dock that scrolls, the caption under it stays in view."""

    def sizeHint(self) -> QSize:
        """Square, about a side dock's width."""
        return QSize(300, 300)


class HiddenSpaceView(QWidget):
    """Layer and pair controls over a plot of the transformed grid and points."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 4, 6, 4)
        self._header = QGridLayout()
        self._header.setColumnStretch(3, 1)
        self._layer_label = QLabel("Layer")
        self.layer = QComboBox()
        self.layer.setToolTip("The hidden layer whose neurons span the picture")
        self.next_pair = QPushButton("Next pair")
        self.next_pair.setToolTip("Show the next two neurons of the layer")
        self._one_row: bool | None = None
        self._arrange_header()
        column.addLayout(self._header)
        self.plot = _Plot(background="w")
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMinimumSize(200, 200)
        for name in ("bottom", "left"):  # activations in their own units: 0.4–0.6, never "×0.001" and 400–600
            self.plot.getPlotItem().getAxis(name).enableAutoSIPrefix(False)
        column.addWidget(self.plot, 1)
        self.caption = QLabel("")
        self.caption.setObjectName("muted")
        self.caption.setWordWrap(True)
        column.addWidget(self.caption)
        self.lines = pg.PlotDataItem(pen=pg.mkPen(_LINE, width=1), connect="finite")
        self.points = pg.ScatterPlotItem(pxMode=True)
        self.restyle()
        look.signal().changed.connect(self.restyle)
        self.decision = pg.PlotDataItem(pen=pg.mkPen(colors.TEXT, width=2.5))
        self.decision.setZValue(5)
        self.plot.addItem(self.lines)
        self.plot.addItem(self.decision)
        self.plot.addItem(self.points)

    def restyle(self) -> None:
        """Draw the points as the look says (View ▸ Presentation Mode, High Contrast)."""
        size, width, outline = point_style(look.current())
        self.points.setSize(size)
        self.points.setPen(pg.mkPen(outline, width=width))

    def _arrange_header(self) -> None:
        """Layer, its box and Next pair on one row when they fit a side dock (SIDE_DOCK_WIDTH), else Next pair
        on a row of its own: in presentation size one row is wider than the dock and would be cut."""
        widgets = (self._layer_label, self.layer, self.next_pair)
        margins = self.contentsMargins().left() + self.contentsMargins().right() + 12  # and the dock's scroll bar
        need = sum(w.sizeHint().width() for w in widgets) + 2 * max(0, self._header.horizontalSpacing()) + margins
        one_row = need <= SIDE_DOCK_WIDTH
        if one_row == self._one_row:
            return
        self._one_row = one_row
        for w in widgets:
            self._header.removeWidget(w)
        self._header.addWidget(self._layer_label, 0, 0)
        self._header.addWidget(self.layer, 0, 1)
        if one_row:
            self._header.addWidget(self.next_pair, 0, 2)
        else:
            self._header.addWidget(self.next_pair, 1, 0, 1, 3, Qt.AlignmentFlag.AlignLeft)

    def changeEvent(self, event: QEvent) -> None:
        """Larger text (presentation mode, zoom): the header's rows again."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._arrange_header()


class HiddenSpace(QObject):
    """Keeps the hidden-space view in step with the window's frames."""

    def __init__(self, surface: WindowSurface) -> None:
        super().__init__(surface)
        self.surface = surface
        self.view = HiddenSpaceView()
        self.dock = QDockWidget("Hidden space", surface.window)
        self.dock.setObjectName("hiddenSpaceDock")
        self.dock.setWidget(self.view)
        surface.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.pair_index = 0
        self._drawn = 0.0
        self._key: tuple = ()
        self.shown: object = None  # the last HiddenSpace drawn
        self._brush_key: tuple = ()
        self._brush_list: list = []
        self._symbol_list: list[str] | str = "o"
        self.view.layer.currentIndexChanged.connect(self._on_layer)
        self.view.next_pair.clicked.connect(self.cycle_pair)
        self.dock.visibilityChanged.connect(lambda on: self.redraw(force=True) if on else None)
        surface.frameDrawn.connect(self._on_frame)

    def _on_frame(self, packet: object) -> None:
        if self.dock.isVisible():
            running = bool(getattr(packet, "running", False))
            if not running or time.perf_counter() - self._drawn >= REDRAW_INTERVAL:
                self.redraw()

    def _sync_layers(self, frame: Frame) -> None:
        key = (frame.structure_version, frame.sizes)
        if key == self._key:
            return
        self._key = key
        combo = self.view.layer
        combo.blockSignals(True)
        combo.clear()
        for layer in range(1, len(frame.sizes) - 1):
            combo.addItem(f"hidden {layer} ({frame.sizes[layer]} neurons)", layer)
        if combo.count() == 0:  # no hidden layer: the output layer is all there is
            combo.addItem(f"output ({frame.sizes[-1]} neurons)", len(frame.sizes) - 1)
        combo.blockSignals(False)
        self.pair_index = 0

    def _on_layer(self) -> None:
        self.pair_index = 0
        self.redraw(force=True)

    def cycle_pair(self) -> None:
        """Show the next pair of neurons of the layer."""
        self.pair_index += 1
        self.redraw(force=True)

    def redraw(self, force: bool = False) -> None:
        """Draw the latest frame's hidden space."""
        frame = self.surface.frame
        if frame is None or not (force or self.dock.isVisible()):
            return
        self._sync_layers(frame)
        layer = int(self.view.layer.currentData() or 1)
        pairs = neuron_pairs(frame.sizes[layer])
        pair = pairs[self.pair_index % len(pairs)]
        space = hidden_space(frame, layer, pair)
        lines = space.lines  # (n_lines, samples, 2): a NaN after each line breaks the polyline
        gaps = np.full((lines.shape[0], 1, 2), np.nan)
        xy = np.concatenate([lines, gaps], axis=1).reshape(-1, 2)
        self.view.lines.setData(xy[:, 0], xy[:, 1])
        brushes, symbols = self._brushes(frame, space.labels)
        self.view.points.setData(pos=space.points, brush=brushes, symbol=symbols)
        if space.decision is not None:  # the straight line the output draws across the hidden layer
            self.view.decision.setData(space.decision[:, 0], space.decision[:, 1])
        self.view.decision.setVisible(space.decision is not None)
        i, j = pair
        plot = self.view.plot.getPlotItem()
        plot.setLabel("bottom", f"neuron {i + 1}")
        plot.setLabel("left", f"neuron {j + 1}")
        line = " The dark line is where the output decides: a straight line here." if space.decision is not None else ""
        self._set_caption(f"Layer {layer}, neurons {i + 1} and {j + 1} (pair {self.pair_index % len(pairs) + 1}"
                          f" of {len(pairs)}): each grey line is a straight line of the input plane.{line}")
        self.shown = space
        self._drawn = time.perf_counter()

    def _set_caption(self, text: str) -> None:
        if text != self.view.caption.text():  # a new text lays the dock out again: only when it changes
            self.view.caption.setText(text)

    def _brushes(self, frame: Frame, labels: np.ndarray) -> tuple[list, list[str] | str]:
        """One brush and marker per point, from small shared palettes (pyqtgraph then draws each symbol once)."""
        key = (frame.data_version, frame.problem, frame.n_classes)
        if key == self._brush_key:
            return self._brush_list, self._symbol_list
        self._brush_key, self._brush_list = key, point_brushes(frame, labels, steps=16)
        self._symbol_list = point_symbols(frame, labels)
        return self._brush_list, self._symbol_list
