"""Training in a child process: order of commands, frames bit for bit, crash recovery, nothing left behind.

No timing is checked: `until` waits for an event with a generous liveness bound only.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest

from nnviz.session import Config, Session
from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.files import load_session, pin_session
from nnviz.session.graph_refs import BiasRef, EdgeRef
from nnviz.session.training_process import TrainingProcess

LIVENESS_S = 60.0  # a spawn on a loaded 2-core machine can take seconds; this only bounds a hang
RESOLUTION = 24


class Driver:
    """A TrainingProcess with its reader in a thread; records events and acknowledges every frame."""

    def __init__(self, session: Session, **options: Any) -> None:
        """options: TrainingProcess's (a clock, say); every frame carries a checkpoint unless they say otherwise."""
        self.events: list[ev.Event] = []
        self._changed = threading.Condition()
        self.process = TrainingProcess(session, self._record, **{"resolution": RESOLUTION, "checkpoint_every": 0.0,
                                                                 **options})
        self.thread = threading.Thread(target=self.process.run, name="test-reader")
        self.thread.start()

    def _record(self, event: ev.Event) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()
        if isinstance(event, ev.FramePacket):
            self.process.send(cmd.FrameConsumed())

    def until(self, check: Callable[[], bool]) -> None:
        """Wait until check() holds (looked at whenever an event arrives, and every 20 ms)."""
        for _ in range(int(LIVENESS_S / 0.02)):
            with self._changed:
                if check() or self._changed.wait_for(check, 0.02):
                    return
        raise AssertionError("no such event arrived")

    def frames(self) -> list[ev.FramePacket]:
        """Every frame received so far."""
        with self._changed:
            return [e for e in self.events if isinstance(e, ev.FramePacket)]

    def of(self, kind: type) -> list[ev.Event]:
        """Every event of one kind so far."""
        with self._changed:
            return [e for e in self.events if isinstance(e, kind)]

    def close(self) -> None:
        """Stop the child and the reader."""
        self.process.request_stop()
        self.thread.join(LIVENESS_S)


@pytest.fixture
def driver() -> Iterator[Driver]:
    d = Driver(Session(Config(points=100)))
    yield d
    d.close()


def test_commands_apply_in_order_and_frames_carry_the_weights_bit_for_bit(driver, tmp_path):
    d = driver
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    for value in (1.0, 2.0, 3.0):
        d.process.send(cmd.SetWeight(EdgeRef(1, 0, 0), value))
    d.process.send(cmd.SetBias(BiasRef(2, 1), -1.5))
    d.process.send(cmd.SaveSession(str(before)))
    d.process.send(cmd.StepEpoch())
    d.process.send(cmd.SaveSession(str(after)))
    d.until(lambda: len(d.of(ev.Saved)) == 2 and any(p.frame.epoch == 1 for p in d.frames()))
    assert [e.path for e in d.of(ev.Saved)] == [str(before), str(after)]  # type: ignore[union-attr]
    edited = load_session(before)
    assert edited.epoch == 0 and edited.net.get_weight(1, 0, 0) == 3.0 and edited.net.get_bias(2, 1) == -1.5
    frame = d.frames()[-1].frame
    assert frame.neuron_grids[0].shape[1:] == (RESOLUTION, RESOLUTION)
    trained = load_session(after)  # what the child trained, rebuilt here
    assert (trained.epoch, trained.steps) == (frame.epoch, frame.steps) == (1, 5)
    local = trained.snapshot(RESOLUTION)
    for a, b in zip(frame.weights + frame.biases, local.weights + local.biases, strict=True):
        assert np.array_equal(a, b)
    for a, b in zip(frame.neuron_grids, local.neuron_grids, strict=True):  # heatmaps made here, from those weights
        assert np.array_equal(a, b)


def test_a_crash_of_the_child_is_reported_and_recovered_from_the_last_checkpoint(driver):
    d = driver
    d.process.send(cmd.StepEpoch())
    d.until(lambda: any(p.frame.epoch == 1 for p in d.frames()))
    d.until(lambda: d.process._checkpoint.state["epoch"] == 1)
    first = d.process.process
    first.kill()
    d.until(lambda: bool(d.of(ev.Failed)))
    (failure,) = d.of(ev.Failed)
    assert "stopped unexpectedly" in failure.message and "epoch 1" in failure.message  # type: ignore[union-attr]
    assert d.process.process is not first and not first.is_alive()
    with d._changed:  # the window hears that a new trainer is starting after it paused (its Play waits for it)
        told = [type(e) for e in d.events if isinstance(e, (ev.RunningChanged, ev.TrainerStarting))]
    assert told[-2:] == [ev.RunningChanged, ev.TrainerStarting] and told.count(ev.TrainerStarting) == 2
    d.process.send(cmd.StepEpoch())  # the new child goes on from the checkpoint
    d.until(lambda: any(p.frame.epoch == 2 for p in d.frames()))
    assert [p.frame.epoch for p in d.frames()][-1] == 2


