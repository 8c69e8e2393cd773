"""The window's first paint loads only what it needs (issue 23): no QtSvg, no QtTest; SVG export still works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import sys
from nnviz.ui.app import _application
app = _application()
from nnviz.ui.window.main_window import MainWindow
window = MainWindow(backend="none")
window.show()
app.processEvents()
print("loaded", sorted(m for m in ("PySide6.QtSvg", "PySide6.QtTest") if m in sys.modules))
import pyqtgraph.Qt as qt
from PySide6.QtSvg import QSvgGenerator
print("stand-in", qt.QtSvg.QSvgGenerator is QSvgGenerator, flush=True)
window.close()
import os
os._exit(0)  # what is checked is printed; the interpreter's teardown of a script's globals is not under test
"""


def test_the_first_window_loads_neither_qtsvg_nor_qttest_and_pyqtgraph_gets_qtsvg_on_use(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NNVIZ_AUTOSAVE_DIR=str(tmp_path), HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "loaded []" in out.stdout, out.stdout
    assert "stand-in True" in out.stdout, out.stdout


MIRRORS = """
import sys
import PySide6.QtWidgets
from nnviz.ui.app import _application
app = _application()
from nnviz.ui.pyqtgraph_import import import_pyqtgraph
import_pyqtgraph()  # as the plots do when they are made
import pyqtgraph as pg
from pyqtgraph.Qt import QtWidgets
names = set(dir(PySide6.QtWidgets))
view = QtWidgets.QGraphicsView
print("before", len(names - set(vars(QtWidgets))) > len(names) // 2, view is PySide6.QtWidgets.QGraphicsView)
feature = sys.modules["shibokensupport.feature"]
import nnviz.ui.style, nnviz.engine.losses
print("asks", feature._mod_uses_pyside(nnviz.ui.style), feature._mod_uses_pyside(nnviz.engine.losses))
from nnviz.ui.pyqtgraph_import import complete_pyqtgraph_import
complete_pyqtgraph_import()
print("after", names <= set(vars(QtWidgets)), "__getattr__" in vars(QtWidgets))
plot = pg.PlotWidget()
plot.plot([0, 1], [1, 0])
import os
os._exit(0)
"""


def test_pyqtgraph_s_qt_mirrors_are_filled_after_the_first_paint_not_at_import(tmp_path):
    """Reading every PySide6 name builds 700 classes (a third of the launch): the mirrors forward until filled."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NNVIZ_AUTOSAVE_DIR=str(tmp_path), HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", MIRRORS], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "before True True" in out.stdout, out.stdout  # mostly empty, and what is read is PySide6's own
    assert "asks True False" in out.stdout, out.stdout  # PySide6's question answered as it would itself
    assert "after True False" in out.stdout, out.stdout


def test_the_app_fills_the_mirrors_once_it_has_painted(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NNVIZ_AUTOSAVE_DIR=str(tmp_path), HOME=str(tmp_path),
               NNVIZ_EXIT_AFTER_PAINT="1")
    code = ("import atexit, sys, types\nfrom nnviz.__main__ import main\n"
            "from nnviz.ui import pyqtgraph_import as p\n"
            "p.atexit = types.SimpleNamespace(register=lambda f: None)  # the app, not the exit, must fill them\n"
            "atexit.register(lambda: print('incomplete', p._incomplete, flush=True))\n"
            "sys.argv = ['nnviz']\nmain()\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert "first paint" in out.stdout, out.stderr[-2000:]
    assert "incomplete []" in out.stdout, out.stdout
