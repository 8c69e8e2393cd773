"""Record a GIF of training: the boundary (or the whole window) every k epochs, stamped with the epoch.

The recorder looks at the frame the window drew last, a few times a second; when
training has passed the next multiple of k epochs it draws the view into an image
and hands it to a GifWriter, which quantises and appends it at once. Only the file
grows; Stop publishes it (or a failure leaves nothing).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from nnviz.io import caps
from nnviz.ui.export.output import ExportError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from nnviz.ui.export.gif_writer import GifWriter
    from nnviz.ui.window.surface import WindowSurface

POLL_MS = 40  # how often the recorder looks for a newer frame
DEFAULT_EVERY = 10


def _pixels(writer: GifWriter) -> int:
    """Pixels of one frame of a GIF being written (0 before its first frame)."""
    return 0 if writer.size is None else writer.size[0] * writer.size[1]


class Recorder(QObject):
    """Captures a window's boundary view (or the window) every `every` epochs into an animated GIF."""

    recordingChanged = Signal(bool)

    def __init__(self, surface: WindowSurface) -> None:
        super().__init__(surface)
        self._surface = surface
        self._writer: GifWriter | None = None
        self._widget: QWidget | None = None
        self.every = DEFAULT_EVERY
        self._next_epoch = 0
        self._last_steps = -1
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)

    @property
    def recording(self) -> bool:
        """Whether a recording is under way."""
        return self._writer is not None

    @property
    def frames(self) -> int:
        """Frames recorded so far."""
        return 0 if self._writer is None else self._writer.frames

    def start(self, path: str | Path, every: int = DEFAULT_EVERY, whole_window: bool = False,
              frame_ms: int = 100) -> None:
        """Begin recording to a GIF file; the view as it is now is the first frame."""
        if self._writer is not None:
            raise ExportError("a recording is already under way; stop it first")
        if every < 1:
            raise ExportError(f"record every 1 or more epochs, not {every}")
        from nnviz.ui.export.gif_writer import GifWriter  # lazy: Pillow loads when a recording starts, not at launch

        self._writer = GifWriter(path, frame_ms)
        self._widget = self._surface.window if whole_window else self._surface.boundary_view
        self.every = every
        self._next_epoch = 0
        self._last_steps = -1
        self.poll()
        self._timer.start()
        self.recordingChanged.emit(True)

    def poll(self) -> None:
        """Capture the view when the drawn frame has reached the next multiple of `every` epochs."""
        frame = self._surface.frame
        if self._writer is None or self._widget is None or frame is None:
            return
        if self._last_steps >= 0 and (frame.epoch < self._next_epoch or frame.steps == self._last_steps):
            return
        try:
            # lazy: the recording code loads when a recording starts
            from nnviz.ui.export.gif_frames import recorded_frame

            self._writer.add(recorded_frame(self._widget, frame.epoch))
        except ExportError as exc:
            self._stop_failed(str(exc))
            return
        self._last_steps = frame.steps
        self._next_epoch = (frame.epoch // self.every + 1) * self.every
        writer = self._writer
        if writer.frames >= caps.MAX_GIF_FRAMES or writer.frames * _pixels(writer) >= caps.MAX_GIF_PIXELS:
            self._stop_at_the_cap()

    def _stop_at_the_cap(self) -> None:
        """A recording left running stops at the GIF caps and keeps what it recorded."""
        frames = self.frames
        try:
            path = self.stop()
        except ExportError as exc:
            self._surface.show_error(f"cannot write the recording: {exc}")
            return
        self._surface.show_info(f"recording stopped at nnviz's limit of {frames:,} frames; wrote {path}")

    def stop(self) -> Path:
        """End the recording and write the GIF; returns its path."""
        self._timer.stop()
        writer, self._writer = self._writer, None
        self.recordingChanged.emit(False)
        if writer is None:
            raise ExportError("nothing is being recorded")
        return writer.close()

    def abort(self) -> None:
        """Drop a recording under way (the window closes)."""
        self._timer.stop()
        if self._writer is not None:
            self._writer.abort()
            self._writer = None
            self.recordingChanged.emit(False)

    def _stop_failed(self, message: str) -> None:
        self.abort()
        self._surface.show_error(f"recording stopped: {message}")
