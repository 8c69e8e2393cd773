"""Views as PNG or SVG.

pyqtgraph 0.14's SVGExporter fails under Qt 6.11+ (its path parser chokes on
`Z` tokens, upstream issue #3485), so SVG goes through Qt's own QSvgGenerator:
the scene (or widget) is painted straight into an SVG paint device. Lines, points,
axes and text come out as vectors, and pixmaps (the neurons' heatmaps, the
boundary) as embedded PNG images. Three details make that faithful: the generator
gets the same resolution as QPicture (pyqtgraph axes replay cached QPictures, which
Qt rescales between resolutions); items are put in pyqtgraph's export mode (scatter
points become vector symbols instead of pixmap fragments); and every font name is
followed by a generic fallback, so the drawing looks the same in every browser.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QRectF, QSize
from PySide6.QtGui import QImage, QPainter, QPicture
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QAbstractSlider, QGraphicsItem, QGraphicsScene, QGraphicsView, QMenuBar, QWidget

from nnviz.ui.export.output import ExportError, write_atomically
from nnviz.ui.export.transient import transients_hidden

__all__ = ["ExportError", "export_plot_svg", "export_widget_png", "png_bytes", "render_image", "svg_bytes"]

FONT_FALLBACK = "DejaVu Sans, Arial, Helvetica, sans-serif"
CLIPPED_WIDGETS = (QMenuBar, QAbstractSlider)  # drawn with clip regions, which SVG export would lose
_GENERIC_QT_FAMILIES = {"sans serif", "sans", "sans-serif", "helvetica", "arial", "dejavu sans"}
_FONT_ATTR = re.compile(rb'font-family="([^"]*)"')


def render_image(widget: QWidget, scale: float = 1.0) -> QImage:
    """What a widget shows, drawn at `scale` device pixels per pixel (sharp: views redraw, not resample)."""
    w, h = widget.width(), widget.height()
    if w <= 0 or h <= 0:
        raise ExportError("there is nothing to export yet: the view has no size; show it first")
    image = QImage(QSize(round(w * scale), round(h * scale)), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(0xFFFFFFFF)
    with transients_hidden(widget):  # a readout box or cursor cross is on screen only
        QWidget.render(widget, image)  # QGraphicsView overrides render(); the QWidget one draws the whole widget
    return image


def png_bytes(widget: QWidget, scale: float = 1.0) -> bytes:
    """A widget as PNG file contents, at `scale`."""
    return encode_image(render_image(widget, scale), "PNG")


def encode_image(image: QImage, fmt: str) -> bytes:
    """An image as file contents in a format Qt writes ("PNG", "JPG", ...)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, fmt):  # type: ignore[call-overload]  # the stubs want bytes; PySide takes str
        raise ExportError(f"could not encode the image as {fmt}")
    buffer.close()
    return bytes(data.data())


def export_widget_png(widget: QWidget, path: str | Path, scale: float = 1.0) -> Path:
    """Save what a widget shows as a PNG at `scale`; returns the path (nothing is left behind on failure)."""
    return write_atomically(path, png_bytes(widget, scale))


def _source(target: object) -> tuple[QGraphicsScene | None, QRectF, QWidget | None]:
    """(scene, scene rectangle) to paint, or (None, rect, widget) to paint a plain widget."""
    if isinstance(target, QGraphicsItem):
        scene = target.scene()
        if scene is None:
            raise ExportError("the plot is not on screen; nothing to export")
        return scene, target.sceneBoundingRect(), None
    if isinstance(target, QGraphicsScene):
        return target, target.itemsBoundingRect(), None
    if isinstance(target, QWidget):  # a whole widget (a QGraphicsView included): what it shows, frame and all
        if target.width() <= 0 or target.height() <= 0:
            raise ExportError("there is nothing to export yet: the view has no size; show it first")
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


def svg_bytes(target: object, title: str = "nnviz", scale: float = 1.0) -> bytes:
    """A plot item, scene or widget as SVG file contents; `scale` multiplies the drawing's displayed size."""
    scene, rect, widget = _source(target)
    w, h = max(1, round(rect.width())), max(1, round(rect.height()))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buffer)
    gen.setSize(QSize(round(w * scale), round(h * scale)))
    gen.setViewBox(QRect(0, 0, w, h))
    gen.setResolution(QPicture().logicalDpiX())
    gen.setTitle(title)
    gen.setDescription("exported by nnviz")
    painter = QPainter()
    if not painter.begin(gen):
        raise ExportError("could not start an SVG drawing")
    items = _export_items(scene if scene is not None else widget)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        opts = {"antialias": True, "background": None, "painter": painter, "resolutionScale": 1.0}
        for item in items:
            item.setExportMode(True, opts)
        with transients_hidden(widget if widget is not None else _view_of(scene)):
            if widget is not None:
                QWidget.render(widget, painter, QPoint())
                _paint_clipped_widgets(widget, painter, scale)
            else:
                assert scene is not None
                scene.render(painter, QRectF(0, 0, w, h), rect)
    finally:
        for item in items:
            item.setExportMode(False)
        painter.end()
    buffer.close()
    return with_font_fallback(_with_size(bytes(data.data()), w * scale, h * scale))


def _paint_clipped_widgets(root: QWidget, painter: QPainter, scale: float) -> None:
    """Paint widgets whose drawing relies on clipping as images over their vector drawing.

    QSvgGenerator ignores clip regions: a menu bar's empty-area fill covers its item
    titles and a slider's filled groove covers the whole groove. Over them goes what
    they show, as an embedded image at the export's scale.
    """
    for child in root.findChildren(QWidget):
        if isinstance(child, CLIPPED_WIDGETS) and child.isVisibleTo(root) and child.width() > 0:
            top_left = child.mapTo(root, QPoint(0, 0))
            painter.drawImage(QRectF(top_left.x(), top_left.y(), child.width(), child.height()),
                              render_image(child, max(1.0, scale)))


def _view_of(scene: QGraphicsScene | None) -> QWidget | None:
    views = scene.views() if scene is not None else []
    return views[0] if views else None


def _with_size(svg: bytes, w: float, h: float) -> bytes:
    """Width and height in pixels: QSvgGenerator writes millimetres, which browsers size differently."""
    return re.sub(rb'<svg([^>]*?) width="[^"]*" height="[^"]*"', rb'<svg\1 width="%dpx" height="%dpx"'
                  % (round(w), round(h)), svg, count=1)


def with_font_fallback(svg: bytes) -> bytes:
    """Every font-family followed by fonts every system has, ending in the generic sans-serif."""

    def fix(match: re.Match[bytes]) -> bytes:
        family = match.group(1).decode("utf-8", "replace").strip().strip("'")
        if family.lower() in _GENERIC_QT_FAMILIES or not family:
            return f'font-family="{FONT_FALLBACK}"'.encode()
        return f"font-family=\"'{family}', {FONT_FALLBACK}\"".encode()

    return _FONT_ATTR.sub(fix, svg)


def export_plot_svg(plot_item: object, path: str | Path, title: str = "nnviz", scale: float = 1.0) -> Path:
    """Write a plot (a pyqtgraph PlotItem, a scene, a view or any widget) as SVG; returns the path.

    Raises ExportError when the file cannot be written; a failure leaves no partial file.
    """
    return write_atomically(path, svg_bytes(plot_item, title, scale))
