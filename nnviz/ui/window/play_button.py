"""The Play button's three words: Play, Pause, and "Starting…" while the trainer is not up yet.

The training process starts after the window's first paint and takes a moment to load (seconds on a busy
machine). Play pressed in that moment is kept for it; the button then says "Starting…" and the status bar
"starting…", not "Pause" beside "paused", until the trainer answers: it says it runs, or sends a running frame.
Pressed again meanwhile, the button cancels (a Pause follows the Play). Once the trainer is up, Play turns into
Pause at once, as before: its answer comes within a frame, and a word shown that briefly would only flicker.
Step pressed before the trainer is up: the status bar says "starting…" until the step's frame comes.
Play pressed once the trainer is up: the status bar says "starting…" until the runner has measured its speed;
Pause: "paused" at once.

While Play waits for the trainer, the status bar's message line says so too (STARTING_LINE, beside the figures):
at 1024 px the toolbar shows icons only, and "Starting…" would be in the tooltip alone, beside a Pause icon
on the button. The line stands until the trainer answers or the user cancels. The line that the training process
did not start (start_watch.NOT_STARTED) stands until it is answered: Play or Step pressed again, or a trainer's word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from nnviz.ui.resources import icon

if TYPE_CHECKING:  # the toolbar reads BUTTON_TEXTS: no status bar (nor the session under it) with it
    from nnviz.ui.window.status_bar import TrainingStatusBar

PLAY, PAUSE, STARTING = "Play", "Pause", "Starting…"
BUTTON_TEXTS = (PLAY, PAUSE, STARTING)  # the toolbar makes the button as wide as the widest: nothing after it moves
STARTING_LINE = "Training starts in a moment…"  # the status bar's line: short, to fit beside the figures at 1024 px
STARTING_TIP = "Training starts in a moment (the trainer is loading); press to cancel"
# Play or Step in a window made to draw pictures (`nnviz render`, exports: the "none" backend). They stay enabled, so
# the toolbar in its pictures looks as in the app, and say why nothing happens when pressed
NO_TRAINER = "This window only draws pictures (made for nnviz render and exports): it does not train"


class PlayButton(QObject):
    """Shows training as asked and as the trainer answered on the Play action and the status bar (a QObject of the
    window's: the worker's signals reach it in the GUI thread)."""

    def __init__(self, play: QAction, status: TrainingStatusBar) -> None:
        super().__init__(play)
        self._play = play
        self._status = status
        self._tip = play.toolTip()
        self.trainer_up = False  # the trainer has answered once (a frame, or a word about running)
        self.starting = False  # Play asked before the trainer was up, and no answer yet
        self._says_starting = False  # the status bar's speed figure says "starting…"

    def show(self, running: bool) -> None:
        """Training asked to run or to pause (by the user, or by the trainer's word)."""
        self.starting = running and not self.trainer_up
        self._play.setText(STARTING if self.starting else PAUSE if running else PLAY)
        self._play.setIcon(icon("pause" if running else "play"))
        self._play.setToolTip(STARTING_TIP if self.starting else self._tip)
        # before the trainer is up: "starting…" until it runs; once up: "starting…" until its speed is measured
        # (not "paused", nor "0 epochs/s"); a Pause, a cancel or a refusal: "paused" at once, not the last figure
        self._status.show_starting(running)
        self._says_starting = running
        if self.starting:
            self._status.show_info(STARTING_LINE, beside_figures=True, standing=True)
        else:
            self._status.take_back(STARTING_LINE)
        if running:
            self._answered_time_out()

    def step_asked(self) -> None:
        """Step pressed: before the trainer is up, the status bar says "starting…" (not "paused") until a frame."""
        self._answered_time_out()
        if not self.trainer_up:
            self._status.show_starting()
            self._says_starting = True

    def trainer_down(self) -> None:
        """No trainer answers now: a training process is starting (after a crash, say), or none runs until a Play
        starts one (the last did not start in time): a Play pressed now waits for it."""
        self.trainer_up = False

    def heard_from_trainer(self) -> None:
        """The trainer spoke (it says training runs or paused; show() follows with its word): it is up."""
        if not self.trainer_up:  # (with every frame: only its first word answers)
            self._answered_time_out()
        self.trainer_up = True

    def _answered_time_out(self) -> None:
        """Play or Step pressed, or a trainer is up: the line that the last one did not start is answered."""
        # lazy: the toolbar reads this module's words before the session loads
        from nnviz.session.start_watch import NOT_STARTED

        self._status.take_back(NOT_STARTED)

    def status_overdue(self) -> bool:
        """The status bar still says "starting…" though training runs: the frame drawn now shows its figures."""
        return self._says_starting and not self.starting

    def after_status(self) -> None:
        """The status bar showed a frame's figures: while training starts, it says "starting…" again."""
        self._says_starting = self.starting
        if self.starting:
            self._status.show_starting()

    def trainer_sent_frame(self, running: bool) -> None:
        """A frame from the trainer: it is up; a running one ends the wait for it."""
        self.heard_from_trainer()
        if self.starting and running:
            self.show(True)
