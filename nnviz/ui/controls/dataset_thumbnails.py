"""Small pictures of the built-in data sets for the data-set picker.

The picker shows them in the first paint; drawing them (and reading the shipped tables for theirs) took a
tenth of the launch. `render_thumbnail` draws one; the pictures it draws are stored under
resources/thumbnails/ (`write_thumbnails`), and `thumbnail_icon` reads those (a test checks they are what
`render_thumbnail` draws now), drawing any that is missing or unreadable.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPen, QPixmap

from nnviz import data as nd
from nnviz.resource_paths import resource_path
from nnviz.ui.colors import GREY, class_color, diverging_rgb

THUMB_SIZE = 48
THUMB_POINTS = 200
THUMB_SEED = 7
STORED = "thumbnails"  # the resource folder of the drawn pictures, one <name>.png each
_BACKGROUND = QColor(250, 250, 251)
_FRAME = QColor(205, 210, 214)


def _point_colors(ds: nd.Dataset) -> list[QColor]:
    """One colour per point: the class colour, or the diverging map of a regression target."""
    if ds.kind == nd.REGRESSION:
        targets = ds.labels
        if ds.from_table and len(targets) and np.ptp(targets) > 0:  # a real target: its own range on -1..1
            targets = 2.0 * (targets - targets.min()) / np.ptp(targets) - 1.0
        return [QColor(int(r), int(g), int(b)) for r, g, b in diverging_rgb(targets)]
    palette = [class_color(k) for k in range(max(ds.n_classes, 2))]
    return [palette[int(label)] for label in ds.labels]


def render_thumbnail(name: str, size: int = THUMB_SIZE) -> QImage:
    """Draw THUMB_POINTS points of data set `name` (fixed seed; a shipped table: its first two principal
    components) into a size x size image."""
    info = nd.GENERATORS.get(name)
    if info is None:
        ds = nd.load_shipped(name)
        scaled = nd.Scaling.fit(ds.points).apply(ds.points)
        pts = nd.pca_plane(scaled, ds.columns).project(scaled)  # (n, 2)
        lo, hi, radius = float(pts.min()) - 0.3, float(pts.max()) + 0.3, 1.4
    else:
        n = info.default_points if info.fixed_size else THUMB_POINTS
        ds = nd.generate(name, n, 0.0, np.random.default_rng(THUMB_SEED))
        pts = ds.points
        lo, hi = -nd.PLANE_EXTENT, nd.PLANE_EXTENT
        if info.fixed_size:  # the gates live on {0, 1}^2: zoom in so the four dots show
            lo, hi = float(pts.min()) - 0.6, float(pts.max()) + 0.6
        radius = 5.0 if info.fixed_size else 1.6
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(_BACKGROUND)
    scale = (size - 4) / (hi - lo)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        for (x, y), color in zip(pts, _point_colors(ds), strict=True):
            painter.setBrush(color)
            centre = QPointF(2 + (x - lo) * scale, size - 2 - (y - lo) * scale)  # y up
            painter.drawEllipse(centre, radius, radius)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(_FRAME, 1.0))
        painter.drawRect(QRectF(0.5, 0.5, size - 1, size - 1))
    finally:
        painter.end()
    return image


def stored_thumbnail(name: str) -> Path:
    """Where the picture of data set `name` is stored."""
    return resource_path(f"{STORED}/{name}.png")


def write_thumbnails() -> list[Path]:
    """Draw every built-in data set's picture and store it (after a data set, or how it is drawn, changed)."""
    paths = []
    for name in [*nd.GENERATORS, *nd.SHIPPED]:
        path = stored_thumbnail(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        render_thumbnail(name).save(str(path))
        paths.append(path)
    return paths


@cache
def thumbnail_icon(name: str) -> QIcon:
    """The picker icon of data set `name`: its stored picture, or drawn now (cached; needs a QApplication)."""
    path = stored_thumbnail(name)
    image = QImage(str(path)) if path.is_file() else QImage()
    if image.size() != QSize(THUMB_SIZE, THUMB_SIZE):  # missing, unreadable (null) or of another size
        image = render_thumbnail(name)
    return QIcon(QPixmap.fromImage(image))


def csv_icon(size: int = THUMB_SIZE) -> QIcon:
    """A plain icon for the "Load CSV…" entry."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(_BACKGROUND)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(*GREY).darker(160), 1.0))
        for row in range(4):
            y = 12 + row * 8
            painter.drawLine(QPointF(10, y), QPointF(size - 10, y))
        painter.setPen(QPen(_FRAME, 1.0))
        painter.drawRect(QRectF(0.5, 0.5, size - 1, size - 1))
        font = painter.font()
        font.setPixelSize(11)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(60, 66, 72))
        painter.drawText(QRectF(0, size - 16, size, 14), Qt.AlignmentFlag.AlignCenter, "CSV")
    finally:
        painter.end()
    return QIcon(QPixmap.fromImage(image))


if __name__ == "__main__":  # python -m nnviz.ui.controls.dataset_thumbnails: store the pictures drawn now
    from PySide6.QtWidgets import QApplication

    _app = QApplication([])
    for written in write_thumbnails():
        print(written)
