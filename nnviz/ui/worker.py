"""The training worker: a QObject in a QThread that drives a Session and sends throttled Frames.

The worker owns the Session while it runs; the GUI talks to it only through a
thread-safe command queue (see `nnviz.ui.commands`) and hears back through
queued signals. Training runs in chunks of ~6 ms; between chunks the worker
applies commands, checks its stop flag and, at most every `frame_interval`
seconds and only after the GUI has drawn the previous frame, takes a
snapshot (in this thread: it is numpy work) and sends it.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread, Signal, Slot

from nnviz.errors import NnvizError
from nnviz.session import Config, Frame, Session
from nnviz.ui import commands as cmd

log = logging.getLogger(__name__)

CHUNK_SECONDS = 0.006  # training time between looks at the command queue
GUI_WAIT = 0.05  # the longest a chunk waits for the GUI to finish drawing
IDLE_WAIT = 0.25  # seconds a paused worker sleeps on its queue before re-checking the stop flag
ACK_TIMEOUT = 1.0  # send a frame anyway when the GUI has not acknowledged the last one for this long
RATE_WINDOW = 0.5  # seconds over which epochs/s is measured


@dataclass(frozen=True)
class FramePacket:
    """What the worker sends the GUI: a Frame plus how training is going."""

    frame: Frame
    running: bool
    epochs_per_second: float
    speed_limit: float | None


class TrainingWorker(QObject):
    """Runs Session.step in chunks in its own thread; obeys commands from a queue."""

    frameReady = Signal(object)  # FramePacket
    runningChanged = Signal(bool)
    failed = Signal(str)  # a one-line message for the user
    notice = Signal(str)  # a one-line information for the user
    configChanged = Signal(int, object, str)  # (seq of the request answered, the session's Config, its problem)
    saved = Signal(str, str)  # (the path a session was saved to, the session's name)
    taskDone = Signal(object)  # the result of a SessionTask (teaching mode)

    def __init__(self, session: Session, resolution: int = 200, frame_interval: float = 1 / 40) -> None:
        super().__init__()
        self._session = session
        self.resolution = resolution
        self.frame_interval = frame_interval
        self.commands: queue.SimpleQueue[cmd.Command] = queue.SimpleQueue()
        self._stop = threading.Event()
        # cleared while the GUI draws a frame: the worker then leaves it the GIL instead of
        # fighting for it in 5 ms slices, which would double every draw's wall time (event-loop lag)
        self.gui_idle = threading.Event()
        self.gui_idle.set()
        self._running = False
        self._speed: float | None = None
        self._dirty = True  # something changed that the GUI has not seen
        self._acked = True
        self._last_emit = 0.0
        self._batch_seconds = 0.0  # measured time per batch (moving average)
        self._batches = 0  # batches trained in this worker's life, for epochs/s
        self._rate = 0.0
        self._rate_mark = (time.perf_counter(), 0, 0)  # (time, batches, batches_per_epoch)
        self._pace = (0.0, 0)  # (time, batches) where the current speed limit started counting

    # --- called from the GUI thread ---------------------------------------------------------
    def send(self, command: cmd.Command) -> None:
        """Queue a command (thread-safe); it is applied between training chunks."""
        self.commands.put(command)

    def request_stop(self) -> None:
        """Ask the loop to end (thread-safe); it ends within one chunk."""
        self._stop.set()
        self.commands.put(cmd.Wake())

    # --- the loop, in the worker thread ------------------------------------------------------
    @Slot()
    def run(self) -> None:
        """The worker loop: commands, a training chunk, maybe a frame; until stopped."""
        log.debug("training worker started")
        while not self._stop.is_set():
            try:
                self._drain(self._wait_time())
                if self._stop.is_set():
                    break
                if self._running:
                    self._train_chunk()
                self._maybe_emit()
            except Exception as exc:  # a bug below must not kill the loop behind a live window
                log.exception("the training worker hit an internal error")
                self._set_running(False)
                self._acked, self._dirty = True, False  # no tight loop of failing snapshots
                self.failed.emit(f"training paused after an internal error ({type(exc).__name__}: {exc})")
        log.debug("training worker stopped")

    def _wait_time(self) -> float:
        """How long the loop may block on its queue before it has work to do."""
        if self._dirty and self._acked:
            return 0.0
        if not self._running:
            return IDLE_WAIT
        if self._speed is None:
            return 0.0
        due = self._batches_due()
        if due >= 1:
            return 0.0
        return min(0.05, (1 - due) / (self._speed * self._batches_per_epoch()))

    def _drain(self, wait: float) -> None:
        try:
            command = self.commands.get(timeout=wait) if wait > 0 else self.commands.get_nowait()
        except queue.Empty:
            return
        while True:
            self._apply(command)
            try:
                command = self.commands.get_nowait()
            except queue.Empty:
                return

    def _train_chunk(self) -> None:
        n = self._chunk_size()
        if self._speed is not None:
            n = min(n, int(self._batches_due()))
            if n < 1:
                return
        self._train(n)

    def _train(self, n_batches: int) -> bool:
        """Train n batches; on divergence pause and tell the user. True when it trained."""
        self.gui_idle.wait(GUI_WAIT)
        t0 = time.perf_counter()
        try:
            self._session.step(n_batches)
        except NnvizError as exc:  # diverged, or nothing to train on (every training point removed)
            self._set_running(False)
            self._dirty = True
            self.failed.emit(str(exc))
            return False
        per_batch = (time.perf_counter() - t0) / n_batches
        self._batch_seconds = per_batch if self._batch_seconds == 0 else 0.7 * self._batch_seconds + 0.3 * per_batch
        self._batches += n_batches
        if not self._running:
            self._dirty = True
        return True

    def _batches_due(self) -> float:
        """Batches the speed limit allows now, counted since the limit started."""
        assert self._speed is not None
        t_start, b_start = self._pace
        bpe = self._batches_per_epoch()
        allowed = (time.perf_counter() - t_start) * self._speed * bpe
        due = allowed - (self._batches - b_start)
        if due > max(2.0, 0.25 * self._speed * bpe):  # fell behind: do not burst to catch up
            self._restart_pace()
            return 1.0
        return due

    def _batches_per_epoch(self) -> int:
        """For pacing: at least 1, so a session without training points reaches step() and says so."""
        return max(1, self._session.trainer.batches_per_epoch)

    def _restart_pace(self) -> None:
        self._pace = (time.perf_counter(), self._batches)

    def _set_running(self, running: bool) -> None:
        if running != self._running:
            self._running = running
            self._restart_pace()
            self._dirty = True
            self.runningChanged.emit(running)

    # --- frames ---------------------------------------------------------------------------
    def _maybe_emit(self) -> None:
        now = time.perf_counter()
        if not self._acked and now - self._last_emit < ACK_TIMEOUT:
            return
        if not self._dirty and not (self._running and now - self._last_emit >= self.frame_interval):
            return
        self._update_rate(now)
        packet = FramePacket(self._session.snapshot(self.resolution), self._running, self._rate, self._speed)
        self._dirty = False
        self._acked = False
        self._last_emit = now
        self.frameReady.emit(packet)

    def _update_rate(self, now: float) -> None:
        t_mark, b_mark, bpe_mark = self._rate_mark
        bpe = self._batches_per_epoch()
        if not self._running:
            self._rate = 0.0
            self._rate_mark = (now, self._batches, bpe)
        elif now - t_mark >= RATE_WINDOW or bpe != bpe_mark:
            if bpe == bpe_mark and now > t_mark:
                self._rate = (self._batches - b_mark) / bpe / (now - t_mark)
            self._rate_mark = (now, self._batches, bpe)

    # --- commands ---------------------------------------------------------------------------
    def _apply(self, command: cmd.Command) -> None:
        s = self._session
        try:
            match command:
                case cmd.FrameConsumed():
                    self._acked = True
                case cmd.Wake():
                    pass
                case cmd.Play():
                    self._set_running(True)
                case cmd.Pause():
                    self._set_running(False)
                case cmd.StepEpoch():
                    self._set_running(False)
                    self._step_epoch()
                case cmd.StepBatch():
                    self._set_running(False)
                    self._train(1)
                case cmd.SetSpeed(epochs_per_second=eps):
                    self._speed = eps if eps is None or eps > 0 else None
                    self._restart_pace()
                    self._dirty = True
                case cmd.Reset():
                    self._set_running(False)
                    s.reset()
                    self._dirty = True
                case cmd.Regenerate():
                    s.regenerate()
                    self._dirty = True
                case cmd.ApplyConfig(config=config, seq=seq):
                    self._apply_config(config, seq)
                case cmd.SetWeight(layer=layer, src=src, dst=dst, value=value):
                    s.set_weight(layer, src, dst, value)
                    self._dirty = True
                case cmd.SetBias(layer=layer, neuron=neuron, value=value):
                    s.set_bias(layer, neuron, value)
                    self._dirty = True
                case cmd.AddPoint(x=x, y=y, label=label):
                    s.add_point((x, y), label)
                    self._dirty = True
                case cmd.RemovePoint(x=x, y=y, max_distance=reach):
                    if not s.remove_nearest((x, y), reach):
                        self.notice.emit(f"no data point within {reach:.3g} of ({x:.3g}, {y:.3g})")
                    self._dirty = True
                case cmd.ReplaceSession(session=session, seq=seq):
                    self._set_running(False)
                    self._session = session
                    self._batch_seconds = 0.0
                    self._dirty = True
                    self._announce_config(seq)
                case cmd.SaveSession(path=path, name=name):
                    self._save(path, name)
                case cmd.SessionTask():
                    self._dirty = True
                    self.taskDone.emit(command.run(s))
                case _:
                    log.warning("unknown command %r", command)
        except NnvizError as exc:
            self._dirty = True
            self.failed.emit(str(exc))

    def _step_epoch(self) -> None:
        """Train to the end of the current epoch, in chunks so the queue is still read."""
        s = self._session
        target = s.epoch + 1
        while s.epoch < target and not self._stop.is_set():
            remaining = max(1, s.trainer.batches_per_epoch - s.trainer.cursor)
            if not self._train(min(remaining, self._chunk_size())):
                return

    def _chunk_size(self) -> int:
        """Batches that take about CHUNK_SECONDS (1 until measured)."""
        return max(1, int(CHUNK_SECONDS / self._batch_seconds)) if self._batch_seconds > 0 else 1

    def _apply_config(self, config: Config, seq: int) -> None:
        try:
            rebuilt = self._session.apply_config(config)
        except NnvizError:
            self._announce_config(seq)  # the GUI reverts its form
            raise
        if rebuilt:
            self._set_running(False)
            self._batch_seconds = 0.0
        self._restart_pace()
        self._dirty = True
        self._announce_config(seq)

    def _announce_config(self, seq: int) -> None:
        """Tell the GUI the session's config and the problem it resolved to (auto -> binary, ...)."""
        self.configChanged.emit(seq, self._session.config, self._session.spec.problem)

    def _save(self, path: str, name: str) -> None:
        from nnviz.session.files import save_session

        s = self._session
        before = s.config
        if name and not before.name:
            s.apply_config(before.replace(name=name))  # a live field: nothing is rebuilt
        try:
            save_session(s, path)
        except NnvizError:
            s.apply_config(before)  # a failed save leaves the session as it was, name included
            raise
        self.saved.emit(path, s.config.name)


