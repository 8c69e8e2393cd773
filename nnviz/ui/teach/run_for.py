"""Run for N: train exactly N epochs (or N steps), then pause; the counter shows the progress."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSpinBox, QVBoxLayout, QWidget

from nnviz.session.explain.tasks import RunFor, RunProgress
from nnviz.ui.teach.worker_link import WorkerLink
from nnviz.ui.window.surface import WindowSurface

MAX_N = 1_000_000
UNITS = (("epochs", "epochs"), ("steps", "steps (batches; batch size 1 = single samples)"))


class RunForBox(QWidget):
    """The field, the unit, the Run/Stop button and the progress."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 0, 4, 0)
        column.setSpacing(1)
        caption = QLabel("Run for")
        caption.setObjectName("fieldCaption")
        self.progress = QLabel("")  # beside the caption: the box is no wider while it counts (1024 px screens)
        self.progress.setObjectName("muted")
        self.progress.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(caption)
        top.addWidget(self.progress, 1)
        column.addLayout(top)
        row = QHBoxLayout()
        row.setSpacing(4)
        self.count = QSpinBox()
        self.count.setRange(1, MAX_N)
        self.count.setValue(100)
        self.count.setToolTip("Train exactly this many epochs (or steps), then pause")
        self.unit = QComboBox()
        for key, text in UNITS:
            self.unit.addItem(key, key)
            self.unit.setItemData(self.unit.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        self.button = QPushButton("Run")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for w in (self.count, self.unit, self.button):
            row.addWidget(w)
        column.addLayout(row)


class RunForN(QObject):
    """Sends RunFor chunks to the worker until exactly N are done; Stop, Play or Step cancel the rest."""

    def __init__(self, surface: WindowSurface, link: WorkerLink) -> None:
        super().__init__(surface)
        self.surface, self.link = surface, link
        self.box = RunForBox()
        self.box.button.clicked.connect(self._on_button)
        self.run_id = 0
        self.active = False
        self.last: RunProgress | None = None
        link.result.connect(self._on_result)
        a = surface.actions
        for action in (a.play, a.step, a.step_batch, a.reset):
            action.triggered.connect(self.cancel)

    def start(self, n: int | None = None, unit: str | None = None) -> None:
        """Pause, then train exactly n epochs or steps (the box's values by default)."""
        total = int(n if n is not None else self.box.count.value())
        kind = unit if unit is not None else str(self.box.unit.currentData())
        self.surface.pause()
        self.run_id += 1
        self.active = True
        self.last = None
        self.box.button.setText("Stop")
        self.box.progress.setText(f"0 / {total}")
        self.link.send(RunFor(self.run_id, total, kind, -1))

    def cancel(self) -> None:
        """Stop after the chunk under way (its result is ignored)."""
        if self.active:
            self.run_id += 1
            self._finish("stopped")

    def _on_button(self) -> None:
        if self.active:
            self.cancel()
        else:
            self.start()

    def _finish(self, note: str = "") -> None:
        self.active = False
        self.box.button.setText("Run")
        if note and self.last is not None:
            self.box.progress.setText(f"{self.last.done} / {self.last.total} {note}")

    def _on_result(self, result: object) -> None:
        if not isinstance(result, RunProgress) or result.run_id != self.run_id or not self.active:
            return
        self.last = result
        self.box.progress.setText(f"{result.done} / {result.total}")
        if result.finished:
            self._finish()
            if result.message:
                self.surface.show_error(result.message)
            return
        self.link.send(RunFor(self.run_id, result.total, result.unit, result.start))
