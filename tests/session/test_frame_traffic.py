"""Frame traffic with a training process: the child's Runner, the real reader (TrainingProcess's hand-off) and
a GUI that takes time to draw, on one fake clock; every frame the child makes is drawn, one is ready when the
GUI is, and no frame waits behind another in the GUI's queue."""

from __future__ import annotations

import heapq
import itertools
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from nnviz.session import Config, Session
from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.frame_handoff import FrameHandoff
from nnviz.session.frame_wire import FrameSender
from nnviz.session.runner import ACK_TIMEOUT, CHUNK_SECONDS
from nnviz.session.training_child import child_runner
from nnviz.session.training_process import TrainingProcess

SMALL = Config(points=100)
OPTIONS = {"resolution": 8, "frame_interval": 1 / 40, "checkpoint_every": None}
PIPE = 0.0005  # a message's time through a pipe
READER_LATE = 0.01  # the reader thread wakes this late (the GUI thread holds the GIL while it paints)
BATCH = 1e-3  # a training batch's fake time


@dataclass
class Traffic:
    """One fake clock for the child (its inbox is `get`), the reader and the GUI; what each saw, and when."""

    draw: Callable[[int], float]  # how long the GUI draws its n-th frame
    script: list[tuple[float, cmd.Command]]  # what the GUI sends the child, when
    late: float = READER_LATE  # how late the reader thread wakes
    t: float = 0.0  # the child's time (it moves when the child trains or waits)
    now: float = 0.0  # the clock everyone reads
    sent: list[float] = field(default_factory=list)  # when the child sent each frame
    handed: list[float] = field(default_factory=list)  # when the reader handed each frame on to the GUI
    queued: list[float] = field(default_factory=list)  # how long each frame waited in the GUI's queue
    idle: list[float] = field(default_factory=list)  # how long the GUI waited for a frame after each drawing
    gui_queue: list[float] = field(default_factory=list)  # when each frame not yet drawn was handed on
    drawing: bool = False
    drawn: int = 0
    idle_since: float | None = 0.0

    def __post_init__(self) -> None:
        self._events: list[tuple[float, int, Callable[[], None]]] = []
        self._inbox: list[tuple[float, int, cmd.Command]] = []
        self._order = itertools.count()
        self._wire = FrameSender()
        self.process = TrainingProcess(Session(SMALL), self._gui_receives, resolution=8, spawn_now=False)
        self.process._handoff = FrameHandoff(lambda: self.now)
        self.process._commands = self  # type: ignore[assignment]  # the reader sends the child's commands here
        for at, command in self.script:
            self._to_child(at, command)

    def __call__(self) -> float:
        return self.now

    # --- the pipes ------------------------------------------------------------------------
    def _later(self, at: float, action: Callable[[], None]) -> None:
        heapq.heappush(self._events, (at, next(self._order), action))

    def _to_child(self, at: float, command: cmd.Command) -> None:
        heapq.heappush(self._inbox, (at, next(self._order), command))

    def send(self, command: cmd.Command) -> None:
        """The reader's end of the command pipe."""
        self._to_child(self.now + PIPE, command)

    def send_bytes(self, data: bytes) -> None:
        """The reader's end of the command pipe, for a command it pickled once."""
        self.send(pickle.loads(data))

    def close(self) -> None:
        """The pipe closes with the test."""

    def child_emits(self, event: ev.Event) -> None:
        """The child's end of the event pipe: the reader wakes to it a little late."""
        if isinstance(event, ev.FramePacket):
            self.sent.append(self.t)
            message: object = self._wire.pack(event)
        else:
            message = event
        self._later(self.t + PIPE + self.late, lambda: self._reader_receives(message))

    # --- the reader (TrainingProcess.run's loop, one wake-up at a time) ------------------------------
    def _reader_receives(self, message: object) -> None:
        self.process._forward(message)  # type: ignore[arg-type]
        self._reader_wakes()

    def _reader_wakes(self) -> None:
        self.process._deliver()
        wait = self.process._handoff.wait_time(float("inf"))
        if wait != float("inf"):  # ACK_TIMEOUT of a waiting frame
            self._later(self.now + wait + self.late, self._reader_wakes)

    # --- the GUI -----------------------------------------------------------------------------
    def _gui_receives(self, event: ev.Event) -> None:
        if not isinstance(event, ev.FramePacket):
            return
        self.handed.append(self.now)
        self.gui_queue.append(self.now)
        if not self.drawing:
            self._start_drawing()

    def _start_drawing(self) -> None:
        handed = self.gui_queue.pop(0)
        self.queued.append(self.now - handed)
        if self.idle_since is not None:
            self.idle.append(self.now - self.idle_since)
        self.drawing, self.idle_since = True, None
        self._later(self.now + self.draw(self.drawn), self._done_drawing)

    def _done_drawing(self) -> None:
        self.drawing = False
        self.drawn += 1
        self.process.send(cmd.FrameConsumed())  # as the window does after each frame: wakes the reader
        self._later(self.now + self.late, self._reader_wakes)
        if self.gui_queue:
            self._start_drawing()
        else:
            self.idle_since = self.now

    # --- the child's inbox: waiting moves the fake clock, and the reader and the GUI act meanwhile ----------
    def get(self, timeout: float) -> cmd.Command | None:
        """The child's next command within `timeout` fake seconds."""
        deadline = self.t + timeout
        while True:
            next_event = self._events[0][0] if self._events else float("inf")
            next_command = self._inbox[0][0] if self._inbox else float("inf")
            if min(next_event, next_command) > deadline:
                break
            if next_event < next_command:
                at, _, action = heapq.heappop(self._events)
                self.now = at
                action()
                continue
            at, _, command = heapq.heappop(self._inbox)
            self.t = self.now = max(self.t, at)
            return command
        self.t = self.now = deadline
        return None

    def run_child(self) -> None:
        session = Session(SMALL)
        step = session.step

        def timed_step(n_batches: int = 1) -> int:
            self.t += n_batches * BATCH
            self.now = self.t
            return step(n_batches)

        session.step = timed_step  # type: ignore[method-assign]
        runner = child_runner(session, self.child_emits, OPTIONS, clock=lambda: self.now)
        try:
            runner.run(self)
        finally:
            self.process._commands = None
            self.process.close()


