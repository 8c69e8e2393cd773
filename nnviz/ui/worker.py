"""The Qt side of training: a QThread that runs the training backend and turns its events into signals.

The backend is a `nnviz.session.runner.Runner` in this thread ("thread"), or one
in a child process behind this thread (`nnviz.session.training_process`,
"process": the trainer then has a core of its own), or nothing at all ("none":
a window that only draws the frames it is given, for `nnviz render` and the
export of panels). The caller chooses; nothing here reads the environment. The
backend owns the Session; the GUI talks to it only through `send` (thread-safe)
and hears back through queued signals. Everything about the loop (pace, chunks,
frame throttling, divergence, saves, files) is in the runner.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Literal, Protocol, cast

from PySide6.QtCore import QObject, QThread, Signal, Slot

from nnviz.session import Session
from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.events import FramePacket
from nnviz.session.heatmap_sizes import HeatmapSizes

if TYPE_CHECKING:
    from nnviz.session.training_process import TrainingProcess

log = logging.getLogger(__name__)

GUI_WAIT = 0.05  # the longest a chunk waits for the GUI to finish drawing
TrainingBackend = Literal["process", "thread", "none"]
BACKENDS: tuple[TrainingBackend, ...] = ("process", "thread", "none")


class Backend(Protocol):
    """What the worker drives: a Runner, or a TrainingProcess."""

    def send(self, command: cmd.Command) -> None:
        """Queue a command (thread-safe)."""

    def request_stop(self) -> None:
        """Ask the loop to end (thread-safe)."""

    def run(self) -> None:
        """The loop, until stopped."""

__all__ = ["FramePacket", "NoTraining", "TrainingThread", "TrainingWorker", "start_training"]


class WorkerSignals(QObject):
    """What a training worker tells the GUI (queued across the thread)."""

    frameReady = Signal(object)  # FramePacket
    runningChanged = Signal(bool)
    failed = Signal(str)  # a one-line message for the user
    notice = Signal(str, bool)  # a one-line information for the user, and whether it shows beside the figures
    configChanged = Signal(int, object, str)  # (seq of the request answered, the session's Config, its problem)
    saved = Signal(str, str)  # (the path a session was saved to, the session's name)
    opened = Signal(str, bool)  # (the path of a file that became the session, whether it is a session file)
    taskDone = Signal(object)  # what a SessionTask returned (teaching mode)
    setAside = Signal(object)  # timeline: the epoch a carry-on's set-aside run ends at, or None (nothing to undo)
    pinsChanged = Signal(object)  # the pinned runs (tuple of session.pins.PinInfo)
    trainerDown = Signal()  # no trainer answers now: one is starting (first, after a crash), or none runs (time-out)


class TrainingWorker(WorkerSignals):
    """Runs a Runner (here or in a child process) in its thread and re-emits its events as Qt signals."""

    def __init__(self, session: Session, resolution: int, frame_interval: float,
                 backend: TrainingBackend, heatmaps: HeatmapSizes | None = None, spawn_now: bool = True) -> None:
        super().__init__()
        # cleared while the GUI draws a frame: a runner in this process then leaves it the GIL instead
        # of fighting for it in 5 ms slices, which would double every draw's wall time (event-loop lag)
        self.gui_idle = threading.Event()
        self.gui_idle.set()
        self.kind = backend
        self.backend: Backend | None = None  # made by make_backend(): at once, or (spawn_now False) when started
        self._making = (session, resolution, frame_interval, heatmaps)
        self._pending: list[cmd.Command] = []  # sent before the backend exists, handed to it in order
        self._compare: ev.CompareFrame | None = None  # the Compare view's newest pinned picture (see _publish)
        self.broken: str | None = None  # why training could not start: a Play or Step is refused with it
        self._stop_asked = False
        if spawn_now:
            self.make_backend(spawn_now=True)

    def make_backend(self, spawn_now: bool = False) -> Backend:
        """The backend, made now if it is not yet (in the GUI thread, before the worker thread starts), with the
        commands sent so far."""
        if self.backend is not None:
            return self.backend
        session, resolution, frame_interval, heatmaps = self._making
        backend: Backend
        if self.kind == "process":
            # lazy: multiprocessing and the runner load when training starts, after the first paint
            from nnviz.session.training_process import TrainingProcess

            backend = TrainingProcess(
                session, self._publish, resolution=resolution, frame_interval=frame_interval, heatmaps=heatmaps,
                spawn_now=spawn_now)
        else:
            # lazy: the runner loads when training starts, after the first paint
            from nnviz.session.runner import Runner

            backend = Runner(session, self._publish, resolution=resolution, frame_interval=frame_interval,
                             before_chunk=self._wait_for_gui, heatmaps=heatmaps)
        for command in self._pending:
            backend.send(command)
        self._pending.clear()
        self.backend = backend
        return backend

    @property
    def training_process(self) -> TrainingProcess | None:
        """The backend, when it is a child process (None before it is made, or for a runner in this thread)."""
        return cast("TrainingProcess | None", self.backend) if self.kind == "process" else None

    def send(self, command: cmd.Command) -> None:
        """Queue a command (thread-safe once started); it is applied between training chunks."""
        if self.broken is not None:
            if isinstance(command, cmd.STARTING_COMMANDS):  # nothing will answer: the window shows Play again, and why
                self._refuse(self.broken)
            elif isinstance(command, cmd.FILE_COMMANDS) and not getattr(command, "autosave", False):
                self.failed.emit(self.broken)  # (the quit question's Save waits for an answer: this one cancels it)
            return
        if self.backend is None:
            self._pending.append(command)  # the GUI thread, before the worker thread starts
        else:
            self.backend.send(command)

    def request_stop(self) -> None:
        """Ask the loop to end (thread-safe); it ends within one chunk."""
        self._stop_asked = True
        if self.backend is not None:
            self.backend.request_stop()

    @Slot()
    def run(self) -> None:
        """The backend's loop, in the worker thread (TrainingThread.start made the backend before it started)."""
        try:
            backend = self.make_backend()
        except Exception as exc:  # the training process could not be made, say: the window must not wait for it
            self.could_not_start(exc)
            return
        try:
            backend.run()
        except Exception as exc:  # the loop itself failed: training had started, and stopped on this error
            self.could_not_start(exc, started=True)
            return
        if not self._stop_asked:  # the loop ended by itself (the training process gave up, and said so)
            self.broken = "training is off until nnviz is restarted"
            self.runningChanged.emit(False)  # a Play pressed as it ended was not heard: the button shows Play

    def could_not_start(self, exc: Exception, started: bool = False) -> None:
        """Training could not start (started: its loop ended on an error): say why in one line; Play and Step are
        refused."""
        what = "training stopped on an error" if started else "training could not start"
        log.error(what, exc_info=exc)
        self.broken = f"{what} ({type(exc).__name__}: {exc}); restart nnviz to train"
        self._refuse(self.broken)

    def _refuse(self, why: str) -> None:
        self.runningChanged.emit(False)  # a Play pressed meanwhile ("Starting…") is not: the button shows Play
        self.failed.emit(why)

    def _wait_for_gui(self) -> None:
        self.gui_idle.wait(GUI_WAIT)

    def _publish(self, event: ev.Event) -> None:
        match event:
            case ev.FramePacket():
                # the pinned picture travels with the frame: the window draws the two together, whichever frames
                # it draws (the newest of several that came together) and however late
                self.frameReady.emit(event if self._compare is None else replace(event, compare=self._compare))
            case ev.RunningChanged(running=running):
                self.runningChanged.emit(running)
            case ev.Failed(message=message):
                self.failed.emit(message)
            case ev.Notice(message=message, beside_figures=beside):
                self.notice.emit(message, beside)
            case ev.ConfigChanged(seq=seq, config=config, problem=problem):
                self.configChanged.emit(seq, config, problem)
            case ev.Saved(path=path, name=name):
                self.saved.emit(path, name)
            case ev.Opened(path=path, is_session_file=is_session_file):
                self.opened.emit(path, is_session_file)
            case ev.TaskDone(result=result):
                self.taskDone.emit(result)
            case ev.SetAside(epoch=epoch):
                self.setAside.emit(epoch)
            case ev.PinsChanged(pins=pins):
                self.pinsChanged.emit(pins)
            case ev.CompareFrame():  # the runner sends it just before the frame it belongs with; later ones keep it
                self._compare = event
            case ev.TrainerStarting() | ev.NoTrainer():  # a new child sends its own pinned picture, if any
                self._compare = None
                self.trainerDown.emit()
            case ev.CompareCleared():  # the view closed, its run was removed, another session: frames carry none
                self._compare = None


