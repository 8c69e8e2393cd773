"""The loss chart's legend: each line's swatch, name and latest figures, wrapped between lines' entries.

The figures change about ten times a second while training runs. A word-wrapped label asks
its parents for a new layout on every new text, and that laid the whole main window out
again each time (issue 23). The legend keeps the label at a fixed size inside a holder of
its own; the holder's height changes only when the legend needs more or fewer lines, so new
figures repaint the label alone.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from nnviz.session.frame import Frame
from nnviz.ui.window.status_bar import format_accuracy, format_part_loss, part_sizes


def legend_html(frame: Frame, train_color: QColor, test_color: QColor) -> str:
    """Loss (and accuracy) per set as rich text: each entry one unit that never breaks; wraps go between."""
    classify = frame.problem != "regression"
    parts = []
    n_train, n_test = part_sizes(frame)
    for name, color, glyph, loss, accuracy, n in (
            ("train", train_color, "━━", frame.train_loss, frame.train_accuracy, n_train),
            ("test", test_color, "╍╍", frame.test_loss, frame.test_accuracy, n_test)):
        figures = format_part_loss(loss, n) + (f" · {format_accuracy(accuracy, n)}" if classify and n else "")
        # the line's swatch stays with its name and figures
        parts.append(f'<span style="white-space:nowrap"><span style="color:{color.name()}"><b>{glyph}</b> '
                     f'{name}</span> {figures}</span>')
    return " &nbsp; &nbsp; ".join(parts)


class LossLegend(QWidget):
    """A holder as tall as its word-wrapped label needs at its width; the label inside has a fixed size."""

    def __init__(self, text_color: QColor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setStyleSheet(f"color: {text_color.name()}; padding: 2px 6px;")
        self.label.installEventFilter(self)  # the label's own font or style may change after the holder's
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # any width; the height it needs
        self.setMinimumWidth(1)
        self.least_width = 1  # the chart's least width: the legend is never measured narrower
        self.fit()

    def set_text(self, text: str, tooltip: str) -> None:
        """Show a new legend; the window is laid out again only when it needs another height."""
        if text == self.label.text():
            return
        self.label.setText(text)  # fixed size: Qt asks no parent for a new layout
        if tooltip != self.label.toolTip():  # Qt tells the label of every tooltip set, even the same one
            self.label.setToolTip(tooltip)
        self.fit()

    def fit(self, least_width: int | None = None) -> None:
        """The label at the holder's size, the holder as tall as the text needs at its width (or the least)."""
        if least_width is not None:
            self.least_width = max(1, least_width)
        width = max(self.least_width, self.width())  # not measured narrower than it will be laid out
        height = max(1, self.label.heightForWidth(width))
        if self.label.size().width() != width or self.label.size().height() != height:
            self.label.setFixedSize(width, height)
        if self.minimumHeight() != height or self.maximumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width may wrap the legend differently."""
        super().resizeEvent(event)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The label's new font or style (presentation size, zoom) may need another height."""
        if watched is self.label and event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit()
        return super().eventFilter(watched, event)
