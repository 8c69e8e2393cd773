"""After the app's first paint its plots are made and painted before anything else waits (issue 23: launch)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 30_000


def test_the_plots_are_painted_before_the_work_that_waits_for_the_first_paint(qtbot, styled_app):
    """Qt paints what changed after the calls queued before: the training process, the icon, autosave and
    pyqtgraph's mirrors (queued as it loads) would otherwise all come before the plots showed."""
    from PySide6.QtCore import QEvent, QObject

    from nnviz.ui.first_paint import after_first_paint
    from nnviz.ui.window.main_window import MainWindow

    window = MainWindow(backend="none", resolution=40, plots_after_paint=True)
    qtbot.addWidget(window)
    happened: list[str] = []
    painted: list[tuple[float, ...]] = []  # where the output plot's plane was, and its range, at each paint

    class PlotPaints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            canvas = vars(window.boundary_view).get("canvas")
            if event.type() == QEvent.Type.Paint and canvas is not None and watched is canvas.viewport():
                happened.append("output plot painted")
                painted.append(plane_on_screen())
            return False

    def plane_on_screen() -> tuple[float, ...]:
        box = window.boundary_view.plot_item.getViewBox()
        return (*box.sceneBoundingRect().getRect(), *(x for axis in box.viewRange() for x in axis))

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
    qtbot.wait(200)  # the event loop runs on: the plot has settled
    # the first paint shows the plot settled (pyqtgraph's axes size themselves as they draw: a paint before that
    # showed the plane elsewhere, and the next one moved it)
    assert painted[0] == plane_on_screen(), (painted, plane_on_screen())


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


def test_the_app_paints_its_plots_before_it_fills_pyqtgraph_s_qt_mirrors(tmp_path):
    """Filling the mirrors takes ~0.1 s of the GUI thread: queued at once as pyqtgraph loads, it came first."""
    probe = """
import os, sys
sys.argv = ["nnviz"]
import nnviz.ui.pyqtgraph_import as quick
import nnviz.ui.window.main_window as main_window
fill = quick.complete_pyqtgraph_import
quick.complete_pyqtgraph_import = lambda: (print("mirrors filled", flush=True), fill())
make = main_window.MainWindow.build_plots

def build_plots(window):
    make(window)
    from PySide6.QtCore import QEvent, QObject

    class Painted(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and not getattr(self, "seen", False):
                self.seen = True
                print("output plot painted", flush=True)
            return False

    window._painted = Painted()
    window.boundary_view.canvas.viewport().installEventFilter(window._painted)

main_window.MainWindow.build_plots = build_plots
from nnviz.__main__ import main
main()
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NNVIZ_EXIT_AFTER_PAINT="1", NNVIZ_AUTOSAVE_DIR=str(tmp_path),
               HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = [line for line in out.stdout.splitlines() if line in ("output plot painted", "mirrors filled")]
    assert lines[:1] == ["output plot painted"], out.stdout