@pytest.mark.parametrize("draw", [0.01, 0.03, 0.05, 0.2])
def test_the_child_sends_only_frames_that_are_drawn_and_one_is_ready_when_the_gui_is(draw):
    traffic = Traffic(lambda _: draw, [(0.0, cmd.Play()), (3.0, cmd.Stop())])
    traffic.run_child()
    assert len(traffic.sent) - len(traffic.handed) <= 1  # every frame sent was drawn (but one still on its way)
    interval = OPTIONS["frame_interval"]
    pace = max(draw + READER_LATE, interval + CHUNK_SECONDS)  # the GUI's (and the reader's wake-up), or about 40/s
    assert len(traffic.handed) >= 3.0 / pace * 0.8
    assert max(traffic.queued) <= 1e-9  # handed on when the GUI was free, never queued behind another
    if draw > interval + CHUNK_SECONDS + 2 * (PIPE + READER_LATE):  # made while the GUI drew the one before:
        assert max(traffic.idle[1:]) <= READER_LATE + 1e-9  # the GUI waited only for the reader to wake


@pytest.mark.parametrize("late", [READER_LATE, 0.03])
def test_an_event_that_forces_a_frame_out_and_a_gui_that_stalls_leave_no_frame_dropped_or_queued(late):
    stall = {10: 2.5}  # the 10th drawing takes 2.5 s (a dialog, a long paint): ACK_TIMEOUT passes twice
    config = SMALL.replace(learning_rate=0.01)
    script = [(0.0, cmd.Play()), (3.6, cmd.ApplyConfig(config, 1)), (3.9, cmd.ApplyConfig(SMALL, 2)),
              (6.0, cmd.Stop())]
    traffic = Traffic(lambda n: stall.get(n, 0.05), script, late)
    traffic.run_child()
    assert traffic.handed[-1] > 5.5  # the run went on after the stall
    assert len(traffic.sent) - len(traffic.handed) <= 1  # the child made no frame the hand-off dropped
    late = [wait for at, wait in zip(traffic.handed, traffic.queued, strict=False) if at > 5.0]
    assert late and max(late) <= 1e-9  # long after: no frame waits in the GUI's queue behind an older one


def test_the_handoff_keeps_the_newest_frame_until_the_gui_drew_every_frame_or_the_ack_times_out():
    now = [0.0]
    handoff = FrameHandoff(lambda: now[0])
    frames = [ev.FramePacket(Session(SMALL).snapshot(8, grids=False), True, float(i), None) for i in range(3)]
    handoff.offer(frames[0])
    assert handoff.take() is frames[0]  # the GUI was ready
    handoff.offer(frames[1])
    handoff.offer(frames[2])
    assert handoff.take() is None  # still drawing
    assert handoff.wait_time(10.0) == pytest.approx(ACK_TIMEOUT)
    assert handoff.consumed() is True  # a frame waits
    assert handoff.take() is frames[2]  # only the newest
    assert handoff.consumed() is False  # none waits: ask the child
    handoff.offer(frames[0])
    handoff.take()
    handoff.offer(frames[1])
    now[0] += ACK_TIMEOUT
    assert handoff.take() is frames[1]  # the GUI never said it drew the last one
    handoff.offer(frames[2])
    assert handoff.take(force=True) is frames[2]  # three frames handed on, none drawn yet
    handoff.offer(frames[0])
    assert handoff.consumed() is False and handoff.consumed() is False  # two of them are still to be drawn
    assert handoff.take() is None
    assert handoff.consumed() is True and handoff.take() is frames[0]
