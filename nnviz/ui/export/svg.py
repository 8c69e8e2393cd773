"""Export views as PNG or SVG.

pyqtgraph 0.14's SVGExporter fails under Qt 6.11+ (its path parser chokes on
`Z` tokens, upstream issue #3485), so SVG goes through Qt's own QSvgGenerator:
the scene (or widget) is painted straight into an SVG paint device. Two details
make that faithful: the generator gets the same resolution as QPicture (pyqtgraph
axes replay cached QPictures, which Qt rescales between resolutions), and items
are put in pyqtgraph's export mode (scatter points are drawn as vector symbols
instead of pixmap fragments).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QRectF, QSize
from PySide6.QtGui import QPainter, QPicture
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView, QWidget

from nnviz.errors import NnvizError


class ExportError(NnvizError):
    """An image that could not be written (bad path, no permission, empty widget)."""


def export_widget_png(widget: QWidget, path: str | Path) -> Path:
    """Save what a widget shows as a PNG (at the screen's device pixel ratio); returns the path."""
    path = Path(path)
    pixmap = widget.grab()
    if pixmap.isNull():
        raise ExportError("there is nothing to export yet: the view has no size; show it first")
    if not pixmap.save(str(path), "PNG"):
        raise ExportError(f"could not write {path}: check that the folder exists and is writable")
    return path


def _source(target: object) -> tuple[QGraphicsScene | None, QRectF, QWidget | None]:
    """(scene, scene rectangle) to paint, or (None, rect, widget) to paint a plain widget."""
    if isinstance(target, QGraphicsItem):
        scene = target.scene()
        if scene is None:
            raise ExportError("the plot is not on screen; nothing to export")
        return scene, target.sceneBoundingRect(), None
    if isinstance(target, QGraphicsScene):
        return target, target.itemsBoundingRect(), None
    if isinstance(target, QGraphicsView):
        rect = target.mapToScene(target.viewport().rect()).boundingRect()
        return target.scene(), rect, None
    if isinstance(target, QWidget):
        return None, QRectF(target.rect()), target
    raise ExportError(f"cannot export a {type(target).__name__} as SVG")


def _export_items(where: object) -> list:
    """The pyqtgraph items (those with setExportMode) in a scene, or in every scene under a widget."""
    scenes: list[QGraphicsScene] = []
    if isinstance(where, QGraphicsScene):
        scenes.append(where)
    elif isinstance(where, QWidget):
        views = [where] if isinstance(where, QGraphicsView) else []
        views += where.findChildren(QGraphicsView)
        scenes += [v.scene() for v in views if v.scene() is not None]
    return [item for sc in scenes for item in sc.items() if hasattr(item, "setExportMode")]


def export_plot_svg(plot_item: object, path: str | Path, title: str = "nnviz") -> Path:
    """Write a plot (a QGraphicsItem such as a pyqtgraph PlotItem, a scene, a view or any widget) as SVG.

    Returns the path. Raises ExportError when the file cannot be written.
    """
    path = Path(path)
    scene, rect, widget = _source(plot_item)
    w, h = max(1, round(rect.width())), max(1, round(rect.height()))
    gen = QSvgGenerator()
    gen.setFileName(str(path))
    gen.setSize(QSize(w, h))
    gen.setViewBox(QRect(0, 0, w, h))
    gen.setResolution(QPicture().logicalDpiX())
    gen.setTitle(title)
    gen.setDescription("exported by nnviz")
    painter = QPainter()
    if not painter.begin(gen):
        raise ExportError(f"could not write {path}: check that the folder exists and is writable")
    items = _export_items(scene if scene is not None else widget)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        opts = {"antialias": True, "background": None, "painter": painter, "resolutionScale": 1.0}
        for item in items:
            item.setExportMode(True, opts)
        if widget is not None:
            widget.render(painter, QPoint())
        else:
            assert scene is not None
            scene.render(painter, QRectF(0, 0, w, h), rect)
    finally:
        for item in items:
            item.setExportMode(False)
        painter.end()
    if not path.exists() or path.stat().st_size == 0:
        raise ExportError(f"could not write {path}: check that the folder exists and is writable")
    return path