class TrainingThread(QObject):
    """Owns the worker's QThread: start, send commands, and a stop that always ends the thread."""

    def __init__(self, session: Session, resolution: int = 200, frame_interval: float = 1 / 40) -> None:
        super().__init__()
        self.worker = TrainingWorker(session, resolution, frame_interval)
        self.qthread = QThread()
        self.qthread.setObjectName("nnviz-training")
        self.worker.moveToThread(self.qthread)
        self.qthread.started.connect(self.worker.run)

    def start(self) -> None:
        """Start the worker thread."""
        self.qthread.start()

    def send(self, command: cmd.Command) -> None:
        """Queue a command for the worker."""
        self.worker.send(command)

    def hold(self) -> None:
        """The GUI starts drawing: the worker waits (at most GUI_WAIT) before its next chunk."""
        self.worker.gui_idle.clear()

    def release(self) -> None:
        """The GUI has finished drawing."""
        self.worker.gui_idle.set()

    def is_running(self) -> bool:
        """Whether the worker thread is alive."""
        return self.qthread.isRunning()

    def stop(self, timeout_ms: int = 1000) -> bool:
        """End the worker loop and the thread; True when the thread has finished."""
        self.release()
        self.worker.request_stop()
        self.qthread.quit()  # directly: a queued finished->quit could deadlock a GUI blocked in wait()
        if self.qthread.wait(timeout_ms):
            return True
        log.error("the training thread did not stop within %d ms; waiting longer", timeout_ms)
        return self.qthread.wait(10 * timeout_ms)  # never let a running QThread be destroyed
