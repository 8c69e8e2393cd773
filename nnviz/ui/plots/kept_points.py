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
        self._measured: tuple[object, object] = (None, None)  # pyqtgraph's points and bounds cache when measured
        self._bounds = QRectF()
        super().__init__(*args, **kwargs)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:
        """pyqtgraph's bounds, measured again only when what they depend on changed."""
        scene = self.scene()
        views = scene.views() if scene is not None else []
        key = (self._maxSpotWidth, self._maxSpotPxWidth, self.sceneTransform(),
               views[0].viewportTransform() if views else None)
        points, cache = self._measured
        if points is not self.data or cache is not self.bounds or key != self._bounds_key:
            self._bounds = super().boundingRect()  # fills pyqtgraph's bounds cache (the same list, until replaced)
            self._bounds_key, self._measured = key, (self.data, self.bounds)
        return QRectF(self._bounds)
