"""The window's files: ONE way to open a file (command line, File ▸ Open, Open Recent, the Lessons menu, a drop,
the desktop), New, Save and Save As (built-in lessons are read-only), Revert Lesson, and asking before
unsaved changes are lost (quit, Open, New).

The session's lesson comes back from the worker after every open (GetLesson), so the lesson panel and the
window title follow the file, however it was opened.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent

from nnviz.session.explain.tasks import GetLesson, LessonText
from nnviz.session.lessons import is_builtin_lesson
from nnviz.session.opening import cannot_open, is_csv_name
from nnviz.session.unsaved import ChangeCount
from nnviz.ui.file_open import DropOpener
from nnviz.ui.files import dialogs
from nnviz.ui.window.file_errors import CANNOT_OPEN
from nnviz.ui.window.surface import WindowSurface

if TYPE_CHECKING:
    from nnviz.session import Session


class FileFlow(QObject):
    """Opening, saving and the lesson of the session a window shows."""

    lessonChanged = Signal(object)  # the session's lesson ({"title", "text", "format"}) or None
    lessonOpened = Signal(object)  # a file was opened (or a new session made): its lesson, or None

    def __init__(self, surface: WindowSurface) -> None:
        super().__init__(surface.window)
        self.surface = surface
        self.window = window = surface.window
        self.lesson: dict[str, str] | None = None
        self.lesson_origin: Path | None = None  # the file the lesson was opened from (Revert Lesson)
        self.changes = ChangeCount()
        self._opening: str | None = None  # the file (or "" for New) whose lesson the worker tells next
        self._after_save: Callable[[], None] | None = None
        self._close_confirmed = False
        self._quitting = False
        self.closed_through_window = False
        # the surface's signals come after the window has handled the event itself
        surface.sessionOpened.connect(self._on_opened)
        surface.sessionSaved.connect(self._on_saved)
        surface.failed.connect(self._on_failed)
        surface.taskDone.connect(self._on_task_done)
        surface.commandSent.connect(self._on_command)
        window.installEventFilter(self)
        self.drops = DropOpener(window, self.open)
        self.revert_action = QAction("Revert Lesson", window)
        self.revert_action.setStatusTip("Put the lesson back to its starting state, as its file has it")
        self.revert_action.triggered.connect(self.revert_lesson)
        self.revert_action.setEnabled(False)

    # --- the one way in ---------------------------------------------------------------------------
    def start(self, session: Session, session_path: Path | None, watch_drops: bool = True) -> None:
        """The session the window was made with (from the command line, or the default one); `watch_drops`: the
        window's parts are built by now (else the window calls `drops.watch_children()` once they are)."""
        if watch_drops:
            self.drops.watch_children()
        self._opening = str(session_path or "")
        self._on_lesson(session.lesson)

    def open(self, path: str) -> None:
        """Open a file, however the user named it: a CSV goes through the import dialog, anything else is a session.

        A path that cannot be opened as what its name says (missing, a folder, a pipe; too large; not JSON, nor a
        session or network file; no table), as far as it is cheap to tell (session/opening.py), is refused at once:
        no question about unsaved changes comes before the line that says so, and the session stays as it is."""
        problem = cannot_open(path)
        if problem:
            self.surface.report_file_error(CANNOT_OPEN, problem)
            return
        self.when_saved_or_discarded("opening another file", lambda: self._open_now(str(path)))

    def _open_now(self, path: str) -> None:
        if is_csv_name(path):
            self.surface.tableImportRequested.emit(path)  # a table: the import dialog asks for target and inputs
        else:
            self.surface.open_session(path)

    def ask_open(self) -> None:
        """File ▸ Open: ask for a file, then open it."""
        self.when_saved_or_discarded("opening another file", self._ask_open_now)

    def _ask_open_now(self) -> None:
        path = dialogs.ask_open_path(self.window)
        if path:
            self._open_now(path)

    def new(self) -> None:
        """File ▸ New: the default session, after asking about unsaved changes."""
        self.when_saved_or_discarded("starting a new session", self._new_now)

    def _new_now(self) -> None:
        self.surface.new_session()
        self.changes.clean()
        self._opening = ""
        self.surface.send(GetLesson())

    def revert_lesson(self) -> None:
        """Lessons ▸ Revert Lesson: open the lesson's file again."""
        origin = self.lesson_origin
        if origin is not None:
            self.when_saved_or_discarded("reverting the lesson", lambda: self.surface.open_session(str(origin)))

    # --- saving -------------------------------------------------------------------------------------
    def save(self) -> bool:
        """File ▸ Save: to the session's file, or Save As when it has none or it is a built-in lesson."""
        path = self.surface.session_path
        if path is None or is_builtin_lesson(path):
            return self.save_as()
        self.surface.save_session(str(path))
        return True

    def save_as(self) -> bool:
        """Ask for a file and save there; False when the user cancelled."""
        name = self.lesson["title"] if self.lesson else self.surface.session_title()
        path = dialogs.ask_save_path(self.window, dialogs.suggested_save_path(self.surface.session_path, name))
        if not path:
            return False
        if is_builtin_lesson(path):
            self.surface.show_error("the built-in lessons are read-only: save under another name or folder")
            return False
        self.surface.save_session(path)
        return True

    # --- unsaved changes ----------------------------------------------------------------------------
    def has_changes(self) -> bool:
        """Whether the session has changes that no file holds."""
        return self.changes.has_changes(self.surface.running)

    def when_saved_or_discarded(self, before: str, then: Callable[[], None]) -> None:
        """Run `then` now, or after the user saved or discarded the changes; never when they cancel."""
        if not self.has_changes():
            then()
            return
        answer = dialogs.ask_unsaved(self.window, self.surface.session_title(), before)
        if answer == dialogs.DISCARD:
            then()
        elif answer == dialogs.SAVE:
            self.surface.pause()  # the file gets the session as it is now, and nothing changes after it
            self._after_save = then
            if not self.save():
                self._after_save = None  # Save As cancelled: so is what was to follow

    def closed_cleanly(self) -> bool:
        """Whether the window closed with nothing left unsaved that the user did not choose to discard."""
        return self.closed_through_window or not self.has_changes()

    def quit(self) -> None:
        """File ▸ Quit: close the window, asking first when there are unsaved changes."""
        self._quitting = True
        try:
            self.window.close()
        finally:
            self._quitting = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ask before the user closes the window with unsaved changes (Cancel keeps it open).

        Only a close the user asked for asks (the window's close button, Quit): a program closing the
        window (the smoke test, nnviz render) decides for itself."""
        if watched is not self.window or event.type() != QEvent.Type.Close or not isinstance(event, QCloseEvent):
            return False
        if self._close_confirmed or not self.has_changes():
            self.closed_through_window = True
            return False
        if not (event.spontaneous() or self._quitting):
            return False
        event.ignore()
        self.when_saved_or_discarded("quitting", self._close_now)
        return True

    def _close_now(self) -> None:
        self._close_confirmed = True
        QTimer.singleShot(0, self.window.close)  # after the close event that asked has been refused

    # --- answers from the worker ------------------------------------------------------------------------
    def _on_command(self, command: object) -> None:
        self.changes.note(command, self.surface.running)

    def _on_opened(self, path: str, is_session_file: bool) -> None:
        self.changes.clean()
        self._opening = path
        self.surface.send(GetLesson())  # after the open, in order: the lesson of the session just opened

    def _on_saved(self, path: str, name: str) -> None:
        self.changes.on_saved()
        then, self._after_save = self._after_save, None
        if then is not None:
            then()

    def _on_failed(self, message: str) -> None:
        self._after_save = None  # a failed save (or anything failing meanwhile) cancels what was to follow

    def _on_task_done(self, result: object) -> None:
        if isinstance(result, LessonText):
            self._on_lesson(result.lesson)

    def _on_lesson(self, lesson: dict[str, str] | None) -> None:
        """The session's lesson, as the worker says; after an open, the file's lesson is shown."""
        opened, self._opening = self._opening, None
        self.lesson = lesson
        if opened is not None:
            self.lesson_origin = Path(opened) if lesson is not None and opened else None
            self.revert_action.setEnabled(self.lesson_origin is not None)
        self.surface.set_lesson_title(lesson["title"] if lesson else "")
        self.lessonChanged.emit(lesson)
        if opened is not None:
            self.lessonOpened.emit(lesson)


def install_files(surface: WindowSurface) -> FileFlow:
    """Give a window its file flow: New, Open, Save, Save As, Revert Lesson and the unsaved-changes question."""
    surface.files = flow = FileFlow(surface)
    return flow
