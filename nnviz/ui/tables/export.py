"""The confusion matrix to a file: PNG or SVG (as drawn) or CSV (the counts), written atomically."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter

from nnviz.ui.export.output import ExportError, replace_atomically, write_atomically
from nnviz.ui.tables.confusion_view import ConfusionView, matrix_csv

FORMATS = (".png", ".svg", ".csv")
SCALE = 2.0  # PNG pixels per widget pixel: sharp on slides


def export_confusion(view: ConfusionView, path: str | Path) -> Path:
    """Write the view's matrices to `path`; the suffix says the format (ExportError on a bad one)."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"{path}: export the confusion matrix as .png, .svg or .csv")
    if view.frame is None or view.frame.confusion is None:
        raise ExportError("there is no confusion matrix to export: the problem is not classification")
    if suffix == ".csv":
        return write_atomically(path, matrix_csv(view.frame).encode("utf-8"), "the confusion matrix")
    if view.width() < 50:  # never shown: draw it at its preferred size
        view.resize(view.sizeHint())
    size = view.size()
    if suffix == ".png":
        from nnviz.ui.export.svg import png_bytes  # lazy: QtSvg loads when it is used, not before the first paint

        return write_atomically(path, png_bytes(view, SCALE), "the confusion matrix")

    def save_svg(tmp: Path) -> None:
        from PySide6.QtSvg import QSvgGenerator  # lazy: when it is used, not before the window's first paint

        generator = QSvgGenerator()
        generator.setFileName(str(tmp))
        generator.setSize(QSize(size.width(), size.height()))
        generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
        generator.setTitle("nnviz confusion matrix")
        painter = QPainter(generator)
        view.paint(painter, QRectF(0, 0, size.width(), size.height()))
        painter.end()

    return replace_atomically(path, save_svg, "the confusion matrix")
