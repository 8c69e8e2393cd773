"""Start the desktop app: `run(args)` serves `nnviz [FILE]`, `nnviz app [FILE]` and `nnviz --smoke`."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import signal
import sys
import time
from typing import TYPE_CHECKING

from nnviz import BLAS_THREAD_VARIABLES
from nnviz.cli.interrupts import SIGNALS, SignalFlag
from nnviz.errors import OUT_OF_MEMORY, NnvizError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from nnviz.session.opening import OpenedFile
    from nnviz.ui.autosave import Autosaver
    from nnviz.ui.file_open import FileOpenFilter
    from nnviz.ui.window.main_window import MainWindow
    from nnviz.ui.window.shell import WindowShell
    from nnviz.ui.worker import TrainingBackend

log = logging.getLogger(__name__)

# set to 1: quit right after the first paint and print the time; set to a .png path: also save a screenshot there
EXIT_AFTER_PAINT = "NNVIZ_EXIT_AFTER_PAINT"
TRAINING_VARIABLE = "NNVIZ_TRAINING"  # "thread": train in the GUI process's worker thread, not in a child process
FILE_OPEN_EVENTS = sys.platform == "darwin"  # Qt sends QFileOpenEvent on macOS only; elsewhere files come as FILE
_STARTED = time.perf_counter()  # as early as this module loads: the launch time counts from here


def run(args: argparse.Namespace) -> int:
    """Open the main window (on args.file, if given) and run the event loop, or the smoke test; the exit code."""
    early = SignalFlag()  # until the event loop can hear them, quit signals are only noted (never raised in Qt)
    previous = {signum: signal.signal(signum, early) for signum in SIGNALS}
    collecting = gc.isenabled()
    try:
        return _run(args, early)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        qt_core = sys.modules.get("PySide6.QtCore")
        app = qt_core.QCoreApplication.instance() if qt_core is not None else None
        if collecting and getattr(app, "_nnviz_gc", None) is None:  # no GUI-thread collector took over
            gc.enable()


def _run(args: argparse.Namespace, early: SignalFlag) -> int:
    # the launch makes objects and frees few: Python's collections wait for the GUI-thread collector (gui_gc),
    # which takes over as the QApplication is made and runs on its timer, after the first paint
    gc.disable()
    _one_blas_thread()  # before any training: one BLAS thread in the GUI process
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    opened, problem = _open_argument(args.file)
    if problem and args.smoke:
        sys.stderr.write(f"nnviz: smoke test failed: {problem}\n")
        return 1
    if problem:
        sys.stderr.write(f"nnviz: {problem}\n")
    from nnviz.ui.display_check import NO_DISPLAY, display_available  # lazy: decided before Qt loads

    if not display_available():  # before Qt: its own message blames a library that is installed
        if not args.smoke:
            sys.stderr.write(f"nnviz: {NO_DISPLAY}\n")
            return 1
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # the smoke test draws offscreen
    if opened is not None or args.smoke:  # the window is built before it shows: its modules load first
        # the session's modules (numpy among them) load before Qt: PySide6 then does not read each of their files
        # for its `__feature__` switches as they load (about 140 fewer module files read; issue 23: launch)
        import nnviz.session.opening  # noqa: F401  lazy: not for --help, train, or a missing display

    app = _application()
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        # lazy: only the offscreen platform needs its messages hidden
        from nnviz.ui.qt_messages import hide_offscreen_noise

        hide_offscreen_noise()

    # lazy: the window and its parts load after the QApplication exists
    from nnviz.ui.file_open import FileOpenFilter
    from nnviz.ui.first_paint import after_first_paint
    from nnviz.ui.quit_signals import QuitOnSignal
    from nnviz.ui.window.shell import WindowShell

    last_save = _LastSave(app)
    signals = QuitOnSignal(app, last_save)  # from now on SIGINT/SIGTERM/SIGHUP end the event loop cleanly
    if early.signum is not None:  # one arrived while Qt was loading: nothing to save yet
        signals.uninstall()
        return 128 + early.signum
    exit_after_paint = os.environ.get(EXIT_AFTER_PAINT, "")
    launch = _Launch(app, args, opened, problem, last_save, exit_after_paint)
    if args.smoke:  # the smoke test checks the whole window: built before it shows
        launch.build(None)
        window: WindowShell = launch.built()
    else:  # the window paints its title and menu bar first; its parts are made in the turn after (issue 23)
        window = WindowShell(_first_title(opened), shell=True)
        after_first_paint(window, lambda: launch.build(window))
    launch.file_opener = FileOpenFilter(window, launch.open_file)
    if FILE_OPEN_EVENTS:  # an application filter sees every event of the app: only where FileOpen exists
        app.installEventFilter(launch.file_opener)
    try:  # from here on the training thread runs: whatever happens, stop it before the window goes
        if args.smoke:
            # lazy: only --smoke needs the smoke test
            from nnviz.ui.smoke import run_smoke

            return run_smoke(app, launch.built())
        if exit_after_paint:
            _quit_after_first_paint(window, exit_after_paint if exit_after_paint.endswith(".png") else "")
        code = event_loop(app, window)
        if launch.failure is not None:  # the window's parts could not be made: as if its constructor had failed
            raise launch.failure
        autosaver = last_save.autosaver
        if autosaver is not None and signals.received is None and launch.built().files.closed_cleanly():
            # a clean exit (saved, discarded or unchanged): the autosave is not needed; a crash, a signal or a
            # quit that skipped the unsaved-changes question leaves it for the next start to offer
            autosaver.finish()
        return code
    finally:
        launch.uninstall()
        if launch.failure is None or launch.parts_built:  # else its parts failed half-way: that failure is raised
            window.shutdown()  # (a half-built window runs nothing yet: its training starts after its build's last step)
        signals.uninstall()


def _style(app: QApplication, sheet: str) -> None:
    if app.styleSheet() != sheet:  # (a test's app may have it already)
        app.setStyleSheet(sheet)  # the whole window styled once, now that it is built


def _first_title(opened: OpenedFile | None) -> str:
    """The name the window's title shows before the window is built: the session's or its file's, or Untitled."""
    # lazy: after the QApplication, like the rest of the window's modules
    from nnviz.ui.window.shell import session_name

    return session_name("", None) if opened is None else session_name(opened.session.config.name, opened.session_file)


