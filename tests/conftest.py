"""Every test run keeps nnviz's per-user settings (QSettings: the window's place, recent files) in a temporary
folder, never in the user's own ~/.config: set before anything starts Qt, and inherited by the app processes
that tests start."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

_SETTINGS = tempfile.mkdtemp(prefix="nnviz-test-settings-")
os.environ["XDG_CONFIG_HOME"] = _SETTINGS
atexit.register(shutil.rmtree, _SETTINGS, ignore_errors=True)
