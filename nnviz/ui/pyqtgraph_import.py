"""Import pyqtgraph without the Qt modules the first paint does not need (issue 23: launch).

pyqtgraph's Qt shim imports PySide6.QtSvg and QtTest as it loads; nnviz's first
window needs neither (SVG export loads QtSvg when it is used; QtTest is never used by
the app). `import_pyqtgraph` refuses the two while pyqtgraph loads, then gives
pyqtgraph stand-ins that import the real module on first use, so a later SVG export
through pyqtgraph still works. (QtOpenGLWidgets stays: pyqtgraph's plot curves derive
a class from it as they load.)

pyqtgraph's shim also copies every name of QtCore, QtGui and QtWidgets into mirror modules
of its own; reading every name makes PySide6 build every class it loads lazily (700
classes, 150 ms, a third of the launch). Here the mirrors start empty and forward what is
read from them (PEP 562 `__getattr__`); `complete_pyqtgraph_import`, run after the first
paint (and at exit at the latest, before pyqtgraph's own clean-up), copies the rest, so
from then on the mirrors are exactly what pyqtgraph builds itself.
"""

from __future__ import annotations

import atexit
import importlib
import sys
import types
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importlib.abc loads importlib.resources (~8 ms at launch): a finder needs only find_spec
    import importlib.machinery

DEFERRED = ("QtSvg", "QtTest")  # PySide6 modules loaded when first used, not at start-up
MIRRORED = ("QtCore", "QtGui", "QtWidgets")  # pyqtgraph.Qt's mirrors of these are filled after the first paint
_incomplete: list[str] = []  # the mirrors not yet filled
MIRRORS_DELAY_MS = 1  # the mirrors are filled by a timer this long after pyqtgraph loads


class _LoadedWhenUsed(types.ModuleType):
    """Stands in for a PySide6 module: the first attribute read imports it."""

    def __init__(self, name: str) -> None:
        super().__init__(f"PySide6.{name}")

    def __getattr__(self, attr: str) -> object:
        return getattr(importlib.import_module(self.__name__), attr)


class _Refuse:
    """Makes an import of the named modules fail (pyqtgraph then records a FailedImport): a meta path finder."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = frozenset(f"PySide6.{n}" for n in names)

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
                  ) -> importlib.machinery.ModuleSpec | None:
        """Refuse the deferred modules; leave everything else to the other finders."""
        if fullname in self.names:
            raise ImportError(f"{fullname} is loaded when it is first used")
        return None


def _forwarding(source: types.ModuleType) -> Callable[[str], object]:
    def __getattr__(attr: str) -> object:
        return getattr(source, attr)

    return __getattr__


def _empty_mirrors() -> dict[str, Callable[[], list[str]]]:
    """Register pyqtgraph.Qt's mirror modules, forwarding to PySide6; make PySide6's names unlisted meanwhile."""
    hidden = {}
    for name in MIRRORED:
        source = importlib.import_module(f"PySide6.{name}")
        mirror = types.ModuleType(f"pyqtgraph.Qt.{name}")
        mirror.__path__ = []  # a package, as pyqtgraph's own (empty) one is
        mirror.__getattr__ = _forwarding(source)  # type: ignore[method-assign]
        sys.modules[mirror.__name__] = mirror
        hidden[name] = vars(source).get("__dir__")
        source.__dir__ = list  # type: ignore[method-assign]  # the shim's copy finds no name to copy
    return hidden  # type: ignore[return-value]


def quicker_pyside_import_check() -> None:
    """Let PySide6 ask "does this module mention PySide6?" of each module imported by reading its file once.

    PySide6 asks it of every module imported after it (for its `__feature__` switches), through
    `inspect.getsource`, which tokenizes the file and fills the line cache: 250 modules at start-up.
    The answer is the same (the text contains "PySide6"); modules that are not a source file are asked as before.
    """
    feature = sys.modules.get("shibokensupport.feature")
    asked = getattr(feature, "_mod_uses_pyside", None)
    if asked is None or getattr(asked, "nnviz_quicker", False):
        return

    def mentions_pyside(module: types.ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(asked(module))
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(asked(module))

    mentions_pyside.nnviz_quicker = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = mentions_pyside  # type: ignore[union-attr]


def complete_pyqtgraph_import() -> None:
    """Fill pyqtgraph's Qt mirrors with every name they do not have yet (as its shim would have at import)."""
    while _incomplete:
        name = _incomplete.pop()
        source, mirror = sys.modules[f"PySide6.{name}"], sys.modules[f"pyqtgraph.Qt.{name}"]
        own = vars(mirror)
        for attr in dir(source):
            if attr not in own:
                setattr(mirror, attr, getattr(source, attr))
        own.pop("__getattr__", None)


def load_pyqtgraph() -> None:
    """Import pyqtgraph the quick way if it is not loaded yet: its Qt mirrors are filled by a timer (after what is
    being built has painted), and at exit at the latest."""
    if "pyqtgraph" not in sys.modules:
        import_pyqtgraph()
        # lazy: QtCore is loaded by now, by whoever builds a plot
        from PySide6.QtCore import QTimer

        # a timer, not a call queued at once (a zero delay): the window's plots settle and paint by running the calls
        # queued as they are made, and this one takes ~0.1 s (issue 23: launch)
        QTimer.singleShot(MIRRORS_DELAY_MS, complete_pyqtgraph_import)


def import_pyqtgraph() -> None:
    """Import pyqtgraph (once) without loading DEFERRED; a no-op when it or any DEFERRED module is loaded.

    Its Qt mirrors stay empty until `complete_pyqtgraph_import` (after the first paint; at exit at the latest).
    """
    if "pyqtgraph" in sys.modules or any(f"PySide6.{n}" in sys.modules for n in DEFERRED):
        return
    quicker_pyside_import_check()
    refuse = _Refuse(DEFERRED)
    sys.meta_path.insert(0, refuse)
    hidden = _empty_mirrors()
    _incomplete.extend(MIRRORED)
    try:
        import pyqtgraph.Qt as qt  # lazy: imported with the deferred Qt modules refused, once
    finally:
        sys.meta_path.remove(refuse)
        for name, listing in hidden.items():
            source = sys.modules[f"PySide6.{name}"]
            if listing is None:
                del source.__dir__
            else:
                source.__dir__ = listing  # type: ignore[method-assign]
    atexit.register(complete_pyqtgraph_import)  # runs before pyqtgraph's own clean-up (registered earlier)
    for name in DEFERRED:
        if isinstance(getattr(qt, name, None), qt.FailedImport):
            setattr(qt, name, _LoadedWhenUsed(name))
