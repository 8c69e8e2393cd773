"""Start the desktop app: `nnviz.ui.app.main(argv)` is what `nnviz` and `python -m nnviz` call."""

from __future__ import annotations

import logging
import os
import sys
import time

from nnviz.engine.blas import limit_threads

log = logging.getLogger(__name__)

EXIT_AFTER_PAINT = "NNVIZ_EXIT_AFTER_PAINT"  # set to 1: quit right after the first paint, print the time


def _usage_error(argv: list[str]) -> str:
    if len(argv) > 1:
        return f"nnviz: expected at most one session file, got {len(argv)} arguments"
    if argv and argv[0].startswith("-") and argv[0] not in ("-", "--"):
        return f"nnviz: unknown option {argv[0]} (usage: nnviz [SESSION.json])"
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

    from nnviz.ui.main_window import MainWindow
    from nnviz.ui.resources import app_icon
    from nnviz.ui.style import apply_style

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "nnviz"])
    app.setApplicationName("nnviz")
    app.setApplicationDisplayName("nnviz")
    app.setOrganizationName("nnviz")
    app.setDesktopFileName("nnviz")
    app.setWindowIcon(app_icon())
    apply_style(app)

    window = MainWindow()
    if argv:
        window.open_session(argv[0])
    app.aboutToQuit.connect(window.shutdown)
    if os.environ.get(EXIT_AFTER_PAINT):
        _quit_after_first_paint(window, started)
    window.show()
    try:
        return int(app.exec())
    finally:
        window.shutdown()


def _quit_after_first_paint(window: object, started: float) -> None:
    """Quit once the window has painted for the first time, writing the time it took to stdout."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class _FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.property("seen"):
                self.setProperty("seen", True)
                QTimer.singleShot(0, self._done)  # after the whole window has painted
            return False

        def _done(self) -> None:
            sys.stdout.write(f"nnviz: first paint {time.perf_counter() - started:.3f} s after main()\n")
            sys.stdout.flush()
            QApplication.quit()

    watcher = _FirstPaint(window)  # type: ignore[arg-type]
    window.installEventFilter(watcher)  # type: ignore[attr-defined]
