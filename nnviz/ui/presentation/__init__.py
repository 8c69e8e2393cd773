"""View ▸ Presentation Mode (F5), Full Screen (F11), Zoom In/Out/Actual Size (Ctrl++/-/0), High Contrast.

Presentation mode is for the back of the room: no text under `PRESENTATION_TEXT_PX`, the
look's larger points, thicker lines and larger numbers on the graph, and the settings
folded behind one Controls button so that the graph, the output view, the loss chart and
whatever is being explained keep the screen. Zoom scales every text of the window at any
time. The window never grows by itself (see room.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from nnviz.ui import look
from nnviz.ui.controls.output_controls import BoundaryControls, LossControls, PointControls
from nnviz.ui.presentation.plot_text import scale_plot_text
from nnviz.ui.presentation.room import ROOMY_HEIGHT, ROOMY_WIDTH, ScreenGuard, gather_docks, open_docks
from nnviz.ui.presentation.zoom import next_zoom, zoomed_sheet
from nnviz.ui.window.layout import BOUNDARY_MIN, set_output_beside, tighten_cards
from nnviz.ui.window.status_bar import TrainingStatusBar

if TYPE_CHECKING:
    from nnviz.ui.window.surface import WindowSurface

GRAPH_MIN = (260, 180)  # px: the network graph's least size while docks are open
PRESENTATION_TEXT_PX = 20  # no text smaller in presentation mode (read from the back row at 1024x768)
SIDE_PANEL = "sideScroll"
SHORT_VIEWS = 3.5  # x BOUNDARY_MIN: views shorter than this put the loss chart beside the output view...
BESIDE_WIDTH = 960  # px: ...when they are at least this wide (else the row would grow the window)


class Presentation:
    """The View menu's presentation mode, full screen, zoom and high contrast for one window."""

    def __init__(self, surface: WindowSurface) -> None:
        self.surface = surface
        self.window = window = surface.window
        self.zoom = 1.0
        self.active = False
        self._rows_shown = True  # the output views' rows of controls, as built
        self.menu = QMenu("&View", window)
        self.present = self._action("Presentation Mode", "F5", "Large type, thick lines, settings folded away",
                                    checkable=True)
        self.present.toggled.connect(self.set_presentation)
        self.full_screen = self._action("Full Screen", "F11", "Use the whole screen", checkable=True)
        self.full_screen.toggled.connect(self.set_full_screen)
        self.menu.addSeparator()
        self.zoom_in = self._action("Zoom In", "Ctrl++", "Larger text everywhere")
        self.zoom_in.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.zoom_in.triggered.connect(lambda: self.set_zoom(next_zoom(self.zoom, +1)))
        self.zoom_out = self._action("Zoom Out", "Ctrl+-", "Smaller text everywhere")
        self.zoom_out.triggered.connect(lambda: self.set_zoom(next_zoom(self.zoom, -1)))
        self.zoom_reset = self._action("Actual Size", "Ctrl+0", "Text at its normal size")
        self.zoom_reset.triggered.connect(lambda: self.set_zoom(1.0))
        self.menu.addSeparator()
        self.high_contrast = self._action("High Contrast", None, "Black outlines on a paler map", checkable=True)
        self.high_contrast.toggled.connect(lambda on: look.set_look(high_contrast=on))
        self.controls = QAction("Controls", window)
        self.controls.setCheckable(True)
        self.controls.setToolTip("Show the settings folded away to make room")
        self.controls.toggled.connect(lambda _on: self.refold())
        self.controls.setVisible(False)
        toolbar = surface.training_bar
        actions = toolbar.actions()
        if actions:
            toolbar.insertAction(actions[0], self.controls)  # first: never in the toolbar's overflow
        else:
            toolbar.addAction(self.controls)
        bar = window.menuBar()
        titles = [a.text().replace("&", "") for a in bar.actions()]
        # View comes right after File and Edit (before Training, Lessons, ...), as in every desktop app
        after = next((i + 1 for i in range(len(titles) - 1, -1, -1) if titles[i] in ("File", "Edit")), 0)
        if after < len(titles):
            bar.insertMenu(bar.actions()[after], self.menu)
        else:
            bar.addMenu(self.menu)
        self.guard = ScreenGuard(window, self.refold)
        window.statusBar().messageChanged.connect(lambda _text: self._show_status_bar())

    def _action(self, text: str, shortcut: str | None, tip: str, checkable: bool = False) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setCheckable(checkable)
        self.menu.addAction(action)
        self.window.addAction(action)  # its key works whether or not the menu bar is shown
        return action

    # --- zoom -----------------------------------------------------------------------------------
    def set_zoom(self, zoom: float) -> None:
        """Scale every text of the window by `zoom` (1: as designed)."""
        self.zoom = zoom
        self.guard.changing()
        self._apply_sheet()

    def _apply_sheet(self) -> None:
        if self.zoom == 1.0 and not self.active:
            self.window.setStyleSheet("")
        else:
            self.window.setStyleSheet(zoomed_sheet(self.zoom, PRESENTATION_TEXT_PX if self.active else 0.0))

    # --- presentation ---------------------------------------------------------------------------
    def set_presentation(self, on: bool) -> None:
        """Enter or leave presentation mode."""
        if on == self.active:
            return
        self.active = on
        self.guard.changing()
        self._apply_sheet()
        scale_plot_text(self.window, on)  # before the look: views restyled for it fit their new text
        tighten_cards(self.window, on)  # the graph and the output view take the cards' margins
        look.set_look(large=on)
        self.surface.loss_chart.relayout()  # its plots' least size follows their text
        self.controls.setChecked(False)
        self.refold()
        if self.present.isChecked() != on:
            self.present.setChecked(on)

    def _protect_graph(self, docks: bool) -> None:
        """While a dock is open the graph keeps at least GRAPH_MIN: the dock takes its room elsewhere."""
        want = QSize(*GRAPH_MIN) if docks else QSize(0, 0)
        graph = self.surface.graph_view
        if graph.minimumSize() != want:
            graph.setMinimumSize(want)

    def _short_views(self) -> bool:
        """Presenting with a dock under the views (the explanation) leaves them too short to stack the output
        view on the loss chart: the output view would shrink to a strip (its plot 58 x 98 px at 1024 x 768)."""
        w = self.window
        below = [d for d in open_docks(w) if w.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea]
        central = w.centralWidget()
        if central is None or not self.active or not below:
            return False
        wide = central.width() >= BESIDE_WIDTH  # room for the graph, the output view and the loss chart in a row
        return wide and central.height() < SHORT_VIEWS * BOUNDARY_MIN

    def folded(self) -> tuple[bool, bool, bool]:
        """Whether the side panel, the settings bar and the status bar are folded away now."""
        w = self.window
        docks = open_docks(w)
        bottom = any(w.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea for d in docks)
        side = self.active or (bool(docks) and w.width() < ROOMY_WIDTH)
        settings = self.active or (bottom and w.height() < ROOMY_HEIGHT)
        return side, settings, self.active

    def refold(self) -> None:
        """Fold or show the side panel, settings bar and status bar for the room there is (Controls: show)."""
        w = self.window  # presenting on a narrow screen with the height for a tab bar: the graph gets the width
        gather_docks(w, prefer_tabs=self.active and w.width() < ROOMY_WIDTH and w.height() >= ROOMY_HEIGHT)
        side, settings, status = self.folded()
        self._protect_graph(bool(open_docks(self.window)))
        set_output_beside(w, self._short_views())
        if self.active:
            scale_plot_text(self.window, True)  # plots in docks opened since
        shown = self.controls.isChecked()
        self.controls.setVisible(side or settings)
        self._set_visible(SIDE_PANEL, shown or not side)
        if self.surface.settings_bar.isVisibleTo(self.window) != (shown or not settings):
            self.surface.settings_bar.setVisible(shown or not settings)
        bar = self.window.statusBar()
        if isinstance(bar, TrainingStatusBar):  # the loss legend again; messages (a divergence, an error) still show
            bar.fold_figures(status)
        self._show_status_bar()
        if self._rows_shown != (shown or not status):  # sought only then: the search reads every widget back
            self._rows_shown = shown or not status
            rows = (PointControls, BoundaryControls, LossControls)  # "click adds class", "show test data", "log scale"
            for row in [w for kind in rows for w in self.window.findChildren(kind)]:
                row.setVisible(self._rows_shown)

    def _show_status_bar(self) -> None:
        """In presentation mode the status bar shows only while it has a message (its figures are folded)."""
        bar = self.window.statusBar()
        on = not self.active or bool(bar.currentMessage())
        if bar.isVisibleTo(self.window) != on:
            bar.setVisible(on)

    def _set_visible(self, name: str, on: bool) -> None:
        widget = self.window.findChild(QWidget, name)
        if widget is not None and widget.isVisibleTo(self.window) != on:
            widget.setVisible(on)

    def set_full_screen(self, on: bool) -> None:
        """Full screen or back to a normal window."""
        if on:
            self.window.showFullScreen()
        else:
            self.window.showNormal()
        if self.full_screen.isChecked() != on:
            self.full_screen.setChecked(on)


def install_presentation(surface: WindowSurface) -> Presentation:
    """Add the View menu (presentation mode, full screen, zoom, high contrast) to a main window."""
    return Presentation(surface)
