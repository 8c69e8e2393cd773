"""Frame traffic with a training process: the child sends no frame that is never drawn (fakes, a fake clock)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from nnviz.session import Config, Session
from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.frame_handoff import FrameHandoff
from nnviz.session.runner import ACK_TIMEOUT, CHUNK_SECONDS
from nnviz.session.training_process import TrainingProcess, child_runner

SMALL = Config(points=100)
OPTIONS = {"resolution": 8, "frame_interval": 1 / 40, "checkpoint_every": None}


@dataclass
class SlowGui:
    """The child's inbox, outbox and fake clock; the reader that holds the newest frame and asks the child for the
    next one when it hands one on; and a GUI that takes `draw` fake seconds to draw each frame."""

    draw: float
    t: float = 0.0  # fake time: it moves when the child trains or waits
    script: list[tuple[float, cmd.Command]] = field(default_factory=list)  # what reaches the child, when
    sent: list[float] = field(default_factory=list)  # when the child sent each frame
    ages: list[float] = field(default_factory=list)  # how old each frame was when handed on
    held: float | None = None  # when the frame waiting for the GUI was made
    dropped: int = 0  # frames replaced by a newer one before the GUI took them
    done: float | None = 0.0  # when the GUI finishes its drawing (None: it is ready)

    def __call__(self) -> float:
        return self.t

    def get(self, timeout: float) -> cmd.Command | None:
        """The next command; waiting moves the fake clock (and the GUI finishes its drawings meanwhile)."""
        while self.done is not None and self.done <= self.t + timeout and not (self.script and
                                                                                self.script[0][0] <= self.done):
            self._drawn(self.done)
        if self.script and self.script[0][0] <= self.t + timeout:
            due, command = self.script.pop(0)
            self.t = max(self.t, due)
            return command
        self.t += timeout
        return None

    def _drawn(self, at: float) -> None:
        self.done = None
        if self.held is not None:
            self._hand_on(self.held, at)

    def _hand_on(self, made: float, at: float) -> None:
        self.held, self.done = None, at + self.draw
        self.ages.append(at - made)
        self.script.append((at, cmd.FrameConsumed()))  # the reader asks for the next frame
        self.script.sort(key=lambda item: item[0])

    def emit(self, event: ev.Event) -> None:
        if not isinstance(event, ev.FramePacket):
            return
        self.sent.append(self.t)
        if self.done is None:
            self._hand_on(self.t, self.t)
        else:
            self.dropped += self.held is not None
            self.held = self.t


@pytest.mark.parametrize("draw", [0.01, 0.03, 0.05, 0.2])
def test_the_child_sends_only_frames_that_are_drawn_and_one_is_ready_when_the_gui_is(draw):
    session = Session(SMALL)
    gui = SlowGui(draw)
    step = session.step

    def timed_step(n_batches: int = 1) -> int:
        gui.t += n_batches * 1e-3
        return step(n_batches)

    session.step = timed_step  # type: ignore[method-assign]
    runner = child_runner(session, gui.emit, OPTIONS, clock=gui)
    gui.script = [(0.0, cmd.Play()), (3.0, cmd.Stop())]
    runner.run(gui)
    interval = OPTIONS["frame_interval"]
    assert gui.dropped == 0  # every frame sent was drawn
    assert len(gui.sent) >= 3.0 / max(draw, interval + CHUNK_SECONDS) * 0.9  # at the GUI's pace, or about 40/s
    assert max(gui.ages) <= draw + 1e-9  # made while the GUI drew the one before: it waited one drawing at most


class FakePipe:
    """The parent's end of the command pipe: records what is sent."""

    def __init__(self) -> None:
        self.sent: list[cmd.Command] = []

    def send(self, command: cmd.Command) -> None:
        self.sent.append(command)

    def close(self) -> None:
        pass


def test_the_child_is_asked_for_the_next_frame_when_one_is_handed_on_not_when_the_gui_is_done():
    handed: list[ev.Event] = []
    process = TrainingProcess(Session(SMALL), handed.append, resolution=8, spawn_now=False)
    pipe = FakePipe()
    process._commands = pipe  # type: ignore[assignment]
    try:
        process.send(cmd.FrameConsumed())  # the GUI drew a frame; none waits
        assert pipe.sent == []
        process._handoff.offer(ev.FramePacket(Session(SMALL).snapshot(8, grids=False), True, 0.0, None))
        process._deliver()
        assert len(handed) == 1 and pipe.sent == [cmd.FrameConsumed()]  # handed on: the child makes the next
        process._handoff.offer(ev.FramePacket(Session(SMALL).snapshot(8, grids=False), True, 0.0, None))
        process._deliver()
        assert len(handed) == 1 and pipe.sent == [cmd.FrameConsumed()]  # the GUI still draws: it waits
        process.send(cmd.FrameConsumed())
        process._deliver()
        assert len(handed) == 2 and pipe.sent == [cmd.FrameConsumed()] * 2
    finally:
        process._commands = None
        process.close()


def test_the_handoff_keeps_the_newest_frame_until_the_gui_is_ready_or_the_ack_times_out():
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
    assert handoff.take(force=True) is frames[2]
