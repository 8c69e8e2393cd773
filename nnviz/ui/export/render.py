"""Headless rendering for `nnviz render`: the app's own views, drawn offscreen, written as PNG, SVG or GIF."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from nnviz.io import caps
from nnviz.session import Session
from nnviz.session.frame_grids import FrameGrids
from nnviz.session.heatmap_sizes import HeatmapSizes
from nnviz.ui.export.gif_frames import recorded_frame
from nnviz.ui.export.gif_writer import GifWriter
from nnviz.ui.export.output import ExportError
from nnviz.ui.export.stage import RESOLUTION, HeadlessStage, WindowFactory
from nnviz.ui.export.svg import export_plot_svg, export_widget_png


def _application() -> QApplication:
    """The running QApplication, or a new one with nnviz's look."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # lazy: only a new QApplication needs the style and the collector
    from nnviz.ui.gui_gc import collect_in_gui_thread
    from nnviz.ui.style import apply_style

    qInstallMessageHandler(_quiet_offscreen)
    app = QApplication([sys.argv[0] if sys.argv else "nnviz"])
    apply_style(app)
    collect_in_gui_thread(app)
    return app


def _quiet_offscreen(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's messages on stderr, less the offscreen platform's note that it cannot size windows to hints."""
    if "propagateSizeHints" not in message:
        sys.stderr.write(message + "\n")


class Renderer:
    """A session's panel drawn offscreen: GIF frames on the way, a picture at the end."""

    def __init__(self, session: Session, panel: str, size: tuple[int, int] | None = None, scale: float = 1.0,
                 window: WindowFactory | None = None) -> None:
        self._app = _application()
        self.session = session
        self.scale = scale
        self.stage = HeadlessStage(session, panel, size, window)
        self._gif: GifWriter | None = None
        self._shown = -1  # the step count of the frame on the stage
        # every heatmap at the finest size the window draws it: thumbnails at THUMB_RESOLUTION, the output at
        # RESOLUTION (as the window's heatmap cap counts them, so any network the app trains can be drawn)
        sizes = HeatmapSizes(RESOLUTION)
        sizes.show(caps.THUMB_RESOLUTION, RESOLUTION)
        self._grids = FrameGrids(RESOLUTION, sizes)

    def refresh(self) -> None:
        """Draw the session's current state on the stage (when it changed)."""
        if self._shown != self.session.steps:
            self.stage.show(self._grids.with_grids(self.session.snapshot(RESOLUTION, grids=False)))
            self._app.processEvents()
            self._shown = self.session.steps

    def image_size(self) -> tuple[int, int]:
        """The panel's size in pixels (before --scale)."""
        size = self.stage.widget.size()
        return size.width(), size.height()

    def start_gif(self, path: str | Path, frame_ms: int = 100, past: Iterable[Session] = ()) -> None:
        """Begin a GIF: a frame of each `past` state (a replay of the timeline), then the session as it is now."""
        self._gif = GifWriter(path, frame_ms)
        live = self.session
        try:
            for shown in past:
                self.session = shown
                self.add_gif_frame()
        finally:
            self.session, self._shown = live, -1
        self.add_gif_frame()

    def add_gif_frame(self) -> None:
        """Append the session's current state, stamped with its epoch, to the GIF."""
        if self._gif is None:
            raise ExportError("no GIF is being recorded")
        self.refresh()
        self._gif.add(recorded_frame(self.stage.widget, self.session.epoch, self.scale))

    def finish_gif(self) -> Path:
        """Write the GIF; returns its path."""
        if self._gif is None:
            raise ExportError("no GIF is being recorded")
        gif, self._gif = self._gif, None
        return gif.close()

    def screenshot(self, path: str | Path) -> Path:
        """The panel as it is now, as PNG or SVG (by the file's suffix)."""
        self.refresh()
        if Path(path).suffix.lower() == ".svg":
            return export_plot_svg(self.stage.widget, path, title=f"nnviz — epoch {self.session.epoch}",
                                   scale=self.scale)
        return export_widget_png(self.stage.widget, path, self.scale)

    def close(self) -> None:
        """Drop an unfinished GIF and the widgets."""
        if self._gif is not None:
            self._gif.abort()
            self._gif = None
        self.stage.close()
