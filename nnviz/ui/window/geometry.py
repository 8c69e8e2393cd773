"""Where the main window opens: within the available screen, centred, or where the user left it."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMargins, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

PREFERRED_SIZE = QSize(1280, 800)  # the size nnviz opens at when the screen has room
FRAME_ALLOWANCE = 32  # px kept for a window manager's title bar when the screen is smaller than preferred
GEOMETRY_KEY = "mainWindow/geometry"


def settings() -> QSettings:
    """nnviz's per-user settings (an INI file: tests redirect it with QSettings.setPath)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "nnviz", "nnviz")


def fitted_rect(available: QRect, preferred: QSize = PREFERRED_SIZE) -> QRect:
    """The preferred size, shrunk to the available area (less room for a title bar), centred in it."""
    room = QRect(available)
    if room.width() < preferred.width() or room.height() < preferred.height():
        room = room.marginsRemoved(QMargins(0, FRAME_ALLOWANCE, 0, 0))  # the title bar goes above the window
    size = preferred.boundedTo(room.size())
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(room.center())
    return rect


def clamped_rect(rect: QRect, available: QRect) -> QRect:
    """A rectangle moved (and shrunk if need be) so that it lies within the available area."""
    size = rect.size().boundedTo(available.size())
    x = min(max(rect.x(), available.left()), available.left() + available.width() - size.width())
    y = min(max(rect.y(), available.top()), available.top() + available.height() - size.height())
    return QRect(x, y, size.width(), size.height())


def _available(window: QWidget) -> QRect | None:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def fit_dialog(dialog: QWidget, preferred: QSize) -> None:
    """Give a dialog its preferred size, or less: all of it fits on its parent's screen, buttons included."""
    parent = dialog.parentWidget()
    available = _available(parent.window() if parent is not None else dialog)
    dialog.resize(preferred if available is None else fitted_rect(available, preferred).size())


def place_window(window: QWidget) -> None:
    """Give the window its last size and place (kept on screen), or the preferred size centred."""
    available = _available(window)
    saved = settings().value(GEOMETRY_KEY)
    if isinstance(saved, QByteArray) and not saved.isEmpty() and window.restoreGeometry(saved):
        if available is not None:
            window.setGeometry(clamped_rect(window.geometry(), available))
        return
    if available is None:
        window.resize(PREFERRED_SIZE)
        return
    window.setGeometry(fitted_rect(available))


def remember_geometry(window: QWidget) -> None:
    """Store the window's size and place for the next start (only a window the user saw: never an offscreen
    render's)."""
    if not window.isVisible() or window.testAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen):
        return
    store = settings()
    store.setValue(GEOMETRY_KEY, window.saveGeometry())
    store.sync()
