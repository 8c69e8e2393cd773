"""View ▸ Presentation Mode (F5), Full Screen (F11), Zoom In/Out/Actual Size (Ctrl++/-/0), High Contrast.

Presentation mode is for the back of the room: no text under `PRESENTATION_TEXT_PX`, the
look's larger points, thicker lines and larger numbers on the graph, and the settings
folded behind one Controls button so that the graph, the output view, the loss chart and
whatever is being explained keep the screen. Zoom scales every text of the window at any
time. The window never grows by itself (see room.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QSplitter, QWidget

from nnviz.ui import look
from nnviz.ui.controls.output_controls import BoundaryControls, LossControls, PointControls
from nnviz.ui.controls.training_panel import TrainingPanel
from nnviz.ui.presentation.plot_text import scale_plot_text
from nnviz.ui.presentation.room import (
    ROOMY_HEIGHT,
    ROOMY_WIDTH,
    ScreenGuard,
    docks_below,
    gather_docks,
    kept_width,
    open_docks,
    readable_height,
    tabs_height,
)
from nnviz.ui.presentation.zoom import next_zoom, zoomed_sheet
from nnviz.ui.window.layout import BOUNDARY_MIN, set_output_beside, stacked_views_height, tighten_cards
from nnviz.ui.window.status_bar import TrainingStatusBar

if TYPE_CHECKING:
    from nnviz.ui.window.surface import WindowSurface

GRAPH_MIN = (260, 180)  # px: the network graph's least size while docks are open
PRESENTATION_TEXT_PX = 20  # no text smaller in presentation mode (read from the back row at 1024x768)
SIDE_PANEL = "sideScroll"
SHORT_VIEWS = 3.5  # x BOUNDARY_MIN: views shorter than this put the loss chart beside the output view...
BESIDE_WIDTH = 960  # px: ...when they are at least this wide (else the row would grow the window)
PRESENTING_BELOW_SHARE = 0.3  # presenting, the most of the window's height a cramped explanation is given


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
        for panel in self.window.findChildren(TrainingPanel):  # the settings bar's fields closer: it fits 1024 px
            panel.set_tight(on)
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

    def _cramped(self) -> bool:
        """Whether the views stacked as designed leave a dock under them (the explanation) less than the height of
        its contents: at 1024 x 640 the explanation showed its title row and none of its arithmetic."""
        w = self.window
        below, central = docks_below(w), w.centralWidget()
        if not below or central is None:
            return False
        # the height the views and the docks share: from the toolbars to the status bar (presenting, the status bar
        # comes and goes with its messages: the layout does not change with them)
        bar = w.statusBar()
        bottom = min(w.height(), self.guard.stable.height()) - (0 if self.active else bar.height())
        return bottom - central.y() < stacked_views_height(w) + max(readable_height(d) for d in below)

    def _short_views(self, cramped: bool) -> bool:
        """A dock under the views (the explanation) leaves them too short to stack the output view on the loss chart
        (presenting: the output view would shrink to a strip, its plot 58 x 98 px at 1024 x 768; `cramped`: the
        explanation would get no room for its arithmetic), and they are wide enough to put them side by side."""
        w = self.window
        central, views = w.centralWidget(), w.findChild(QSplitter, "mainSplitter")
        if central is None or views is None or not docks_below(self.window):
            return False
        grown = w.width() - kept_width(w, self.guard.stable)  # a panel shown grew the window for a moment
        wide = views.width() - grown >= BESIDE_WIDTH  # room for the graph, the output view and the loss chart
        return wide and (cramped or (self.active and central.height() < SHORT_VIEWS * BOUNDARY_MIN))

    def _give_readable_room(self) -> None:
        """The docks under the views get the height of their contents, as far as the views' least height lets them
        (presenting, at most PRESENTING_BELOW_SHARE of the window's height: the graph keeps its large text)."""
        below = docks_below(self.window)
        if below and self._cramped():
            need = max(readable_height(d) for d in below)
            if self.active:
                need = min(need, round(PRESENTING_BELOW_SHARE * self.window.height()))
            if below[0].height() < need:  # (tabbed docks: their tabs take their height from what is asked)
                self.window.resizeDocks(below[:1], [need + tabs_height(self.window, below[0])], Qt.Orientation.Vertical)

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
        w = self.window
        shown = self.controls.isChecked()
        self._set_visible(SIDE_PANEL, shown or not self.folded()[0])  # first: the side docks fit beside it or not
        self._protect_graph(bool(open_docks(self.window)))
        # presenting on a narrow screen with the height for a tab bar, or an explanation cramped under the views:
        # the side docks go behind it as tabs, and the views get the width
        cramped = self._cramped()
        tabs = cramped or (self.active and w.width() < ROOMY_WIDTH and w.height() >= ROOMY_HEIGHT)
        if gather_docks(w, kept_width(w, self.guard.stable), prefer_tabs=tabs):
            QTimer.singleShot(0, w, self.refold)  # again once the views have the width the docks left them
        side, settings, status = self.folded()
        set_output_beside(w, self._short_views(cramped))
        if cramped:
            QTimer.singleShot(0, w, self._give_readable_room)  # once the views have taken their new least height
        if self.active:
            scale_plot_text(self.window, True)  # plots in docks opened since
        self.controls.setVisible(side or settings)
        if self.surface.settings_bar.isVisibleTo(self.window) != (shown or not settings):
            self.surface.settings_bar.setVisible(shown or not settings)
        bar = self.window.statusBar()
        if isinstance(bar, TrainingStatusBar):  # the loss legend again; messages (a divergence, an error) still show
            bar.fold_figures(status)
        self._show_status_bar()
        # presenting with a dock open, the rows stay folded (in large type the output card's row of check boxes alone
        # made the views, beside the settings and a lesson below them, wider and taller than a 1024 x 768 screen)
        rows_shown = (shown and not (self.active and bool(open_docks(w)))) or not status
        if self._rows_shown != rows_shown:  # sought only then: the search reads every widget back
            self._rows_shown = rows_shown
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
