"""The export side of the main window: File ▸ Export…, Open Recent, Export network/data, Record GIF, and
Edit ▸ Copy Image and Copy as Command. `install_export(window)` adds them all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QToolButton, QWidget

from nnviz.errors import NnvizError
from nnviz.io.filenames import safe_file_stem
from nnviz.session import Frame
from nnviz.ui.export.output import ExportError
from nnviz.ui.export.panels import available_panels, panel_widget
from nnviz.ui.export.recent import RecentFiles, last_folder
from nnviz.ui.export.recorder import Recorder
from nnviz.ui.plain_text import plain_tooltip
from nnviz.ui.resources import icon
from nnviz.ui.window.surface import WindowSurface

if TYPE_CHECKING:
    from nnviz.ui.export.dialog import ExportChoice

QUEUED_FILTERS = {"png": "PNG images (*.png)", "svg": "SVG drawings (*.svg)"}


class ExportTools:
    """The export actions of one main window, and what they do (callable without dialogs, for tests)."""

    def __init__(self, surface: WindowSurface) -> None:
        self.surface = surface
        window = self.window = surface.window  # the parent of the actions and the dialogs
        self.recent = RecentFiles(window)
        self.recorder = Recorder(surface)
        self.export_image = _action(window, "Export Image…", "Ctrl+E",
                                    "Save the window or one panel as PNG or SVG, at 1×, 2× or 3×")
        self.copy_image = _action(window, "Copy Image", "Ctrl+Shift+C",
                                  "Put the panel under the mouse (or the window) on the clipboard")
        self.export_network_action = _action(window, "Export Network…", None,
                                             "Save the network alone as nnviz, Synaptic or brain.js JSON")
        self.export_data_action = _action(window, "Export Data…", None, "Save the points as a CSV file")
        self.copy_command_action = _action(window, "Copy as Command", None,
                                           "Put the `nnviz train …` line for these settings on the clipboard")
        self.record = _action(window, "Record GIF…", None, "Record the boundary every few epochs into a GIF")
        self.record.setCheckable(True)
        self.record.setIcon(icon("record"))
        self.record_window = _action(window, "Record the Whole Window", None,
                                     "Record the window, not just the boundary")
        self.record_window.setCheckable(True)
        self.recent_menu = QMenu("Open Recent", window)
        self.export_image.triggered.connect(self.ask_export_image)
        self.copy_image.triggered.connect(lambda: self.copy_panel_image())
        self.export_network_action.triggered.connect(self.ask_export_network)
        self.export_data_action.triggered.connect(self.ask_export_data)
        self.copy_command_action.triggered.connect(lambda: self.copy_command())
        self.record.toggled.connect(self._on_record_toggled)
        self.recorder.recordingChanged.connect(self._on_recording_changed)
        self.recent.changed.connect(self._fill_recent)
        self._fill_recent()

    # --- images -----------------------------------------------------------------------------------
    def ask_export_image(self) -> None:
        """Ask what to export and where; then export."""
        # lazy: the export dialog loads when it is first opened (start-up time, issue 23)
        from nnviz.ui.export.dialog import ExportDialog, remember_choice

        dialog = ExportDialog(available_panels(self.surface), self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        choice = dialog.choice()
        remember_choice(choice)
        suggested = str(Path(last_folder()) / f"{self._base_name()}-{choice.panel}{choice.suffix()}")
        path, _ = _ask_save_name(self.window, "Export image", suggested, QUEUED_FILTERS[choice.format])
        if path:
            self.export_to(choice, path if path.lower().endswith(choice.suffix()) else path + choice.suffix())

    def export_to(self, choice: ExportChoice, path: str) -> bool:
        """Write a panel as PNG or SVG at a scale; a failure says so and leaves no file."""

        from nnviz.ui.export.svg import export_plot_svg, export_widget_png  # lazy: QtSvg, not before the first paint

        def write() -> object:
            widget = panel_widget(self.surface, choice.panel)
            if choice.format == "svg":
                return export_plot_svg(widget, path, title=f"nnviz — {self.surface.session_title()}",
                                       scale=choice.scale)
            return export_widget_png(widget, path, choice.scale)

        return self._write(write, path, f"the {choice.panel}")

    def current_panel(self) -> str:
        """The panel under the mouse pointer, or "window"."""
        under = QApplication.widgetAt(self.window.cursor().pos())
        for name in available_panels(self.surface):
            widget = panel_widget(self.surface, name)
            if name != "window" and under is not None and (under is widget or widget.isAncestorOf(under)):
                return name
        return "window"

    def copy_panel_image(self, panel: str | None = None) -> bool:
        """Put a panel (by default the one under the mouse, else the window) on the clipboard as an image."""
        from nnviz.ui.export.svg import render_image  # lazy: QtSvg, not before the first paint

        name = panel or self.current_panel()
        try:
            image = render_image(panel_widget(self.surface, name), self.window.devicePixelRatioF())
        except NnvizError as exc:
            self.surface.show_error(f"cannot copy: {exc}")
            return False
        QGuiApplication.clipboard().setImage(image)
        self.surface.show_info(f"copied the {name if name != 'window' else 'window'} as an image")
        return True

    # --- network, data, command ----------------------------------------------------------------------
    def ask_export_network(self) -> None:
        """Ask for a file and a format; write the network there."""
        # lazy: the network and data writers load when first used (start-up time, issue 23)
        from nnviz.ui.export.network_data import NETWORK_FORMATS

        filters = {f"{title} (*.json)": key for key, title in NETWORK_FORMATS.items()}
        suggested = str(Path(last_folder()) / f"{self._base_name()}-network.json")
        path, chosen = _ask_save_name(self.window, "Export network", suggested, ";;".join(filters))
        if path:
            self.export_network(path if Path(path).suffix else path + ".json", filters.get(chosen, "nnviz"))

    def export_network(self, path: str, fmt: str = "nnviz") -> bool:
        """Write the drawn network as JSON in a format ("nnviz", "synaptic", "brainjs")."""
        # lazy: the network and data writers load when first used (start-up time, issue 23)
        from nnviz.ui.export.network_data import export_network

        return self._write_frame(lambda frame: export_network(frame, path, fmt), path, f"the network ({fmt})")

    def ask_export_data(self) -> None:
        """Ask for a file; write the points there as CSV."""
        suggested = str(Path(last_folder()) / f"{self._base_name()}-data.csv")
        path, _ = _ask_save_name(self.window, "Export data", suggested, "CSV files (*.csv)")
        if path:
            self.export_data(path if Path(path).suffix else path + ".csv")

    def export_data(self, path: str) -> bool:
        """Write the drawn points (training, then test) as a CSV file."""
        # lazy: the network and data writers load when first used (start-up time, issue 23)
        from nnviz.ui.export.network_data import export_data

        return self._write_frame(lambda frame: export_data(frame, path), path, "the points")

    def _write_frame(self, write: Callable[[Frame], object], path: str, what: str) -> bool:
        """Write from the latest frame drawn (an error when there is none yet)."""
        frame = self.surface.frame
        if frame is None:
            self.surface.show_error("cannot export: nothing has been drawn yet")
            return False
        return self._write(lambda: write(frame), path, what)

    def _write(self, write: Callable[[], object], path: str, what: str) -> bool:
        """Run a writer; say what was written, or why not (the writers leave no partial file)."""
        try:
            write()
        except NnvizError as exc:
            self.surface.show_error(f"cannot export: {exc}")
            return False
        self.recent.remember_folder(path)
        self.surface.show_info(f"exported {what} to {path}")
        return True

    def copy_command(self) -> str:
        """Put the `nnviz train …` line for the window's settings on the clipboard; returns it."""
        # lazy: the command line's flags load when it is first copied (start-up time, issue 23)
        from nnviz.cli.command_line import command_line

        line, missing = command_line(self.surface.config)
        QGuiApplication.clipboard().setText(line)
        note = f" (it cannot express: {', '.join(missing)})" if missing else ""
        self.surface.show_info(f"copied: {line}{note}")
        return line

    # --- recent files ---------------------------------------------------------------------------------
    def _fill_recent(self) -> None:
        menu = self.recent_menu
        menu.clear()
        files = self.recent.files()
        for i, path in enumerate(files):
            action = menu.addAction(f"&{(i + 1) % 10} {Path(path).name}")
            action.setStatusTip(path)
            action.setToolTip(plain_tooltip(path))
            action.setEnabled(Path(path).is_file())
            action.triggered.connect(lambda _=False, p=path: self.open_recent(p))
        if files:
            menu.addSeparator()
            menu.addAction("Clear Recent Files", self.recent.clear)
        menu.setEnabled(bool(files))

    def open_recent(self, path: str) -> None:
        """Open a file from the recent list (the window's one way to open a file)."""
        self.surface.open_file(path)

    # --- recording ------------------------------------------------------------------------------------
    def _on_record_toggled(self, on: bool) -> None:
        if on == self.recorder.recording:
            return
        if not on:
            self.stop_recording()
            return
        suggested = str(Path(last_folder()) / f"{self._base_name()}.gif")
        path, _ = _ask_save_name(self.window, "Record a GIF", suggested, "GIF animations (*.gif)")
        if not path:
            self.record.setChecked(False)
            return
        self.start_recording(path if path.lower().endswith(".gif") else path + ".gif")

    def start_recording(self, path: str, every: int = 10) -> bool:
        """Begin recording the boundary (or the window) every `every` epochs."""
        try:
            self.recorder.start(path, every, whole_window=self.record_window.isChecked())
        except NnvizError as exc:
            self.surface.show_error(f"cannot record: {exc}")
            self.record.setChecked(False)
            return False
        self.surface.show_info(f"recording every {every} epochs to {path}; press Record again to stop")
        return True

    def stop_recording(self) -> bool:
        """Stop and write the GIF."""
        frames = self.recorder.frames
        try:
            path = self.recorder.stop()
        except ExportError as exc:
            self.surface.show_error(f"cannot write the recording: {exc}")
            return False
        self.recent.remember_folder(path)
        self.surface.show_info(f"wrote {frames} frames to {path}")
        return True

    def _on_recording_changed(self, on: bool) -> None:
        self.record.blockSignals(True)
        self.record.setChecked(on)
        self.record.setText("Stop Recording" if on else "Record GIF…")
        self.record.setIcon(icon("record-stop" if on else "record"))
        self.record.blockSignals(False)

    def _base_name(self) -> str:
        return safe_file_stem(self.surface.session_title(), fallback="nnviz")


