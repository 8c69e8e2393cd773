"""Checks of a laid-out window that a person would see: clipped or elided text, widgets off their parent."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QDockWidget,
    QLabel,
    QMainWindow,
    QTabBar,
    QToolButton,
    QWidget,
)

from nnviz.ui.controls.common import HintLabel

SLACK = 1  # px of rounding a layout may lose


def _shown_text(w: QWidget) -> str:
    if isinstance(w, HintLabel):
        return w.shown_text().strip() or w.text().strip()  # what it draws, to check that it draws it whole
    if isinstance(w, QToolButton) and w.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
        return ""
    return w.text().strip() if isinstance(w, (QLabel, QAbstractButton)) else ""


def on_screen(w: QWidget) -> bool:
    """Whether any of the widget is on screen (not hidden, scrolled away, nor in a dock tabbed behind another)."""
    return w.isVisible() and not w.visibleRegion().isEmpty()


def _name(w: QWidget) -> str:
    return f"{type(w).__name__} {w.objectName()!r} {_shown_text(w)!r} {w.width()}x{w.height()}"


def clipped_texts(window: QWidget) -> list[str]:
    """Visible labels and buttons whose text does not fit them: elided, cut at a side, or squeezed in height."""
    out = []
    for w in window.findChildren(QWidget):
        if not on_screen(w) or not _shown_text(w) or isinstance(w, QTabBar):
            continue
        if isinstance(w, QLabel):
            if w.textFormat() == Qt.TextFormat.RichText or (w.textFormat() == Qt.TextFormat.AutoText
                                                            and GuiQt.mightBeRichText(w.text())):
                continue  # rich text (the loss summary) is measured by its height below
            room = w.contentsRect()
            if isinstance(w, HintLabel) and not w.shown_text():
                continue  # a hint with no room is not drawn at all: its tooltip keeps it
            if not w.wordWrap():
                wide = max(w.fontMetrics().horizontalAdvance(line) for line in
                           (w.shown_text() if isinstance(w, HintLabel) else w.text()).splitlines())
                if wide > room.width() + SLACK:
                    out.append(f"text wider than its label: {_name(w)} needs {wide}")
                    continue
        elif isinstance(w, QAbstractButton):
            hint = w.sizeHint()
            if hint.width() > w.width() + SLACK:
                out.append(f"button narrower than its text: {_name(w)} needs {hint.width()}")
                continue
    for bar in window.findChildren(QTabBar):  # the docks' tabs: "Sl…", "C…" say nothing
        if on_screen(bar) and bar.elideMode() != Qt.TextElideMode.ElideNone:
            out += [f"tab elided: {bar.tabText(i)!r}" for i in range(bar.count())
                    if bar.fontMetrics().horizontalAdvance(bar.tabText(i)) > bar.tabRect(i).width()]
    for w in window.findChildren(QLabel):
        if on_screen(w) and w.text().strip() and w.wordWrap() and w.hasHeightForWidth():
            need = w.heightForWidth(w.width())
            if need > w.height() + SLACK:
                out.append(f"wrapped text taller than its label: {_name(w)} needs {need}")
    return out


def _in_scrolled_contents(w: QWidget) -> bool:
    """Whether `w` is (inside) the contents of a scroll area, where being outside the viewport is scrolling."""
    parent = w.parentWidget()
    return parent is not None and isinstance(parent.parentWidget(), QAbstractScrollArea) \
        and parent is parent.parentWidget().viewport()  # type: ignore[union-attr]


def outside_parents(window: QWidget) -> list[str]:
    """Visible labelled widgets that stick out of their parent (cut off by it), or out of the window."""
    out = []
    for w in window.findChildren(QWidget):
        if not on_screen(w) or not _shown_text(w) or w.isWindow():
            continue
        parent = w.parentWidget()
        if parent is None or _in_scrolled_contents(w):
            continue
        if not parent.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(w.geometry()):
            out.append(f"outside its parent {type(parent).__name__}: {_name(w)} at {w.geometry()}")
    return out


def floating_docks(window: QMainWindow) -> list[str]:
    """Docks open outside the window (floating), which cover whatever is beneath them."""
    return [d.objectName() for d in window.findChildren(QDockWidget) if d.isVisible() and d.isFloating()]


def outside_screen(widget: QWidget) -> bool:
    """Whether a top-level widget (a floating dock) reaches beyond its screen's available area."""
    screen = widget.screen()
    frame = QRect(widget.frameGeometry().topLeft(), widget.frameGeometry().size())
    return screen is not None and not screen.availableGeometry().contains(frame)


def window_rect(w: QWidget, window: QWidget) -> QRect:
    """A widget's rectangle in its window's coordinates."""
    return QRect(w.mapTo(window, QPoint(0, 0)), w.size())


TITLE_PAD = 6  # px: the title bar's margin before its float and close buttons


def cut_dock_titles(window: QMainWindow) -> list[str]:
    """Docks on screen whose title bar cuts their title ("Lesson — 9. A …") with the whole title nowhere else:
    a tabbed dock's tab (never elided, see `stack_docks`) or the dock's tooltip."""
    out = []
    for dock in window.findChildren(QDockWidget):
        if not on_screen(dock) or dock.isFloating() or window.tabifiedDockWidgets(dock):
            continue
        buttons = [b.x() for b in dock.findChildren(QAbstractButton)
                   if b.isVisible() and b.objectName().startswith("qt_dockwidget")]
        room = min(buttons, default=dock.width()) - TITLE_PAD
        title = dock.windowTitle()
        if dock.fontMetrics().horizontalAdvance(title) > room and dock.toolTip() != title:
            out.append(f"dock title cut: {title!r} in {room} px")
    return out
