"""Teaching mode, a feature of the main window: Explain step, Run for N, inspect a point, lessons, hidden space."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from nnviz.ui.lessons.menu import Lessons
from nnviz.ui.plots.plane_clicks import PlaneClick
from nnviz.ui.teach.digits_menu import add_digits_menu
from nnviz.ui.teach.explain_mode import ExplainMode
from nnviz.ui.teach.inspect_point import PointInspector
from nnviz.ui.teach.run_for import RunForN
from nnviz.ui.teach.worker_link import WorkerLink
from nnviz.ui.window.surface import WindowSurface

if TYPE_CHECKING:
    from nnviz.ui.teach.hidden_space_view import HiddenSpace

# the gestures the teaching mode takes over in the output view, as Help ▸ Keyboard Shortcuts lists them
TEACH_CLICKS = (("Shift+click in the output view", "inspect the network's raw outputs and class at that point"),
                ("Click a point in the explain mode", "walk that training sample through the network"))


class Teaching:
    """The teaching parts of a window."""

    def __init__(self, surface: WindowSurface) -> None:
        self.surface = surface
        self.link = WorkerLink(surface)
        self.explain = ExplainMode(surface, self.link)
        Lessons(surface)  # the Lessons menu and panel; the surface, its parent, keeps it
        self.run_for = RunForN(surface, self.link)
        self.inspector = PointInspector(surface)
        self._hidden: HiddenSpace | None = None  # built the first time it is shown
        menu = surface.window.menuBar().addMenu("&Teach")
        menu.addAction(self.explain.toggle)
        self.hidden_action = menu.addAction("Hidden Space")
        self.hidden_action.setCheckable(True)
        self.hidden_action.setShortcut("H")
        self.hidden_action.setStatusTip("How two neurons of a hidden layer transform the input plane")
        self.hidden_action.toggled.connect(self._show_hidden)
        surface.window.addAction(self.hidden_action)
        self.digits = add_digits_menu(menu, self.explain.refresh)  # 3, 4 or 6 significant digits
        self.explain.toggle.toggled.connect(self._on_explain_toggled)
        surface.boundary_view.reserve_gesture(Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier)
        surface.boundary_view.planeClicked.connect(self._on_plane_click)
        surface.register_gestures(TEACH_CLICKS)

    @property
    def hidden(self) -> HiddenSpace:
        """The hidden-space view and its dock, built on first use."""
        if self._hidden is None:
            # lazy: pyqtgraph's plot widget for this dock loads only when it is first shown (start-up time)
            from nnviz.ui.teach.hidden_space_view import HiddenSpace

            self._hidden = HiddenSpace(self.surface)
            # open or closed, not whether its tab is in front: a dock tabbed behind another stays open
            self._hidden.dock.toggleViewAction().toggled.connect(self.hidden_action.setChecked)
        return self._hidden

    def _show_hidden(self, on: bool) -> None:
        if on or self._hidden is not None:
            self.hidden.dock.setVisible(on)

    def _on_plane_click(self, click: PlaneClick) -> None:
        """Shift+click inspects a point; any other click hides the readout (the explain mode picks samples)."""
        if click.button == Qt.MouseButton.LeftButton and click.modifiers & Qt.KeyboardModifier.ShiftModifier:
            self.inspector.inspect(click.x, click.y)
        else:
            self.inspector.hide()

    def _on_explain_toggled(self, on: bool) -> None:
        if on:
            self.run_for.cancel()


def install_teaching(surface: WindowSurface) -> Teaching:
    """Add the teaching mode to a window: its actions, toolbar controls, docks and menus."""
    teaching = Teaching(surface)
    surface.training_bar.add_mode_action(teaching.explain.toggle)
    surface.training_bar.add_control(teaching.run_for.box)
    surface.add_panel("explanation", teaching.explain.shown_panel)
    return teaching