def _ask_save_name(parent: QWidget, title: str, suggested: str, filters: str) -> tuple[str, str]:
    """Qt's Save dialog: the path chosen ('' when cancelled) and the filter."""
    # lazy: Qt's file dialog class (and its enums) is made when a dialog opens, not with the window (issue 23)
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog.getSaveFileName(parent, title, suggested, filters)


def _action(parent: QWidget, text: str, shortcut: str | None, tip: str) -> QAction:
    action = QAction(text, parent)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.setStatusTip(tip)
    action.setToolTip(tip)
    parent.addAction(action)
    return action


def install_export(surface: WindowSurface) -> ExportTools:
    """Add the export actions to the window's menus and toolbar (File, after Load CSV; the copies in Edit)."""
    tools = ExportTools(surface)
    acts = surface.actions
    file_menu = surface.menu("File")
    file_menu.insertMenu(_after(file_menu, acts.open), tools.recent_menu)
    anchor = _after(file_menu, acts.load_csv)
    for item in (tools.export_image, tools.export_network_action, tools.export_data_action, None,
                 tools.record, tools.record_window):
        if item is None:
            file_menu.insertSeparator(anchor)
        else:
            file_menu.insertAction(anchor, item)
    edit = QMenu("&Edit", surface.window)  # copies go to Edit only: each action has one place in the menus
    edit.addAction(tools.copy_image)
    edit.addAction(tools.copy_command_action)
    surface.window.menuBar().insertMenu(surface.menu("Training").menuAction(), edit)
    _add_record_button(surface, tools.record)
    surface.sessionOpened.connect(tools.recent.on_opened)
    surface.sessionSaved.connect(tools.recent.on_saved)
    return tools


def _add_record_button(surface: WindowSurface, record: QAction) -> None:
    """The Record button goes at the end of the settings bar (the training bar is full at 1280 px)."""
    bar = surface.settings_bar
    bar.addSeparator()
    bar.addAction(record)
    button = bar.widgetForAction(record)
    if isinstance(button, QToolButton):
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)


def _after(menu: QMenu, action: QAction) -> QAction:
    """The action that follows `action` in a menu (a new separator at the end), to insert before."""
    items = menu.actions()
    i = items.index(action) if action in items else len(items) - 1
    return items[i + 1] if i + 1 < len(items) else menu.addSeparator()
