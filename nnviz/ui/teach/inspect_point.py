"""Inspect a point: Shift+click the output view to read the network's raw outputs there and the decoded class."""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel

from nnviz.session.explain import PointReadout, inspect_point
from nnviz.session.explain_text import readout_lines
from nnviz.ui import colors
from nnviz.ui.window.surface import WindowSurface


class PointInspector(QObject):
    """A box over the output view with the outputs at the last Shift+clicked point, and a cross there."""

    def __init__(self, surface: WindowSurface) -> None:
        super().__init__(surface)
        self.surface = surface
        view = surface.boundary_view
        self.box = QLabel(view)
        self.box.setObjectName("pointReadout")
        self.box.setTextFormat(Qt.TextFormat.RichText)
        self.box.setStyleSheet("QLabel#pointReadout { background: white; border: 1px solid #9aa1a8;"
                               " padding: 4px; color: #333a40; }")
        self.box.hide()
        self._cross = pg.ScatterPlotItem(size=14, pxMode=True, symbol="x", pen=pg.mkPen(colors.TEXT, width=1),
                                         brush=pg.mkBrush(*colors.TEXT))
        self._cross.setZValue(30)
        self._cross.hide()
        view.plot_item.addItem(self._cross)
        self.readout: PointReadout | None = None

    def inspect(self, x: float, y: float) -> PointReadout | None:
        """Read the outputs at plane point (x, y) from the latest frame and show them."""
        frame = self.surface.frame
        if frame is None:
            return None
        self.readout = inspect_point(frame, (x, y))
        lines = readout_lines(self.readout, frame.activations[-1])
        self.box.setText("<b>" + html.escape(lines[0]) + "</b><br>" + "<br>".join(html.escape(t) for t in lines[1:]))
        self.box.adjustSize()
        self.box.move(max(0, self.surface.boundary_view.width() - self.box.width() - 60), 10)
        self.box.show()
        self.box.raise_()
        self._cross.setData(pos=np.asarray([[x, y]], dtype=np.float64))
        self._cross.show()
        return self.readout

    def hide(self) -> None:
        """Hide the readout."""
        self.box.hide()
        self._cross.hide()
        self.readout = None

    def text(self) -> str:
        """The readout as shown (plain text), for tests."""
        return html.unescape(self.box.text().replace("<br>", "\n").replace("<b>", "").replace("</b>", ""))
