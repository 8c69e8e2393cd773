"""Start the desktop app: `nnviz.ui.app.main(argv)` is what `nnviz` and `python -m nnviz` call."""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import TYPE_CHECKING

from nnviz.engine.blas import limit_threads

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

# set to 1: quit right after the first paint and print the time; set to a .png path: also save a screenshot there
EXIT_AFTER_PAINT = "NNVIZ_EXIT_AFTER_PAINT"


def _usage_error(argv: list[str]) -> str:
    if len(argv) > 1:
        return f"nnviz: expected at most one session file, got {len(argv)} arguments"
    if argv and argv[0].startswith("-") and argv[0] not in ("-", "--"):
        return f"nnviz: unknown option {argv[0]} (usage: nnviz [SESSION-OR-NETWORK.json])"
    return ""


def main(argv: list[str]) -> int:
    """Open the main window (with an optional session file) and run the event loop; returns the exit code."""
    started = time.perf_counter()
    argv = [a for a in argv if a != "--"]
    problem = _usage_error(argv)
    if problem:
        sys.stderr.write(problem + "\n")
        return 2
    limit_threads()  # before any training: one BLAS thread in the GUI process
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    from PySide6.QtWidgets import QApplication

    from nnviz.ui.resources import app_icon
    from nnviz.ui.style import apply_style
    from nnviz.ui.window.main_window import MainWindow

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0] if sys.argv else "nnviz"])
    app.setApplicationName("nnviz")
    app.setApplicationDisplayName("nnviz")
    app.setOrganizationName("nnviz")
    app.setDesktopFileName("nnviz")
    app.setWindowIcon(app_icon())
    apply_style(app)

    window = MainWindow()
    try:  # from here on the training thread runs: whatever happens, stop it before the window goes
        if argv:
            window.open_session(argv[0])
        exit_after_paint = os.environ.get(EXIT_AFTER_PAINT, "")
        if exit_after_paint:
            _quit_after_first_paint(window, started, exit_after_paint if exit_after_paint.endswith(".png") else "")
        window.show()
        return int(app.exec())
    finally:
        window.shutdown()


def _quit_after_first_paint(window: QWidget, started: float, screenshot: str) -> None:
    """Quit once the window has painted for the first time, writing the time it took to stdout."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class _FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            """Note the first paint event; never swallow anything."""
            if event.type() == QEvent.Type.Paint and not self.property("seen"):
                self.setProperty("seen", True)
                QTimer.singleShot(0, self._done)  # after the whole window has painted
            return False

        def _done(self) -> None:
            sys.stdout.write(f"nnviz: first paint {time.perf_counter() - started:.3f} s after main()\n")
            if screenshot:
                saved = window.grab().save(screenshot)
                sys.stdout.write(f"nnviz: screenshot {'saved to' if saved else 'FAILED:'} {screenshot}\n")
            sys.stdout.flush()
            QApplication.quit()

    watcher = _FirstPaint(window)
    window.installEventFilter(watcher)
