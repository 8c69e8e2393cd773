"""Your own data in the main window: the import dialog, drag and drop, the slice controls, the confusion matrix.

`install_tables(surface)` (a feature of the main window) adds the Data menu and two docks, and follows
the frames drawn. Everything it changes in the session goes through the surface's `send` or
`request_config`. The docks are built the first time they are needed (table data, the menu, an export):
a window on the generated data sets never builds nor loads them (issue 23: launch).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDialog, QDockWidget, QMainWindow

from nnviz.errors import NnvizError
from nnviz.session.events import FramePacket
from nnviz.ui.presentation.room import open_docks
from nnviz.ui.window.surface import WindowSurface

if TYPE_CHECKING:
    from nnviz.session.frame import Frame
    from nnviz.ui.tables.confusion_view import ConfusionView
    from nnviz.ui.tables.slice_panel import SlicePanel

ROOMY_WIDTH = 1200  # px: from this window width on, the docks open by themselves for new table data
DOCK_WIDTH = 270  # px: the slice's sliders and a 3-class matrix fit; the graph keeps its room


def _dock(window: QMainWindow, title: str, name: str, widget: object) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)  # type: ignore[arg-type]
    dock.setAllowedAreas(Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.BottomDockWidgetArea
                         | Qt.DockWidgetArea.LeftDockWidgetArea)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()
    return dock


@dataclass
class _Docks:
    """The slice controls and the confusion matrix, each in its dock."""

    slice_panel: SlicePanel
    confusion: ConfusionView
    slice_dock: QDockWidget
    confusion_dock: QDockWidget


class Tables(QObject):
    """The table features of one window."""

    def __init__(self, surface: WindowSurface) -> None:
        super().__init__(surface)
        self.surface = surface
        window = self.window = surface.window  # docks, menus, drops and dialogs hang on it
        self._docks: _Docks | None = None  # built the first time they are needed
        self._shown_for: object = None  # the data the docks were last shown for on their own
        menu = surface.menu("&Data")
        self.import_action = QAction("Import Table…", window)
        self.import_action.setStatusTip("Train on a table of your own: pick the target and the input columns")
        self.import_action.triggered.connect(self.ask_import)
        menu.addAction(self.import_action)
        menu.addSeparator()
        # the menu's Slice and Confusion matrix: the docks' own toggles, once the docks are built
        self.dock_actions = (QAction("Slice", window), QAction("Confusion matrix", window))
        for which, action in enumerate(self.dock_actions):
            action.setCheckable(True)
            action.triggered.connect(lambda on, w=which: self._toggle_dock(w, on))
            menu.addAction(action)
        self.export_action = QAction("Export Confusion Matrix…", window)
        self.export_action.triggered.connect(self.ask_export)
        menu.addAction(self.export_action)
        window.setAcceptDrops(True)
        window.installEventFilter(self)
        surface.frameDrawn.connect(self._on_frame)
        surface.tableImportRequested.connect(self.import_file)
        if surface.frame is not None:
            self.show_frame(surface.frame)

    # --- the docks, built on first use -----------------------------------------------------
    @property
    def docks(self) -> _Docks:
        """The two docks and their views (built now, showing the latest frame, if not yet)."""
        if self._docks is None:
            self._docks = self._build_docks()
            if self.surface.frame is not None:
                self._docks.slice_panel.set_frame(self.surface.frame)
                self._docks.confusion.set_frame(self.surface.frame)
        return self._docks

    def _build_docks(self) -> _Docks:
        # lazy: the table docks' views load the first time a dock is needed (start-up time, issue 23)
        from nnviz.session.slicing import SetSlice
        from nnviz.ui.tables.confusion_view import ConfusionView
        from nnviz.ui.tables.slice_panel import SlicePanel

        window, surface = self.window, self.surface
        slice_panel = SlicePanel()
        slice_panel.sliceChanged.connect(lambda spec: surface.send(SetSlice(spec)))
        confusion = ConfusionView()
        docks = _Docks(slice_panel, confusion, _dock(window, "Slice", "sliceDock", slice_panel),
                       _dock(window, "Confusion matrix", "confusionDock", confusion))
        window.tabifyDockWidget(docks.slice_dock, docks.confusion_dock)
        window.resizeDocks([docks.slice_dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        for dock, action in zip((docks.slice_dock, docks.confusion_dock), self.dock_actions, strict=True):
            dock.toggleViewAction().toggled.connect(action.setChecked)  # open or closed, whatever closed it
            dock.toggleViewAction().triggered.connect(lambda on, d=dock: self._place(d) if on else None)
        return docks

    @property
    def slice_panel(self) -> SlicePanel:
        """The slice controls (Data ▸ Slice)."""
        return self.docks.slice_panel

    @property
    def confusion(self) -> ConfusionView:
        """The confusion matrix view (Data ▸ Confusion matrix)."""
        return self.docks.confusion

    @property
    def slice_dock(self) -> QDockWidget:
        """The slice controls' dock."""
        return self.docks.slice_dock

    @property
    def confusion_dock(self) -> QDockWidget:
        """The confusion matrix's dock."""
        return self.docks.confusion_dock

    def _toggle_dock(self, which: int, on: bool) -> None:
        docks = self.docks
        dock = (docks.slice_dock, docks.confusion_dock)[which]
        dock.setVisible(on)
        if on:
            self._place(dock)

    # --- frames ----------------------------------------------------------------------------
    def _on_frame(self, packet: FramePacket) -> None:
        self.show_frame(packet.frame)

    def show_frame(self, frame: Frame) -> None:
        """Follow a frame: the slice controls, the matrix, and the docks shown once for new table data."""
        table = frame.plane is not None
        if self._docks is None and not table:
            return  # nothing to show them for yet: they read the latest frame when built
        docks = self.docks
        docks.slice_panel.set_frame(frame)
        docks.confusion.set_frame(frame)
        key = (frame.column_names, frame.class_names) if table else None
        if table and key != self._shown_for:
            self._shown_for = key
            if self.window.width() < ROOMY_WIDTH:  # a projector: the graph keeps its room; the menu has the docks
                self.surface.show_info("This data is shown on a slice: Data ▸ Slice and Data ▸ Confusion matrix")
                return
            docks.slice_dock.show()
            docks.confusion_dock.show()
            docks.slice_dock.raise_()
            self.window.resizeDocks([docks.slice_dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)

    def _place(self, dock: QDockWidget) -> None:
        """A dock opened from the menu joins the docks open at its side as a tab, in front; it never floats over
        a view (the side panel folds away for its room, see nnviz.ui.presentation.room)."""
        if dock.isFloating():
            return  # the user floated it: it stays where they put it, on screen
        area = self.window.dockWidgetArea(dock)
        beside = [d for d in open_docks(self.window) if d is not dock and self.window.dockWidgetArea(d) == area]
        if beside and dock not in self.window.tabifiedDockWidgets(beside[0]):
            self.window.tabifyDockWidget(beside[0], dock)
        dock.raise_()

    # --- files -----------------------------------------------------------------------------
    def ask_import(self) -> None:
        """Pick a CSV/TSV file and open it in the import dialog."""
        # lazy: Qt's file dialog class (and its enums) is made when a dialog opens, not with the window (issue 23)
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self.window, "Import a table", "",
                                              "Tables (*.csv *.tsv *.txt);;All files (*)")
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> bool:
        """Show the import dialog for a table; True when the user asked for it (the worker then reads it)."""
        # lazy: the import dialog loads when a table is imported (start-up time, issue 23)
        from nnviz.session.opening import read_preview
        from nnviz.ui.tables.import_dialog import ImportDialog

        try:
            preview = read_preview(path)  # the start of the file only: the worker reads it all after OK
        except NnvizError as exc:
            self.surface.report_file_error("Cannot import the table", str(exc))
            return False
        dialog = ImportDialog(preview.table, self.window, preview.partial)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.surface.request_config(dialog.import_choice().config_changes())

    def ask_export(self) -> None:
        """Save the confusion matrix as PNG, SVG or CSV."""
        # lazy: Qt's file dialog class (and its enums) is made when a dialog opens, not with the window (issue 23)
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self.window, "Export the confusion matrix", "confusion.png",
                                              "PNG image (*.png);;SVG image (*.svg);;CSV table (*.csv)")
        if path:
            # lazy: the export code loads when it is used (start-up time, issue 23)
            from nnviz.ui.tables.export import export_confusion

            try:
                export_confusion(self.confusion, path)
            except NnvizError as exc:
                self.surface.show_error(str(exc))

    # --- drag and drop ---------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A file dragged onto the window: a table goes to the import dialog, anything else is opened."""
        if event.type() == QEvent.Type.DragEnter:
            drag = event
            assert isinstance(drag, QDragEnterEvent)
            if _dropped_file(drag) is not None:
                drag.acceptProposedAction()
                return True
        elif event.type() == QEvent.Type.Drop:
            drop = event
            assert isinstance(drop, QDropEvent)
            path = _dropped_file(drop)
            if path is not None:
                drop.acceptProposedAction()
                self.open_dropped(path)
                return True
        return False

    def open_dropped(self, path: str) -> None:
        """Open a dropped file: a table through the import dialog, a session or network file as File ▸ Open does."""
        self.surface.open_file(path)  # the window's one way to open a file (a table: the import dialog)


def _dropped_file(event: QDragEnterEvent | QDropEvent) -> str | None:
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = urls[0].toLocalFile()
    return path if Path(path).is_file() else None


def install_tables(surface: WindowSurface) -> Tables:
    """Add the table features to a window."""
    return Tables(surface)
