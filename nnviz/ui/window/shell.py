"""The main window as it first paints: its title, size and place and its menu bar, made without numpy or the session.

The app shows this first (issue 23: launch); once it has painted, the same window object becomes the MainWindow
(`MainWindow.build_on`) and its panels, views and toolbars are made in the next turn of the event loop. Nothing
drawn here moves then: the menu bar shows the titles the built window's menus have, at the same places, and the
rest of the window is the bare background until its parts are made.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QMainWindow

from nnviz.ui.plain_text import NAME_CHARS, plain_line
from nnviz.ui.window.geometry import place_window

# the built window's menu titles, in order (File, Training and Help from actions.py, the others from features):
# shown before they are made, so that the bar does not change when they are (a test compares the two)
MENU_TITLES = ("&File", "&Edit", "&View", "&Training", "&Lessons", "&Teach", "&Data", "&Help")
UNTITLED = "Untitled"


def session_name(config_name: str, path: str | os.PathLike[str] | None, lesson_title: str = "") -> str:
    """The name a session goes by: its lesson's title, its own name, its file's, or Untitled."""
    return lesson_title or config_name or (Path(path).stem if path else UNTITLED)


def window_title(name: str) -> str:
    """The title bar's text for a session called `name` (a name from a file: plain, bounded)."""
    # once: a title ending in the application's display name gets no second copy from Qt
    return f"{plain_line(name, NAME_CHARS)} — nnviz"


@contextmanager
def built_in_one_pass(window: QMainWindow) -> Iterator[None]:
    """Make parts in a window on screen with its layout held, then lay them out once, at the window's size, before
    anything is painted: Qt shows a part added to a shown window in a queued call, and each show lays the window out
    again (a graph planned for a passing size stayed so: issue 23)."""
    layout = window.layout()
    assert layout is not None  # a QMainWindow always has its own
    window.setUpdatesEnabled(False)  # nothing half-made is painted
    layout.setEnabled(False)
    try:
        yield
        QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)  # the parts' queued shows, now
    finally:
        layout.setEnabled(True)
        layout.activate()
        window.setUpdatesEnabled(True)


class WindowShell(QMainWindow):
    """A main window placed where it opens; `shell=True`: also titled and with its menu bar's titles, to be shown
    before its parts are made (they are made by MainWindow on this very object)."""

    def __init__(self, name: str = UNTITLED, shell: bool = False) -> None:
        super().__init__()
        place_window(self)  # within the screen, centred, or where the user left it
        self._placeholders: list[QAction] = []
        if shell:
            self.setWindowTitle(window_title(name))
            bar = self.menuBar()
            # titles only, no menus: the same pixels as the real menus' titles, and a click before the window is
            # built opens nothing (an empty menu would pop up)
            self._placeholders = [bar.addAction(title) for title in MENU_TITLES]

    def drop_placeholders(self) -> None:
        """Take the menu bar's stand-in titles away (the real menus are added in the same turn: no paint between)."""
        bar = self.menuBar()
        for title in self._placeholders:
            bar.removeAction(title)
            title.deleteLater()
        self._placeholders = []

    def shutdown(self) -> bool:
        """Nothing runs yet in a window not built (the MainWindow stops its training here); True: finished."""
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closed before it was built: nothing to keep (the MainWindow's own closeEvent remembers its place)."""
        super().closeEvent(event)
