"""The main toolbar: Reset, Play/Pause, Step, Step batch, the epoch counter and the speed control."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolBar, QToolButton, QVBoxLayout, QWidget

from nnviz.ui.controls.common import ValueCombo
from nnviz.ui.steady_label import SteadyLabel
from nnviz.ui.window.play_button import BUTTON_TEXTS

# (title, epochs per second); "Flat out" is the button beside them
SPEED_CHOICES: tuple[tuple[str, float], ...] = (
    ("1000 epochs/s", 1000.0),
    ("300 epochs/s", 300.0),
    ("100 epochs/s", 100.0),
    ("30 epochs/s", 30.0),
    ("10 epochs/s", 10.0),
    ("3 epochs/s", 3.0),
    ("1 epoch/s", 1.0),
)
DEFAULT_SPEED = 30.0  # about TensorFlow Playground's pace: a person can follow the boundary as it forms


def format_speed(epochs_per_second: float | None) -> str:
    """The measured pace for the speed caption: "Speed · 31 epochs/s", or just "Speed" when paused."""
    if epochs_per_second is None:
        return "Speed"
    return f"Speed · {epochs_per_second:,.0f} epochs/s" if epochs_per_second >= 1.5 else \
        f"Speed · {epochs_per_second:.1f} epochs/s"


class SettingsToolBar(QToolBar):
    """The toolbar's second row: the training settings (learning rate, optimizer, batch size, ...), fixed."""

    def __init__(self, panel: QWidget) -> None:
        super().__init__("Settings")
        self.setObjectName("settingsToolBar")
        self.setMovable(False)
        self.addWidget(panel)


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
        self._labels_width = 0  # what the buttons' labels add to the bar's width (measured when they go)
        self._play_button: QWidget | None = None
        self._play_action, self._play_text = play, play.text()
        for action in (reset, play, step, step_batch):
            self.addAction(action)
            button = self.widgetForAction(action)
            if button is not None:
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                if action is play:
                    self._play_button = button
        self.addSeparator()

        counter = QWidget()
        column = QVBoxLayout(counter)
        column.setContentsMargins(10, 0, 10, 0)
        column.setSpacing(0)
        caption = self.epoch_caption = QLabel("Epoch")  # the timeline says "Viewing epoch" over a past one
        caption.setObjectName("fieldCaption")
        # new text every frame: no new layout, no repaint of the bar under it (style sheet: the bar's colour)
        self.epoch_label = SteadyLabel(format_epoch(0), opaque=True)
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
        self.speed_caption = SteadyLabel(format_speed(None))  # the pace measured: a new one lays nothing out
        self.speed_caption.setObjectName("fieldCaption")
        self.speed_caption.setToolTip("The pace asked for, and the epochs per second measured while training")
        self.speed = ValueCombo(SPEED_CHOICES)
        self.speed.set_value(DEFAULT_SPEED)
        self.speed.setToolTip("Train at most this many epochs per second")
        self.speed.picked.connect(self._on_pace)
        self.flat_out = QToolButton()
        self.flat_out.setObjectName("flatOut")
        self.flat_out.setText("Flat out")
        self.flat_out.setCheckable(True)
        self.flat_out.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.flat_out.setToolTip("Train as fast as the machine allows (the benchmark pace); click again for the pace")
        self.flat_out.toggled.connect(self._on_flat_out)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.speed)
        row.addWidget(self.flat_out)
        column.addWidget(self.speed_caption)
        column.addLayout(row)
        self.addWidget(speed_box)

        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._spacer = self.addWidget(spacer)  # keeps the controls to the left; features add theirs before it

    def add_mode_action(self, action: QAction) -> None:
        """A feature's button among the training buttons (after Step batch)."""
        separators = [a for a in self.actions() if a.isSeparator()]
        self.insertAction(separators[0], action)

    def add_control(self, widget: QWidget) -> None:
        """A feature's group of controls at the end of the bar, after a separator."""
        self.insertSeparator(self._spacer)
        self.insertWidget(self._spacer, widget)

    def _fit_play_button(self) -> None:
        """As wide for "Pause" and "Starting…" as for "Play": the buttons after it stay put (in the current style)."""
        button = self._play_button
        if button is None or self.toolButtonStyle() != Qt.ToolButtonStyle.ToolButtonTextBesideIcon:
            return
        metrics = button.fontMetrics()
        widest = max(metrics.horizontalAdvance(text) for text in (*BUTTON_TEXTS, self._play_text))
        extra = widest - metrics.horizontalAdvance(self._play_action.text())  # its text now: Play, Pause, Starting…
        button.setMinimumWidth(0)
        button.setMinimumWidth(button.sizeHint().width() + max(0, extra))

    def changeEvent(self, event: QEvent) -> None:
        """A new style (the app's style sheet, set once the window is built; a zoom): measure Play again, now if
        the bar is shown, else when it is (a bar put together under a style sheet hears of every step)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange and self.isVisible():
            self._fit_play_button()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown: measure Play in the style of now (one may have come while the bar was hidden)."""
        self._fit_play_button()
        super().showEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Below the width the labelled buttons need, show their icons only, so every control stays on the bar."""
        super().resizeEvent(event)
        self._fit_labels(event.size().width())

    def actionEvent(self, event: QActionEvent) -> None:
        """A button shown, hidden, added or removed (presentation mode's Controls): the labels may no longer fit,
        or fit again, at the bar's width of now."""
        super().actionEvent(event)
        if self.isVisible():
            self._fit_labels(self.width())

    def _fit_labels(self, width: int) -> None:
        """Icons only below the width the labelled buttons need; labelled again, Play is measured in the style of
        now (a zoom may have come while the bar was compact)."""
        labelled = self.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        needed = self.sizeHint().width() + (0 if labelled else self._labels_width)
        compact = width < needed
        if compact == labelled:
            before = self.sizeHint().width()
            if compact and self._play_button is not None:
                self._play_button.setMinimumWidth(0)
            self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly if compact
                                    else Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            if compact:
                self._labels_width = before - self.sizeHint().width()
            else:
                self._fit_play_button()

    def set_epoch(self, epoch: int) -> None:
        """Show the epoch counter."""
        text = format_epoch(epoch)
        if text != self.epoch_label.text():
            self.epoch_label.setText(text)

    def speed_limit(self) -> float | None:
        """The pace asked for: epochs per second, or None for flat out."""
        return None if self.flat_out.isChecked() else float(self.speed.value())

    def show_rate(self, epochs_per_second: float | None) -> None:
        """Show the measured epochs per second beside the caption (None: paused)."""
        text = format_speed(epochs_per_second)
        if text != self.speed_caption.text():
            self.speed_caption.setText(text)

    def _on_pace(self, _value: object) -> None:
        if self.flat_out.isChecked():
            self.flat_out.setChecked(False)  # picking a pace leaves flat out (and emits)
        else:
            self.speedChanged.emit(self.speed_limit())

    def _on_flat_out(self, _on: bool) -> None:
        self.speedChanged.emit(self.speed_limit())
