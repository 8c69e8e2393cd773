"""A headless stage for `nnviz render`: one panel, or a whole window with no training behind it, drawing frames."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from nnviz.errors import unknown_name
from nnviz.session import Frame, Session
from nnviz.session.events import FramePacket
from nnviz.ui.export.output import ExportError

# the whole window, built by the caller (the app sits above this module): the widget and how it draws a frame
StageWindow = tuple[QWidget, Callable[[FramePacket], None]]
WindowFactory = Callable[[Session], StageWindow]

HEADLESS_PANELS = ("window", "network", "boundary", "loss")
DEFAULT_SIZES: dict[str, tuple[int, int]] = {
    "window": (1280, 800), "network": (900, 560), "boundary": (520, 480), "loss": (640, 320),
}
RESOLUTION = 200  # the boundary's grid, as in the window


class HeadlessStage:
    """One panel (or the whole window) drawing a session's frames, with no training thread behind it."""

    def __init__(self, session: Session, panel: str, size: tuple[int, int] | None = None,
                 window: WindowFactory | None = None) -> None:
        if panel not in HEADLESS_PANELS:
            raise ExportError(unknown_name("panel", panel, HEADLESS_PANELS))
        self.panel = panel
        self._draw: Callable[[FramePacket], None] | None = None
        w, h = size or DEFAULT_SIZES[panel]
        if panel == "window":
            if window is None:
                raise ExportError("the whole window is drawn only where the app's window is at hand (nnviz render)")
            self.widget, self._draw = window(session)
        else:
            self.widget = _standalone_view(panel)
        self.widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        self.widget.resize(w, h)
        self.widget.show()  # laid out, never on screen
        if (self.widget.width(), self.widget.height()) != (w, h):
            least = self.widget.minimumSizeHint()
            self.close()
            raise ExportError(f"the {panel} cannot be drawn at {w}x{h}; it needs at least "
                              f"{least.width()}x{least.height()} pixels")

    def show(self, frame: Frame) -> None:
        """Draw a frame."""
        if self._draw is not None:
            self._draw(FramePacket(frame, False, 0.0, None))
        else:
            self.widget.set_frame(frame)  # type: ignore[attr-defined]

    def close(self) -> None:
        """Let the widgets go."""
        self.widget.close()
        self.widget.deleteLater()


def _standalone_view(panel: str) -> QWidget:
    # lazy: only the one view drawn is loaded
    from nnviz.ui.graph.view import NetworkGraphView
    from nnviz.ui.plots.boundary_view import BoundaryView
    from nnviz.ui.plots.loss_chart import LossChart

    return {"network": NetworkGraphView, "boundary": BoundaryView, "loss": LossChart}[panel]()
