"""The output view's heatmap item: an opaque picture that Qt scales to the screen on its quick path (issue 23).

pyqtgraph turns an RGBA picture given with levels into a 32-bit ARGB QImage through its own
pass over every pixel (about 1 ms for 200²), and Qt draws an ARGB image scaled and smoothed
several times slower than an opaque one (RGB32): together the most costly part of drawing
the output view each frame. Given no levels, pyqtgraph wraps the RGBA bytes as they are;
this item then keeps them as RGB32, which Qt scales with the same pixels as a result.

The picture changes with every live frame, so its QImage is made at every paint: straight from
the RGBA bytes (one conversion in Qt), not through pyqtgraph's general `render`, whose checks
for levels, tables, NaNs and downsampling cost several times the conversion in a busy window.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QImage


class OpaqueImageItem(pg.ImageItem):
    """An ImageItem for an opaque (rows, columns, 4) uint8 RGBA picture, set with `setImage(rgba, autoLevels=False)`."""

    def render(self) -> None:
        """The picture as an opaque RGB32 QImage (every alpha is 255: the same pixels on screen)."""
        image = self.image
        if self._plain_rgba(image):
            data = np.ascontiguousarray(image)
            rows, columns = data.shape[:2]
            rgba = QImage(data.data, columns, rows, columns * 4, QImage.Format.Format_RGBA8888)
            self.qimage = rgba.convertToFormat(QImage.Format.Format_RGB32)  # a copy: `data` may go
            self._renderRequired = False
            self._unrenderable = False
            return
        super().render()  # anything else (levels, a table, another shape): pyqtgraph's way
        made: QImage | None = self.qimage  # type: ignore[has-type]  # pyqtgraph's attribute, untyped
        if made is not None and made.format() != QImage.Format.Format_RGB32:
            self.qimage = made.convertToFormat(QImage.Format.Format_RGB32)

    def _plain_rgba(self, image: np.ndarray | None) -> bool:
        """Whether the picture is shown byte for byte: row-major RGBA uint8, no levels, table or downsampling."""
        return (image is not None and image.ndim == 3 and image.shape[2] == 4 and image.size > 0
                and image.dtype == np.uint8 and self.levels is None and self.lut is None
                and self.axisOrder == "row-major" and not self.autoDownsample)