class TrainingThread(QObject):
    """Owns the worker's QThread: start, send commands, and a stop that always ends the thread."""

    trains = True  # Play and Step reach a trainer

    def __init__(self, session: Session, resolution: int, frame_interval: float,
                 backend: TrainingBackend, heatmaps: HeatmapSizes | None = None, spawn_now: bool = True) -> None:
        super().__init__()
        self.worker = TrainingWorker(session, resolution, frame_interval, backend, heatmaps, spawn_now)
        self.qthread = QThread()
        self.qthread.setObjectName("nnviz-training")
        self.worker.moveToThread(self.qthread)
        self.qthread.started.connect(self.worker.run)

    def start(self) -> None:
        """Make the backend (if it waited) and start the worker thread; a backend that cannot be made is reported."""
        try:
            self.worker.make_backend()
        except Exception as exc:  # the window still shows and says why (a Save too: nothing holds its session)
            self.worker.could_not_start(exc)
            return
        self.qthread.start()

    def send(self, command: cmd.Command) -> None:
        """Queue a command for the worker."""
        self.worker.send(command)

    def drawing_started(self) -> None:
        """The GUI starts drawing: the worker waits (at most GUI_WAIT) before its next chunk."""
        self.worker.gui_idle.clear()

    def drawing_done(self) -> None:
        """The GUI has finished drawing."""
        self.worker.gui_idle.set()

    def input_seen(self) -> None:
        """The user pressed, released, typed or scrolled in the window: a training process's reader holds live
        frames back until its pixels are drawn (`FrameHandoff.input_seen`; a runner in this thread holds none)."""
        process = self.worker.training_process
        if process is not None:
            process.input_seen()

    def input_drawn(self) -> None:
        """The window painted the user's input: the reader's heatmap pass that gave way to it goes on."""
        process = self.worker.training_process
        if process is not None:
            process.input_drawn()

    def hold_left(self) -> float:
        """Seconds the window waits before drawing the frame it was handed last, when the user's input came after
        it was handed on (FrameHandoff.hold_left; 0: draw it now)."""
        process = self.worker.training_process
        return 0.0 if process is None else process.hold_left()

    def stop(self, timeout_ms: int = 1000) -> bool:
        """End the worker loop and the thread; True when the thread has finished."""
        self.drawing_done()
        self.worker.request_stop()
        self.qthread.quit()  # directly: a queued finished->quit could deadlock a GUI blocked in wait()
        finished = self.qthread.wait(timeout_ms)
        if not finished:
            log.error("the training thread did not stop within %d ms; waiting longer", timeout_ms)
            finished = self.qthread.wait(10 * timeout_ms)  # never let a running QThread be destroyed
        process = self.worker.training_process
        if process is not None:
            process.close()  # also when the thread never ran: no training process is left behind
        return finished