class _Launch:
    """Makes the main window's parts (at once, or on the shell that painted first) and what goes with them: the
    style sheet, the first-paint work, a problem with the named file, the file-open filter."""

    def __init__(self, app: QApplication, args: argparse.Namespace, opened: OpenedFile | None, problem: str,
                 last_save: _LastSave, exit_after_paint: str) -> None:
        self.app, self.args, self.opened, self.problem = app, args, opened, problem
        self.last_save, self.exit_after_paint = last_save, exit_after_paint
        self.window: MainWindow | None = None
        self.failure: BaseException | None = None
        self.parts_built = False  # MainWindow made every part (a failure after that still shuts it down)
        self.file_opener: FileOpenFilter | None = None
        self.handed_over: list[str] = []  # files the desktop handed over before the window was built

    def open_file(self, path: str) -> None:
        """Open a file the desktop hands over (macOS FileOpen) in the window, or once it is built."""
        if self.window is None:
            self.handed_over.append(path)
        else:
            self.window.open_file(path)

    def built(self) -> MainWindow:
        """The built window."""
        assert self.window is not None, "the main window is not built yet"
        return self.window

    def build(self, shell: WindowShell | None) -> None:
        """Make the MainWindow now (`shell` None), or on the shell, which has painted; a failure on the shell ends
        the event loop (and is raised after it); a shell closed meanwhile is not built (the app is quitting)."""
        if shell is not None and not shell.isVisible():
            return
        try:
            self.window = self._build(shell)
        except BaseException as exc:
            if shell is None:
                raise
            self.failure = exc
            self.app.exit(1)

    def _build(self, shell: WindowShell | None) -> MainWindow:
        # lazy: the window's parts load once the QApplication exists (and, in the app, once the shell has painted)
        from nnviz.session.opening import is_csv_name
        from nnviz.ui.first_paint import after_first_paint
        from nnviz.ui.style import STYLE_SHEET
        from nnviz.ui.window.file_errors import CANNOT_OPEN
        from nnviz.ui.window.main_window import MainWindow
        from nnviz.ui.window.shell import built_in_one_pass

        opened, args, app = self.opened, self.args, self.app
        backend: TrainingBackend = "thread" if os.environ.get(TRAINING_VARIABLE) == "thread" else "process"
        session = None if opened is None else opened.session
        session_path = None if opened is None else opened.session_file
        if shell is None:
            window = MainWindow(session, backend=backend, session_path=session_path,
                                training_after_paint=not args.smoke,  # training starts after the first paint
                                plots_after_paint=not args.smoke)  # and the plots (pyqtgraph) are made then
            self.parts_built = True
            _style(app, STYLE_SHEET)
        else:
            with built_in_one_pass(shell):  # (the parts laid out once, at the window's size, then painted)
                window = MainWindow.build_on(shell, session, backend=backend, session_path=session_path)
                self.parts_built = True
                _style(app, STYLE_SHEET)
        # after the window's own first-paint work (its plots, the training): the icon, then autosave (nothing can
        # have changed before; when it cannot write, it says so, and the app works on); --smoke needs no autosave
        after_first_paint(window, lambda: _after_the_first_paint(app, window, self.last_save, autosave=not args.smoke,
                                                                 offer=not self.exit_after_paint))
        if opened is not None and is_csv_name(args.file):
            window.csv_choices.chose(opened.session.config.csv_path)  # the user named this CSV: Reload asks nothing
        if self.problem:
            window.status.show_error(self.problem)
            window.file_error.show(CANNOT_OPEN, self.problem)
        for path in self.handed_over:  # (after the file named on the command line, as they came)
            window.open_file(path)
        self.handed_over = []
        if self.exit_after_paint and shell is not None:
            _quit_when_plots_painted(window, self.exit_after_paint if self.exit_after_paint.endswith(".png") else "")
        return window

    def uninstall(self) -> None:
        """Take the file-open filter away from the application."""
        if self.file_opener is not None:
            self.app.removeEventFilter(self.file_opener)


