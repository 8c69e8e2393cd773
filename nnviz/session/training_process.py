"""A Runner in a child process: the trainer gets a core (and a GIL) of its own.

`TrainingProcess` has the Runner's interface (`send`, `request_stop`, `run`):
the same commands go in, the same events come out. The child trains and sends
light frames (no heatmaps); `run`, in the caller's thread, fills in every
neuron's heatmap from the frame's weights (`FrameGrids`) and hands the events
on. The child sends a Checkpoint (the whole session state) whenever it is
paused and changes, and every `checkpoint_every` seconds while it trains; if
the child dies, the failure is reported and a new child starts, paused, from
the last checkpoint. A child that never answers is stopped after a while (session/start_watch.py).

Children are started with the "spawn" method (safe with threads and in a
frozen app: call `multiprocessing.freeze_support()` first thing in `main`).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import os
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from typing import Any

from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.checkpoint_wire import CheckpointReceiver, PackedCheckpoint
from nnviz.session.files_only_runner import FilesOnlyRunner
from nnviz.session.frame_grids import FrameGrids
from nnviz.session.frame_handoff import FrameHandoff
from nnviz.session.frame_wire import FrameGap, FrameReceiver, PackedFrame
from nnviz.session.heatmap_sizes import HeatmapSizes
from nnviz.session.pins import continue_pin_ids_from
from nnviz.session.session import Session
from nnviz.session.start_watch import NOT_STARTED, START_SECONDS, StartWatch
from nnviz.session.training_child import JOIN_SECONDS, child_main

log = logging.getLogger(__name__)

POLL_SECONDS = 0.25  # how often the reader looks at its stop flag and the child's health
CHECKPOINT_SECONDS = 2.0
MAX_RESTARTS = 3  # restarts in a row without a frame before giving up
VERSION_BLOCK = 1 << 40  # each child numbers its data and structure versions from its own block
_ASK_FOR_FRAME = bytes(ForkingPickler.dumps(cmd.FrameConsumed()))  # the reader's request every frame, pickled once


class TrainingProcess:
    """Drives a Runner in a child process; `run` (in a thread of the caller's) receives and forwards its events."""

    def __init__(self, session: Session, emit: Callable[[ev.Event], None], *, resolution: int = 200,
                 frame_interval: float = 1 / 40, checkpoint_every: float = CHECKPOINT_SECONDS,
                 heatmaps: HeatmapSizes | None = None, spawn_now: bool = True,
                 clock: Callable[[], float] = time.monotonic) -> None:
        # lazy: the child process loads what it runs; the parent does not
        from nnviz.session.files import session_to_dict

        self._emit = emit
        self._options = {"resolution": resolution, "frame_interval": frame_interval,
                         "checkpoint_every": checkpoint_every}
        self._handoff = FrameHandoff()  # the newest frame not yet handed on; whether the GUI drew the last
        # heatmaps: at the size the views draw them; a live frame's pass gives way to the user's input (between layers)
        self._grids = FrameGrids(resolution, heatmaps, self._handoff.give_way)
        self._checkpoint = ev.Checkpoint(session_to_dict(session), session.grid.extent,
                                         (session.points.version, session.structure_version))
        self._context = mp.get_context("spawn")
        self._stop = threading.Event()
        self._send_lock = threading.Lock()
        self._generation = 0
        self._last_seq = 0
        self._speed: cmd.SetSpeed | None = None
        self._compare: int | None = None  # the pinned run the Compare view shows: a restarted child is told
        self._pin_ids_heard = 0  # the highest pin id the window has heard of (a new child's pins get higher ones)
        self._pending: list[cmd.Command] = []
        self._crashes = 0  # restarts since the last frame
        self._heard = False  # the current child has sent something (it is up and running its loop)
        self._start_watch = StartWatch(clock)  # a child that never answers is stopped (session/start_watch.py)
        self._announce: int | None = None  # what the current child was started with, for the one after a time-out
        self._frames = FrameReceiver()  # each frame arrives as what changed since the one before
        self._checkpoints = CheckpointReceiver()  # a checkpoint's long texts arrive once
        self._wake_r, self._wake_w = os.pipe()
        self._wake_fds: tuple[int, ...] = (self._wake_r, self._wake_w)
        os.set_blocking(self._wake_w, False)
        self.process: Any = None
        self._commands: Connection | None = None
        self._events: Connection | None = None
        self._fallback: FilesOnlyRunner | None = None  # after the children kept dying
        if spawn_now:  # else `run` starts it (the app: after the window's first paint, not competing with it)
            self._start_child(announce=None)

    # --- the child ------------------------------------------------------------------------------
    def _start_child(self, announce: int | None) -> None:
        self._emit(ev.TrainerStarting())  # (the window's Play says "Starting…" until this child answers)
        self._announce = announce
        self._generation += 1
        options = dict(self._options, version_base=self._generation * VERSION_BLOCK, announce=announce,
                       compare=self._compare, pin_ids_from=self._new_pin_ids_from(self._generation))
        command_reader, command_writer = self._context.Pipe(duplex=False)
        event_reader, event_writer = self._context.Pipe(duplex=False)
        try:
            process = self._context.Process(
                target=child_main, name=f"nnviz-training-{self._generation}", daemon=True,
                args=(self._checkpoint, options, command_reader, event_writer))
            process.start()
        except Exception as exc:  # no process (too many, no memory): trying again at once would not help
            log.exception("the training process could not be started")
            for conn in (command_reader, command_writer, event_reader, event_writer):
                conn.close()
            self._emit(ev.RunningChanged(False))  # a Play sent meanwhile waits for nothing: the window shows Play
            self._give_up(f"the training process could not start ({type(exc).__name__}: {exc})")
            return
        command_reader.close()  # the child's ends: closing ours lets a dead child show as EOF
        event_writer.close()
        with self._send_lock:
            self.process, self._commands, self._events = process, command_writer, event_reader
            self._heard = False
            self._start_watch.started()
            self._frames = FrameReceiver()  # the new child's first frame comes whole
            self._checkpoints = CheckpointReceiver()  # and its first checkpoint's texts
            pending, self._pending = self._pending, []
        if self._speed is not None:
            pending.insert(0, self._speed)
        for command in pending:  # sent while no child was there: they keep their order
            self.send(command)

    def _recover(self, what: str = "stopped unexpectedly") -> None:
        """The child died (or sent a frame that cannot be rebuilt): say so, and start a new one, paused, from the
        last checkpoint."""
        process = self.process
        with self._send_lock:
            self._close_child(JOIN_SECONDS)
        self._handoff.drop()  # a dead child's last frame may be newer than the checkpoint
        code = process.exitcode if process is not None else None
        epoch = self._checkpoint.state.get("epoch", 0)
        log.error("the training process %s (exit code %s)", what, code)
        self._emit(ev.RunningChanged(False))
        self._crashes += 1
        if self._crashes > MAX_RESTARTS:  # it dies before it sends a frame: restarting again would not help
            self._give_up(f"the training process keeps stopping (exit code {code})")
            return
        self._emit(ev.Failed(f"the training process {what} (exit code {code}); restarted, paused, from epoch {epoch}"))
        self._start_child(announce=self._last_seq)

    def _new_pin_ids_from(self, generation: int) -> int:
        """The first id a child of this generation gives a new pin: above every id a child before it gave (its own
        block) and every id the window heard of (pins read from a file may have ids from any block)."""
        return max(generation * VERSION_BLOCK, self._pin_ids_heard + 1)

    def _give_up(self, why: str) -> None:
        """No more children (why: one line): the last checkpoint is kept in a runner here that saves and opens but
        never trains, and refuses a Play with the same reason."""
        continue_pin_ids_from(self._new_pin_ids_from(self._generation + 1))  # as a new child would
        fallback = FilesOnlyRunner.from_checkpoint(self._checkpoint, self._emit, self._options)
        if fallback is None:
            self._stop.set()
            self._emit(ev.Failed(f"{why}; training is off until nnviz is restarted"))
            return
        epoch = fallback.session.epoch
        fallback.refusal = f"{why}; training is off until nnviz is restarted; Save still works"
        self._emit(ev.Failed(f"{why}; training is off until nnviz is restarted; Save still saves the session shown "
                             f"(epoch {epoch})"))
        with self._send_lock:
            self._fallback = fallback
            pending, self._pending = self._pending, []
        for command in pending:
            fallback.send(command)
        fallback.announce_config(self._last_seq)
        if self._compare is not None:
            fallback.pins.resume_compare(self._compare)

    def _close_child(self, timeout: float) -> None:
        process = self.process
        for conn in (self._commands, self._events):
            if conn is not None:
                conn.close()
        self._commands = self._events = None
        if process is None:
            return
        process.join(timeout if self._heard else 0.0)  # a child still starting up has nothing to finish
        if process.is_alive():  # e.g. still starting up, or slow to tear its interpreter down on a busy machine
            log.debug("the training process did not stop within %.1f s; terminating it", timeout)
            process.terminate()
            process.join(timeout)
        if process.is_alive():
            process.kill()
            process.join()
        self.process = None

    # --- the Runner's interface -----------------------------------------------------------------
    def send(self, command: cmd.Command) -> None:
        """Send a command to the child (thread-safe); lost only if the child has died (that is reported)."""
        seq = getattr(command, "seq", None)
        if isinstance(seq, int):
            self._last_seq = max(self._last_seq, seq)
        if isinstance(command, cmd.SetSpeed):
            self._speed = command  # a restarted child keeps the speed limit
        if isinstance(command, cmd.Compare):
            self._compare = command.pin_id  # pin ids are stable across the checkpoint (session/pins.py)
        fallback = self._fallback
        if fallback is not None:  # the children kept dying: the runner here answers everything
            fallback.send(command)
            return
        if isinstance(command, cmd.FrameConsumed):  # the GUI drew the last frame handed on
            if self._handoff.consumed():
                self._wake()  # the next one waits: the reader hands it on (and asks the child for the one after)
            return
        with self._send_lock:
            if self._fallback is not None:
                self._fallback.send(command)
                return
            if self._commands is None:
                if not self._stop.is_set():
                    self._pending.append(command)  # a new child is on its way (see _recover), or asked for now
                    if self._start_watch.asks_for_child(command):
                        self._start_watch.retry_asked = True
                        self._wake()
                return
            try:
                self._commands.send(command)
                self._start_watch.sent(command)
            except OSError:
                log.debug("the training process is gone; %r was not delivered", command)

    def input_seen(self) -> None:
        """The user's input in the window (thread-safe): live frames wait for its pixels (FrameHandoff)."""
        self._handoff.input_seen()

    def input_drawn(self) -> None:
        """The window painted the user's input (thread-safe): a heatmap pass that gave way to it goes on."""
        self._handoff.input_drawn()

    def hold_left(self) -> float:
        """Seconds the GUI waits before drawing the live frame handed on last (input came after it; FrameHandoff)."""
        return self._handoff.hold_left()

    def request_stop(self) -> None:
        """Ask the child and the reader loop to end (thread-safe)."""
        self._stop.set()
        if self._fallback is not None:
            self._fallback.request_stop()
        self.send(cmd.Stop())
        self._wake()

    def _wake(self) -> None:
        with contextlib.suppress(OSError):  # full (a wake-up is pending anyway) or closed (stopped)
            os.write(self._wake_w, b"!")

    def run(self) -> None:
        """Receive the child's events until stopped: heatmaps added to frames, checkpoints kept, crashes healed."""
        try:
            if self._generation == 0 and not self._stop.is_set():
                self._start_child(announce=None)  # not started at construction (spawn_now=False)
            while not self._stop.is_set():
                events = self._events
                if events is None:
                    if not self._start_watch.timed_out or self._fallback is not None:
                        break
                    self._wait_for_retry()
                    continue
                try:
                    # wait() builds a selector per call: 5-10 us of CPU more a wake than a kept one, 2-3 wakes a frame
                    # against the reader's 4-5 ms a frame (issue 23, measured paired): not worth a selector kept by hand
                    ready = wait([self._wake_r, events], self._handoff.wait_time(POLL_SECONDS))
                    if self._wake_r in ready:
                        os.read(self._wake_r, 4096)
                    more = events in ready
                    while more and not self._stop.is_set():
                        self._forward(events.recv())
                        if not self._heard:
                            self._answered()
                        more = events.poll(0)
                except (EOFError, OSError):
                    if not self._stop.is_set():
                        self._recover()
                    continue
                except FrameGap as gap:  # a bug: a pipe loses no frame; the reader lives on with a new child
                    log.error("%s", gap)
                    if not self._stop.is_set():
                        self._recover("sent a frame that follows one never received")
                    continue
                if not ready and self.process is not None and not self.process.is_alive() and not self._stop.is_set():
                    self._recover()
                    continue
                if self._start_watch.overdue() and not self._stop.is_set():  # False once it answered
                    self._stop_silent_child()
                    continue
                self._deliver()
            if self._fallback is not None and not self._stop.is_set():
                self._fallback.run()  # until stopped: the session stays saveable after training gave up
        finally:
            self.close()

    def _answered(self) -> None:
        with self._send_lock:
            self._heard = True
            self._start_watch.answered()

    def _stop_silent_child(self) -> None:
        """The child has not answered within START_SECONDS: it is stopped (killed if it does not stop) and the window
        told; what it was sent waits for the next child, which a Play (or a Step, a file command) starts."""
        log.error("the training process did not answer within %.0f s; stopping it", START_SECONDS)
        with self._send_lock:
            again = self._start_watch.give_up()
            self._close_child(JOIN_SECONDS)  # not heard from: terminated at once, then killed
            self._pending = again + self._pending
        self._emit(ev.RunningChanged(False))  # a Play pressed meanwhile is not running: the window shows Play
        self._emit(ev.NoTrainer())  # and, pressed again, "Starting…" until the new child answers
        self._emit(ev.Failed(NOT_STARTED))

    def _wait_for_retry(self) -> None:
        """No child runs after a time-out: wait for a command that asks for one (send wakes this), then start it."""
        with contextlib.suppress(OSError):  # closed by close(), which also set the stop flag: the loop ends
            if self._wake_r in wait([self._wake_r], POLL_SECONDS):
                os.read(self._wake_r, 4096)
        with self._send_lock:
            asked = self._start_watch.retry_asked
        if asked and not self._stop.is_set():
            self._start_child(self._announce)

    def _deliver(self, force: bool = False) -> None:
        """Hand the newest frame on, with its heatmaps, once the GUI has drawn the last (or ACK_TIMEOUT passed)."""
        packet = self._handoff.take(force)
        if packet is None:
            return
        self._ask_for_frame()  # the child makes the next while the GUI draws this
        self._emit(ev.FramePacket(self._grids.with_grids(packet.frame, packet.running), packet.running,
                                  packet.epochs_per_second, packet.speed_limit))

    def _ask_for_frame(self) -> None:
        with self._send_lock, contextlib.suppress(OSError):
            if self._commands is not None:
                self._commands.send_bytes(_ASK_FOR_FRAME)  # what send(cmd.FrameConsumed()) sends

    def close(self) -> None:
        """End the child (idempotent): asked to stop, then terminated after JOIN_SECONDS, then killed."""
        self._stop.set()
        with self._send_lock:
            if self._commands is not None:
                with contextlib.suppress(OSError):
                    self._commands.send(cmd.Stop())
            self._close_child(JOIN_SECONDS)
            for fd in self._wake_fds:
                with contextlib.suppress(OSError):
                    os.close(fd)
            self._wake_fds = ()

    def _forward(self, event: ev.Event | PackedFrame | PackedCheckpoint) -> None:
        if isinstance(event, PackedCheckpoint):
            self._checkpoint = self._checkpoints.unpack(event)
        elif isinstance(event, PackedFrame):
            self._handoff.offer(self._frames.unpack(event))  # only the newest frame is drawn
            self._crashes = 0
        else:
            if isinstance(event, ev.PinsChanged):
                self._pin_ids_heard = max([self._pin_ids_heard, *(pin.id for pin in event.pins)])
            self._deliver(force=True)  # a frame before it shows the state this event speaks of
            self._emit(event)
