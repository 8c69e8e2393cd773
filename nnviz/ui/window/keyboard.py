"""The window's keys work whatever has focus, except while a text field is being edited.

A text field (a line edit, a number box, an editable list, a text editor) keeps the keys it needs while it
has focus; Enter or Escape leaves it, and the window's shortcuts (Space, H, E, →, …) work again. Any other
part of the window (a button, a slider, a list, a view) never holds a window shortcut back.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from nnviz.ui.window.surface import WindowSurface

LEAVE_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape})


def is_text_field(widget: QWidget | None) -> bool:
    """Whether a widget is a field the user types text into (where letters and Space are the user's)."""
    if isinstance(widget, QLineEdit):
        return not widget.isReadOnly()
    if isinstance(widget, QAbstractSpinBox):
        return not widget.isReadOnly()
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    return False


def _field_of(widget: QWidget | None) -> QWidget | None:
    """The text field a focused widget belongs to (a number box's or a list's own line edit counts as it)."""
    parent = widget.parentWidget() if widget is not None else None
    if isinstance(widget, QLineEdit) and isinstance(parent, QAbstractSpinBox | QComboBox):
        return parent
    return widget


class WindowKeys(QObject):
    """Watches the focused part of one window: Enter or Escape leaves a text field."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._watched: QWidget | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if self._watched is not None:
            with contextlib.suppress(RuntimeError):  # the widget may be gone already
                self._watched.removeEventFilter(self)
            self._watched = None
        if new is not None and new.window() is self.window:
            new.installEventFilter(self)
            self._watched = new

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Leave a text field on Enter (after the field took it) or Escape, so the window's keys work again.

        Outside text fields Qt's widgets (buttons, lists, sliders, views) already let window shortcuts through."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent) or not isinstance(watched, QWidget):
            return False
        field = _field_of(watched)
        if not is_text_field(field) or event.key() not in LEAVE_KEYS:
            return False
        assert field is not None
        if event.key() == Qt.Key.Key_Escape:
            field.clearFocus()
            return True
        if isinstance(field, QTextEdit | QPlainTextEdit):
            return False  # Enter is a new line in a text editor; Escape leaves it
        QTimer.singleShot(0, field.clearFocus)  # after the field took its Enter (a number box commits)
        return False


def install_window_keys(surface: WindowSurface) -> WindowKeys:
    """Make a window's shortcuts work whatever has focus, except in a text field being edited."""
    return WindowKeys(surface.window)
