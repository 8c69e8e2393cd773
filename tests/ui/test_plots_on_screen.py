"""After the app's first paint its plots are made and painted before anything else waits (issue 23: launch)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 30_000


def test_the_plots_are_painted_before_the_work_that_waits_for_the_first_paint(qtbot, styled_app):
    """Qt paints what changed after the timers due: the training process, the icon, autosave and pyqtgraph's
    mirrors (queued as it loads) would otherwise all come before the plots showed."""
    from PySide6.QtCore import QEvent, QObject

    from nnviz.ui.first_paint import after_first_paint
    from nnviz.ui.window.main_window import MainWindow

    window = MainWindow(backend="none", resolution=40, plots_after_paint=True)
    qtbot.addWidget(window)
    happened: list[str] = []

    class PlotPaints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            canvas = vars(window.boundary_view).get("canvas")
            if event.type() == QEvent.Type.Paint and canvas is not None and watched is canvas.viewport():
                happened.append("output plot painted")
            return False

    watch = PlotPaints()
    styled_app.installEventFilter(watch)
    try:
        after_first_paint(window, lambda: happened.append("work after the first paint"))  # after the plots' turn
        window.resize(1024, 700)
        window.show()
        qtbot.waitUntil(lambda: "work after the first paint" in happened, timeout=WAIT_MS)
    finally:
        styled_app.removeEventFilter(watch)
    assert happened[0] == "output plot painted", happened


def test_making_the_plots_reads_no_widget_back_from_qt():
    """A widget Qt made (pyqtgraph's first viewport), read back, makes PySide6 build every QtWidgets class."""
    probe = """
from PySide6.QtWidgets import QApplication
app = QApplication([])
from nnviz.ui.plots.boundary_view import BoundaryView
from nnviz.ui.plots.loss_chart import LossChart
view, chart = BoundaryView(deferred=True), LossChart(deferred=True)
view.build()
chart.build()
import PySide6.QtWidgets as widgets
print("plots made:", view.built and chart.built, "every QtWidgets class built:", "QWizard" in vars(widgets))
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "plots made: True every QtWidgets class built: False" in out.stdout, out.stdout
