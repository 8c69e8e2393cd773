"""The Compare view: the run on screen and a pinned run, boundaries side by side at the same epoch."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWidget

from nnviz.session.events import CompareFrame
from nnviz.session.frame import Frame
from nnviz.session.pins import PinInfo
from nnviz.ui.plots.boundary_view import BoundaryView


class CompareWindow(QWidget):
    """Two boundary views that move together along the timeline: this run, and the pinned run chosen."""

    pinChosen = Signal(object)  # the id of the pinned run to compare with (None: none)
    closed = Signal()  # the user closed the view: nothing to compare until it opens again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Compare runs — nnviz")
        self.live_view, self.pin_view = BoundaryView(), BoundaryView()
        for view in (self.live_view, self.pin_view):
            view.setEnabled(False)  # a picture to compare: no point edits here
        keep_place = self.pin_view.sizePolicy()
        keep_place.setRetainSizeWhenHidden(True)  # no pinned run: its place stays empty, the live view does not move
        self.pin_view.setSizePolicy(keep_place)
        self.live_title, self.pin_title = QLabel(self), QLabel(self)
        for label in (self.live_title, self.pin_title):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chooser = QComboBox(self)
        self.chooser.setToolTip("The pinned run shown on the right")
        layout = QGridLayout(self)
        layout.addWidget(self.chooser, 0, 1)
        layout.addWidget(self.live_title, 1, 0)
        layout.addWidget(self.pin_title, 1, 1)
        layout.addWidget(self.live_view, 2, 0)
        layout.addWidget(self.pin_view, 2, 1)
        layout.setRowStretch(2, 1)
        self.chooser.currentIndexChanged.connect(lambda _: self.pinChosen.emit(self.chosen()))
        self.resize(820, 460)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closed: say so (the training process stops making the pinned run's pictures)."""
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()

    def chosen(self) -> int | None:
        """The pinned run chosen, by id."""
        data = self.chooser.currentData()
        return None if data is None else int(data)

    def set_pins(self, pins: tuple[PinInfo, ...], labels: dict[int, str]) -> None:
        """Offer these pinned runs; keep the choice when it is still there."""
        current = self.chosen()
        self.chooser.blockSignals(True)
        try:
            self.chooser.clear()
            for pin in pins:
                self.chooser.addItem(f"{labels[pin.id]} (to epoch {pin.epoch:,})", pin.id)
            index = self.chooser.findData(current) if current is not None else -1
            self.chooser.setCurrentIndex(index if index >= 0 else (0 if pins else -1))
        finally:
            self.chooser.blockSignals(False)
        if self.chosen() != current:
            self.pinChosen.emit(self.chosen())
        if not pins:
            self.pin_title.setText("pin a run first (Training ▸ Pin Run)")
            self.pin_view.hide()  # a removed run's picture does not stay (show_pinned shows the next one)

    def show_live(self, frame: Frame, label: str = "") -> None:
        """The run on screen (live or an epoch shown), `label` saying how it differs."""
        self.live_view.set_frame(frame)
        self.live_title.setText(f"this run{f' ({label})' if label else ''} — epoch {frame.epoch:,}")

    def clear_pinned(self, label: str) -> None:
        """The pinned run's picture is on its way (the view opened again after the run on screen moved): none yet."""
        self.pin_view.hide()
        self.pin_title.setText(f"pinned: {label}")

    def show_pinned(self, event: CompareFrame) -> None:
        """The pinned run at the same epoch (or its last one)."""
        if event.pin_id != self.chosen():
            return
        self.pin_view.set_frame(event.frame)
        self.pin_view.show()
        self.pin_title.setText(f"pinned: {event.label} — epoch {event.frame.epoch:,}")