class NoTraining(QObject):
    """The "none" backend: no thread and no trainer; commands are dropped and no signal ever fires."""

    trains = False  # the window's Play and Step say so (window/training_controls.py)

    def __init__(self) -> None:
        super().__init__()
        self.worker = WorkerSignals(self)

    def start(self) -> None:
        """Nothing to start."""

    def send(self, command: cmd.Command) -> None:
        """Dropped: nothing trains."""

    def drawing_started(self) -> None:
        """Nothing to hold back."""

    def drawing_done(self) -> None:
        """Nothing to release."""

    def input_seen(self) -> None:
        """No frames to hold back."""

    def input_drawn(self) -> None:
        """No pass gives way."""

    def hold_left(self) -> float:
        """No frame is held: draw it now."""
        return 0.0

    def stop(self, timeout_ms: int = 1000) -> bool:
        """Already stopped."""
        return True


def start_training(session: Session, backend: TrainingBackend, resolution: int,
                   frame_interval: float, heatmaps: HeatmapSizes | None = None,
                   spawn_now: bool = True) -> TrainingThread | NoTraining:
    """The training side of a window for a backend (not started yet)."""
    if backend == "none":
        return NoTraining()
    if backend not in BACKENDS:
        raise ValueError(f"unknown training backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    return TrainingThread(session, resolution, frame_interval, backend, heatmaps, spawn_now)
