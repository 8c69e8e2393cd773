"""Frame traffic with a training process: the child sends no frame that is never drawn (fakes, a fake clock)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from nnviz.session import Config, Session
from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.frame_handoff import FrameHandoff
from nnviz.session.runner import ACK_TIMEOUT
from nnviz.session.training_process import TrainingProcess, child_runner

SMALL = Config(points=100)
OPTIONS = {"resolution": 8, "frame_interval": 1 / 40, "checkpoint_every": None}


@dataclass
class SlowGui:
    """The child's inbox, outbox and fake clock, and a GUI that takes `draw` fake seconds to draw each frame."""

    draw: float
    t: float = 0.0  # fake time: it moves when the child trains or waits
    script: list[tuple[float, cmd.Command]] = field(default_factory=list)
    frames: list[float] = field(default_factory=list)  # when each frame was sent
    acks: list[float] = field(default_factory=list)  # when each FrameConsumed reached the child

    def __call__(self) -> float:
        return self.t

    def get(self, timeout: float) -> cmd.Command | None:
        """The next command; waiting moves the fake clock."""
        if self.script and self.script[0][0] <= self.t + timeout:
            due, command = self.script.pop(0)
            self.t = max(self.t, due)
            if isinstance(command, cmd.FrameConsumed):
                self.acks.append(self.t)
            return command
        self.t += timeout
        return None

    def emit(self, event: ev.Event) -> None:
        if isinstance(event, ev.FramePacket):
            self.frames.append(self.t)
            self.script.append((self.t + self.draw, cmd.FrameConsumed()))
            self.script.sort(key=lambda item: item[0])


@pytest.mark.parametrize("draw", [0.01, 0.05, 0.2])
def test_the_child_sends_a_frame_only_after_the_gui_took_the_last(draw):
    session = Session(SMALL)
    gui = SlowGui(draw)
    step = session.step

    def timed_step(n_batches: int = 1) -> int:
        gui.t += n_batches * 1e-3
        return step(n_batches)

    session.step = timed_step  # type: ignore[method-assign]
    runner = child_runner(session, gui.emit, OPTIONS, clock=gui)
    gui.script = [(0.0, cmd.Play()), (2.0, cmd.Stop())]
    runner.run(gui)
    assert len(gui.frames) > 2.0 / max(draw, OPTIONS["frame_interval"]) * 0.8  # the GUI's pace, or 40/s
    assert len(gui.frames) <= len(gui.acks) + 1  # every frame but the newest was taken before the next was made
    for sent, taken in zip(gui.frames[1:], gui.acks, strict=False):
        assert sent >= taken  # made after the GUI took the one before: never older than that


class FakePipe:
    """The parent's end of the command pipe: records what is sent."""

    def __init__(self) -> None:
        self.sent: list[cmd.Command] = []

    def send(self, command: cmd.Command) -> None:
        self.sent.append(command)

    def close(self) -> None:
        pass


def test_the_gui_asks_the_child_for_the_next_frame_only_when_none_waits():
    process = TrainingProcess(Session(SMALL), lambda event: None, spawn_now=False)
    pipe = FakePipe()
    process._commands = pipe  # type: ignore[assignment]
    try:
        process.send(cmd.FrameConsumed())
        assert pipe.sent == [cmd.FrameConsumed()]  # nothing waits: the child may make the next frame
        process._handoff.offer(ev.FramePacket(Session(SMALL).snapshot(8, grids=False), True, 0.0, None))
        process.send(cmd.FrameConsumed())
        assert pipe.sent == [cmd.FrameConsumed()]  # one waits: it is handed on; the child is not asked
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
