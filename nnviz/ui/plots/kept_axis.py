"""The output view's axes: kept as pixels while the map beside them repaints every frame (issue 23).

The heatmap's repaint overlaps the axes' bounds, so Qt painted both axes again with every live frame:
pyqtgraph replays their tick numbers and lines (0.3 ms a frame on the spiral 6x8, more than the map
itself). Cached as device pixels, they are drawn anew only when their ticks, range or size change;
exports draw them anew (`export/transient.py`). Their bounds grow by a pixel on each side: the axis
line's end and pyqtgraph's half-pixel pen reach just past the axis' own geometry, which a cache would cut off.
Qt asks for those bounds several times in every repaint of the view (the map's, every frame); they are measured
again only when what they depend on changed: the axis' geometry, its tick length and label overhang, its grid.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsItem

MARGIN = 2.0  # px around the axis' geometry that its drawing may reach (pen width, antialiasing)


class KeptAxis(pg.AxisItem):
    """An AxisItem cached as device pixels, with room in its bounds for what it draws at its edges."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._bounds_key: tuple = ()
        self._bounds = QRectF()
        super().__init__(*args, **kwargs)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:
        """pyqtgraph's bounds, a little wider, so the cache keeps every pixel the axis draws (measured again when
        they can have changed; an axis with a grid reaches over its view's bounds: measured every time)."""
        key = (self.geometry(), self.style["tickLength"], self.style["hideOverlappingLabels"])
        if self.grid is not False or key != self._bounds_key:
            self._bounds_key = key
            self._bounds = super().boundingRect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        return QRectF(self._bounds)
