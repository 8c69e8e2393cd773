"""Python's cyclic garbage collector runs in the GUI thread only.

Left automatic, a collection runs in whichever thread allocates at the wrong moment: the training
worker can then free a closed window's Qt objects from its own thread, and a timer the object still
owned fires into freed memory in the GUI thread (a segmentation fault in `QTimerInfoList`, seen in the
shutdown tests). Here automatic collection is turned off and a GUI-thread timer collects each generation
when its count passes the threshold Python would have used (pyqtgraph's collector does the same; ours
keeps pyqtgraph out of the launch, issue 23).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_S = 0.5  # how often the GUI thread looks whether a generation is due


class GuiThreadCollector(QObject):
    """Collects on a timer of the thread it was made in, generation by generation, as Python's thresholds say."""

    def __init__(self, parent: QObject | None = None, interval: float = INTERVAL_S) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()  # before disabling: Python's own (700, 10, 10) or the user's
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(int(interval * 1000))

    def check(self) -> None:
        """Collect the youngest generation past its threshold, and the older ones past theirs with it."""
        counts = gc.get_count()
        for generation, (count, threshold) in enumerate(zip(counts, self.thresholds, strict=True)):
            if count <= threshold:
                return
            gc.collect(generation)


def collect_in_gui_thread(app: QCoreApplication) -> None:
    """Install the GUI-thread collector once per application (idempotent)."""
    if getattr(app, "_nnviz_gc", None) is not None:
        return
    app._nnviz_gc = GuiThreadCollector(app)  # type: ignore[attr-defined]  # kept alive by the app
