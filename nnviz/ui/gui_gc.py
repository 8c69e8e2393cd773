"""Python's cyclic garbage collector runs in the GUI thread only.

Left automatic, a collection runs in whichever thread allocates at the wrong moment: the training
worker can then free a closed window's Qt objects from its own thread, and a timer the object still
owned fires into freed memory in the GUI thread (a segmentation fault in `QTimerInfoList`, seen in the
shutdown tests). pyqtgraph's collector turns automatic collection off and collects on a GUI timer.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

INTERVAL_S = 0.5  # how often the GUI thread looks whether a generation is due


def collect_in_gui_thread(app: QCoreApplication) -> None:
    """Install the GUI-thread collector once per application (idempotent)."""
    if getattr(app, "_nnviz_gc", None) is not None:
        return
    # lazy: pyqtgraph loads with the first view, not with the app
    from pyqtgraph.util.garbage_collector import GarbageCollector

    app._nnviz_gc = GarbageCollector(interval=INTERVAL_S)  # type: ignore[attr-defined]  # kept alive by the app
