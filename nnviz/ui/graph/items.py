"""The painted pieces of the network graph: nodes, +/- buttons, the legend (the edges: edges_item.py)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from nnviz.ui import colors

_BORDER = QColor(0xB4, 0xB9, 0xBE)
_BORDER_HOVER = QColor(*colors.TEXT)
_BORDER_PEN = QPen(_BORDER, 1.0)
_HOVER_PEN = QPen(_BORDER_HOVER, 2.0)
_MARKER_PEN = QPen(_BORDER_HOVER, 1.0)
_TEXT = QColor(*colors.TEXT)


def _draw_thumbnails(painter: QPainter, boxes: list[QRectF], images: list[QImage]) -> None:
    """Draw each thumbnail into its box; ones computed at the boxes' size on screen are copied pixel for pixel.

    Every box has the same size, so one look at the painter's transform decides for all of them (per node, the
    look and its Qt enum lookups cost more than the drawing). The copy stays in the item's coordinates: a painter
    on a child widget of the window has a redirection offset that its device transform does not show, so drawing
    at device coordinates would land elsewhere.
    """
    if not boxes or not images:
        return
    t, box, image = painter.deviceTransform(), boxes[0], images[0]
    exact = not t.isRotating() and abs(box.width() * t.m11() - image.width()) <= 0.5 and abs(
        box.height() * t.m22() - image.height()) <= 0.5
    if exact:  # 1:1: each cell is one pixel, no smoothing
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
    draw = painter.drawImage
    for box, image in zip(boxes, images, strict=False):
        draw(box, image)  # smooth scaling unless exact
    if exact:
        painter.restore()


class NodesItem(QGraphicsItem):
    """Every neuron in one item: heatmap thumbnails, borders, bias markers (inputs have none).

    One item, not one per neuron: a network of 8 layers of 64 has 520 nodes, and Qt's
    per-item work (bounding rects, state, a Python paint call each) cost more than the drawing.
    """

    def __init__(self, xs: np.ndarray, ys: np.ndarray, size: float, bias: float, has_bias: list[bool]) -> None:
        super().__init__()
        self._boxes = [QRectF(float(x), float(y), size, size) for x, y in zip(xs, ys, strict=True)]
        self._bias_boxes = [QRectF(float(x) - bias / 2, float(y) + size - bias / 2 - 2, bias, bias) if b else None
                            for x, y, b in zip(xs, ys, has_bias, strict=True)]
        pad = bias / 2 + 2
        self._rect = QRectF()
        for box in self._boxes:
            self._rect = self._rect.united(box.adjusted(-pad, -2, 2, pad))
        self._images: list[QImage] = []
        self._pixels: np.ndarray | None = None  # keeps the QImages' memory alive
        self._source: Callable[[], np.ndarray] | None = None  # the next frame's pixels, made when needed
        self._bias_colors: list[QColor] = [QColor(*colors.GREY)] * len(self._boxes)
        self._markers = [m for m in self._bias_boxes if m is not None]  # the drawn markers, and their colours:
        self._marker_colors = [c for m, c in zip(self._bias_boxes, self._bias_colors, strict=True) if m is not None]
        self._plain_boxes: tuple[int, list[QRectF]] = (-2, [])  # (hovered node, the boxes drawn with a plain border)
        self.hovered = -1
        self.setCacheMode(QGraphicsItem.CacheMode.NoCache)

    def boundingRect(self) -> QRectF:
        """All node boxes, with the bias markers that stick out at their bottom-left."""
        return self._rect

    def set_pixels_from(self, source: Callable[[], np.ndarray]) -> None:
        """Show the (n_nodes, h, w) uint32 0xFFRRGGBB images, one per node, that source() makes when the nodes are
        next painted or read: after the window's frame hand-over, while the trainer runs, and not at all while the
        graph is hidden.

        The images are views of one buffer owned by this item: a frame of the same shape is copied into it,
        and the 500 QImages of a big network are made once, not every frame.
        """
        self._source = source
        self.update()

    def _settle(self) -> None:
        if self._source is not None:
            source, self._source = self._source, None
            self._fill(source())

    def _fill(self, pixels: np.ndarray) -> None:
        if self._pixels is None or self._pixels.shape != pixels.shape:
            n, h, w = pixels.shape
            self._pixels = np.empty((n, h, w), np.uint32)
            self._images = [QImage(p.data, w, h, w * 4, QImage.Format.Format_RGB32) for p in self._pixels]
        np.copyto(self._pixels, pixels)

    def set_bias_colors(self, nodes: list[int], bias_colors: list[QColor]) -> None:
        """Colour the bias markers of these nodes (one colour each)."""
        for node, color in zip(nodes, bias_colors, strict=True):
            self._bias_colors[node] = color
        if nodes:
            self._marker_colors = [c for m, c in zip(self._bias_boxes, self._bias_colors, strict=True) if m is not None]
            self.update()

    def set_hovered(self, node: int) -> None:
        """Draw this node's border darker (-1: none)."""
        if node != self.hovered:
            self.hovered = node
            self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        """Thumbnails, borders, bias markers (axis-aligned, so drawn without antialiasing: 3x cheaper).

        The markers are filled one by one (a rectangle fill, without a brush or a pen to set) and outlined in one
        call; the borders are drawn in one call from a list made when the hovered node changes.
        """
        self._settle()
        aa = painter.testRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        boxes = self._boxes
        _draw_thumbnails(painter, boxes, self._images)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(_BORDER_PEN)
        if self._plain_boxes[0] != self.hovered:
            self._plain_boxes = (self.hovered, [b for i, b in enumerate(boxes) if i != self.hovered])
        painter.drawRects(self._plain_boxes[1])
        if 0 <= self.hovered < len(boxes):
            painter.setPen(_HOVER_PEN)
            painter.drawRect(boxes[self.hovered])
        fill = painter.fillRect
        for marker, color in zip(self._markers, self._marker_colors, strict=True):
            fill(marker, color)
        painter.setPen(_MARKER_PEN)
        painter.drawRects(self._markers)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, aa)


