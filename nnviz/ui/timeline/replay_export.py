"""File ▸ Export Replay…: the run's timeline drawn again, epoch by epoch, as a GIF or numbered PNG frames.

Nothing had to be recorded: the runner sends the session with its timeline
(`ReplaySource`), and the frames are rebuilt from it here, offscreen, on the
output view: every `every` epochs from the first the timeline holds, and the last.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from nnviz.errors import NnvizError
from nnviz.session.session import Session
from nnviz.session.timeline_view import ReplayDocument, ReplaySource, replay
from nnviz.ui.window.surface import WindowSurface

MAX_FRAMES = 2000  # frames one export may write
PANEL = "boundary"  # the output view, as Record GIF records it


def frame_paths(path: str | Path, count: int) -> list[Path]:
    """Numbered PNG files beside `path`: run-0001.png, run-0002.png, ..."""
    path = Path(path)
    digits = max(4, len(str(count)))
    return [path.with_name(f"{path.stem}-{i:0{digits}d}.png") for i in range(1, count + 1)]


def write_replay(session: Session, path: str | Path, every: int, scale: float = 1.0) -> list[Path]:
    """Draw the session's timeline every `every` epochs, and its last epoch, into a GIF or numbered PNGs."""
    from nnviz.ui.export.gif_frames import stamp_epoch  # lazy: export modules load QtSvg, not at start-up
    from nnviz.ui.export.output import write_atomically
    from nnviz.ui.export.render import Renderer
    from nnviz.ui.export.svg import encode_image, render_image

    every = max(1, int(every))
    count = len(range(session.timeline.first_epoch, session.epoch, every)) + 1
    if count > MAX_FRAMES:
        raise NnvizError(f"the replay would have {count:,} frames; choose a step of at least "
                         f"{-(-(session.epoch - session.timeline.first_epoch) // MAX_FRAMES)} epochs")
    renderer = Renderer(session, PANEL, None, scale)
    try:
        if Path(path).suffix.lower() == ".gif":
            renderer.start_gif(path, 100, replay(session, session.epoch, every))
            return [renderer.finish_gif()]
        written = []
        for shown, target in zip([*replay(session, session.epoch, every), session], frame_paths(path, count),
                                 strict=True):
            renderer.session = shown
            renderer.refresh()
            image = render_image(renderer.stage.widget, scale)
            stamp_epoch(image, shown.epoch)
            written.append(write_atomically(target, encode_image(image, "PNG"), "the replay frame"))
        return written
    finally:
        renderer.session = session
        renderer.close()


class ReplayExport(QObject):
    """The File ▸ Export Replay… action."""

    def __init__(self, surface: WindowSurface) -> None:
        super().__init__(surface)
        self.surface = surface
        self.action = QAction("Export &Replay…", surface.window)
        self.action.setStatusTip("The run replayed from its timeline, as a GIF or numbered PNG frames")
        self.action.triggered.connect(self.ask)
        anchor = self._anchor()
        if anchor is None:
            surface.menu("File").addAction(self.action)
        else:
            surface.menu("File").insertAction(anchor, self.action)
        surface.taskDone.connect(self._on_result)
        self._pending: tuple[str, int] | None = None  # (path, every) waiting for the runner's answer
        self.written: list[Path] = []

    def _anchor(self) -> QAction | None:
        """Before the first separator after Record GIF (or at the end)."""
        actions = self.surface.menu("File").actions()
        names = [a.text().replace("&", "") for a in actions]
        start = next((i for i, n in enumerate(names) if n.startswith("Record")), None)
        if start is None:
            return None
        return next((a for a in actions[start:] if a.isSeparator()), None)

    def ask(self) -> None:
        """Ask where and how often, then export."""
        frame = self.surface.frame
        live = 0 if frame is None else (frame.live_epoch or frame.epoch)
        # lazy: Qt's file and input dialogs (and their enums) are made when one opens, not with the window (issue 23)
        from PySide6.QtWidgets import QFileDialog, QInputDialog

        path, chosen = QFileDialog.getSaveFileName(
            self.surface.window, "Export Replay", f"{self.surface.session_title()}-replay.gif",
            "Animated GIF (*.gif);;Numbered PNG frames (*.png)")
        if not path:
            return
        if "PNG" in chosen and Path(path).suffix.lower() != ".png":
            path += ".png"
        elif "GIF" in chosen and Path(path).suffix.lower() != ".gif":
            path += ".gif"
        every, ok = QInputDialog.getInt(self.surface.window, "Export Replay", "A frame every how many epochs?",
                                        max(1, live // 60), 1, max(1, live))
        if ok:
            self.export(path, every)

    def export(self, path: str, every: int) -> None:
        """Ask the runner for the session with its timeline; the frames are drawn when it answers."""
        self._pending = (path, every)
        self.surface.send(ReplaySource())

    def _on_result(self, result: object) -> None:
        if not isinstance(result, ReplayDocument) or self._pending is None:
            return
        path, every = self._pending
        self._pending = None
        from nnviz.session.files import session_from_dict  # lazy: the file formats load on use

        try:
            self.written = write_replay(session_from_dict(result.doc), path, every)
        except NnvizError as exc:
            self.surface.show_error(str(exc))
            return
        where = self.written[0] if len(self.written) == 1 else f"{len(self.written)} frames, {self.written[0]} …"
        self.surface.show_info(f"Exported the replay: {where}")
