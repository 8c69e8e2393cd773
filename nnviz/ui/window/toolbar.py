"""The main toolbar: Reset, Play/Pause, Step, Step batch, the epoch counter and the speed control."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar, QVBoxLayout, QWidget

from nnviz.ui.controls.common import ValueCombo

# (title, epochs per second or None for flat out)
SPEED_CHOICES: tuple[tuple[str, float | None], ...] = (
    ("Flat out", None),
    ("1000 epochs/s", 1000.0),
    ("300 epochs/s", 300.0),
    ("100 epochs/s", 100.0),
    ("30 epochs/s", 30.0),
    ("10 epochs/s", 10.0),
    ("3 epochs/s", 3.0),
    ("1 epoch/s", 1.0),
)


def format_epoch(epoch: int) -> str:
    """The epoch as the counter shows it: 000,123."""
    return f"{epoch:07,d}"


class TrainingToolBar(QToolBar):
    """Training buttons, a large epoch counter and the speed limit."""

    speedChanged = Signal(object)  # float epochs/s, or None for flat out

    def __init__(self, reset: QAction, play: QAction, step: QAction, step_batch: QAction) -> None:
        super().__init__("Training")
        self.setObjectName("trainingToolBar")
        self.setMovable(False)
        self.setIconSize(QSize(22, 22))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (reset, play, step, step_batch):
            self.addAction(action)
            button = self.widgetForAction(action)
            if button is not None:
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                if action is play:  # as wide for "Pause" as for "Play": the buttons after it stay put
                    metrics = button.fontMetrics()
                    extra = metrics.horizontalAdvance("Pause") - metrics.horizontalAdvance(play.text())
                    button.setMinimumWidth(button.sizeHint().width() + max(0, extra))
        self.addSeparator()

        counter = QWidget()
        column = QVBoxLayout(counter)
        column.setContentsMargins(10, 0, 10, 0)
        column.setSpacing(0)
        caption = QLabel("Epoch")
        caption.setObjectName("fieldCaption")
        self.epoch_label = QLabel(format_epoch(0))
        self.epoch_label.setObjectName("epochCounter")
        self.epoch_label.setToolTip("Epochs trained since the last reset")
        column.addWidget(caption)
        column.addWidget(self.epoch_label)
        self.addWidget(counter)
        self.addSeparator()

        speed_box = QWidget()
        column = QVBoxLayout(speed_box)
        column.setContentsMargins(10, 0, 4, 0)
        column.setSpacing(1)
        caption = QLabel("Speed")
        caption.setObjectName("fieldCaption")
        self.speed = ValueCombo(SPEED_CHOICES)
        self.speed.setToolTip("Train as fast as the machine allows, or at most this many epochs per second")
        self.speed.picked.connect(self.speedChanged)
        column.addWidget(caption)
        column.addWidget(self.speed)
        self.addWidget(speed_box)

        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(spacer)

    def set_epoch(self, epoch: int) -> None:
        """Show the epoch counter."""
        text = format_epoch(epoch)
        if text != self.epoch_label.text():
            self.epoch_label.setText(text)

    def epoch_text(self) -> str:
        """The counter as shown."""
        return self.epoch_label.text()
