"""bench_scale's click-to-pixels: clicks on "Discretize output" posted to the window's QWindow (as the window
system delivers one) while it trains, each a different fraction of a frame after a frame was drawn, timed until
the boundary view's next paint event (see bench_scale's docstring)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import bench_app as app_bench
import bench_verdicts as bv
import numpy as np
from PySide6.QtCore import QElapsedTimer, QEvent, QEventLoop, QObject, QPointF, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from bench_scale import TrainingWindow


def wait(loop_ends: Any, seconds: float) -> None:
    """Run a fresh event loop until `loop_ends(loop)` has quit it or `seconds` have passed (a precise timer)."""
    loop = QEventLoop()
    timer = QTimer(loop)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(max(0, round(seconds * 1000)))
    if loop_ends is None or not loop_ends(loop):
        loop.exec()


class PaintClock(QObject):
    """The time of the last paint event of a widget; quits `loop` at a paint once `ready()` is true."""

    def __init__(self, clock: QElapsedTimer) -> None:
        super().__init__()
        self.clock, self.last = clock, -1.0
        self.loop: QEventLoop | None = None
        self.ready = lambda: False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.last = self.clock.nsecsElapsed() / 1e6
            if self.loop is not None and self.ready():
                self.loop.quit()
        return False


def click_to_pixels(tw: TrainingWindow, clicks: int) -> tuple[list[float], int]:
    """ms from posting a click on the Discretize checkbox to the boundary view's next paint, while training, each
    click a different fraction of a frame after a frame was drawn; and how many clicks had a frame drawn between
    them and their pixels."""
    window, app = tw.window, tw.app
    box = window.parts.boundary_controls.discretize  # type: ignore[attr-defined]
    target = window.boundary_view.canvas.viewport()  # type: ignore[attr-defined]
    clock = QElapsedTimer()
    clock.start()
    painted = PaintClock(clock)
    target.installEventFilter(painted)
    times, between = [], 0
    # posted to the window's QWindow, where the window system delivers a real click (it finds the checkbox)
    handle = box.window().windowHandle()
    centre = QPointF(box.mapTo(box.window(), box.rect().center()))
    recent = [t for t, _ in tw.frames[-60:]]
    period = float(np.median(np.diff(recent))) if len(recent) > 2 else 1 / 30  # between two frames drawn
    for delay in bv.click_phases(clicks, min(period, 0.1)):
        frames_before = len(tw.frames)
        wait(lambda loop, n=frames_before: _quit_on_frame(tw, loop, n), 0.5)  # the next frame drawn
        if delay >= 0.001:
            wait(None, delay)
        before = box.isChecked()
        t0, frames0 = clock.nsecsElapsed() / 1e6, len(tw.frames)
        for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            QApplication.postEvent(handle, QMouseEvent(kind, centre, QPointF(box.window().mapToGlobal(centre)),
                                                       Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton,
                                                       Qt.KeyboardModifier.NoModifier))
        painted.ready = lambda before=before, t0=t0: box.isChecked() != before and painted.last >= t0

        def until_painted(loop: QEventLoop) -> bool:
            painted.loop = loop
            return False

        wait(until_painted, 2.0)
        painted.loop = None
        times.append(painted.last - t0 if painted.ready() else float("nan"))
        between += len(tw.frames) > frames0
        app_bench.spin(app, 0.03)  # the view finishes its paint before the next click's wait
    target.removeEventFilter(painted)
    return times, between


def _quit_on_frame(tw: TrainingWindow, loop: QEventLoop, frames_before: int) -> bool:
    """Have `loop` quit at the next frame drawn (True: one was drawn already)."""
    if len(tw.frames) > frames_before:
        return True
    tw.window.surface.frameDrawn.connect(loop.quit)  # (disconnected when the loop is deleted, on return)
    return False
