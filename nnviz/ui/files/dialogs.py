"""The file dialogs of the window's File menu, and where they start (Qt's own dialogs; names sanitised).

Qt's dialog classes are imported where a dialog opens: PySide6 makes a class's Python enums when it first hands
the class out, and the window's first paint needs no dialog (issue 23)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from nnviz.io.filenames import safe_file_name
from nnviz.session.lessons import is_builtin_lesson, lessons_dir
from nnviz.ui.export.recent import last_folder
from nnviz.ui.plain_text import NAME_CHARS, plain_line

SESSION_FILTER = "nnviz sessions (*.nnviz);;JSON session files (*.json);;All files (*)"
OPEN_FILTER = ("Sessions and networks (*.nnviz *.json);;nnviz sessions (*.nnviz);;"
               "JSON: sessions, nnviz, Synaptic and brain.js networks (*.json);;All files (*)")
CSV_FILTER = "CSV files (*.csv *.txt);;All files (*)"
SESSION_SUFFIX = ".nnviz"  # what sessions are saved as (the type --install-desktop registers)
SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def documents_folder() -> Path:
    """The user's documents folder (their home folder when there is none)."""
    # lazy: made when a dialog needs a folder, not with the window
    from PySide6.QtCore import QStandardPaths

    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and os.path.isdir(found) else Path.home()


def _inside_lessons(folder: str | os.PathLike[str]) -> bool:
    try:
        real, base = Path(os.path.realpath(folder)), Path(os.path.realpath(lessons_dir()))
    except (OSError, ValueError):
        return False
    return real == base or base in real.parents


def save_folder(session_path: Path | None) -> Path:
    """Where Save As starts: the session's own folder, else the last folder; never the built-in lessons."""
    if session_path is not None and not is_builtin_lesson(session_path):
        return session_path.parent
    folder = last_folder()
    return documents_folder() if session_path is not None or _inside_lessons(folder) else Path(folder)


def suggested_save_path(session_path: Path | None, name: str) -> str:
    """The path Save As suggests: a portable name made from `name`, in `save_folder`."""
    return str(save_folder(session_path) / safe_file_name(name, SESSION_SUFFIX, fallback="session"))


def ask_save_path(parent: QWidget, suggested: str) -> str:
    """Ask where to save a session; '' when cancelled. A name without a suffix gets `.nnviz`."""
    # lazy: Qt's file dialog class is made when a dialog opens, not with the window
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, "Save session", suggested, SESSION_FILTER)
    if path and not Path(path).suffix:
        path += SESSION_SUFFIX
    return path


def ask_open_path(parent: QWidget) -> str:
    """Ask for a session or network file to open; '' when cancelled."""
    # lazy: Qt's file dialog class is made when a dialog opens, not with the window
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, "Open a session or a network", last_folder(), OPEN_FILTER)
    return path


def ask_csv_path(parent: QWidget) -> str:
    """Ask for a CSV file of points; '' when cancelled."""
    # lazy: Qt's file dialog class is made when a dialog opens, not with the window
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, "Load CSV", last_folder(), CSV_FILTER)
    return path


def unsaved_question(name: str, before: str) -> tuple[str, str]:
    """The question about unsaved changes and the line under it naming the session, as plain text.

    The name (a lesson's title, a session's name or a file's) is shown on a line of its own, as it is:
    never inside quotation marks of ours, which would nest with its own ("1. Two neurons learn “1 → 0”")."""
    shown = plain_line(name, NAME_CHARS) or "Untitled"
    return f"Save the changes to this session before {before}?", shown


def ask_unsaved(parent: QWidget, name: str, before: str) -> str:
    """Ask what to do with unsaved changes before `before` ("quitting"...): SAVE, DISCARD or CANCEL."""
    # lazy: Qt's message box class is made when a question is asked, not with the window
    from PySide6.QtWidgets import QMessageBox

    question, named = unsaved_question(name, before)
    box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes", "", parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # the name may come from a file
    box.setText(question)
    box.setInformativeText(named)  # the informative text follows the text's format: plain
    Button = QMessageBox.StandardButton
    box.setStandardButtons(Button.Save | Button.Discard | Button.Cancel)
    box.setDefaultButton(Button.Save)
    box.setEscapeButton(Button.Cancel)
    answer = box.exec()
    return SAVE if answer == Button.Save else DISCARD if answer == Button.Discard else CANCEL
