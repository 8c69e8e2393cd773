"""The house rule: no Qt below nnviz/ui, checked statically and at import time."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QT_IMPORT = re.compile(r"^\s*(from|import)\s+(PySide6|PyQt5|PyQt6|pyqtgraph|shiboken6)\b", re.MULTILINE)


def _python(code: str) -> str:
    """What a fresh interpreter prints running code."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout


def test_no_qt_import_in_the_lower_layers_source():
    sources = [path for layer in ("engine", "data", "session", "api", "cli", "io")
               for path in (ROOT / "nnviz" / layer).rglob("*.py")]
    assert len(sources) > 20  # the scan did look at the lower layers
    offenders = [str(path.relative_to(ROOT)) for path in sources if QT_IMPORT.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
    assert QT_IMPORT.search("x = 1\nfrom PySide6.QtCore import QObject\n")  # the pattern does catch an import


def test_importing_the_lower_layers_loads_no_qt():
    code = (
        "import sys, nnviz.engine, nnviz.data, nnviz.session, nnviz.session.files, nnviz.cli.main\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')"
        " or m.startswith('nnviz.ui')]\n"
        "print(','.join(bad))\n"
    )
    assert _python(code).strip() == ""


def test_the_package_exposes_the_scripting_api_lazily():
    code = (
        "import sys, nnviz\n"
        "light = 'nnviz.api' not in sys.modules\n"
        "from nnviz import Network, Squash, seed\n"
        "print(light, nnviz.api.Network is Network, callable(seed), Squash.__name__ == 'Squash')\n"
    )
    assert _python(code).split() == ["True", "True", "True", "True"]