def _one_blas_thread() -> None:
    """One BLAS thread in this process: numpy loading now reads the variables nnviz set (nothing to do, and
    threadpoolctl's scan of the loaded libraries is saved); numpy loaded before, or other counts asked for,
    are limited through threadpoolctl."""
    if "numpy" in sys.modules or any(os.environ.get(name) != "1" for name in BLAS_THREAD_VARIABLES):
        # lazy: threadpoolctl only when numpy's thread pools must be limited after it loaded
        from nnviz.engine.blas import limit_threads

        limit_threads()


class _LastSave:
    """What a quit signal does: save the session one last time and keep it (if it changed), then end the event
    loop with 128 + the signal; no window may hold that up with a question."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.autosaver: Autosaver | None = None

    def __call__(self, signum: int) -> None:
        saver = self.autosaver
        if saver is not None:
            saver.note_changes()
        if saver is not None and saver.policy.touched:
            saver.save_and_keep()  # the next start offers it back
        elif saver is not None:
            saver.finish()  # nothing changed since it was opened: nothing to keep
        self.app.exit(128 + signum)


def event_loop(app: QApplication, window: QWidget) -> int:
    """Show the window and run the application until it quits; the exit code."""
    window.show()
    return int(app.exec())


def _open_argument(path: str) -> tuple[OpenedFile | None, str]:
    """The file named on the command line, opened; or None and the one-line error."""
    if not path:
        return None, ""
    # lazy: the file readers load only when a file is named
    from nnviz.session.opening import open_path

    try:
        return open_path(path), ""
    except NnvizError as exc:
        return None, str(exc)
    except MemoryError:
        return None, f"{path}: {OUT_OF_MEMORY}"


def _application() -> QApplication:
    """The QApplication (the one already there, in tests), named and styled."""
    # lazy: Qt loads after the file named on the command line is read
    from PySide6.QtWidgets import QApplication

    # lazy: right after PySide6, before the window's modules load
    from nnviz.ui.pyqtgraph_import import quicker_pyside_import_check

    quicker_pyside_import_check()  # PySide6 reads each module imported after it: once, quickly
    # lazy: Qt loads after the file named on the command line is read
    from nnviz.ui.gui_gc import collect_in_gui_thread
    from nnviz.ui.style import apply_style

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0] if sys.argv else "nnviz"])
    app.setApplicationName("nnviz")
    app.setApplicationDisplayName("nnviz")
    app.setOrganizationName("nnviz")
    app.setDesktopFileName("nnviz")  # the icon is set once the window has painted (_after_the_first_paint)
    # the style sheet waits for the window (_run): widgets put together under one are styled again at every step
    apply_style(app, style_sheet=False)
    # the collector's timer starts once the window has painted (_after_the_first_paint): a timer due while the
    # window is built would fire first thing in the event loop, before the paint, and its first look counts
    # every object
    collect_in_gui_thread(app, start=False)
    return app


def _after_the_first_paint(app: QApplication, window: MainWindow, last_save: _LastSave, autosave: bool,
                           offer: bool) -> None:
    """What waits for the window's first paint, in one turn of the event loop: the garbage collector's timer, the
    app's icon (reading it loads the SVG icon engine, and an X window's icon is drawn at every size when it is set),
    then autosave (when `autosave`) and, when `offer`, the offer of a crashed run's autosave."""
    # lazy: after the QApplication, like the rest of the window's modules
    from nnviz.ui.gui_gc import start_collecting
    from nnviz.ui.resources import app_icon

    start_collecting(app)  # Python's garbage is collected from now on
    app.setWindowIcon(app_icon())
    if not autosave:
        return
    # lazy: autosave is not needed by --smoke nor before the first paint
    from nnviz.ui.autosave import Autosaver

    autosaver = last_save.autosaver = Autosaver(window)
    if offer:
        autosaver.offer_restore()


