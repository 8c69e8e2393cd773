"""Python's cyclic garbage collector runs in the GUI thread only, and never scans the whole heap while you watch.

Left automatic, a collection runs in whichever thread allocates at the wrong moment: the training
worker can then free a closed window's Qt objects from its own thread, and a timer the object still
owned fires into freed memory in the GUI thread (a segmentation fault in `QTimerInfoList`, seen in the
shutdown tests). So automatic collection is off and a GUI timer collects (our own timer, not pyqtgraph's
collector, which would bring pyqtgraph into the launch, issue 23).

A full collection scans every object the app holds (about 80,000 with a window open: 170-200 ms on
this kind of machine, a frozen window and a click that waits). The objects that have survived are
moved out of the collector's sight (`gc.freeze`) after each collection of the oldest generation, so
the next one scans only what is new. Cycles among frozen objects are found by a whole-heap collection,
which runs only when the frozen set has doubled or FULL_EVERY_S has passed.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer

INTERVAL_S = 0.5  # how often the GUI thread looks whether a generation is due
FULL_EVERY_S = 600.0  # a whole-heap collection at most this often, unless the frozen objects doubled
FULL_GROWTH = 2.0  # ... or when the frozen objects grew this many times since the last one


class GuiCollector:
    """Collects on the caller's schedule (`check`), freezing what survives the oldest generation's collection.

    `collector` is the `gc` module, or anything with its get_count, get_threshold, collect, freeze,
    unfreeze and get_freeze_count (tests pass a fake one).
    """

    def __init__(self, collector: Any = gc, clock: Callable[[], float] = time.monotonic) -> None:
        self._gc, self._clock = collector, clock
        self.threshold = collector.get_threshold()
        self._full_at = clock()
        self._frozen_at_full = 0  # frozen objects right after the last whole-heap collection
        self._started = False
        self.timer: QTimer | None = None  # the GUI timer that calls check, once installed

    def check(self) -> None:
        """Collect the generations that are due (as the automatic collector would, by its thresholds)."""
        g = self._gc
        if not self._started:  # the objects made so far (the window, the libraries) live as long as the app
            self._started = True
            g.freeze()
            self._frozen_at_full = max(1, g.get_freeze_count())
            return
        l0, l1, l2 = g.get_count()
        if l0 <= self.threshold[0]:
            return
        g.collect(0)
        if l1 <= self.threshold[1]:
            return
        g.collect(1)
        if l2 <= self.threshold[2]:
            return
        whole = (self._clock() - self._full_at >= FULL_EVERY_S
                 or g.get_freeze_count() >= FULL_GROWTH * self._frozen_at_full)
        if whole:  # cycles among old objects too: the one slow collection
            g.unfreeze()
        g.collect(2)
        g.freeze()
        if whole:
            self._full_at = self._clock()
            self._frozen_at_full = max(1, g.get_freeze_count())


def collect_in_gui_thread(app: QCoreApplication, start: bool = True) -> None:
    """Install the GUI-thread collector once per application (idempotent); with `start` False its timer waits
    for `start_collecting` (the app's launch: the collector's first look counts every object, ~17 ms, issue 23)."""
    if getattr(app, "_nnviz_gc", None) is not None:
        return
    collector = GuiCollector()
    gc.disable()
    timer = QTimer(app)
    timer.timeout.connect(collector.check)
    if start:
        timer.start(int(INTERVAL_S * 1000))
    collector.timer = timer
    app._nnviz_gc = collector  # type: ignore[attr-defined]  # kept alive by the app


def start_collecting(app: QCoreApplication) -> None:
    """Start the timer of the app's GUI-thread collector, if it waits (nothing when there is none)."""
    collector = getattr(app, "_nnviz_gc", None)
    if isinstance(collector, GuiCollector) and collector.timer is not None and not collector.timer.isActive():
        collector.timer.start(int(INTERVAL_S * 1000))
