"""nnviz.data is numpy-only: importing it must not pull in Qt or any GUI module."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
import nnviz.data
import nnviz.data.csv_loader, nnviz.data.features, nnviz.data.generators, nnviz.data.samplers
banned = ("PySide6", "PyQt5", "PyQt6", "pyqtgraph", "matplotlib", "nnviz.ui", "nnviz.session")
loaded = sorted(m for m in sys.modules if m.split(".")[0] in banned or m.startswith(banned))
print(",".join(loaded))
"""


def test_data_package_imports_no_gui_modules() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, check=True, timeout=60
    )
    assert result.stdout.strip() == ""


def test_public_names_are_exported() -> None:
    import nnviz.data as data

    for name in data.__all__:
        assert hasattr(data, name), name
    assert {"Dataset", "generate", "compute_features", "load_csv", "save_csv", "split"} <= set(data.__all__)