def _quit_after_first_paint(window: QWidget, screenshot: str) -> None:
    """Write the time of the window's first paint to stdout (and save a screenshot of it: `screenshot`); the app
    quits once its plots have painted too (_quit_when_plots_painted)."""
    # lazy: with Qt, as above
    from nnviz.ui.first_paint import after_first_paint

    def first_paint() -> None:
        cpu = sum(os.times()[:2])  # the process's CPU seconds since it started: load changes them less
        wall = time.perf_counter() - _STARTED
        sys.stdout.write(f"nnviz: first paint {wall:.3f} s after start, {cpu:.3f} s CPU\n")
        sys.stdout.flush()
        _save_screenshot(window, screenshot)

    after_first_paint(window, first_paint, first=True)  # after the whole window painted, before its own work


def _save_screenshot(window: QWidget, path: str) -> None:
    """Save what the window shows to `path` (nothing when it is empty), saying so on stdout."""
    if path:
        saved = window.grab().save(path)
        sys.stdout.write(f"nnviz: screenshot {'saved to' if saved else 'FAILED:'} {path}\n")


def _quit_when_plots_painted(window: MainWindow, screenshot: str) -> None:
    """Quit once the built window has painted with its plots (the complete window), writing the time to stdout
    (and saving a screenshot: `screenshot` with its name ending in -plots.png)."""
    # lazy: Qt loads after the file named on the command line is read
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class PlotsPainted(QObject):
        """Notes the output plot's first paint: the plots are on screen (both paint in one pass of the window)."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                sys.stdout.write(f"nnviz: plots painted {time.perf_counter() - _STARTED:.3f} s after start, "
                                 f"{sum(os.times()[:2]):.3f} s CPU\n")
                sys.stdout.flush()
                QTimer.singleShot(0, plots)  # the screenshot, once this paint is over
            return False

    def plots() -> None:
        _save_screenshot(window, screenshot.removesuffix(".png") + "-plots.png" if screenshot else "")
        sys.stdout.flush()
        QTimer.singleShot(0, QApplication.quit)  # after what the plots queued (pyqtgraph's Qt mirrors filled)

    painted = PlotsPainted(window)
    window.boundary_view.when_built(lambda view: view.canvas.viewport().installEventFilter(painted))
