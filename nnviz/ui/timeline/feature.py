"""The timeline feature of the main window: show past epochs, replay them, carry on, undo the carry-on.

It plugs into the window's surface: the frames drawn (`frameDrawn`), a check on the
commands sent (to ask before a carry-on sets epochs aside), the loss chart and its
menus. The runner does the work (`nnviz.session.runner_timeline`).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence

from nnviz.session import commands as cmd
from nnviz.session.events import FramePacket
from nnviz.ui.timeline.bar import TimelineBar, viewing_text
from nnviz.ui.timeline.pins_menu import PinsFeature
from nnviz.ui.timeline.replay_export import ReplayExport
from nnviz.ui.window.surface import WindowSurface

REPLAY_TICK_MS = 40
ASKS_FIRST = (cmd.Play, cmd.StepEpoch, cmd.StepBatch)  # commands that carry on only after the user agrees
REQUEST_HOLD = 0.5  # seconds a requested epoch wins over live frames still on their way


class TimelineFeature(QObject):
    """The loss chart and a slider as the run's timeline; Shift+arrows; Replay; Edit ▸ Undo Carry-On."""

    def __init__(self, surface: WindowSurface) -> None:
        super().__init__(surface)
        self.surface = surface
        self.bar = TimelineBar()
        layout = surface.loss_chart.layout()
        if layout is not None:
            layout.addWidget(self.bar)
        self.pins: PinsFeature | None = None  # the pinned runs, installed beside the timeline
        self.shown: int | None = None  # the past epoch on screen (None: the live run)
        self.live_epoch = 0
        self._requested: tuple[int, float] | None = None  # (epoch, when) last asked for
        self._replay_at = 0.0
        self.confirm: Callable[[int, int], bool] = self._ask  # tests answer for the user
        self.replay_timer = QTimer(self)
        self.replay_timer.setInterval(REPLAY_TICK_MS)
        self.replay_timer.timeout.connect(self._replay_tick)
        self.back = self._action("Show the Previous Epoch", "Shift+Left", lambda: self.step(-1))
        self.forward = self._action("Show the Next Epoch", "Shift+Right", lambda: self.step(1))
        self.go_live = self._action("Show the Live Run", "Shift+End", self.show_live)
        self.undo = self._action("&Undo Carry-On", QKeySequence.StandardKey.Undo, self.undo_carry_on)
        self.undo.setEnabled(False)
        self._menus()
        surface.loss_chart.epochPicked.connect(self.show_epoch)
        self.bar.epochPicked.connect(self.show_epoch)
        self.bar.liveRequested.connect(self.show_live)
        self.bar.replayToggled.connect(self.set_replay)
        surface.frameDrawn.connect(self.on_frame)
        surface.setAside.connect(self._on_set_aside)
        surface.add_command_guard(self._before_send)
        if surface.latest is not None:  # the window drew its session before features came: an opened run's epoch
            self.on_frame(surface.latest)  # shows at once, not epoch 0 until the trainer's first frame

    def _action(self, text: str, shortcut: str | QKeySequence.StandardKey, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self.surface.window)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.surface.window.addAction(action)  # shortcuts work even where the menu bar is hidden
        return action

    def _menus(self) -> None:
        edit = self.surface.menu("Edit")
        if edit.actions():  # Undo comes first, as everywhere
            first = edit.actions()[0]
            edit.insertAction(first, self.undo)
            edit.insertSeparator(first)
        else:
            edit.addAction(self.undo)
        view = edit.addMenu("&Timeline")
        for action in (self.back, self.forward, self.go_live):
            view.addAction(action)

    # --- requests -------------------------------------------------------------------------
    def show_epoch(self, epoch: int) -> None:
        """Show an epoch of the run (the live run at or past its end)."""
        epoch = max(0, int(epoch))
        self._requested = (epoch, time.monotonic())
        self.surface.send(cmd.ShowEpoch(epoch))

    def show_live(self) -> None:
        """Show the run as it is now."""
        self.set_replay(False)
        self._requested = None
        self.surface.send(cmd.ShowEpoch(None))

    def step(self, delta: int) -> None:
        """Show the epoch `delta` epochs from the one on screen."""
        self.show_epoch(max(0, self.position() + delta))

    def position(self) -> int:
        """The epoch on screen, or the one last asked for."""
        if self._requested is not None:
            return self._requested[0]
        return self.live_epoch if self.shown is None else self.shown

    def undo_carry_on(self) -> None:
        """Bring back the epochs the last carry-on set aside."""
        self.surface.send(cmd.UndoCarryOn())

    def set_replay(self, on: bool) -> None:
        """Play the run back from the epoch shown (from the first epoch when live), at the bar's pace."""
        if self.bar.replay.isChecked() != on:
            self.bar.replay.setChecked(on)
            return  # toggled() comes back here
        if on:
            self._replay_at = float(self.shown if self.shown is not None else 0)
            self.replay_timer.start()
        else:
            self.replay_timer.stop()

    def _replay_tick(self) -> None:
        self._replay_at += self.bar.pace_epochs_per_second() * REPLAY_TICK_MS / 1000
        if self._replay_at >= self.live_epoch:
            self.show_live()
            return
        if int(self._replay_at) != self.position():
            self.show_epoch(int(self._replay_at))

    # --- what comes back ------------------------------------------------------------------
    def on_frame(self, packet: FramePacket) -> None:
        """Follow the frame drawn: the slider, the line through the charts, the epoch counter."""
        frame = packet.frame
        live = frame.live_epoch
        requested = self._requested
        if live is None and requested is not None and time.monotonic() - requested[1] < REQUEST_HOLD \
                and requested[0] < frame.epoch:
            return  # a live frame sent before the request: the epoch asked for is on its way
        self._requested = None
        self.shown = None if live is None else frame.epoch
        self.live_epoch = frame.epoch if live is None else live
        self.bar.show_position(frame.epoch, live)
        self.surface.loss_chart.show_cursor(None if live is None else frame.epoch)
        bar = self.surface.training_bar
        bar.epoch_caption.setText("Epoch" if live is None else "Viewing epoch")
        if live is not None:  # "Viewing epoch / 40 of 300" (short: the toolbar keeps its room)
            bar.epoch_label.setText(f"{frame.epoch:,} of {live:,}")
        tip = "Epochs trained since the last reset" if live is None else viewing_text(frame.epoch, live).capitalize()
        if bar.epoch_label.toolTip() != tip:  # the live run's is the same every frame: Qt is not told again
            bar.epoch_label.setToolTip(tip)

    def _on_set_aside(self, epoch: int | None) -> None:
        self.undo.setEnabled(epoch is not None)
        self.undo.setText("&Undo Carry-On" if epoch is None else f"&Undo Carry-On (bring back epochs to {epoch:,})")

    def _before_send(self, command: cmd.Command) -> bool:
        """Ask before Play or Step set the later part of the run aside; False drops the command."""
        if self.shown is None or not isinstance(command, ASKS_FIRST):
            return True
        self.set_replay(False)
        if self.confirm(self.shown, self.live_epoch):
            return True
        if isinstance(command, cmd.Play):
            self.surface.pause()  # the button goes back; the runner was paused all along
        return False

    def _ask(self, epoch: int, live_epoch: int) -> bool:
        # lazy: Qt's message box class (and its enums) is made when a question is asked, not with the window
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self.surface.window, "Carry on from here?",
            f"Training will carry on from epoch {epoch:,}. Epochs {epoch + 1:,}–{live_epoch:,} of this run "
            "will be set aside; Edit ▸ Undo Carry-On brings them back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes)
        return answer == QMessageBox.StandardButton.Yes


def install_timeline(surface: WindowSurface) -> TimelineFeature:
    """Add the timeline and pinned runs to a main window."""
    feature = TimelineFeature(surface)
    feature.pins = PinsFeature(surface)
    ReplayExport(surface)  # File ▸ Export Replay; the surface, its parent, keeps it
    return feature
