"""The house rule: no Qt below nnviz/ui, checked statically and at import time."""

from __future__ import annotations

import ast
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


# the start-up code that may set environment variables, before numpy or Qt load: nothing else writes them
# (nnviz/ui/__init__.py: Qt's paint pool switched off before any window of the app, a render or a script paints)
ENVIRONMENT_WRITERS = {"nnviz/__init__.py", "nnviz/ui/__init__.py", "nnviz/ui/app.py", "nnviz/cli/render_command.py"}
_WRITES = ("pop", "setdefault", "update", "clear", "__setitem__", "__delitem__")


def _environment_writes(source: str) -> list[int]:
    """Lines that write os.environ (item assignment or deletion, a mutating method, putenv/unsetenv)."""

    def is_environ(node: ast.AST) -> bool:
        return isinstance(node, ast.Attribute) and node.attr == "environ"

    def writes(node: ast.AST) -> bool:
        if isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
            return any(isinstance(t, ast.Subscript) and is_environ(t.value) for t in targets)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            return (name in _WRITES and is_environ(node.func.value)) or name in ("putenv", "unsetenv")
        return False

    lines = [node.lineno for node in ast.walk(ast.parse(source)) if writes(node)]
    return lines


def test_only_start_up_code_writes_the_environment():
    found = {str(path.relative_to(ROOT)): _environment_writes(path.read_text(encoding="utf-8"))
             for path in (ROOT / "nnviz").rglob("*.py")}
    writers = {path for path, lines in found.items() if lines}
    assert writers <= ENVIRONMENT_WRITERS, sorted(writers - ENVIRONMENT_WRITERS)
    assert _environment_writes("import os\nos.environ['A'] = '1'\n") == [2]  # the scan does see each kind of write
    assert _environment_writes("import os\nos.environ.pop('A', None)\nos.putenv('B', '')\n") == [2, 3]
    assert _environment_writes("import os\nx = os.environ.get('A')\n") == []
