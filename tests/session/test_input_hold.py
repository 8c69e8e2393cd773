"""The user's input first: after a press, release, key or wheel in the window, the training process's reader
hands no live frame on until the input is drawn, on a fake clock (issue 23; the window's side:
tests/ui/test_input_watch.py)."""

from __future__ import annotations

import pytest

from nnviz.session import Config, Session
from nnviz.session import commands as cmd
from nnviz.session.events import FramePacket
from nnviz.session.frame_handoff import HOLD_SECONDS, MAX_HOLD_SECONDS, FrameHandoff
from tests.session.test_frame_traffic import Traffic


class Clock:
    """A fake clock the hand-off reads."""

    def __init__(self) -> None:
        self.now = 10.0

    def __call__(self) -> float:
        return self.now


def live(n: int, running: bool = True) -> list[FramePacket]:
    frame = Session(Config(points=50)).snapshot(8, grids=False)
    return [FramePacket(frame, running, float(i), None) for i in range(n)]


def test_a_live_frame_after_input_waits_for_the_hold_and_only_the_newest_is_handed_on():
    clock = Clock()
    handoff = FrameHandoff(clock)
    first, second, third = live(3)
    handoff.input_seen()  # a click's press
    handoff.offer(first)
    assert handoff.take() is None  # the click's pixels come first
    assert handoff.wait_time(1.0) == pytest.approx(HOLD_SECONDS)  # the reader wakes when the hold ends
    clock.now += HOLD_SECONDS / 2
    handoff.offer(second)  # the newest replaces it: the older was never handed on
    assert handoff.take() is None
    clock.now += HOLD_SECONDS / 2
    assert handoff.take() is second
    assert handoff.consumed() is False
    handoff.offer(third)
    assert handoff.take() is third  # no input since: at once


def test_input_that_goes_on_holds_a_frame_back_for_a_bounded_time():
    clock = Clock()
    handoff = FrameHandoff(clock)
    first, second = live(2)
    start = clock.now
    handoff.input_seen()
    handoff.offer(first)
    taken = handoff.take()  # the reader tries as the frame arrives: held
    while clock.now < start + 2.0 and taken is None:  # a wheel turned on and on (a trackpad): an input every 10 ms
        clock.now += 0.01
        handoff.input_seen()
        if clock.now > start + 0.05:
            handoff.offer(second)  # a newer frame keeps the first's time
        taken = handoff.take()
    assert taken is second and clock.now - start <= MAX_HOLD_SECONDS + 0.01  # the pictures go on, a little late
    handoff.consumed()
    handoff.offer(first)
    assert handoff.take() is None  # the next frame is held again, for MAX_HOLD_SECONDS at most from now
    assert handoff.wait_time(1.0) == pytest.approx(HOLD_SECONDS)


def test_a_frame_made_while_paused_or_forced_out_by_an_event_is_not_held():
    clock = Clock()
    handoff = FrameHandoff(clock)
    running, = live(1)
    paused, = live(1, running=False)  # what Step, Reset or a weight edit sends back
    handoff.input_seen()
    handoff.offer(paused)
    assert handoff.take() is paused  # it answers the click
    handoff.consumed()
    handoff.offer(running)
    assert handoff.take() is None  # a live frame still waits for the click's pixels
    assert handoff.take(force=True) is running  # an event that speaks of its state follows it at once


def test_no_input_holds_nothing():
    handoff = FrameHandoff(Clock())
    frame, = live(1)
    handoff.offer(frame)
    assert handoff.take() is frame


@pytest.mark.parametrize("clicks", [False, True])
def test_while_input_holds_frames_the_child_makes_no_frame_that_is_not_drawn(clicks):
    # the hold sits where the child is asked for frames: a frame held is the only one made meanwhile
    draw = 0.01
    traffic = Traffic(lambda _: draw, [(0.0, cmd.Play()), (3.0, cmd.Stop())])
    if clicks:  # a click every 0.25 s: a press, and its release 80 ms later
        inputs = [at + offset for at in (0.5 + 0.25 * k for k in range(8)) for offset in (0.0, 0.08)]
    else:  # a wheel turned on and on, 1 s long
        inputs = [1.0 + 0.01 * k for k in range(100)]
    for at in inputs:
        traffic._later(at, traffic.process.input_seen)
    traffic.run_child()
    assert len(traffic.sent) - len(traffic.handed) <= 1  # every frame the child made was drawn (one on its way)
    held = [at for at in traffic.handed for t in inputs if t <= at < t + HOLD_SECONDS]
    if clicks:
        assert held == []  # no frame handed on while a click is drawn
    else:
        during = [at for at in traffic.handed if inputs[0] <= at <= inputs[-1]]
        gaps = [b - a for a, b in zip([inputs[0], *during], during, strict=False)]
        assert during and max(gaps) <= MAX_HOLD_SECONDS + draw + 0.05  # the pictures go on under the wheel


def test_a_live_frame_handed_on_before_the_input_waits_in_the_gui_as_long_as_it_would_have_waited_here():
    clock = Clock()
    handoff = FrameHandoff(clock)
    first, second = live(2)
    handoff.offer(first)
    assert handoff.take() is first and handoff.hold_left() == 0.0  # no input since: draw it now
    clock.now += 0.002
    handoff.input_seen()  # the user clicked while it was on its way to the GUI
    assert handoff.hold_left() == pytest.approx(HOLD_SECONDS)
    while handoff.hold_left() > 0:  # input that goes on: MAX_HOLD_SECONDS from the first input, at most
        clock.now += 0.01
        handoff.input_seen()
    assert clock.now - 10.002 <= MAX_HOLD_SECONDS + 0.01
    handoff.consumed()
    handoff.offer(second)
    clock.now += MAX_HOLD_SECONDS
    assert handoff.take() is second and handoff.hold_left() == 0.0  # handed on after the input: it waited here
    paused, = live(1, running=False)
    handoff.consumed()
    handoff.offer(paused)
    assert handoff.take() is paused
    handoff.input_seen()
    assert handoff.hold_left() == 0.0  # a paused frame answers the user: never held
