"""The output view's picture before its plot is made (issue 23): the window's first paint shows the boundary
and the points where the plot will draw them, not a blank square; the axes and the colour bar come with the
plot, right after.

The plane's box is where pyqtgraph lays it out for the default data set with DejaVu Sans (the font nnviz
installs; another font moves it by a few pixels, no more); the plane is the largest square in that box,
centred, as pyqtgraph's locked aspect draws it.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QWidget

from nnviz.session.frame import Frame
from nnviz.session.message import Message
from nnviz.ui import look
from nnviz.ui.plots.output_picture import point_brushes, point_symbols
from nnviz.ui.plots.slice_drawing import faded_brushes

# px: the plane's box inside the canvas: its margins left (the axis and its title), top, right (the colour bar)
# and bottom (the axis)
PLANE_MARGINS = (38, 9, 56, 26)


class PreviewPoints(Message):
    """One set of points as the plot draws them: plane coordinates (n, 2), a brush and a symbol each, outline."""

    xy: np.ndarray
    brushes: list[QBrush]
    symbols: list[str] | str
    outline: QColor


def preview_points(frame: Frame, show_test: bool) -> list[PreviewPoints]:
    """A frame's points as the plot draws them with the current look: the test points (if shown), then training."""
    now = look.current()
    groups = [(frame.train_points, frame.train_labels, frame.train_distance, now.train_outline)]
    if show_test:
        groups.insert(0, (frame.test_points, frame.test_labels, frame.test_distance, now.test_outline))
    return [PreviewPoints(np.asarray(xy, np.float64), faded_brushes(point_brushes(frame, labels), far),
                          point_symbols(frame, labels), QColor(*outline))
            for xy, labels, far, outline in groups]


def preview_plane(canvas: QRect) -> QRectF:
    """Where the plot will draw the plane, in the view, for a canvas placed at `canvas`."""
    left, top, right, bottom = PLANE_MARGINS
    width, height = canvas.width() - left - right, canvas.height() - top - bottom
    side = max(1, min(width, height))
    return QRectF(canvas.x() + left + (width - side) / 2, canvas.y() + top + (height - side) / 2, side, side)


def paint_preview(widget: QWidget, plane: QRectF, extent: float, rgba: np.ndarray, points: list[PreviewPoints],
                  size: float, outline_width: float) -> None:
    """Paint the heatmap `rgba` (R, R, 4), row 0 at the bottom, over `plane`, and the points on it."""
    rows, cols = rgba.shape[:2]
    pixels = np.ascontiguousarray(rgba[::-1])  # row 0 is the plane's bottom (y up)
    image = QImage(pixels.data, cols, rows, cols * 4, QImage.Format.Format_RGBA8888)
    painter = QPainter(widget)
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(plane, image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scale = plane.width() / (2 * extent)
        half = size / 2
        for group in points:
            painter.setPen(QPen(group.outline, outline_width))
            for i, (x, y) in enumerate(np.asarray(group.xy, np.float64).reshape(-1, 2)[:, :2].tolist()):
                centre = QPointF(plane.x() + (x + extent) * scale, plane.y() + (extent - y) * scale)
                painter.setBrush(group.brushes[i])
                symbol = group.symbols if isinstance(group.symbols, str) else group.symbols[i]
                box = QRectF(centre.x() - half, centre.y() - half, size, size)
                if symbol == "s":
                    painter.drawRect(box)
                else:
                    painter.drawEllipse(box)
        painter.setBrush(Qt.BrushStyle.NoBrush)
    finally:
        painter.end()
