"""The timeline bar under the loss chart: which epoch is shown, a slider over the run, replay and Live."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSizePolicy, QSlider, QToolButton, QWidget

REPLAY_PACES: tuple[tuple[str, float], ...] = (  # (title, epochs per second of a replay)
    ("10/s", 10.0), ("30/s", 30.0), ("100/s", 100.0), ("300/s", 300.0), ("1000/s", 1000.0),
)


def viewing_text(epoch: int, live_epoch: int | None) -> str:
    """The words for the epoch shown: 'viewing epoch 40 of 300', or 'epoch 300' for the live run."""
    if live_epoch is None:
        return f"epoch {epoch:,}"
    return f"viewing epoch {epoch:,} of {live_epoch:,}"


_REACHING = (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.Wheel, QEvent.Type.FocusIn)


class TimelineBar(QWidget):
    """A slider over the run's epochs, a replay button with its pace, and Live."""

    epochPicked = Signal(int)  # the slider moved to this epoch
    liveRequested = Signal()
    replayToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replay = QToolButton(self)
        self.replay.setText("▶ Replay")
        self.replay.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.replay.setCheckable(True)
        self.replay.setToolTip("Play the run back from the epoch shown (from the start when live)")
        self.pace = QComboBox(self)
        for title, eps in REPLAY_PACES:
            self.pace.addItem(title, eps)
        self.pace.setCurrentIndex(1)
        self.pace.setToolTip("How fast a replay moves through the epochs (epochs per second)")
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, 0)
        self.slider.setToolTip("Drag to show any earlier epoch of this run (Shift+← / Shift+→: one epoch)")
        self.slider.setMinimumWidth(48)  # the words beside it keep their room first
        self.live = QToolButton(self)
        self.live.setText("Live")
        self.live.setToolTip("Show the run as it is now")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 2)
        for widget, stretch in ((self.replay, 0), (self.pace, 0), (self.slider, 1), (self.live, 0)):
            layout.addWidget(widget, stretch)
        for button in (self.replay, self.live):  # never narrower than their words: the slider gives way
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.slider.valueChanged.connect(self._on_slider)
        self.live.clicked.connect(self.liveRequested)
        self.replay.toggled.connect(self.replayToggled)
        self._updating = False
        self._pending_top: int | None = None  # the live run's last epoch, not yet given to the slider
        self._tip_epochs: tuple[int, int | None] = (0, None)
        self.slider.installEventFilter(self)
        self.show_position(0, None)
        self.slider.setToolTip(self.slider_tip())

    def pace_epochs_per_second(self) -> float:
        """The replay pace chosen."""
        return float(self.pace.currentData())

    def show_position(self, epoch: int, live_epoch: int | None) -> None:
        """Move the slider and the label to the epoch shown (live_epoch None: the live run)."""
        s = self.slider
        if live_epoch is None and 0 < s.maximum() == s.value() <= epoch and not s.isSliderDown():
            # live: the handle stays at the right end as the run grows, and a repaint of the slider, the bar
            # and the chart behind them every frame would show the same pixels; the range catches up as soon
            # as the user reaches for the slider (issue 23)
            self._pending_top = epoch
        else:
            self._set_range(max(epoch, live_epoch or 0), epoch)
        self._tip_epochs = (epoch, live_epoch)  # the slider's tooltip is worded when it is asked for (issue 23)
        self.live.setEnabled(live_epoch is not None)

    def slider_tip(self) -> str:
        """The slider's tooltip for the epoch shown (a new text every frame: worded only when it shows)."""
        return viewing_text(*self._tip_epochs).capitalize() + " · drag to show any epoch of this run " \
            "(Shift+← / Shift+→: one epoch)"

    def _set_range(self, top: int, value: int) -> None:
        self._pending_top = None
        self._updating = True
        try:
            self.slider.setRange(0, top)
            self.slider.setValue(value)
        finally:
            self._updating = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The slider's range is brought up to date before the user's press, key or wheel reaches it."""
        if watched is self.slider and self._pending_top is not None and event.type() in _REACHING:
            self._set_range(self._pending_top, self._pending_top)
        if watched is self.slider and event.type() == QEvent.Type.ToolTip:
            tip = self.slider_tip()
            if self.slider.toolTip() != tip:
                self.slider.setToolTip(tip)  # before Qt shows it
        return super().eventFilter(watched, event)

    def _on_slider(self, value: int) -> None:
        if not self._updating:
            self.epochPicked.emit(value)
