"""What a feature sees of the main window: the views, `send(command)`, the latest frame, and signals.

Features (export, teaching, and whatever comes next) are built from `window/features.py`'s
list with this surface. They add their own menus, docks, actions and gestures through
it and never import the main window nor touch a private name; the window keeps its
own wiring to itself. Every signal is emitted in the GUI thread, after the window has
handled the event itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QWidget

from nnviz.session import Config, Frame
from nnviz.session import commands as cmd
from nnviz.session.config_change import ConfigChange
from nnviz.session.events import FramePacket
from nnviz.ui.graph.view import NetworkGraphView
from nnviz.ui.plots.boundary_view import BoundaryView
from nnviz.ui.plots.loss_chart import LossChart
from nnviz.ui.window.actions import Actions
from nnviz.ui.window.file_errors import FileErrorDialog
from nnviz.ui.window.help_text import Gesture, register_gestures
from nnviz.ui.window.status_bar import TrainingStatusBar
from nnviz.ui.window.toolbar import TrainingToolBar


class LessonFiles(Protocol):
    """What features use of the window's file flow (`nnviz.ui.files.flow.FileFlow`)."""

    lesson: dict[str, str] | None  # the session's lesson ({"title", "text", "format"}) or None
    revert_action: QAction  # Lessons ▸ Revert Lesson

    @property
    def lessonChanged(self) -> SignalInstance:
        """The session's lesson changed (the lesson, or None)."""

    @property
    def lessonOpened(self) -> SignalInstance:
        """A file was opened or a new session made (its lesson, or None)."""


class WindowCommands(Protocol):
    """The part of the window the surface passes on (the main window has these)."""

    @property
    def latest(self) -> FramePacket | None:
        """The latest frame drawn, with its running state."""

    @property
    def config(self) -> Config:
        """The config the worker confirmed last."""

    def send(self, command: cmd.Command) -> None:
        """Queue a command for the training worker."""

    def pause(self) -> None:
        """Pause training."""

    def request_config(self, changes: ConfigChange) -> bool:
        """Change settings (validated at once, applied by the worker); False when refused."""

    def open_session(self, path: str) -> None:
        """Open a session or network file (read by the worker)."""

    def open_file(self, path: str) -> None:
        """Open any file the way the user asked for it (File ▸ Open, a lesson, a drop)."""

    def session_title(self) -> str:
        """The session's name, or the file's, or "Untitled"."""

    @property
    def session_path(self) -> Path | None:
        """The session's own file (None for a new session or one opened from a network file)."""

    @property
    def running(self) -> bool:
        """Whether training is (asked to be) running."""

    def new_session(self) -> None:
        """Replace the session with a new default one."""

    def save_session(self, path: str) -> None:
        """Save the session (written by the worker)."""

    def set_lesson_title(self, title: str) -> None:
        """The lesson's own title ("" for none), which the window title shows."""


