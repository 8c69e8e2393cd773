"""A small non-modal inline editor for one number (a weight or a bias), shown over the graph."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from nnviz.ui.graph.tooltips import format_value


def parse_number(text: str) -> float | None:
    """A finite float from user text ("0.5", "-1e-3", "0,5"), or None."""
    try:
        value = float(text.strip().replace(",", ".").replace("−", "-"))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class ValueEditor(QFrame):
    """Title plus a line edit; Enter emits `committed(target, value)`, Escape or leaving closes it."""

    committed = Signal(object, float)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            "ValueEditor { background: #ffffff; border: 1px solid #8a9199; border-radius: 4px; }"
            "QLabel { color: #333a40; font-size: 8pt; }"
            "QLineEdit { border: 1px solid #b4b9be; padding: 1px 3px; }"
            "QLineEdit[bad=\"true\"] { border: 1px solid #d6404e; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(2)
        self.title = QLabel(self)
        self.edit = QLineEdit(self)
        self.edit.setMinimumWidth(110)
        layout.addWidget(self.title)
        layout.addWidget(self.edit)
        self.edit.installEventFilter(self)
        self.edit.returnPressed.connect(self._commit)
        self.edit.textEdited.connect(self._validate)
        self.target: object = None
        self.hide()

    def open(self, target: object, title: str, current: float, at: QPoint) -> None:
        """Show the editor near `at` (parent coordinates) with the current value selected."""
        self.target = target
        self.title.setText(title)
        self.edit.setText(format_value(current))
        self.edit.setProperty("bad", False)
        self.adjustSize()
        parent = self.parentWidget()
        assert parent is not None  # the editor is always a child of the graph view
        x = min(max(0, at.x() + 8), max(0, parent.width() - self.width()))
        y = min(max(0, at.y() + 8), max(0, parent.height() - self.height()))
        self.move(x, y)
        self.show()
        self.raise_()
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)
        self.edit.selectAll()

    def _validate(self, text: str) -> None:
        bad = parse_number(text) is None
        if self.edit.property("bad") != bad:
            self.edit.setProperty("bad", bad)
            self.edit.style().unpolish(self.edit)
            self.edit.style().polish(self.edit)

    def _commit(self) -> None:
        value = parse_number(self.edit.text())
        if value is None:
            self._validate(self.edit.text())
            return
        target = self.target
        self.close_editor()
        self.committed.emit(target, value)

    def close_editor(self) -> None:
        """Hide without applying."""
        self.target = None
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Escape and focus loss close the editor."""
        if watched is self.edit:
            if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                    and event.key() == Qt.Key.Key_Escape:
                self.close_editor()
                return True
            if event.type() == QEvent.Type.FocusOut and self.isVisible():
                self.close_editor()
        return super().eventFilter(watched, event)
