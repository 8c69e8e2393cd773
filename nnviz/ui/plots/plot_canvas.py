"""The plots' pyqtgraph canvas, with a viewport made in Python (issue 23: launch).

pyqtgraph's GraphicsView first reads back the viewport Qt made for it (to decide whether to replace it);
a widget Qt made, read back, makes PySide6 build every QtWidgets class: about 11 ms of the GUI thread
between the first paint and the plots on screen. This canvas sets a viewport of its own without reading
the old one.

With an opaque background (the plots' white), the view fills every pixel it repaints with it first, so the
viewport tells Qt it paints every pixel: Qt then does not fill the viewport's palette colour under it first
(the output view repaints its plane every live frame).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


class PlotCanvas(pg.GraphicsLayoutWidget):
    """A GraphicsLayoutWidget whose plain viewport is made here, never read back from Qt."""

    def useOpenGL(self, b: bool = True) -> None:
        """pyqtgraph's choice of viewport; the plain one is made, not read back (the OpenGL one as pyqtgraph does)."""
        if b:
            super().useOpenGL(b)
        elif getattr(self, "_plain_viewport", None) is None:
            self._plain_viewport = QWidget()
            self.setViewport(self._plain_viewport)

    def setBackground(self, background: object) -> None:
        """pyqtgraph's background; an opaque one is painted under every repaint, so Qt fills nothing before."""
        super().setBackground(background)
        viewport = getattr(self, "_plain_viewport", None)  # ours: not read back (see above)
        (viewport if viewport is not None else self.viewport()).setAttribute(
            Qt.WidgetAttribute.WA_OpaquePaintEvent, self.backgroundBrush().isOpaque())
