"""The window paints in the GUI thread alone: no Qt thread pool for large fills (issue 23)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# a large smooth scaling, as the output view's map: Qt hands it to its GUI thread pool unless told not to
PROBE = """
import glob, os
import nnviz.ui  # noqa: F401
from PySide6.QtCore import QRectF
from PySide6.QtGui import QGuiApplication, QImage, QPainter
app = QGuiApplication([])
src = QImage(200, 200, QImage.Format.Format_RGB32)
src.fill(0xFF336699)
dst = QImage(800, 800, QImage.Format.Format_ARGB32_Premultiplied)
dst.fill(0)
painter = QPainter(dst)
painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
painter.drawImage(QRectF(0, 0, 800, 800), src)
painter.end()
print(sorted(open(task + "/comm").read().strip() for task in glob.glob(f"/proc/{os.getpid()}/task/*")))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the threads' names from /proc")
def test_a_large_paint_starts_no_qt_pool_thread() -> None:
    env = {k: v for k, v in os.environ.items() if k != "QT_NO_GUI_THREADPOOL"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120, check=True).stdout
    threads = ast.literal_eval(out.strip().splitlines()[-1])
    assert len(threads) >= 1
    assert not [name for name in threads if "pooled" in name.lower()], threads
