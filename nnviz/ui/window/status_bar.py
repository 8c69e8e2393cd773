"""The status bar: epoch, losses, accuracy, training speed and drawing speed, plus one-line messages.

A message shows for MESSAGE_MS by the bar's clock (its own timer: a test moves a fake clock), and the loss and
accuracy figures make room for it, unless it is a note shown beside them (a pin: a class comparing runs keeps the
numbers). A standing line (the training process did not start; training is starting) stays until it is taken back:
a message shown over it, or a menu's status tip, goes and the standing line shows again.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar

from nnviz.engine.losses import SPECS as LOSS_SPECS
from nnviz.session import Frame
from nnviz.session.explain.numbers import compact
from nnviz.session.frame import NO_DATA
from nnviz.ui.plain_text import MESSAGE_CHARS, plain_line, plain_tooltip
from nnviz.ui.steady_label import SteadyLabel

MESSAGE_MS = 8000
STARTING, PAUSED = "starting…", "paused"  # the speed figure's words while no rate is measured
NOT_MEASURED = "–"  # in place of the frame rate while training starts or is paused (nothing drawn live to measure)
NO_FRAME_RATE = NOT_MEASURED + " frames/s"


def format_loss(value: float | None) -> str:
    """A loss for people: 4 decimals, or 3 significant digits and a short exponent once it is large (2.32e5)."""
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value:.4f}" if abs(value) < 100 else compact(f"{value:.3g}")


def format_percent(value: float | None) -> str:
    """A share as a percentage with one decimal."""
    return "–" if value is None or not math.isfinite(value) else f"{100 * value:.1f} %"


SMALL_PART = 20  # a part with fewer samples shows its accuracy as a whole percentage and a count ("75 % (3 of 4)")


def format_accuracy(value: float | None, n: int) -> str:
    """The accuracy of a part of n samples: "no data" when it has none, a count beside the share when it is small."""
    if n <= 0:
        return NO_DATA
    if value is None or not math.isfinite(value):
        return "–"
    if n >= SMALL_PART:
        return format_percent(value)
    return f"{100 * value:.0f} % ({round(value * n)} of {n})"


def format_part_loss(value: float | None, n: int) -> str:
    """The loss on a part of n samples: "no data" when it has none (not a loss of 0 or a dash)."""
    return NO_DATA if n <= 0 else format_loss(value)


def part_sizes(frame: Frame) -> tuple[int, int]:
    """The number of training and test samples a frame's figures are measured on."""
    return len(frame.train_labels), len(frame.test_labels)


class FrameRateMeter:
    """Counts events and reports their rate over the last ~second (None until a first window is over)."""

    def __init__(self, window: float = 1.0, clock: Callable[[], float] = time.perf_counter) -> None:
        self.window = window
        self._clock = clock
        self._start = clock()
        self._count = 0
        self.rate: float | None = None

    def tick(self) -> float | None:
        """Count one event; returns the current rate (None: not measured yet)."""
        self._count += 1
        now = self._clock()
        if now - self._start >= self.window:
            self.rate = self._count / (now - self._start)
            self._start, self._count = now, 0
        return self.rate


class _Line(NamedTuple):
    """A message as asked: its words, red or not, beside the figures or in their place."""

    message: str
    error: bool
    beside: bool


