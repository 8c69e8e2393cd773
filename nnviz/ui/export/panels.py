"""The parts of the window that can be exported, and a headless stage that draws them without a worker.

The names are the ones `nnviz render --panel` and File ▸ Export use: the whole
window, the network graph, the boundary, the loss chart, and the explanation
panel when the window has one (teaching mode).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from nnviz.session import Frame, Session
from nnviz.ui.export.output import ExportError

if TYPE_CHECKING:
    from nnviz.ui.window.main_window import MainWindow

PANEL_TITLES: dict[str, str] = {
    "window": "The whole window",
    "network": "The network graph",
    "boundary": "The boundary (output view)",
    "loss": "The loss chart",
    "explanation": "The explanation panel",
}
HEADLESS_PANELS = ("window", "network", "boundary", "loss")
DEFAULT_SIZES: dict[str, tuple[int, int]] = {
    "window": (1280, 800), "network": (900, 560), "boundary": (520, 480), "loss": (640, 320),
}
RESOLUTION = 200  # the boundary's grid, as in the window


def available_panels(window: MainWindow) -> list[str]:
    """The panels this window can export, in menu order."""
    return [name for name in PANEL_TITLES if _widget_or_none(window, name) is not None]


def _widget_or_none(window: MainWindow, name: str) -> QWidget | None:
    if name == "window":
        return window
    if name == "explanation":  # the teaching mode's panel, when it is installed and shown
        explain = getattr(getattr(window, "teaching", None), "explain", None)
        widget = getattr(explain, "panel", None)
    else:
        attribute = {"network": "graph_view", "boundary": "boundary_view", "loss": "loss_chart"}.get(name, "")
        widget = getattr(window, attribute, None) if attribute else None
    if not isinstance(widget, QWidget) or (name == "explanation" and not widget.isVisible()):
        return None
    return widget


def panel_widget(window: MainWindow, name: str) -> QWidget:
    """The widget behind a panel name (ExportError for a panel this window does not have)."""
    widget = _widget_or_none(window, name)
    if widget is None:
        raise ExportError(f"there is no {name!r} panel to export; choose one of {', '.join(available_panels(window))}")
    return widget


class HeadlessStage:
    """One panel (or the whole window) drawing a session's frames, with no training thread behind it."""

    def __init__(self, session: Session, panel: str, size: tuple[int, int] | None = None) -> None:
        if panel not in HEADLESS_PANELS:
            raise ExportError(f"unknown panel {panel!r}; choose one of {', '.join(HEADLESS_PANELS)}")
        self.panel = panel
        self._window: Any = None
        w, h = size or DEFAULT_SIZES[panel]
        if panel == "window":
            window = _window_without_trainer(session)
            self._window = window
            self.widget: QWidget = window
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
        if self._window is not None:
            from nnviz.session.events import FramePacket

            self._window.draw(FramePacket(frame, False, 0.0, None))
        else:
            self.widget.set_frame(frame)  # type: ignore[attr-defined]

    def close(self) -> None:
        """Let the widgets go."""
        self.widget.close()
        self.widget.deleteLater()


def _window_without_trainer(session: Session) -> MainWindow:
    """A main window over the session with no training behind it: the stage trains the session itself."""
    from nnviz.ui.window.main_window import MainWindow

    return MainWindow(session, backend="none")


def _standalone_view(panel: str) -> QWidget:
    from nnviz.ui.graph.view import NetworkGraphView
    from nnviz.ui.plots.boundary_view import BoundaryView
    from nnviz.ui.plots.loss_chart import LossChart

    return {"network": NetworkGraphView, "boundary": BoundaryView, "loss": LossChart}[panel]()
