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
