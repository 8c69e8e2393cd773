"""The training loop without Qt: commands in, events (frames among them) out.

A Runner owns one Session. It reads commands from an inbox, trains in chunks of
about CHUNK_SECONDS, applies the commands that arrived between two chunks, and
sends a Frame at most every `frame_interval` seconds, and only once the
consumer has drawn the previous one (FrameConsumed), or after ACK_TIMEOUT.
Time comes from an injected clock and every output goes through an injected
`emit` callback, so tests drive it with a fake clock and a list, and the Qt
worker (`nnviz.ui.worker`) is a thin adaptor around it. Its speed limit and the
speed it measures are its Pace's (runner_pace.py); the commands about files, edits,
the timeline and pinned runs are its helpers' (runner_files/edits/timeline/pins.py).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from nnviz.errors import OUT_OF_MEMORY, NnvizError
from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.busy_machine import BusyMachine
from nnviz.session.epoch_figures import EpochFigures
from nnviz.session.frame import Frame
from nnviz.session.frame_cadence import FrameCadence
from nnviz.session.frame_grids import FrameGrids
from nnviz.session.heatmap_sizes import HeatmapSizes
from nnviz.session.machine_cpu import AppCpu
from nnviz.session.runner_edits import EditCommands
from nnviz.session.runner_files import FileCommands
from nnviz.session.runner_inbox import Inbox, QueueInbox
from nnviz.session.runner_pace import Pace
from nnviz.session.runner_pins import PinCommands
from nnviz.session.runner_timeline import CARRY_ON_FIRST, TimelineCommands
from nnviz.session.session import Session

if TYPE_CHECKING:  # the file formats load with the first checkpoint (see _checkpoint)
    from nnviz.session.timeline_file import ArrayTexts

log = logging.getLogger(__name__)

SNAPSHOT_SHARE = 0.15  # while training, making frames takes at most about this share of the runner's time

CHUNK_SECONDS = 0.006  # training time between looks at the inbox
IDLE_WAIT = 0.25  # seconds a paused runner waits on its inbox before re-checking the stop flag
ACK_TIMEOUT = 1.0  # send a frame anyway when the last one has not been acknowledged for this long

Clock = Callable[[], float]
Emit = Callable[[ev.Event], None]


class Runner:
    """Trains a Session in chunks, obeys commands between them, and emits throttled frames."""

    def __init__(self, session: Session, emit: Emit, *, clock: Clock = time.perf_counter, resolution: int = 200,
                 frame_interval: float = 1 / 40, before_chunk: Callable[[], None] | None = None,
                 grids: bool = True, checkpoint_every: float | None = None,
                 heatmaps: HeatmapSizes | None = None, ack_timeout: float = ACK_TIMEOUT,
                 cpu_clock: Clock | None = None, app_cpu: AppCpu | None = None) -> None:
        self.session = session
        # cpu_clock (this thread's CPU seconds): flat out on a busy machine, fewer frames (session/busy_machine.py)
        # app_cpu (the machine's and this app's CPU seconds): short of a core for the app's own work is not busy
        self._busy = BusyMachine(clock, cpu_clock, app_cpu) if cpu_clock is not None else None
        # heatmaps at the size the views draw them (issue 23); None: every layer at `resolution`
        self._drawn = FrameGrids(resolution, heatmaps) if heatmaps is not None and grids else None
        self.resolution = resolution
        self.frame_interval = frame_interval
        self._snapshot_seconds = (0.0, 0.0)  # what the last two frames took to make (see _frame_gap)
        self._cadence = FrameCadence()  # when the next live frame is due (session/frame_cadence.py)
        self.grids = grids  # False: frames without heatmaps (the consumer computes them, see frame_grids)
        self.checkpoint_every = checkpoint_every  # None: no Checkpoint events
        # math.inf: wait for FrameConsumed however long it takes (a training process: its reader keeps the one timeout)
        self.ack_timeout = ack_timeout
        self._checkpointed = -float("inf")
        self._checkpoint_texts: ArrayTexts | None = None  # the timeline's arrays as text, kept between checkpoints
        self.inbox = QueueInbox()
        self._emit = emit
        self._clock = clock
        self._before_chunk = before_chunk
        self._stop = threading.Event()
        self.running = False
        self._dirty = True  # something changed that the consumer has not seen
        self._acked = True
        self._last_emit = -float("inf")
        self._batch_seconds = 0.0  # measured time per batch (moving average)
        self.batches = 0  # batches trained in this runner's life
        # the speed limit and the speed measured; started, paused, or a new limit: a fresh look at the machine
        self.pace = Pace(clock, None if self._busy is None else self._busy.reset)
        self.files = FileCommands(lambda: self.session, self._swap, emit, self.announce_config)
        self.edits = EditCommands(self, self._swap, emit, self.announce_config)  # data, config, weights, points
        self.timeline = TimelineCommands(self, emit)  # the epoch shown, carry-on and its undo
        self.pins = PinCommands(self, self.timeline, emit)  # pinned runs and the Compare view

    # --- the loop ---------------------------------------------------------------------------
    @property
    def stopped(self) -> bool:
        """Whether the loop has been asked to end."""
        return self._stop.is_set()

    def send(self, command: cmd.Command) -> None:
        """Queue a command in the runner's own inbox (thread-safe)."""
        self.inbox.put(command)

    def request_stop(self) -> None:
        """Ask the loop to end (thread-safe); it ends within one chunk."""
        self._stop.set()
        self.inbox.put(cmd.Wake())

    def run(self, inbox: Inbox | None = None) -> None:
        """The loop: commands, a training chunk, maybe a frame; until stopped. Reads its own inbox by default."""
        log.debug("training runner started")
        inbox = self.inbox if inbox is None else inbox
        while not self.stopped:
            try:
                command = inbox.get(self.wait_time())
                while command is not None and not self.stopped:
                    self.handle(command)
                    command = inbox.get(0)
                if not self.stopped:
                    self.tick()
            except Exception as exc:  # a bug below must not kill the loop behind a live window
                self._set_running(False)
                self._acked, self._dirty = True, False  # no tight loop of failing snapshots
                if isinstance(exc, MemoryError):
                    self._emit(ev.Failed(f"training paused: {OUT_OF_MEMORY}"))
                    continue
                log.exception("the training runner hit an internal error")
                self._emit(ev.Failed(f"training paused after an internal error ({type(exc).__name__}: {exc})"))
        log.debug("training runner stopped")

    def wait_time(self) -> float:
        """How long the loop may block on its inbox before it has work to do."""
        if self._dirty and self._acked:
            return 0.0
        if not self.running:
            return IDLE_WAIT
        return self.pace.wait(self.batches, self._batches_per_epoch())

    def tick(self) -> None:
        """One pass of the loop without its commands: a training chunk if running, then maybe a frame."""
        if self.running:
            if not self._dirty:  # a frame due now (its go-ahead came late) goes out before the next chunk
                self._maybe_emit()
            n = self.chunk_size()
            if self.pace.speed is not None:
                n = min(n, int(self.pace.due(self.batches, self._batches_per_epoch())))
            n = self._cadence.batches_before(self._clock(), self._batch_seconds, n)  # the chunk ends when it is due
            if n >= 1:
                self._train(n)
        self._maybe_emit()

    def chunk_size(self) -> int:
        """Batches that take about CHUNK_SECONDS (1 until measured)."""
        return max(1, int(CHUNK_SECONDS / self._batch_seconds)) if self._batch_seconds > 0 else 1

    # --- training ---------------------------------------------------------------------------
    def _train(self, n_batches: int) -> bool:
        """Train n batches; on divergence pause and say so. True when it trained."""
        if self._before_chunk is not None:
            self._before_chunk()
        t0 = self._clock()
        try:
            self.session.step(n_batches)
        except NnvizError as exc:  # diverged, or nothing to train on (every training point removed)
            self._set_running(False)
            self._dirty = True
            self._emit(ev.Failed(str(exc)))
            return False
        per_batch = (self._clock() - t0) / n_batches
        self._batch_seconds = per_batch if self._batch_seconds == 0 else 0.7 * self._batch_seconds + 0.3 * per_batch
        self.batches += n_batches
        if not self.running:
            self._dirty = True
        return True

    def _step_epoch(self) -> None:
        """Train to the end of the current epoch, in chunks, so a stop is still seen."""
        s = self.session
        target = s.epoch + 1
        while s.epoch < target and not self.stopped:
            remaining = max(1, s.trainer.batches_per_epoch - s.trainer.cursor)
            if not self._train(min(remaining, self.chunk_size())):
                return

    def _batches_per_epoch(self) -> int:
        """For pacing: at least 1, so a session without training points reaches step() and says so."""
        return max(1, self.session.trainer.batches_per_epoch)

    def _set_running(self, running: bool) -> None:
        if running != self.running:
            self.running = running
            self.pace.restart(self.batches)
            if running:  # epochs/s is measured from now: not over the pause before it
                self.pace.start_measuring(self.batches, self._batches_per_epoch())
            self._dirty = True
            self._emit(ev.RunningChanged(running))

    # --- frames -----------------------------------------------------------------------------
    def _frame_gap(self) -> float:
        """Seconds between frames while training: frame_interval, longer when a frame costs more than
        SNAPSHOT_SHARE of the time (a big network's figures over all the points), so training keeps its pace.

        The cheaper of the last two frames decides: one frame that took long for a reason of the moment (the
        process loading a module, a busy machine, a collection) stretched the next gap to 1 / SNAPSHOT_SHARE
        times its cost (a 0.8 s frame: no frame for 5 s); a network whose every frame is costly still spaces them.
        """
        stretch = self._busy.look() if self._busy is not None and self.pace.speed is None else 1.0
        return max(self.frame_interval * stretch, min(self._snapshot_seconds) / SNAPSHOT_SHARE)

    def _maybe_emit(self) -> None:
        now = self._clock()
        if not self._acked and now - self._last_emit < self.ack_timeout:
            return
        timed = not self._dirty  # made because it is due, not for a change
        if timed and not (self.running and self._cadence.is_due(now)):
            return
        rate = self.pace.measure(now, self.running, self.batches, self._batches_per_epoch())
        frame = self._next_frame(self.grids and self._drawn is None)
        if self._drawn is not None:
            frame = self._drawn.with_grids(frame, self.running)
        self.pins.announce_pins()
        # the Compare view's pinned run goes just before the frame it belongs with (the window shows the two
        # together: ui/worker.py), and counts in the frame's cost
        self.pins.send_compare_frame(frame)
        made = self._clock() - now
        self._dirty = False
        self._acked = False
        self._last_emit = now
        self._emit(ev.FramePacket(frame, self.running, rate, self.pace.speed))
        self._snapshot_seconds = (self._snapshot_seconds[1], max(0.0, made))
        (self._cadence.kept if timed else self._cadence.restart)(now, self._frame_gap())
        every = self.checkpoint_every
        if every is not None and (not self.running or now - self._checkpointed >= every):
            self._checkpoint(now)

    def _next_frame(self, grids: bool) -> Frame:
        """The frame to send; while the live run trains, with the figures of its newest recorded epoch end."""
        figures = self._training_figures()
        if figures is None:
            return self.timeline.frame(self.resolution, grids)
        return self.session.snapshot(self.resolution, grids, figures)

    def _training_figures(self) -> EpochFigures | None:
        """The figures a frame made now reuses: the newest epoch end's while the live run trains, else None.

        Measuring every point for every frame costs a big network more than training does (issue 23);
        the session measures them at the epoch ends its history records anyway. Paused, shown from the
        timeline, or before the first epoch end since an edit, a frame measures its own (None).
        """
        s = self.session
        figures = s.epoch_figures
        if not self.running or self.timeline.viewing is not None or figures is None:
            return None
        return figures if figures.fits(s.points.version, s.structure_version, s.steps) else None

    def _checkpoint(self, now: float) -> None:
        # lazy: the file formats load with the first checkpoint, not with the runner
        from nnviz.session.files import session_to_dict
        from nnviz.session.timeline_file import ArrayTexts

        self._checkpointed = now
        if self._checkpoint_texts is None:
            self._checkpoint_texts = ArrayTexts()
        s = self.session
        state = session_to_dict(s, texts=self._checkpoint_texts)
        self._emit(ev.Checkpoint(state, s.grid.extent, (s.points.version, s.structure_version)))

    # --- commands ---------------------------------------------------------------------------
    def handle(self, command: cmd.Command) -> None:
        """Apply one command; a user error becomes a Failed event and changes nothing else."""
        handler = self.HANDLERS.get(type(command))
        if handler is None and isinstance(command, cmd.SessionTask):
            handler = Runner._on_task
        if handler is None:
            log.warning("unknown command %r", command)
            return
        try:
            if type(command) in CARRY_ON_FIRST or getattr(command, "carries_on", False):
                self.timeline.carry_on_if_viewing()
            handler(self, command)
        except NnvizError as exc:
            self._dirty = True
            self._emit(ev.Failed(str(exc)))
        except MemoryError:  # what was asked for is dropped; the session is as it was
            self._dirty = True
            self._emit(ev.Failed(OUT_OF_MEMORY))

    def _on_consumed(self, _: cmd.FrameConsumed) -> None:
        self._acked = True

    def _on_wake(self, _: cmd.Wake) -> None:
        pass

    def _on_stop(self, _: cmd.Stop) -> None:
        self.request_stop()

    def _on_task(self, task: cmd.SessionTask) -> None:
        result = task.run(self.timeline.shown_session() if task.reads_shown_epoch else self.session)
        self._dirty = True
        self._emit(ev.TaskDone(result))

    def _on_play(self, _: cmd.Play) -> None:
        self._set_running(True)

    def _on_pause(self, _: cmd.Pause) -> None:
        self._set_running(False)

    def _on_step_epoch(self, _: cmd.StepEpoch) -> None:
        self._set_running(False)
        self._step_epoch()

    def _on_step_batch(self, _: cmd.StepBatch) -> None:
        self._set_running(False)
        self._train(1)

    def _on_speed(self, command: cmd.SetSpeed) -> None:
        self.pace.set_limit(command.epochs_per_second, self.batches, self._batches_per_epoch())
        self._dirty = True

    def _on_reset(self, _: cmd.Reset) -> None:
        self._set_running(False)
        self.timeline.viewing = None
        self.session.reset()
        self._dirty = True

    def _swap(self, session: Session) -> None:
        """Train another session from now on (a rebuild, a file); pauses unless it is the same one."""
        if session is not self.session:
            self._set_running(False)
            self.timeline.forget()
            self.session = session
            self._batch_seconds = 0.0
        self.pace.restart(self.batches)
        self._dirty = True

    def announce_config(self, seq: int) -> None:
        """Tell the consumer the session's config and the problem it resolved to (auto -> binary, ...)."""
        self._emit(ev.ConfigChanged(seq, self.session.config, self.session.spec.problem))

    # --- what its command helpers use (RunnerHost) ---------------------------------------------
    def set_running(self, running: bool) -> None:
        """Train on (True) or pause (False); the consumer hears of a change."""
        self._set_running(running)

    def mark_changed(self) -> None:
        """Something the consumer sees changed: the next look sends a frame."""
        self._dirty = True

    HANDLERS: ClassVar[dict[type, Callable[[Any, Any], None]]] = {
        cmd.FrameConsumed: _on_consumed,
        cmd.Wake: _on_wake,
        cmd.ShowAgain: lambda runner, _: runner.mark_changed(),
        cmd.Stop: _on_stop,
        cmd.Play: _on_play,
        cmd.Pause: _on_pause,
        cmd.StepEpoch: _on_step_epoch,
        cmd.StepBatch: _on_step_batch,
        cmd.SetSpeed: _on_speed,
        cmd.Reset: _on_reset,
        cmd.Regenerate: lambda runner, c: runner.edits.regenerate(c),  # the edits, files, timeline and pins
        cmd.ApplyConfig: lambda runner, c: runner.edits.apply_config(c),  # helpers answer these
        cmd.SetWeight: lambda runner, c: runner.edits.set_weight(c),
        cmd.SetBias: lambda runner, c: runner.edits.set_bias(c),
        cmd.AddPoint: lambda runner, c: runner.edits.add_point(c),
        cmd.RemovePoint: lambda runner, c: runner.edits.remove_point(c),
        cmd.OpenFile: lambda runner, c: runner.files.open(c),
        cmd.NewSession: lambda runner, c: runner.files.new(c),
        cmd.LoadCsv: lambda runner, c: runner.files.load_csv(c),
        cmd.SaveSession: lambda runner, c: runner.files.save(c),
        cmd.ShowEpoch: lambda runner, c: runner.timeline.show_epoch(c),
        cmd.CarryOn: lambda runner, c: None,  # the epoch shown became the live run before it (CARRY_ON_FIRST)
        cmd.UndoCarryOn: lambda runner, c: runner.timeline.undo_carry_on(c),
        cmd.PinRun: lambda runner, c: runner.pins.pin(c),
        cmd.EditPin: lambda runner, c: runner.pins.edit(c),
        cmd.RestorePin: lambda runner, c: runner.pins.restore(c),
        cmd.Compare: lambda runner, c: runner.pins.compare(c),
    }