class TrainingStatusBar(QStatusBar):
    """Shows the figures of the latest frame and one-line messages (errors in red)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.clock = clock  # seconds; a line shown goes MESSAGE_MS later by it
        self.setSizeGripEnabled(False)
        # figures that change while training: a new text does not lay the window out again, and (opaque) repaints
        # its label alone, not the bar and the window behind it (the epoch changes every frame)
        self.epoch = SteadyLabel(opaque=True)
        self.loss = SteadyLabel(opaque=True)
        self.accuracy = SteadyLabel(opaque=True)
        self.speed = SteadyLabel(opaque=True)
        self.frames = SteadyLabel(opaque=True)
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
        self._figures_shown = True  # False: presentation mode folds the figures away (messages still show)
        self._warning = ""  # the collapse warning last shown, so each is shown once
        self._loss_tip = "Loss"  # "The squared error loss": the tooltip names the loss of the frame shown
        self._shown = ""  # the (elided) text of the line this bar showed last
        self._beside = False  # that line shows beside the loss and accuracy figures
        self._until: float | None = None  # when that line goes, by the clock (None: it stands until taken back)
        self._standing: _Line | None = None  # shown again whenever no other message shows
        self._expiry = QTimer(self)
        self._expiry.setSingleShot(True)
        self._expiry.timeout.connect(self.expire)
        self.messageChanged.connect(self._on_message_changed)

    def show_frame(self, frame: Frame, epochs_per_second: float | None, frames_per_second: float | None,
                   starting: bool = False) -> None:
        """Update the figures (a speed None: not measured, training is paused; or, starting, not measured yet)."""
        self.show_epoch(frame.epoch)
        n_train, n_test = part_sizes(frame)
        self._set(self.loss, f"Loss train {format_part_loss(frame.train_loss, n_train)} · "
                             f"test {format_part_loss(frame.test_loss, n_test)}")
        spec = LOSS_SPECS.get(frame.loss_name)  # the tooltip names the loss, as the loss table calls it
        self._loss_tip = f"The {spec.display} loss" if spec is not None else "Loss"
        self._has_accuracy = frame.problem != "regression"
        if self._has_accuracy:
            self._set(self.accuracy, f"Accuracy train {format_accuracy(frame.train_accuracy, n_train)} · "
                                     f"test {format_accuracy(frame.test_accuracy, n_test)}")
        self._show_figures()
        self._name_the_epoch_measured(frame.figures_epoch)
        self._set(self.speed, f"{epochs_per_second:,.0f} epochs/s" if epochs_per_second is not None
                  else STARTING if starting else PAUSED)
        fps = frames_per_second if starting or epochs_per_second is not None else None  # paused: none drawn live
        self._set(self.frames, NO_FRAME_RATE if fps is None else f"{fps:.0f} frames/s")
        if frame.warning != self._warning:
            self._warning = frame.warning
            if frame.warning:
                self.show_error(frame.warning)

    def fold_figures(self, folded: bool) -> None:
        """Fold the figures away (presentation mode: the loss chart's legend has them) or show them again."""
        self._figures_shown = not folded
        self._show_figures()

    def _show_figures(self) -> None:
        """The one place that decides which figures show: loss and accuracy make room for a message,
        and accuracy shows for classification only."""
        message = self.currentMessage()
        room = self._figures_shown and (not message or (self._beside and message == self._shown))
        for label, on in ((self.epoch, self._figures_shown), (self.speed, self._figures_shown),
                          (self.frames, self._figures_shown), (self.loss, room),
                          (self.accuracy, room and self._has_accuracy)):
            if label.isVisibleTo(self) != on:
                label.setVisible(on)

    def _name_the_epoch_measured(self, figures_epoch: int | None) -> None:
        """While training, loss and accuracy are those of the newest recorded epoch end: the tooltips say which."""
        at = "" if figures_epoch is None else f" at the end of epoch {figures_epoch:,}"
        for label, tip in ((self.loss, f"{self._loss_tip} on the training and the test data"),
                           (self.accuracy, "Share of points classified correctly")):
            if label.toolTip() != tip + at:
                label.setToolTip(tip + at)

    def show_starting(self, starting: bool = True) -> None:
        """Training was asked to start and the trainer is not up yet (window/play_button.py); False: cancelled."""
        self._set(self.speed, STARTING if starting else PAUSED)
        self._set(self.frames, NO_FRAME_RATE)  # nothing is drawn live yet (or any more): no rate, not one of 0

    def show_epoch(self, epoch: int) -> None:
        """Show the epoch (every frame, as the toolbar's counter does)."""
        self._set(self.epoch, f"Epoch {epoch:,}")

    @staticmethod
    def _set(label: QLabel, text: str) -> None:
        if label.text() != text:
            label.setText(text)

    def show_error(self, message: str, standing: bool = False) -> None:
        """Show an error as one line, in red, for a few seconds (standing: until taken back)."""
        self._show(_Line(message, True, False), standing)

    def show_info(self, message: str, beside_figures: bool = False, standing: bool = False) -> None:
        """Show information as one line for a few seconds (beside_figures: the loss and accuracy figures stay, the
        line takes the room they leave; standing: until taken back)."""
        self._show(_Line(message, False, beside_figures), standing)

    def take_back(self, message: str) -> None:
        """The user answered this line, or it is no longer true: it stands no more, and goes if it shows."""
        standing = self._standing
        if standing is not None and standing.message == message:
            self._standing = None
            if self._until is None and self.currentMessage() == self._shown:
                self.clearMessage()

    def clear_error(self) -> None:
        """Take away an error line still showing (the user acted on it: e.g. a divergence, then Reset); a standing
        line shows again."""
        if self.property("error") and self.currentMessage():
            self.clearMessage()

    def expire(self) -> None:
        """The timer's: the line shown goes once MESSAGE_MS have passed by the clock (a standing line stays)."""
        if self._until is None or self.currentMessage() != self._shown:
            return
        left = self._until - self.clock()
        if left > 0:
            self._expiry.start(math.ceil(left * 1000))
        else:
            self.clearMessage()

    def _show(self, line: _Line, standing: bool) -> None:
        """One line; the loss and accuracy figures (also over the loss chart) make room while it shows, unless it
        shows beside them; a line still too long is elided, whole in the tooltip."""
        if standing:
            self._standing = line
        if bool(self.property("error")) != line.error:
            self.setProperty("error", line.error)
            self._repolish()
        text = _one_line(line.message)
        width = self.width() if self.isVisible() else self.window().width()  # folded until a message shows
        figures = [w for w in (self.epoch, self.speed, self.frames) if w.isVisibleTo(self)]  # not folded ones
        if line.beside and self._figures_shown:
            figures += [self.loss, self.accuracy] if self._has_accuracy else [self.loss]
        room = width - sum(w.sizeHint().width() + 12 for w in figures) - 24
        shown = self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, max(room, 120))
        first = text.split("; ", 1)[0] + " …"  # a note beside the figures: its news whole rather than a cut word
        if line.beside and shown != text and self.fontMetrics().horizontalAdvance(first) <= room:
            shown = first
        self.setToolTip(plain_tooltip(text) if shown != text else "")  # quoted values come from files
        self._shown, self._beside = shown, line.beside
        self._until = None if standing else self.clock() + MESSAGE_MS / 1000
        self.showMessage(shown)
        if standing:
            self._expiry.stop()
        else:
            self._expiry.start(MESSAGE_MS)
        self._show_figures()

    def _on_message_changed(self, text: str) -> None:
        if not text and self._standing is not None:
            self._show(self._standing, standing=True)  # what stands shows again once no other line does
            return
        self._show_figures()
        if text:
            return
        self.setToolTip("")
        if self.property("error"):
            self.setProperty("error", False)
            self._repolish()

    def _repolish(self) -> None:
        self.style().unpolish(self)
        self.style().polish(self)


def _one_line(message: str) -> str:
    """The message on one plain line of at most MESSAGE_CHARS (values quoted from a file are cut),
    capitalised unless it starts with a file name (whose case must not change)."""
    line = plain_line(message, MESSAGE_CHARS)
    first = line.split(" ", 1)[0]
    if not line or any(c in first for c in ":./\\"):
        return line
    return line[:1].upper() + line[1:]
