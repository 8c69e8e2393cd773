"""The main window's file commands: open, import, new, save, and the title they give the window.

A mixin of MainWindow (nnviz.ui.window.main_window): files are read and written by the runner, never on the GUI
thread, and the answers come back as the worker's signals, which the window connects to `_on_opened` and
`_on_saved`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from nnviz.session import Config
from nnviz.session import commands as cmd
from nnviz.session.opening import is_csv_name
from nnviz.ui.window.config_requests import ConfigRequests
from nnviz.ui.window.csv_choices import CsvChoices
from nnviz.ui.window.file_answers import FileAnswers
from nnviz.ui.window.file_errors import CANNOT_OPEN
from nnviz.ui.window.shell import session_name, window_title
from nnviz.ui.window.status_bar import TrainingStatusBar
from nnviz.ui.window.surface import WindowSurface


class SessionFileCommands:
    """Open, import, new and save, as the window's menus, keys and features ask for them (MainWindow's part)."""

    # the window's, made in MainWindow._build
    _requests: ConfigRequests
    csv_choices: CsvChoices
    file_answers: FileAnswers
    lesson_title: str
    session_path: Path | None
    status: TrainingStatusBar
    surface: WindowSurface
    send: Callable[[cmd.Command], None]
    setWindowTitle: Callable[[str], None]
    _on_running_changed: Callable[[bool], None]

    @property
    def config(self) -> Config:
        """The session's settings as last confirmed by the worker (MainWindow's)."""
        raise NotImplementedError

    def session_title(self) -> str:
        """The lesson's title, or the session's name, or the file's, or "Untitled"."""
        return session_name(self.config.name, self.session_path, self.lesson_title)

    def set_lesson_title(self, title: str) -> None:
        """The lesson's own title ("" for none), which the window title shows."""
        self.lesson_title = title
        self.update_title()

    def update_title(self) -> None:
        """Show the session's title in the window's title bar."""
        self.setWindowTitle(window_title(self.session_title()))

    # files are read by the runner, never on the GUI thread; the answers come back as signals
    def load_csv(self, path: str) -> None:
        """Train on the points of a CSV file (read in the worker); a bad file leaves the session untouched."""
        multiclass = self._requests.requested().problem == "multiclass"
        self.csv_choices.chose(path)
        self.file_answers.task = "Cannot load the CSV file"
        self.send(cmd.LoadCsv(str(path), self._requests.new_session(), multiclass=multiclass))

    def import_table(self, path: str) -> None:
        """Ask how to read a table (the tables feature's import dialog), then train on it."""
        self.surface.tableImportRequested.emit(path)

    def open_session(self, path: str) -> None:
        """Open a session file or a network file (nnviz, Synaptic, brain.js JSON); a bad file changes nothing.

        The file is read in the worker. A network file is not the session's file:
        Save then asks for a new name instead of overwriting it.
        """
        self.file_answers.task = CANNOT_OPEN
        if is_csv_name(path):
            self.csv_choices.chose(path)
        self.send(cmd.OpenFile(str(path), self._requests.new_session()))

    def new_session(self) -> None:
        """Replace the session with a new default one (File ▸ New; made in the worker)."""
        self.file_answers.task = ""
        self.send(cmd.NewSession(self._requests.new_session()))
        self.session_path = None
        self._on_running_changed(False)
        self.update_title()

    def _on_opened(self, path: str, is_session_file: bool) -> None:
        self.file_answers.task = ""
        self.session_path = Path(path) if is_session_file else None
        self._on_running_changed(False)
        self.update_title()
        self.surface.sessionOpened.emit(path, is_session_file)

    def save_session(self, path: str) -> None:
        """Save the session (in the worker, between steps); names an unnamed session after the file.

        The window's title and file change only when the worker says the file was written.
        """
        self.file_answers.task = "Cannot save the session"
        self.send(cmd.SaveSession(str(path), "" if self.config.name else Path(path).stem))

    def _on_saved(self, path: str, name: str) -> None:
        self.file_answers.task = ""
        self.session_path = Path(path)
        if name and not self.config.name:
            self._requests.named(name)  # as the worker named the session
        self.update_title()
        self.status.show_info(f"saved the session to {path}")
        self.surface.sessionSaved.emit(path, name)
