"""The confusion matrix: true classes down, predicted across, for the training and the test part, live.

Each cell shows its count and its share of the true class's row; the diagonal (right answers) is
shaded in the class colours, the rest in grey by how large the share is. Exports as PNG, SVG and CSV.
A class name wider than its column stands upright under it (a long one down to NAME_SHARE of the
matrix's height); a name cut short anyway has its full name in a plain-text tooltip.
"""

from __future__ import annotations

import csv
import io

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from nnviz.session.frame import NO_DATA, Frame
from nnviz.ui import colors, look
from nnviz.ui.plain_text import plain_tooltip

PARTS = ("training", "test")
_TEXT = QColor(*colors.TEXT)
_GRID = QColor(0xC8, 0xCC, 0xD0)
_MARGIN = 8.0
TEXT_PT = 8.5  # the matrix's text at normal size (presentation size: look.NUMBER_PX and look.TITLE_PX)
NAME_SHARE = 0.3  # upright column names take at most this share of a matrix's height (longer: cut, tooltip)


def matrix_csv(frame: Frame) -> str:
    """Both matrices as CSV: part, true class, one column of counts per predicted class."""
    if frame.confusion is None:
        return ""
    k = frame.confusion[0].shape[0]
    names = [frame.class_name(i) for i in range(k)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["part", "true class", *(f"predicted {n}" for n in names)])
    for part, matrix in zip(PARTS, frame.confusion, strict=True):
        for i in range(k):
            writer.writerow([part, names[i], *(int(v) for v in matrix[i])])
    return out.getvalue()


def matrix_title(part: str, matrix: np.ndarray) -> str:
    """A matrix's heading: how many of its part's points are right, or the status bar's word for an empty part."""
    total = int(matrix.sum())
    if not total:
        return f"{part}: {NO_DATA}"
    right = int(np.trace(matrix))
    return f"{part}: {right} of {total} right ({100 * right / total:.1f} %)"


def _share(matrix: np.ndarray) -> np.ndarray:
    """(K, K) share of each true class's row (0 for an empty row)."""
    rows = matrix.sum(axis=1, keepdims=True)
    return np.divide(matrix, rows, out=np.zeros(matrix.shape), where=rows > 0)


