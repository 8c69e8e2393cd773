"""Import pyqtgraph without the Qt modules the first paint does not need (issue 23: launch).

pyqtgraph's Qt shim imports PySide6.QtSvg and QtTest as it loads; nnviz's first
window needs neither (SVG export loads QtSvg when it is used; QtTest is never used by
the app). `import_pyqtgraph` refuses the two while pyqtgraph loads, then gives
pyqtgraph stand-ins that import the real module on first use, so a later SVG export
through pyqtgraph still works. (QtOpenGLWidgets stays: pyqtgraph's plot curves derive
a class from it as they load.)
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
from collections.abc import Sequence

DEFERRED = ("QtSvg", "QtTest")  # PySide6 modules loaded when first used, not at start-up


class _LoadedWhenUsed(types.ModuleType):
    """Stands in for a PySide6 module: the first attribute read imports it."""

    def __init__(self, name: str) -> None:
        super().__init__(f"PySide6.{name}")

    def __getattr__(self, attr: str) -> object:
        return getattr(importlib.import_module(self.__name__), attr)


class _Refuse(importlib.abc.MetaPathFinder):
    """Makes an import of the named modules fail (pyqtgraph then records a FailedImport)."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = frozenset(f"PySide6.{n}" for n in names)

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
                  ) -> importlib.machinery.ModuleSpec | None:
        """Refuse the deferred modules; leave everything else to the other finders."""
        if fullname in self.names:
            raise ImportError(f"{fullname} is loaded when it is first used")
        return None


def import_pyqtgraph() -> None:
    """Import pyqtgraph (once) without loading DEFERRED; a no-op when it or any DEFERRED module is loaded."""
    if "pyqtgraph" in sys.modules or any(f"PySide6.{n}" in sys.modules for n in DEFERRED):
        return
    refuse = _Refuse(DEFERRED)
    sys.meta_path.insert(0, refuse)
    try:
        import pyqtgraph.Qt as qt  # lazy: imported with the deferred Qt modules refused, once
    finally:
        sys.meta_path.remove(refuse)
    for name in DEFERRED:
        if isinstance(getattr(qt, name, None), qt.FailedImport):
            setattr(qt, name, _LoadedWhenUsed(name))
