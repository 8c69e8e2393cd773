"""Teaching mode in the main window: Explain step, Run for N, inspect a point, lessons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from nnviz.ui.lessons.menu import Lessons
from nnviz.ui.teach.explain_mode import ExplainMode
from nnviz.ui.teach.inspect_point import PointInspector
from nnviz.ui.teach.link import WorkerLink
from nnviz.ui.teach.run_for import RunForN
from nnviz.ui.window.help_text import register_gestures

if TYPE_CHECKING:
    from nnviz.ui.teach.hidden_space_view import HiddenSpace
    from nnviz.ui.window.main_window import MainWindow

# the gestures boundary_click takes over from the output view, as Help ▸ Keyboard Shortcuts lists them
TEACH_CLICKS = (("Shift+click in the output view", "inspect the network's raw outputs and class at that point"),
                ("Click a point in the explain mode", "walk that training sample through the network"))


class Teaching:
    """The teaching parts of a window, and the router of the clicks they take over."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.link = WorkerLink(window)
        self.explain = ExplainMode(window, self.link)
        self.lessons = Lessons(window)
        self.run_for = RunForN(window, self.link)
        self.inspector = PointInspector(window)
        self._hidden: HiddenSpace | None = None  # built the first time it is shown
        menu = window.menuBar().addMenu("&Teach")
        menu.addAction(self.explain.toggle)
        self.hidden_action = menu.addAction("Hidden Space")
        self.hidden_action.setCheckable(True)
        self.hidden_action.setShortcut("H")
        self.hidden_action.setStatusTip("How two neurons of a hidden layer transform the input plane")
        self.hidden_action.toggled.connect(self._show_hidden)
        window.addAction(self.hidden_action)
        self.explain.toggle.toggled.connect(self._on_explain_toggled)
        window.graph_view.click_filter = self.explain.graph_click
        window.boundary_view.click_filter = self.boundary_click
        register_gestures(window, TEACH_CLICKS)

    @property
    def hidden(self) -> HiddenSpace:
        """The hidden-space view and its dock, built on first use."""
        if self._hidden is None:
            from nnviz.ui.teach.hidden_space_view import HiddenSpace

            self._hidden = HiddenSpace(self.window)
            self._hidden.dock.visibilityChanged.connect(self.hidden_action.setChecked)
        return self._hidden

    def _show_hidden(self, on: bool) -> None:
        if on or self._hidden is not None:
            self.hidden.dock.setVisible(on)

    def boundary_click(self, x: float, y: float, button: Qt.MouseButton, modifiers: Qt.KeyboardModifier) -> bool:
        """Shift+click inspects a point; in the explain mode a click picks a sample; else the view adds points."""
        if button == Qt.MouseButton.LeftButton and modifiers & Qt.KeyboardModifier.ShiftModifier:
            self.inspector.inspect(x, y)
            return True
        self.inspector.hide()
        return self.explain.boundary_click(x, y, button, modifiers)

    def _on_explain_toggled(self, on: bool) -> None:
        if on:
            self.run_for.cancel()


def install_teaching(window: MainWindow) -> Teaching:
    """Add the teaching mode to a main window: its actions, toolbar controls, docks and menus."""
    teaching = Teaching(window)
    toolbar = window.toolbar
    separators = [a for a in toolbar.actions() if a.isSeparator()]
    if separators:
        toolbar.insertAction(separators[0], teaching.explain.toggle)
    else:
        toolbar.addAction(teaching.explain.toggle)
    last = toolbar.actions()[-1]  # the spacer that keeps the controls to the left
    toolbar.insertSeparator(last)
    toolbar.insertWidget(last, teaching.run_for.box)
    window.teaching = teaching  # type: ignore[attr-defined]
    return teaching
