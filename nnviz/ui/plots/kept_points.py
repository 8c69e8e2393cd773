"""The output view's data points: kept as pixels while the map under them changes (issue 23).

A live frame repaints the map under the points every frame. pyqtgraph's scatter item draws every point
anew at each repaint (1,000 points: about 1.5 ms) and measures its own bounds in Python every time Qt
asks (several times a repaint). This item is cached as device pixels (Qt strokes it again only when
its points, their look or the view's transform change; exports draw it anew: `export/transient.py`)
and keeps the bounds it measured until the points, their size or the transform change.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsItem


class KeptPointsItem(pg.ScatterPlotItem):
    """A ScatterPlotItem cached as device pixels, whose bounding rect is measured once per change."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._bounds_key: tuple = ()
        self._bounds = QRectF()
        super().__init__(*args, **kwargs)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:
        """pyqtgraph's bounds, measured again only when what they depend on changed."""
        views = self.scene().views() if self.scene() is not None else []
        key = (self.dataBounds(0), self.dataBounds(1), self.pixelPadding(), self.sceneTransform(),
               views[0].viewportTransform() if views else None)
        if key != self._bounds_key:
            self._bounds_key, self._bounds = key, super().boundingRect()
        return QRectF(self._bounds)
