"""Room on screen: docks never grow the window nor crush the graph.

- `ScreenGuard`: after a dock opens or closes, or the text size changes, the window goes
  back to the size it had (and never beyond its screen); a dock's contents scroll
  rather than forcing the window taller.
- Docks take their room from the side panel first: while a dock is open on a window
  narrower than `ROOMY_WIDTH` the side panel folds behind the Controls button; a bottom
  dock on a window shorter than `ROOMY_HEIGHT` folds the settings bar too. Docks on the
  same side are stacked as tabs; when the views would still lose their least width (or in
  presentation mode on a narrow window), the side docks become tabs of the bottom dock
  while it is open, or, with none open, go below the views themselves (the settings shown
  beside a lesson on a 1024 px screen: `gather_docks`, called as the window settles).
- No dock floats by itself, and one the user floats is kept on its screen.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QDockWidget,
    QFrame,
    QMainWindow,
    QScrollArea,
    QTabBar,
    QWidget,
)

from nnviz.ui.window.geometry import clamped_rect

ROOMY_WIDTH = 1500  # px: narrower, an open dock folds the side panel away
ROOMY_HEIGHT = 760  # px: shorter, a bottom dock folds the settings bar away too
SIDE_DOCK_WIDTH = 340  # px: the most a side dock asks for to show its contents whole (wider: it scrolls)
SETTLE_TRIES = 4  # layout passes to wait for a dock's new minimum size
BELOW_SHARE = 0.4  # the share of the window's height side docks ask for once they go below the views


def fit_to_screen(window: QMainWindow, before: QSize) -> None:
    """Bring a window that grew beyond its screen's available area back into it (one that cannot shrink enough
    keeps its top left corner on the screen); a window already larger than the screen before the change
    (`before`, sized so by the user or a test) is left alone."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None or window.isFullScreen() or window.isMaximized():
        return
    room = screen.availableGeometry()
    if before.width() > room.width() or before.height() > room.height():
        return
    frame = window.frameGeometry()
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    size = window.size().boundedTo(QSize(room.width() - extra_w, room.height() - extra_h))
    if size != window.size():
        window.resize(size)
    frame = window.frameGeometry()
    if not room.contains(frame):  # a window wider or taller than the screen (its parts' least size) keeps its
        # top left corner on it: the menus and the Controls button that folds the settings back stay in reach
        x = max(min(frame.x(), room.right() + 1 - frame.width()), room.left())
        y = max(min(frame.y(), room.bottom() + 1 - frame.height()), room.top())
        window.move(x, y)


def kept_width(window: QMainWindow, before: QSize) -> int:
    """The width the window keeps once it settles: its width before the change under way (`before`; a panel shown
    lays the window out at once at its least width, wider for a moment), within its screen (as fit_to_screen)."""
    width = min(window.width(), before.width())
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None or window.isFullScreen() or window.isMaximized():
        return width
    room = screen.availableGeometry()
    if before.width() > room.width() or before.height() > room.height():
        return width  # sized beyond its screen by the user or a test: left alone
    return min(width, room.width() - (window.frameGeometry().width() - window.width()))


class DockScroll(QScrollArea):
    """A dock's contents, scrolling. Beside the views (keep_width) it keeps their width, up to
    `SIDE_DOCK_WIDTH`, and scrolls sideways only beyond that; below them it scrolls as it needs."""

    def __init__(self, keep_width: bool) -> None:
        super().__init__()
        self.keep_width = keep_width
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)

    def setWidget(self, widget: QWidget) -> None:
        """Hold `widget`; its layout changes reach the dock's (a new text may need more width)."""
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The contents asked for a new layout: so does the scroll area, for its width."""
        if self.keep_width and watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def minimumSizeHint(self) -> QSize:
        """Beside the views: the contents' least width (plus a scroll bar), at most SIDE_DOCK_WIDTH; any height."""
        hint = super().minimumSizeHint()
        inner = self.widget()
        if not self.keep_width or inner is None:  # below the views: two lines of text, the rest scrolls
            return QSize(hint.width(), min(hint.height(), 2 * self.fontMetrics().height() + 8))
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(max(hint.width(), min(SIDE_DOCK_WIDTH, inner.minimumSizeHint().width() + bar)), hint.height())


def readable_height(dock: QDockWidget) -> int:
    """The height a dock needs to show its contents without scrolling them at its width (its title bar included):
    below the views a dock may be two lines high (DockScroll), which left the explanation its title row alone."""
    scroll = dock.widget()
    inner = scroll.widget() if isinstance(scroll, QScrollArea) else None
    if not isinstance(scroll, QScrollArea) or inner is None:
        return dock.minimumSizeHint().height()
    width = scroll.viewport().width()
    need = inner.heightForWidth(width) if inner.hasHeightForWidth() else -1
    return dock.height() - scroll.viewport().height() + (need if need > 0 else inner.minimumSizeHint().height())


