"""A label for figures that change many times a second (the epoch counter, the status bar's figures).

A QLabel asks its window for a new layout on every new text: with the epoch counter and the
status bar's epoch changing on every frame, the whole main window was laid out again 30 times a
second (1.5 ms of every frame's 10-11). A SteadyLabel keeps a fixed size, which Qt does not lay out
again, and grows it only when a text needs more room; a new font or style sizes it afresh.

Whether a new one-line plain text fits is told by its advance plus the label's own room around the
text (padding, margins, measured once per size): a styled label's size hint lays the text out through
the style sheet, 0.03-0.2 ms a text, two or three times a frame (issue 23).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QLabel, QWidget

_ANY_SIZE = 16_777_215  # Qt's QWIDGETSIZE_MAX


class SteadyLabel(QLabel):
    """A QLabel whose size only grows (to the widest text shown since its font last changed)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, opaque: bool = False) -> None:
        """opaque: the style sheet gives this label a background of its parent's colour; it paints it itself."""
        super().__init__(text, parent)
        self._opaque = opaque
        self._around = -1  # the label's width beyond its text's advance when last sized (-1: not known)
        self._fit()

    def setText(self, text: str) -> None:  # Qt's name: every caller gets the steady size
        """Show a text; the window lays out again only when it is wider or taller than the label."""
        if text == self.text():
            return
        if self._opaque and not self.autoFillBackground():  # polished since: a repaint of this label alone
            self.setAutoFillBackground(True)
        super().setText(text)
        if not self._fits_on_one_line(text):
            self._fit()

    def _fits_on_one_line(self, text: str) -> bool:
        """Whether a plain one-line text surely fits the fixed size (a pixel to spare for rounding)."""
        if self._around < 0 or self.wordWrap() or any(c in text for c in "\n<&"):
            return False
        return self.fontMetrics().horizontalAdvance(text) + self._around + 1 <= self.width()

    def _fit(self) -> None:
        hint = self.sizeHint()
        fixed = self.minimumSize() == self.maximumSize()
        if not (fixed and hint.width() <= self.width() and hint.height() <= self.height()):
            self.setFixedSize(hint.expandedTo(self.maximumSize() if fixed else QSize(0, 0)))
        text = self.text()
        one_line = not self.wordWrap() and not any(c in text for c in "\n<&")
        self._around = hint.width() - self.fontMetrics().horizontalAdvance(text) if one_line else -1

    def changeEvent(self, event: QEvent) -> None:
        """A new font or style (presentation size, zoom): sized afresh for the text shown."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange and self._opaque:
            self.setAutoFillBackground(True)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.setMinimumSize(0, 0)
            self.setMaximumSize(_ANY_SIZE, _ANY_SIZE)
            self._around = -1
            self._fit()
