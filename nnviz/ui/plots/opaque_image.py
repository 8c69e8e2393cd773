"""The output view's heatmap item: an opaque picture that Qt scales to the screen on its quick path (issue 23).

pyqtgraph turns an RGBA picture given with levels into a 32-bit ARGB QImage through its own
pass over every pixel (about 1 ms for 200²), and Qt draws an ARGB image scaled and smoothed
several times slower than an opaque one (RGB32): together the most costly part of drawing
the output view each frame. Given no levels, pyqtgraph wraps the RGBA bytes as they are;
this item then keeps them as RGB32, which Qt scales with the same pixels as a result.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QImage


class OpaqueImageItem(pg.ImageItem):
    """An ImageItem for an opaque (rows, columns, 4) uint8 RGBA picture, set with `setImage(rgba, autoLevels=False)`."""

    def render(self) -> None:
        """pyqtgraph's QImage of the picture, as opaque RGB32 (every alpha is 255: the same pixels on screen)."""
        super().render()
        made: QImage | None = self.qimage  # type: ignore[has-type]  # pyqtgraph's attribute, untyped
        if made is not None and made.format() != QImage.Format.Format_RGB32:
            self.qimage = made.convertToFormat(QImage.Format.Format_RGB32)
