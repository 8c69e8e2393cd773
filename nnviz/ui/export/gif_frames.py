"""Frames of a recording: a view drawn to an image, stamped with its epoch, as RGB pixels."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from nnviz.ui.export.svg import render_image


def stamp_epoch(image: QImage, epoch: int) -> None:
    """Write "epoch N" in a white box in the image's top-right corner (in place)."""
    scale = image.devicePixelRatio()
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        font = QFont("DejaVu Sans")
        font.setPixelSize(13)
        font.setBold(True)
        painter.setFont(font)
        text = f"epoch {epoch:,}"
        metrics = painter.fontMetrics()
        w, h = metrics.horizontalAdvance(text) + 12, metrics.height() + 6
        box = QRectF(image.width() / scale - w - 6, 6, w, h)
        painter.setPen(QColor(0x8A, 0x91, 0x99))
        painter.setBrush(QColor(255, 255, 255))
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(QColor(0x2F, 0x3B, 0x45))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    finally:
        painter.end()


def rgb_pixels(image: QImage) -> np.ndarray:
    """The image as a (height, width, 3) uint8 array (a copy)."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    h, w, stride = rgb.height(), rgb.width(), rgb.bytesPerLine()
    buf = np.frombuffer(rgb.constBits(), np.uint8, count=stride * h).reshape(h, stride)
    return buf[:, : w * 3].reshape(h, w, 3).copy()


def recorded_frame(widget: object, epoch: int, scale: float = 1.0) -> np.ndarray:
    """A widget drawn now, stamped with the epoch, as RGB pixels."""
    image = render_image(widget, scale)  # type: ignore[arg-type]
    stamp_epoch(image, epoch)
    return rgb_pixels(image)
