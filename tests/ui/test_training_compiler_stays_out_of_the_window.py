"""numba (some 150 MB, engine/kernels/) is loaded by the training process only, never by the window's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import sys
from PySide6.QtCore import QEventLoop
from nnviz.ui.app import _application
app = _application()
from nnviz.session import Config, Session
from nnviz.ui.window.main_window import MainWindow
window = MainWindow(Session(Config(points=100)), resolution=40)  # the default backend: a training process
window.show()
window.play()
while window.frame is None or window.frame.epoch <= 5:  # frames arrive as events: no clock (the run's timeout
    app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)  # below is only a guard against a hang)
print("epoch", window.frame.epoch if window.frame is not None else None, flush=True)
print("numba in the window's process:", "numba" in sys.modules, flush=True)
window.close()
import os
os._exit(0)
"""


def test_the_window_trains_without_loading_numba_itself(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NNVIZ_AUTOSAVE_DIR=str(tmp_path), HOME=str(tmp_path))
    env.pop("NNVIZ_TRAINING", None)
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=180)
    assert out.returncode == 0, out.stderr[-2000:]
    epoch = int(out.stdout.split("epoch ", 1)[1].split()[0])
    assert epoch > 5, out.stdout  # it did train (in the child, through the one-call step)
    assert "numba in the window's process: False" in out.stdout, out.stdout