def scroll_docks(window: QMainWindow) -> None:
    """Put every dock's contents in a scroll area: a tall panel scrolls instead of growing the window."""
    for dock in window_docks(window):
        inner = dock.widget()
        if inner is None or isinstance(inner, QAbstractScrollArea) or dock.property("nnvizScrolls"):
            continue
        dock.setProperty("nnvizScrolls", True)
        side = window.dockWidgetArea(dock) in (Qt.DockWidgetArea.LeftDockWidgetArea,
                                               Qt.DockWidgetArea.RightDockWidgetArea)
        scroll = DockScroll(keep_width=side)
        scroll.setObjectName(f"{dock.objectName()}Scroll")
        scroll.setWidget(inner)
        dock.setWidget(scroll)


def stack_docks(window: QMainWindow) -> None:
    """Docks open on the same side share it as tabs instead of each taking a slice."""
    by_area: dict[Qt.DockWidgetArea, list[QDockWidget]] = {}
    for dock in window_docks(window):
        if dock.isVisible() and not dock.isFloating():
            by_area.setdefault(window.dockWidgetArea(dock), []).append(dock)
    for area, docks in by_area.items():
        if area in (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea):
            for other in docks[1:]:
                if other not in window.tabifiedDockWidgets(docks[0]):
                    window.tabifyDockWidget(docks[0], other)
    # the docks' tabs (the window's own children): whole titles, scrolling when they do not fit
    for bar in window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if bar.elideMode() != Qt.TextElideMode.ElideNone:
            bar.setElideMode(Qt.TextElideMode.ElideNone)
            bar.setUsesScrollButtons(True)


def keep_on_screen(dock: QDockWidget) -> None:
    """A floating dock lies wholly within its screen's available area (moved, and shrunk if need be)."""
    screen = dock.screen() or QApplication.primaryScreen()
    if not dock.isFloating() or screen is None:
        return
    frame = dock.frameGeometry()
    inside = clamped_rect(frame, screen.availableGeometry())
    if inside != frame:
        extra_w, extra_h = frame.width() - dock.width(), frame.height() - dock.height()
        dock.resize(inside.width() - extra_w, inside.height() - extra_h)
        dock.move(inside.topLeft())


def guard_floating(window: QMainWindow) -> None:
    """Every dock of the window that floats (the user undocked it) is kept on screen."""
    for dock in window_docks(window):
        if not dock.property("nnvizOnScreen"):
            dock.setProperty("nnvizOnScreen", True)
            dock.topLevelChanged.connect(lambda floating, d=dock: QTimer.singleShot(0, lambda: keep_on_screen(d))
                                         if floating and shiboken6.isValid(d) else None)


_SIDES = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
_MOVED_FROM = "nnvizMovedFrom"  # a dock's own side while it is below the views for room (see gather_docks)


def _side_room(window: QMainWindow, width: int) -> bool:
    """Whether the views keep their least width beside the open side docks in a window `width` wide."""
    central = window.centralWidget()
    need = central.minimumSizeHint().width() if central is not None else 0
    sides = [d for d in open_docks(window) if window.dockWidgetArea(d) in _SIDES or d.property(_MOVED_FROM)]
    for area in _SIDES:
        widths = [d.minimumSizeHint().width() for d in sides
                  if (d.property(_MOVED_FROM) or window.dockWidgetArea(d).value) == area.value]
        need += max(widths, default=0)
    return need <= width


def gather_docks(window: QMainWindow, width: int, prefer_tabs: bool = False) -> bool:
    """No room beside the side docks while a bottom dock (explain mode) is open, or `prefer_tabs` (presentation
    mode on a narrow window): they become its tabs, behind it, and the views keep the window's whole width.
    No room beside them and no bottom dock (the side panel shown beside a lesson on a 1024 px screen): they go
    below the views, as tabs of one another, and the window keeps its width. They go back to their side once
    there is room (or the bottom dock closes and they fit). `width`: the width the window keeps (`kept_width`).
    Whether a dock moved (the views' width is known once the window has laid them out again)."""
    bottom = [d for d in open_docks(window) if window.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea
              and not d.property(_MOVED_FROM)]
    room = _side_room(window, width)
    if bottom and (prefer_tabs or not room):
        front = bottom[0]
        moved = [d for d in open_docks(window) if d not in bottom and d not in window.tabifiedDockWidgets(front)
                 and (window.dockWidgetArea(d) in _SIDES or d.property(_MOVED_FROM))]
        for dock in moved:
            _note_side(window, dock)
            window.tabifyDockWidget(front, dock)
        if moved:
            front.raise_()
        return bool(moved)
    sides = [d for d in open_docks(window) if window.dockWidgetArea(d) in _SIDES]
    if not room and sides:
        for dock in sides:
            _note_side(window, dock)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, sides[0])  # (open: it stays open)
        for dock in sides[1:]:
            window.tabifyDockWidget(sides[0], dock)
        window.resizeDocks([sides[0]], [round(window.height() * BELOW_SHARE)], Qt.Orientation.Vertical)
        return True
    if not room:
        return False  # below the views already
    went_back = False
    for dock in window_docks(window):
        home = dock.property(_MOVED_FROM)
        if home:
            dock.setProperty(_MOVED_FROM, 0)
            if not dock.isFloating():
                hidden = dock.isHidden()
                window.addDockWidget(Qt.DockWidgetArea(home), dock)
                dock.setHidden(hidden)
                went_back = True
    return went_back