class ConfusionView(QWidget):
    """Paints the frame's two confusion matrices side by side (a note for regression)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor(255, 255, 255))
        self.setPalette(palette)
        self.frame: Frame | None = None
        self._key: tuple[object, ...] = ()
        self.cut_names: list[tuple[QRectF, str]] = []  # (label's place, full name): names cut short at the last paint
        self.setMinimumSize(220, 140)
        look.signal().changed.connect(self.update)  # presentation size: larger text

    def fonts(self) -> tuple[QFont, QFont]:
        """The fonts the matrices are painted with: (cells and class names, headings); the look's size."""
        text, title = QFont(self.font()), QFont(self.font())
        if look.current().large:
            text.setPixelSize(look.NUMBER_PX)
            title.setPixelSize(look.TITLE_PX)
        else:
            text.setPointSizeF(TEXT_PT)
            title.setPointSizeF(TEXT_PT)
        return text, title

    def sizeHint(self) -> QSize:
        """Room for two 3-class matrices, one above the other."""
        return QSize(260, 420)

    def set_frame(self, frame: Frame) -> None:
        """Show the frame's matrices; repaints only when they changed."""
        confusion = frame.confusion
        key = (None if confusion is None else (confusion[0].tobytes(), confusion[1].tobytes()), frame.class_names)
        self.frame = frame
        if key != self._key:
            self._key = key
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Two matrices, or a line saying why there is none."""
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.cut_names = self.paint(painter, QRectF(self.rect()))
        finally:
            painter.end()

    def event(self, event: QEvent) -> bool:
        """A tooltip over a class name cut short: its full name, as plain text."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            name = self.name_at(QPointF(event.pos()))
            if name:
                QToolTip.showText(event.globalPos(), plain_tooltip(name), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def name_at(self, point: QPointF) -> str:
        """The full class name whose cut-short label is at `point`, or ""."""
        return next((name for rect, name in self.cut_names if rect.contains(point)), "")

    def paint(self, painter: QPainter, area: QRectF) -> list[tuple[QRectF, str]]:
        """Draw into `area` (also used for exports); returns where class names were cut short, and their names."""
        cut: list[tuple[QRectF, str]] = []
        painter.fillRect(area, QColor(255, 255, 255))
        frame = self.frame
        painter.setFont(self.fonts()[0])
        painter.setPen(_TEXT)
        if frame is None or frame.confusion is None:
            painter.drawText(area.adjusted(_MARGIN, _MARGIN, -_MARGIN, -_MARGIN),
                             int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                             "A confusion matrix needs classes; this is a regression problem.")
            return cut
        across = area.width() >= 1.6 * area.height()  # side by side when wide, one above the other when tall
        w, h = (area.width() / 2, area.height()) if across else (area.width(), area.height() / 2)
        for n, (part, matrix) in enumerate(zip(PARTS, frame.confusion, strict=True)):
            x, y = (area.left() + n * w, area.top()) if across else (area.left(), area.top() + n * h)
            box = QRectF(x + _MARGIN, y + _MARGIN, w - 2 * _MARGIN, h - 2 * _MARGIN)
            self._paint_matrix(painter, box, part, matrix, frame, cut)
        return cut

    def _paint_matrix(self, painter: QPainter, box: QRectF, part: str, matrix: np.ndarray, frame: Frame,
                      cut: list[tuple[QRectF, str]]) -> None:
        k = matrix.shape[0]
        names = [frame.class_name(i) for i in range(k)]
        text_font, title_font = self.fonts()
        metrics = QFontMetricsF(text_font)
        line = metrics.height()
        title = matrix_title(part, matrix).replace(" %", "\u00a0%")  # wrapped, "97.7 %" stays on one line
        painter.setFont(title_font)  # the heading wraps onto a second line rather than lose its end
        wrap = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
        heading = painter.boundingRect(QRectF(box.left(), box.top(), box.width(), 4 * line), wrap, title)
        painter.drawText(QRectF(box.left(), box.top(), box.width(), heading.height()), wrap, title)
        painter.setFont(text_font)
        widest = max(metrics.horizontalAdvance(n) for n in names)
        label_w = min(box.width() * 0.35, widest + 6)
        top = box.top() + heading.height() + 1.2 * line
        cell_w = (box.width() - label_w) / k
        upright = widest > cell_w  # a name wider than its column stands upright under it
        names_h = min(widest + 2, NAME_SHARE * box.height()) if upright else line
        cell_h = min(cell_w, (box.bottom() - top - names_h - 2) / k)
        share = _share(matrix)
        palette = colors.pale(colors.class_rgb(max(2, k)))
        painter.drawText(QRectF(box.left() + label_w, top - line, cell_w * k, line),
                         int(Qt.AlignmentFlag.AlignCenter), "predicted →")
        for i in range(k):
            y = top + i * cell_h
            painter.setPen(_TEXT)
            row_label = QRectF(box.left(), y, label_w - 4, cell_h)
            painter.drawText(row_label, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             _fitted(names[i], metrics, label_w - 4, row_label, cut))
            for j in range(k):
                cell = QRectF(box.left() + label_w + j * cell_w, y, cell_w, cell_h)
                if i == j:
                    fill = QColor(*map(int, palette[i]))
                else:
                    level = int(255 - 120 * share[i, j])
                    fill = QColor(255, level, level)
                painter.fillRect(cell, fill)
                painter.setPen(QPen(_GRID, 1.0))
                painter.drawRect(cell)
                painter.setPen(_TEXT)
                text = f"{int(matrix[i, j])}\n{100 * share[i, j]:.0f} %" if cell_h > 2.2 * line else \
                    f"{int(matrix[i, j])}"
                painter.drawText(cell, int(Qt.AlignmentFlag.AlignCenter), text)
        for j in range(k):  # the predicted classes' names under the columns
            x = box.left() + label_w + j * cell_w
            under = QRectF(x, top + k * cell_h + 2, cell_w, names_h)
            if not upright:
                painter.drawText(under, int(Qt.AlignmentFlag.AlignCenter),
                                 _fitted(names[j], metrics, cell_w, under, cut))
                continue
            painter.save()  # upright, reading upwards, its end at the matrix
            painter.translate(under.center().x(), under.top())
            painter.rotate(-90)
            painter.drawText(QRectF(-names_h, -line / 2, names_h, line),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             _fitted(names[j], metrics, names_h, under, cut))
            painter.restore()


def _fitted(name: str, metrics: QFontMetricsF, width: float, where: QRectF, cut: list[tuple[QRectF, str]]) -> str:
    """`name` cut short with an ellipsis to `width`; a name that was cut is noted in `cut` with the label's place."""
    shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, width)
    if shown != name:
        cut.append((QRectF(where), name))
    return shown
