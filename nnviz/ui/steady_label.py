"""A label for figures that change many times a second (the epoch counter, the status bar's figures).

A QLabel asks its window for a new layout on every new text: with the epoch counter and the
status bar's epoch changing on every frame, the whole main window was laid out again 30 times a
second (1.5 ms of every frame's 10-11). A SteadyLabel keeps a fixed size, which Qt does not lay out
again, and grows it only when a text needs more room; a new font or style sizes it afresh.

A new one-line plain text no wider (by its advance) than the widest one sized since the label's size
was set fits without asking for the size hint, which lays the text out through the style sheet
(0.03-0.2 ms a text, two or three times a frame; issue 23): the hint grows with the text's width.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QLabel, QWidget

_ANY_SIZE = 16_777_215  # Qt's QWIDGETSIZE_MAX


class SteadyLabel(QLabel):
    """A QLabel whose size only grows (to the widest text shown since its font last changed)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, opaque: bool = False) -> None:
        """opaque: the style sheet gives this label a background of its parent's colour; it paints it itself."""
        super().__init__(text, parent)
        self._opaque = opaque
        self._metrics: QFontMetricsF | None = None  # of the font the size was set for
        self._fitted = -1.0  # the widest one-line text's advance known to fit the size (-1: none)
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

    def _advance(self, text: str) -> float:
        """The advance of a plain one-line text in the label's font (-1 for any other text)."""
        if self.wordWrap() or any(c in text for c in "\n<&"):
            return -1.0
        if self._metrics is None:
            self._metrics = QFontMetricsF(self.font())
        return self._metrics.horizontalAdvance(text)

    def _fits_on_one_line(self, text: str) -> bool:
        """Whether a plain one-line text is no wider than one that was sized to fit."""
        return self._fitted >= 0 and 0 <= self._advance(text) <= self._fitted

    def _fit(self) -> None:
        hint = self.sizeHint()
        fixed = self.minimumSize() == self.maximumSize()
        if not (fixed and hint.width() <= self.width() and hint.height() <= self.height()):
            self.setFixedSize(hint.expandedTo(self.maximumSize() if fixed else QSize(0, 0)))
        self._fitted = max(self._fitted, self._advance(self.text()))

    def changeEvent(self, event: QEvent) -> None:
        """A new font or style (presentation size, zoom): sized afresh for the text shown."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange and self._opaque:
            self.setAutoFillBackground(True)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.setMinimumSize(0, 0)
            self.setMaximumSize(_ANY_SIZE, _ANY_SIZE)
            self._metrics, self._fitted = None, -1.0
            self._fit()
