"""The status bar: epoch, losses, accuracy, training speed and drawing speed, plus one-line messages."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStatusBar

from nnviz.session import Frame
from nnviz.ui.plain_text import plain_tooltip

MESSAGE_MS = 8000


def format_loss(value: float | None) -> str:
    """A loss for people: 4 decimals, or 3 significant digits once it is large (2.32e+05)."""
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value:.4f}" if abs(value) < 100 else f"{value:.3g}"


def format_percent(value: float | None) -> str:
    """A share as a percentage with one decimal."""
    return "–" if value is None or not math.isfinite(value) else f"{100 * value:.1f} %"


class FrameRateMeter:
    """Counts events and reports their rate over the last ~second."""

    def __init__(self, window: float = 1.0) -> None:
        self.window = window
        self._start = time.perf_counter()
        self._count = 0
        self.rate = 0.0

    def tick(self) -> float:
        """Count one event; returns the current rate."""
        self._count += 1
        now = time.perf_counter()
        if now - self._start >= self.window:
            self.rate = self._count / (now - self._start)
            self._start, self._count = now, 0
        return self.rate


class TrainingStatusBar(QStatusBar):
    """Shows the figures of the latest frame and one-line messages (errors in red)."""

    def __init__(self) -> None:
        super().__init__()
        self.setSizeGripEnabled(False)
        self.epoch = QLabel()
        self.loss = QLabel()
        self.accuracy = QLabel()
        self.speed = QLabel()
        self.frames = QLabel()
        for label, tip in (
            (self.epoch, "Epochs trained since the last reset"),
            (self.loss, "Loss on the training and the test data"),
            (self.accuracy, "Share of points classified correctly"),
            (self.speed, "Epochs trained per second"),
            (self.frames, "Frames drawn per second"),
        ):
            label.setObjectName("statusFigure")
            label.setToolTip(tip)
            self.addPermanentWidget(label)
        self._has_accuracy = True
        self._warning = ""  # the collapse warning last shown, so each is shown once
        self.messageChanged.connect(self._on_message_changed)

    def show_frame(self, frame: Frame, epochs_per_second: float | None, frames_per_second: float) -> None:
        """Update the figures (epochs_per_second None: training is paused)."""
        self.show_epoch(frame.epoch)
        self._set(self.loss, f"Loss train {format_loss(frame.train_loss)} · test {format_loss(frame.test_loss)}")
        self._has_accuracy = frame.problem != "regression"
        self.accuracy.setVisible(self._has_accuracy and not self.currentMessage())
        if self._has_accuracy:
            self._set(self.accuracy, f"Accuracy train {format_percent(frame.train_accuracy)} · "
                                     f"test {format_percent(frame.test_accuracy)}")
        self._name_the_epoch_measured(frame.figures_epoch)
        self._set(self.speed, "paused" if epochs_per_second is None else f"{epochs_per_second:,.0f} epochs/s")
        self._set(self.frames, f"{frames_per_second:.0f} frames/s")
        if frame.warning != self._warning:
            self._warning = frame.warning
            if frame.warning:
                self.show_error(frame.warning)

    def _name_the_epoch_measured(self, figures_epoch: int | None) -> None:
        """While training, loss and accuracy are those of the newest recorded epoch end: the tooltips say which."""
        at = "" if figures_epoch is None else f" at the end of epoch {figures_epoch:,}"
        for label, tip in ((self.loss, "Loss on the training and the test data"),
                           (self.accuracy, "Share of points classified correctly")):
            if label.toolTip() != tip + at:
                label.setToolTip(tip + at)

    def show_epoch(self, epoch: int) -> None:
        """Show the epoch (every frame, as the toolbar's counter does)."""
        self._set(self.epoch, f"Epoch {epoch:,}")

    @staticmethod
    def _set(label: QLabel, text: str) -> None:
        if label.text() != text:
            label.setText(text)

    def show_error(self, message: str) -> None:
        """Show an error as one line, in red, for a few seconds."""
        self._show(message, error=True)

    def show_info(self, message: str) -> None:
        """Show information as one line for a few seconds."""
        self._show(message, error=False)

    def _show(self, message: str, error: bool) -> None:
        """One line; the loss and accuracy figures (also over the loss chart) make room while it shows,
        and a line still too long is elided, whole in the tooltip."""
        if bool(self.property("error")) != error:
            self.setProperty("error", error)
            self._repolish()
        self.loss.setVisible(False)
        self.accuracy.setVisible(False)
        line = _one_line(message)
        room = self.width() - sum(w.sizeHint().width() + 12 for w in (self.epoch, self.speed, self.frames)) - 24
        shown = self.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, max(room, 120))
        self.setToolTip(plain_tooltip(line) if shown != line else "")  # quoted values come from files
        self.showMessage(shown, MESSAGE_MS)

    def _on_message_changed(self, text: str) -> None:
        if text:
            return
        self.loss.setVisible(True)
        self.accuracy.setVisible(self._has_accuracy)
        self.setToolTip("")
        if self.property("error"):
            self.setProperty("error", False)
            self._repolish()

    def _repolish(self) -> None:
        self.style().unpolish(self)
        self.style().polish(self)


def _one_line(message: str) -> str:
    """The message on one line, capitalised unless it starts with a file name (whose case must not change)."""
    line = " ".join(str(message).split())
    first = line.split(" ", 1)[0]
    if not line or any(c in first for c in ":./\\"):
        return line
    return line[:1].upper() + line[1:]
