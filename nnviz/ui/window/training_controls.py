"""The main window's training controls: Play, Pause, Step, Reset, new points, the speed limit, and the words on them.

A mixin of MainWindow (nnviz.ui.window.main_window): each control sends its command to the worker and shows at once
what was asked (the Play button's word, the surface's runningChanged); the trainer's own word about running comes
back through `_on_trainer_running`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from nnviz.session import commands as cmd
from nnviz.session.explain.tasks import TEACHING_STEPS
from nnviz.ui.window.config_requests import ConfigRequests
from nnviz.ui.window.csv_choices import CsvChoices
from nnviz.ui.window.play_button import NO_TRAINER, PlayButton
from nnviz.ui.window.status_bar import TrainingStatusBar
from nnviz.ui.window.surface import WindowSurface

if TYPE_CHECKING:
    from nnviz.ui.worker import NoTraining, TrainingThread


class TrainingControls:
    """Play, Pause, Step, Reset, new points and the speed limit, as the toolbar, menus and keys ask them."""

    # the window's, made in MainWindow._build
    _running: bool
    _requests: ConfigRequests
    csv_choices: CsvChoices
    play_button: PlayButton
    status: TrainingStatusBar
    surface: WindowSurface
    training: TrainingThread | NoTraining
    send: Callable[[cmd.Command], None]

    @property
    def running(self) -> bool:
        """Whether training is (asked to be) running."""
        return self._running

    def toggle_play(self) -> None:
        """Play or pause."""
        self.pause() if self._running else self.play()

    def play(self) -> None:
        """Start training."""
        if not self._trains():
            return
        self._on_running_changed(True)
        self.send(cmd.Play())

    def pause(self) -> None:
        """Pause training (within one chunk)."""
        self._on_running_changed(False)
        self.send(cmd.Pause())

    def step_epoch(self) -> None:
        """Pause and train one epoch."""
        self._step(cmd.StepEpoch())

    def step_batch(self) -> None:
        """Pause and train one mini-batch."""
        self._step(cmd.StepBatch())

    def _step(self, step: cmd.StepEpoch | cmd.StepBatch) -> None:
        if not self._trains():
            return
        self._on_running_changed(False)
        self.play_button.step_asked()
        self.send(step)

    def reset(self) -> None:
        """New initial weights, same data; pauses; an error line (a divergence) goes with the old weights."""
        if not self._trains():
            return
        self._on_running_changed(False)
        self.status.clear_error()
        self.send(cmd.Reset())

    def regenerate(self) -> None:
        """New points from the same generator (or the CSV file read again, once the user confirmed its path)."""
        path = self.csv_choices.reload_path(self._requests.requested())
        if path is not None:
            self.send(cmd.Regenerate(path))

    def set_speed(self, epochs_per_second: float | None) -> None:
        """Train flat out (None) or at most this many epochs per second."""
        self.send(cmd.SetSpeed(epochs_per_second))

    def _trains(self) -> bool:
        """Whether a trainer is behind this window; if not, the status bar says so (Play, Step, Reset and the
        teaching steps do nothing)."""
        if self.training.trains:
            return True
        self.status.show_info(NO_TRAINER)
        return False

    def _refused_without_trainer(self, command: cmd.Command) -> bool:
        """A teaching step (Explain step, Run for) in a window without a trainer: the status bar says so, as for
        Play, and the feature waiting for its answer hears the refusal, as from a worker that refused it."""
        if not isinstance(command, TEACHING_STEPS) or self._trains():
            return False
        QTimer.singleShot(0, lambda: self.surface.failed.emit(NO_TRAINER))  # queued, as a worker's answer is
        return True

    def _on_running_changed(self, running: bool) -> None:
        self._running = running
        self.play_button.show(running)
        self.surface.runningChanged.emit(running)

    def _on_trainer_running(self, running: bool) -> None:
        self.play_button.heard_from_trainer()
        self._on_running_changed(running)