def test_close_leaves_no_process_or_thread_behind():
    threads_before = set(threading.enumerate())
    d = Driver(Session(Config(points=100)))
    d.process.send(cmd.Play())
    d.until(lambda: any(p.running for p in d.frames()))
    child = d.process.process
    d.close()
    assert not d.thread.is_alive()
    assert d.process.process is None and not child.is_alive() and child.exitcode is not None
    assert mp.active_children() == []
    assert set(threading.enumerate()) <= threads_before


def test_a_child_that_keeps_dying_is_given_up_on_with_a_message(tmp_path):
    d = Driver(Session(Config(points=100)))
    try:
        d.until(lambda: len(d.frames()) >= 1)
        d.process.send(cmd.SaveSession(str(tmp_path / "s.json")))
        d.until(lambda: bool(d.of(ev.Saved)))  # events come in order: the first frame's checkpoint is in too
        d.process._checkpoint = ev.Checkpoint({"format": "not a session"}, 6.0, (1, 2))  # every restart fails
        d.process.process.kill()
        d.until(lambda: any("keeps stopping" in e.message for e in d.of(ev.Failed)))  # type: ignore[union-attr]
        failures = [e.message for e in d.of(ev.Failed)]  # type: ignore[union-attr]
        assert len(failures) == 4 and all("\n" not in m for m in failures)
        d.thread.join(LIVENESS_S)
        assert not d.thread.is_alive() and d.process.process is None
    finally:
        d.close()
    assert mp.active_children() == []


def test_after_the_child_dies_once_too_often_save_still_saves_the_session_shown(tmp_path):
    from nnviz.session.training_process import MAX_RESTARTS

    d = Driver(Session(Config(points=100)))
    try:
        d.process.send(cmd.StepEpoch())
        d.until(lambda: d.process._checkpoint.state["epoch"] == 1)
        d.process._crashes = MAX_RESTARTS  # as if it had died MAX_RESTARTS times since its last frame
        d.process.process.kill()
        d.until(lambda: any("keeps stopping" in e.message for e in d.of(ev.Failed)))  # type: ignore[union-attr]
        # the epoch-1 frame may have been dropped with the dead child; the files-only runner then sends its own
        d.until(lambda: bool(d.frames()) and d.frames()[-1].frame.epoch == 1 and not d.frames()[-1].running)
        shown = d.frames()[-1].frame
        d.process.send(cmd.StepEpoch())  # training is refused, in one line
        d.process.send(cmd.SaveSession(str(tmp_path / "kept.nnviz"), name="kept"))
        d.until(lambda: bool(d.of(ev.Saved)))
        assert any("training is off" in e.message for e in d.of(ev.Failed)[1:])  # type: ignore[union-attr]
        with d._changed:  # the refusal says training is not running: the window's button shows Play again
            refused = next(i for i, e in enumerate(d.events) if isinstance(e, ev.Failed) and "off" in e.message)
            assert d.events[refused - 1] == ev.RunningChanged(False)
        kept = load_session(tmp_path / "kept.nnviz")
        assert (kept.epoch, kept.steps, kept.config.name) == (shown.epoch, shown.steps, "kept")
        for a, b in zip(kept.snapshot(RESOLUTION).weights, shown.weights, strict=True):
            assert np.array_equal(a, b)
        assert d.process.process is None and mp.active_children() == []
    finally:
        d.close()
    assert not d.thread.is_alive()