class WindowSurface(QObject):
    """The main window as features use it."""

    frameDrawn = Signal(object)  # FramePacket, after the window's views drew it
    configChanged = Signal(object, str)  # the session's Config and its problem, whenever the worker reports them
    sessionOpened = Signal(str, bool)  # (path, whether it is a session file) of a file that became the session
    sessionSaved = Signal(str, str)  # (path, the session's name) of a session written
    runningChanged = Signal(bool)  # training asked to run or to pause
    taskDone = Signal(object)  # what a SessionTask returned
    failed = Signal(str)  # the worker refused something or failed (one line)
    commandSent = Signal(object)  # every command queued for the worker
    setAside = Signal(object)  # timeline: the epoch a carry-on's set-aside run ends at, or None
    tableImportRequested = Signal(str)  # File ▸ Load CSV picked a table: the tables feature asks how to read it
    pinsChanged = Signal(object)  # the pinned runs (tuple of nnviz.session.pins.PinInfo)

    def __init__(self, window: QMainWindow, commands: WindowCommands, *, graph_view: NetworkGraphView,
                 boundary_view: BoundaryView, loss_chart: LossChart, actions: Actions,
                 training_bar: TrainingToolBar, settings_bar: QToolBar, status: TrainingStatusBar,
                 file_error: FileErrorDialog) -> None:
        super().__init__(window)
        self.window = window  # the QMainWindow: docks, menus, actions and dialogs hang on it
        self._commands = commands
        self.graph_view = graph_view
        self.boundary_view = boundary_view
        self.loss_chart = loss_chart
        self.actions = actions
        self.training_bar = training_bar
        self.settings_bar = settings_bar
        self._status = status
        self.files: LessonFiles  # the window's file flow (the lesson, opening, saving): set by the window
        self._file_error = file_error
        self._guards: list[Callable[[cmd.Command], bool]] = []
        self._panels: dict[str, Callable[[], QWidget | None]] = {
            "window": lambda: window, "network": lambda: graph_view, "boundary": lambda: boundary_view,
            "loss": lambda: loss_chart,
        }

    # --- the session ---------------------------------------------------------------------
    def send(self, command: cmd.Command) -> None:
        """Queue a command (or a SessionTask) for the training worker."""
        self._commands.send(command)

    @property
    def latest(self) -> FramePacket | None:
        """The latest frame drawn, with its running state (None before the first)."""
        return self._commands.latest

    @property
    def frame(self) -> Frame | None:
        """The latest Frame drawn."""
        packet = self._commands.latest
        return None if packet is None else packet.frame

    @property
    def config(self) -> Config:
        """The config the worker confirmed last."""
        return self._commands.config

    def pause(self) -> None:
        """Pause training (the window's Play button follows)."""
        self._commands.pause()

    def request_config(self, changes: ConfigChange) -> bool:
        """Change settings: validated at once (False and a status line when refused), applied by the worker."""
        return self._commands.request_config(changes)

    def add_command_guard(self, guard: Callable[[cmd.Command], bool]) -> None:
        """A check every command passes before it is sent (False drops it); every feature's guard is asked."""
        self._guards.append(guard)

    def allows(self, command: cmd.Command) -> bool:
        """Whether every guard lets the command through (the window asks before it sends)."""
        return all(guard(command) for guard in self._guards)

    def open_session(self, path: str) -> None:
        """Open a session or network file; a bad file changes nothing and says so."""
        self._commands.open_session(path)

    def open_file(self, path: str) -> None:
        """Open a file as the user asked (File ▸ Open, a lesson): asks about unsaved changes, shows its lesson."""
        self._commands.open_file(path)

    def session_title(self) -> str:
        """The session's name, or its file's, or "Untitled"."""
        return self._commands.session_title()

    @property
    def session_path(self) -> Path | None:
        """The session's own file (None for a new session or one opened from a network file)."""
        return self._commands.session_path

    @property
    def running(self) -> bool:
        """Whether training is (asked to be) running."""
        return self._commands.running

    def new_session(self) -> None:
        """Replace the session with a new default one (File ▸ New, after the unsaved-changes question)."""
        self._commands.new_session()

    def save_session(self, path: str) -> None:
        """Save the session to a file (in the worker); sessionSaved or failed tells how it went."""
        self._commands.save_session(path)

    def set_lesson_title(self, title: str) -> None:
        """The lesson's own title ("" for none): the window's title shows it."""
        self._commands.set_lesson_title(title)


    # --- what features add ------------------------------------------------------------------
    def menu(self, title: str) -> QMenu:
        """The menu bar's menu of this title ("File", "Training", "Help", ...), made at the end if missing."""
        for action in self.window.menuBar().actions():
            menu = action.menu()
            if isinstance(menu, QMenu) and menu.title().replace("&", "") == title.replace("&", ""):
                return menu
        return self.window.menuBar().addMenu(title)

    def register_gestures(self, gestures: Iterable[Gesture]) -> None:
        """Mouse gestures a feature takes over, for Help ▸ Keyboard Shortcuts."""
        register_gestures(self.window, gestures)

    def add_panel(self, name: str, widget: Callable[[], QWidget | None]) -> None:
        """A panel that File ▸ Export can write (the callable gives None while it is not shown)."""
        self._panels[name] = widget

    def panels(self) -> dict[str, QWidget]:
        """The exportable panels shown now, by name, in the order they were added."""
        shown = {name: get() for name, get in self._panels.items()}
        return {name: widget for name, widget in shown.items() if widget is not None}

    def show_error(self, message: str, standing: bool = False) -> None:
        """A one-line error in the status bar (standing: it stays until the status bar is told to take it back)."""
        self._status.show_error(message, standing)

    def show_info(self, message: str, beside_figures: bool = False) -> None:
        """A one-line note in the status bar (beside_figures: the loss and accuracy figures stay beside it)."""
        self._status.show_info(message, beside_figures)

    def report_file_error(self, title: str, message: str) -> None:
        """A file could not be read or written: the status bar and a window-modal message say so."""
        self._status.show_error(message)
        self._file_error.show(title, message)
