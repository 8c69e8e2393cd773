"""Garbage is collected in the GUI thread only, so no worker thread frees a Qt object (nnviz.ui.gui_gc)."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import gc
from nnviz.ui.app import _application
from nnviz.ui.gui_gc import start_collecting
app = _application()
waits = not app._nnviz_gc.timer.isActive()  # the app starts it once its window has painted
start_collecting(app)
print(gc.isenabled(), waits and app._nnviz_gc.timer.isActive(), app._nnviz_gc.timer.thread() is app.thread())
"""


def test_the_app_collects_garbage_on_a_gui_timer_only():
    """In a fresh process (the tests' own fixture installs the collector too, so it must not be what is seen)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "True", "True"], "automatic collection would run in any thread"