def test_after_a_crash_the_compare_view_keeps_its_pinned_run_and_a_removed_pin_s_id_names_none(tmp_path):
    """The restarted child reads the pins back from the checkpoint with their ids and is told which one the Compare
    view shows, so that side keeps moving; a pin made afterwards never takes the id of one removed before."""
    session = Session(Config(points=100))
    for _ in range(3):
        session.train(1)
        pin_session(session)
    first, removed, compared = (p.id for p in session.pins.pins)
    d = Driver(session)
    try:
        d.process.send(cmd.EditPin(removed, remove=True))
        d.process.send(cmd.Compare(compared))
        d.process.send(cmd.StepEpoch())
        d.until(lambda: d.process._checkpoint.state["epoch"] == 4)  # made after the removal: two pins
        d.process.process.kill()
        d.until(lambda: bool(d.of(ev.Failed)))
        d.process.send(cmd.StepEpoch())
        d.until(lambda: any(p.frame.epoch == 5 for p in d.frames()))  # a frame of the new child's, Compare's next
        d.process.send(cmd.PinRun())
        d.process.send(cmd.SaveSession(str(tmp_path / "s.nnviz")))
        d.until(lambda: bool(d.of(ev.Saved)))  # events come in order: the child's Compare frame came before
        with d._changed:
            after = d.events[d.events.index(d.of(ev.Failed)[0]):]
        assert any(isinstance(e, ev.CompareFrame) and e.pin_id == compared for e in after)
        ids = [p.id for p in load_session(tmp_path / "s.nnviz").pins.pins]
        assert ids[:2] == [first, compared] and ids[2] not in (first, removed, compared)
    finally:
        d.close()


def test_a_restarted_child_never_gives_a_new_pin_the_id_of_one_the_window_heard_of(tmp_path):
    """Pins read from a file keep ids from any process's block: a pin made after them and removed before the crash
    is above every id in the checkpoint, and the next child still never gives its id to another pin."""
    from nnviz.session.files import session_from_dict, session_to_dict
    from nnviz.session.training_process import VERSION_BLOCK

    session = Session(Config(points=100))
    pin_session(session)
    doc = session_to_dict(session)
    doc["pins"][0]["id"] = high = 3 * VERSION_BLOCK + 5  # saved by a run whose third child pinned it
    d = Driver(session_from_dict(doc))
    try:
        d.process.send(cmd.PinRun())
        d.until(lambda: any(len(e.pins) == 2 for e in d.of(ev.PinsChanged)))  # type: ignore[attr-defined]
        made = next(e for e in d.of(ev.PinsChanged) if len(e.pins) == 2).pins[1].id  # type: ignore[attr-defined]
        assert made > high
        d.process.send(cmd.EditPin(made, remove=True))
        d.process.send(cmd.StepEpoch())
        d.until(lambda: d.process._checkpoint.state["epoch"] == 1)  # made after the removal: one pin
        d.process.process.kill()
        d.until(lambda: bool(d.of(ev.Failed)))
        d.process.send(cmd.PinRun())
        d.process.send(cmd.SaveSession(str(tmp_path / "s.nnviz")))
        d.until(lambda: bool(d.of(ev.Saved)))
        ids = [p.id for p in load_session(tmp_path / "s.nnviz").pins.pins]
        assert ids[0] == high and ids[1] not in (high, made)
    finally:
        d.close()


class NoSpawnContext:
    """A multiprocessing context whose processes cannot be started (too many processes, say)."""

    def __init__(self, real: object) -> None:
        self._real = real

    def Pipe(self, duplex: bool = True):  # type: ignore[no-untyped-def]
        return self._real.Pipe(duplex=duplex)  # type: ignore[attr-defined]

    def Process(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise BlockingIOError(11, "Resource temporarily unavailable")


def test_a_training_process_that_cannot_be_started_says_why_and_refuses_play_but_saves(tmp_path, monkeypatch):
    """It raised in the reader's thread and said nothing: the window's Play said "Starting…" forever."""
    import nnviz.session.training_process as tp

    real = mp.get_context("spawn")
    monkeypatch.setattr(tp.mp, "get_context", lambda method: NoSpawnContext(real))
    d = Driver(Session(Config(points=100)))
    try:
        d.process.send(cmd.Play())  # pressed while it starts
        d.until(lambda: len(d.of(ev.Failed)) >= 2)
        why, refusal = (e.message for e in d.of(ev.Failed))  # type: ignore[union-attr]
        assert why.startswith("the training process could not start (BlockingIOError")
        assert "Resource temporarily unavailable" in refusal and "\n" not in why + refusal
        assert d.of(ev.RunningChanged)[-1] == ev.RunningChanged(False)  # the window's Play shows Play again
        d.process.send(cmd.SaveSession(str(tmp_path / "s.json")))
        d.until(lambda: bool(d.of(ev.Saved)))
        assert load_session(tmp_path / "s.json").epoch == 0
    finally:
        d.close()
    assert not d.thread.is_alive()