def docks_below(window: QMainWindow) -> list[QDockWidget]:
    """The docks open under the views: their own (the explanation); else side docks that went there for room."""
    below = [d for d in open_docks(window) if window.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea]
    return [d for d in below if not d.property(_MOVED_FROM)] or below


def tabs_height(window: QMainWindow, dock: QDockWidget) -> int:
    """The height of the tabs under a dock tabbed with others (0 when it is not)."""
    if not window.tabifiedDockWidgets(dock):
        return 0
    bars = window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return max((b.sizeHint().height() for b in bars if b.isVisible() and b.y() >= dock.y()), default=0)


def _note_side(window: QMainWindow, dock: QDockWidget) -> None:
    """A side dock about to go below the views keeps its side in mind, to go back to it."""
    if not dock.property(_MOVED_FROM):
        dock.setProperty(_MOVED_FROM, window.dockWidgetArea(dock).value)


def window_docks(window: QMainWindow) -> list[QDockWidget]:
    """The window's docks, shown or not: its own children (a main window adopts the docks added to it), so the
    search reads back none of the widgets inside it (the first read of each costs, at launch ~300 of them)."""
    return window.findChildren(QDockWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)


def open_docks(window: QMainWindow) -> list[QDockWidget]:
    """The docks shown inside the window (not floating)."""
    return [d for d in window_docks(window) if d.isVisible() and not d.isFloating()]


def _grown_by_layout(event: QResizeEvent, window: QWidget) -> bool:
    """Whether a resize is the window growing to its layout's new least size (not the user's doing)."""
    old, new = event.oldSize(), event.size()
    return old.isValid() and new != old and new == old.expandedTo(window.minimumSize())


class ScreenGuard(QObject):
    """Keeps a window from growing by itself: showing or hiding a dock, or larger text, leaves it the size it
    was (and within its screen). `settled` is called after each change, to fold panels for room."""

    def __init__(self, window: QMainWindow, settled: Callable[[], None] = lambda: None) -> None:
        super().__init__(window)
        self.window = window
        self.settled = settled
        self.stable = window.size()  # the size before the change under way
        self._pending = False
        self._tries = 0
        self._before_resize, self._just_resized = QSize(), False
        self._docks: tuple[int, ...] = tuple(id(d) for d in open_docks(window))
        scroll_docks(window)
        guard_floating(window)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Notice docks opening or closing (before the layout grows the window); remember the user's size."""
        if watched is self.window:
            kind = event.type()
            if kind in (QEvent.Type.LayoutRequest, QEvent.Type.ChildPolished):
                shown = tuple(id(d) for d in open_docks(self.window))
                if shown != self._docks:
                    self._docks = shown
                    self.changing()
                elif not self._pending and self.window.size() != self.window.size().boundedTo(self.stable):
                    self.changing()  # grown for a moment (a message, a longer legend): back once it may
            elif kind == QEvent.Type.Show and not self.window.isMinimized():
                self.stable = self.window.size()  # as it was sized before it was shown
            elif kind == QEvent.Type.Resize and not self._pending and isinstance(event, QResizeEvent) \
                    and _grown_by_layout(event, self.window):
                self.stable = event.oldSize()  # a longer legend, larger text: not the user's size
                self.changing()
            elif kind == QEvent.Type.Resize and not self._pending and isinstance(event, QResizeEvent):
                # a dock shown grows the window just before it says so: that size is not the user's
                self._before_resize, self._just_resized = event.oldSize(), True
                QTimer.singleShot(0, self._resize_done)
                self.stable = self.window.size()
                self.settled()  # the user resized: what folds may change
        return False

    def _resize_done(self) -> None:
        self._just_resized = False

    def changing(self, *_: object) -> None:
        """Docks or text are changing: once the layout settles the window goes back to its size."""
        if self._just_resized and self._before_resize.isValid() and not self._pending:
            self.stable = self._before_resize  # the resize a moment ago came with this change
        if not self._pending:
            self._pending = True
            self._tries = 0
            QTimer.singleShot(0, self._fit)

    def _fit(self) -> None:
        if not shiboken6.isValid(self.window):
            return
        scroll_docks(self.window)
        guard_floating(self.window)
        stack_docks(self.window)
        self.settled()
        size = self.window.size()
        if size != size.boundedTo(self.stable):
            self.window.resize(size.boundedTo(self.stable))
        fit_to_screen(self.window, self.stable)
        if self.window.size() != self.window.size().boundedTo(self.stable) and self._tries < SETTLE_TRIES:
            self._tries += 1  # the layout has not taken a dock's new (scrolling) minimum yet: once more
            QTimer.singleShot(20, self._fit)
            return
        self._pending = False
        self.stable = self.window.size().boundedTo(self.stable)  # it goes back once its content lets it
