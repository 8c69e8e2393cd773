"""`nnviz --smoke`: open the window, train the default set-up about a second, check the pictures, exit 0 or 1."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from nnviz.ui.window.main_window import MainWindow

TRAIN_MS = 1000  # how long the default set-up trains
POLL_MS = 50  # how often the test looks for the paused frame
GIVE_UP_MS = 30_000  # no paused frame by then: the worker is stuck
MIN_COLOURS = 8  # a drawn view has at least this many distinct colours...
MAX_SHARE = 0.97  # ...and no single colour covers more than this share of it
EXIT_OK, EXIT_FAILED = 0, 1


def image_pixels(image: QImage) -> np.ndarray:
    """An image's pixels as a (height, width) array of 0xAARRGGBB words."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    ptr = image.constBits()
    words = np.frombuffer(ptr, dtype=np.uint32, count=image.sizeInBytes() // 4)
    return words.reshape(image.height(), image.bytesPerLine() // 4)[:, : image.width()].copy()


def blank_reason(image: QImage) -> str:
    """Why an image looks blank ("" when it shows a picture): too few colours, or one colour nearly everywhere."""
    if image.isNull() or image.width() < 8 or image.height() < 8:
        return f"is empty ({image.width()}x{image.height()} px)"
    _, counts = np.unique(image_pixels(image), return_counts=True)
    share = counts.max() / counts.sum()
    if len(counts) < MIN_COLOURS:
        return f"is blank ({len(counts)} colours)"
    if share > MAX_SHARE:
        return f"is blank ({share:.0%} of it one colour)"
    return ""


def grab_view(view: QWidget) -> QImage:
    """Render one view offscreen (the smoke test's only way of looking)."""
    return view.grab().toImage()


@dataclass
class SmokeRun:
    """The smoke test's steps, driven by timers on the running event loop."""

    window: MainWindow
    loop: QEventLoop
    result: list[str] = field(default_factory=list)  # the failure line, once decided ("" = passed)
    waited_ms: int = 0

    def start(self) -> None:
        """Show the window and press Play; once training frames arrive, train TRAIN_MS more, then pause."""
        self.window.show()
        self.window.play()
        QTimer.singleShot(POLL_MS, self._wait_for_training)

    def _wait_for_training(self) -> None:
        packet = self.window.latest
        if packet is not None and packet.running and packet.frame.epoch > 0:  # the trainer has started
            self.waited_ms = 0
            QTimer.singleShot(TRAIN_MS, self._pause)
            return
        self.waited_ms += POLL_MS
        if self.waited_ms >= GIVE_UP_MS:
            self._finish(f"no training frame {GIVE_UP_MS // 1000} s after Play")
            return
        QTimer.singleShot(POLL_MS, self._wait_for_training)

    def _pause(self) -> None:
        self.window.pause()
        QTimer.singleShot(POLL_MS, self._poll)

    def _poll(self) -> None:
        packet = self.window.latest
        if packet is not None and not packet.running and packet.frame.epoch > 0:
            self._finish(self.check())
            return
        self.waited_ms += POLL_MS
        if self.waited_ms >= GIVE_UP_MS:
            epoch = 0 if packet is None else packet.frame.epoch
            self._finish(f"no paused frame {GIVE_UP_MS // 1000} s after Pause (epoch {epoch})")
            return
        QTimer.singleShot(POLL_MS, self._poll)

    def check(self) -> str:
        """The first problem with the drawn frame ("" when it is fine)."""
        frame = self.window.frame
        if frame is None:
            return "no frame was drawn"
        if frame.diverged:
            return f"training diverged: {frame.diverged}"
        views: list[tuple[str, QWidget]] = [("boundary view", self.window.boundary_view),
                                            ("network graph", self.window.graph_view)]
        for name, view in views:
            reason = blank_reason(grab_view(view))
            if reason:
                return f"the {name} {reason}"
        return ""

    def _finish(self, problem: str) -> None:
        self.result.append(problem)
        self.window.close()
        self.loop.quit()


def run_smoke(app: QApplication, window: MainWindow) -> int:
    """Run the smoke test on a fresh window; EXIT_OK, or EXIT_FAILED after reporting one line."""
    smoke = SmokeRun(window, QEventLoop(app))
    QTimer.singleShot(0, smoke.start)
    smoke.loop.exec()  # a loop of its own: the application is not quit (it may hold other windows)
    problem = smoke.result[0] if smoke.result else "the event loop ended before the test did"
    if problem:
        sys.stderr.write(f"nnviz: smoke test failed: {problem}\n")
        return EXIT_FAILED
    epoch = window.frame.epoch if window.frame is not None else 0
    sys.stdout.write(f"nnviz: smoke test passed ({epoch} epochs trained, boundary and graph drawn)\n")
    return EXIT_OK