class ButtonItem(QGraphicsItem):
    """A small round +/- button above a hidden layer; the view does the clicking."""

    SIZE = 18.0

    def __init__(self, x: float, y: float, sign: int, layer: int) -> None:
        super().__init__()
        self.setPos(x, y)
        self.sign = sign
        self.layer = layer  # hidden layer index, 0-based
        self.enabled = True
        self.hovered = False
        # kept as pixels: half of them lie in the neurons' repaint each frame (issue 23; exports draw them anew)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:
        """The button's square."""
        return QRectF(0, 0, self.SIZE, self.SIZE)

    def contains_scene(self, p: QPointF) -> bool:
        """Whether a scene point is on the button."""
        return self.sceneBoundingRect().adjusted(-2, -2, 2, 2).contains(p)

    def set_state(self, enabled: bool | None = None, hovered: bool | None = None) -> None:
        """Change enabled/hover looks."""
        if enabled is not None:
            self.enabled = enabled
        if hovered is not None:
            self.hovered = hovered
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        """A circle with a plus or minus drawn from lines (no font needed)."""
        s = self.SIZE
        base = QColor(*colors.TEXT) if self.enabled else QColor(0xC8, 0xCC, 0xD0)
        fill = QColor(0xE4, 0xE8, 0xEC) if (self.hovered and self.enabled) else QColor(0xFF, 0xFF, 0xFF)
        painter.setPen(QPen(base, 1.2))
        painter.setBrush(fill)
        painter.drawEllipse(QRectF(0.5, 0.5, s - 1, s - 1))
        painter.setPen(QPen(base, 1.8))
        painter.drawLine(QLineF(5, s / 2, s - 5, s / 2))
        if self.sign > 0:
            painter.drawLine(QLineF(s / 2, 5, s / 2, s - 5))


class LegendItem(QGraphicsItem):
    """A gradient bar from -1 (orange) to +1 (blue); its words are text items beside it (graph/labels.py)."""

    BAR_W = 110.0
    BAR_H = 8.0

    def boundingRect(self) -> QRectF:
        """The bar."""
        return QRectF(0, 0, self.BAR_W, self.BAR_H)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        """Draw the bar."""
        grad = QLinearGradient(0, 0, self.BAR_W, 0)
        grad.setColorAt(0.0, QColor(*colors.ORANGE))
        grad.setColorAt(0.5, QColor(*colors.GREY))
        grad.setColorAt(1.0, QColor(*colors.BLUE))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(grad))
        painter.drawRect(self.boundingRect())
