"""Menus, shortcuts and the file dialogs behind them (open, save, export, load CSV)."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QWidget

from nnviz.ui.files.dialogs import ask_csv_path
from nnviz.ui.resources import icon


def session_files_available() -> bool:
    """Whether nnviz.session.files (save_session / load_session) is present."""
    return importlib.util.find_spec("nnviz.session.files") is not None


class FileVerbs(Protocol):
    """The window's file flow as the File menu uses it (`nnviz.ui.files.flow.FileFlow`)."""

    def new(self) -> None:
        """File ▸ New, after the unsaved-changes question."""

    def ask_open(self) -> None:
        """File ▸ Open."""

    def save(self) -> bool:
        """File ▸ Save; False when cancelled."""

    def save_as(self) -> bool:
        """File ▸ Save As; False when cancelled."""

    def quit(self) -> None:
        """File ▸ Quit, asking first when there are unsaved changes."""


class WindowVerbs(Protocol):
    """What the actions and the file dialogs ask the window to do (the main window has these)."""

    session_path: Path | None
    files: FileVerbs  # New, Open, Save, Save As and Quit go through the window's file flow

    def toggle_play(self) -> None:
        """Play or pause."""

    def step_epoch(self) -> None:
        """Train one epoch."""

    def step_batch(self) -> None:
        """Train one mini-batch."""

    def reset(self) -> None:
        """Back to the seed's initial weights."""

    def regenerate(self) -> None:
        """New points."""

    def open_session(self, path: str) -> None:
        """Open a session or network file."""

    def save_session(self, path: str) -> None:
        """Save the session to a file."""

    def load_csv(self, path: str) -> None:
        """Train on a CSV file's points."""

    def import_table(self, path: str) -> None:
        """Ask how to read a table (target, inputs, missing values), then train on it."""

    def session_title(self) -> str:
        """The session's name, or its file's, or "Untitled"."""


@dataclass
class Actions:
    """Every action of the main window."""

    play: QAction
    step: QAction
    step_batch: QAction
    reset: QAction
    regenerate: QAction
    new: QAction
    open: QAction
    save: QAction
    save_as: QAction
    load_csv: QAction
    quit: QAction
    shortcuts: QAction
    about: QAction


Shortcut = QKeySequence | QKeySequence.StandardKey | str


def _action(parent: QWidget, text: str, shortcut: Shortcut | None = None, tip: str = "") -> QAction:
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                          if shortcut is not None else tip)
    parent.addAction(action)  # shortcuts work even where the menu bar is hidden
    return action


def build_actions(window: QWidget, verbs: WindowVerbs) -> Actions:
    """Create the actions on the window, connect them to its verbs and return them."""
    acts = Actions(
        play=_action(window, "Play", "Space", "Start or pause training"),
        step=_action(window, "Step", "Right", "Train one epoch"),
        # Shift+Left/Right belong to the timeline (one epoch back and on): a key two actions hold runs neither
        step_batch=_action(window, "Step batch", "Ctrl+Right", "Train one mini-batch"),
        reset=_action(window, "Reset", "Ctrl+R", "Back to the seed's initial weights; the data stay"),
        regenerate=_action(window, "Regenerate data", "Ctrl+G", "Draw new points; the weights stay"),
        new=_action(window, "New Session", QKeySequence.StandardKey.New, "Start again from the default session"),
        open=_action(window, "Open…", QKeySequence.StandardKey.Open,
                     "Open a saved session, or a network saved by nnviz, Synaptic or brain.js"),
        save=_action(window, "Save Session", QKeySequence.StandardKey.Save, "Save the session"),
        save_as=_action(window, "Save Session As…", QKeySequence.StandardKey.SaveAs, "Save under a new name"),
        load_csv=_action(window, "Load CSV…", None, "Train on your own points from a CSV file"),
        quit=_action(window, "Quit", QKeySequence.StandardKey.Quit, "Close nnviz"),
        shortcuts=_action(window, "Keyboard Shortcuts", None, "The keys nnviz knows"),
        about=_action(window, "About nnviz", None, "Version and licence"),
    )
    acts.play.setIcon(icon("play"))
    acts.step.setIcon(icon("step"))
    acts.step_batch.setIcon(icon("step-batch"))
    acts.reset.setIcon(icon("reset"))
    acts.play.triggered.connect(verbs.toggle_play)
    acts.step.triggered.connect(verbs.step_epoch)
    acts.step_batch.triggered.connect(verbs.step_batch)
    acts.reset.triggered.connect(verbs.reset)
    acts.regenerate.triggered.connect(verbs.regenerate)
    acts.new.triggered.connect(lambda: verbs.files.new())  # nnviz.ui.files: the one way files go
    acts.open.triggered.connect(lambda: verbs.files.ask_open())
    acts.save.triggered.connect(lambda: verbs.files.save())
    acts.save_as.triggered.connect(lambda: verbs.files.save_as())
    acts.load_csv.triggered.connect(lambda: ask_load_csv(window, verbs))
    acts.quit.triggered.connect(lambda: verbs.files.quit())  # asks first when there are unsaved changes
    acts.shortcuts.triggered.connect(lambda: _show_shortcuts(window))
    acts.about.triggered.connect(lambda: _show_about(window))
    files = session_files_available()
    for action in (acts.open, acts.save, acts.save_as):
        action.setEnabled(files)
        if not files:
            action.setStatusTip("Session files are not available in this build")
    return acts


def build_menus(menu_bar: QMenuBar, acts: Actions) -> None:
    """Fill the menu bar: File, Training, Help."""
    file_menu = menu_bar.addMenu("&File")
    for action in (acts.new, acts.open, acts.save, acts.save_as, None, acts.load_csv, None, acts.quit):
        if action is None:
            file_menu.addSeparator()
        else:
            file_menu.addAction(action)
    train_menu = menu_bar.addMenu("&Training")
    for action in (acts.play, acts.step, acts.step_batch, None, acts.reset, acts.regenerate):
        if action is None:
            train_menu.addSeparator()
        else:
            train_menu.addAction(action)
    help_menu = menu_bar.addMenu("&Help")
    help_menu.addAction(acts.shortcuts)
    help_menu.addAction(acts.about)


# --- dialogs -----------------------------------------------------------------------------------
def ask_load_csv(window: QWidget, verbs: WindowVerbs) -> None:
    """Ask for a CSV file and train on it, as the import dialog says (target, inputs, missing values)."""
    path = ask_csv_path(window)
    if path:
        verbs.import_table(path)


def _show_shortcuts(window: QWidget) -> None:
    # lazy: the dialog's module loads when it opens, not with the window (issue 23)
    from nnviz.ui.window.shortcuts_dialog import ShortcutsDialog

    ShortcutsDialog(window).exec()


def _show_about(window: QWidget) -> None:
    # lazy: the About box's module and Qt's button box load when it opens, not with the window (issue 23)
    from nnviz.ui.window.about import show_about

    show_about(window)
